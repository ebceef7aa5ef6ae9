import re
from pathlib import Path

import pytest

from bot.i18n import Catalogs, Markup, pick_locale

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def catalogs() -> Catalogs:
    return Catalogs()


@pytest.mark.parametrize(
    ("code", "locale"),
    [
        ("zh-hans", "zh"),
        ("zh-cn", "zh"),
        ("zh", "zh"),
        ("zh-hant", "zh"),
        ("zh_CN", "zh"),
        ("en", "en"),
        ("en-gb", "en"),
        ("ru", "zh"),
        (None, "zh"),
        ("", "zh"),
    ],
)
def test_locale_from_language_code(code, locale):
    assert pick_locale(code) == locale


def test_fallback_follows_the_default_locale():
    assert pick_locale("ru", default="en") == "en"


def test_catalogs_have_the_same_keys(catalogs):
    assert catalogs.keys("zh") == catalogs.keys("en")


def test_every_key_used_in_code_exists(catalogs):
    """Literal keys passed to the translator, and the typed errors' keys, all have text."""
    source = "\n".join(
        p.read_text() for d in ("bot", "domain", "handlers", "jobs") for p in (ROOT / d).rglob("*.py")
    )
    used = set(re.findall(r'(?:i18n|\bt)\(\s*"([a-z0-9-]+)"', source))
    used |= set(
        re.findall(
            r'(?:InvalidInput|NotFound|Conflict|PermissionDenied|RowProblem\([^,]+,)\s*\(?\s*"([a-z0-9-]+)"',
            source,
        )
    )
    used |= set(
        re.findall(r'"((?:import-row|area-error|invite-error|member-error|import-error)-[a-z-]+)"', source)
    )
    assert used, "the scan found nothing: the pattern is broken"
    missing = used - catalogs.keys("zh")
    assert not missing


def test_dynamic_keys_exist(catalogs):
    keys = catalogs.keys("zh")
    for role in ("admin", "leader", "supervisor", "rectifier", "coordinator"):
        assert f"role-{role}" in keys
    for state in ("revoked", "expired", "used-up", "unknown"):
        assert f"invite-error-{state}" in keys
    for command in ("start", "help", "cancel", "me", "areas", "bind", "unbind"):
        assert f"cmd-{command}" in keys


def test_user_text_is_escaped_and_markup_is_not(catalogs):
    t = catalogs.translator("zh")
    shown = t("area-created", name="<b>坏</b> & co", code="X1")
    assert "&lt;b&gt;坏&lt;/b&gt; &amp; co" in shown
    assert "<b>" in shown  # the catalog's own markup stays
    assert t("me-role-line", role="x", trail=Markup("<i>a</i>")).endswith("<i>a</i>")


def test_english_and_chinese_differ(catalogs):
    assert catalogs.translator("en")("cancelled") == "Cancelled."
    assert catalogs.translator("zh")("cancelled") == "已取消。"
    assert catalogs.translator("fr")("cancelled") == "已取消。"


def test_intake_vocabulary_exists_in_both_languages(catalogs):
    from domain.lifecycle import Status
    from domain.sectors import Level, Sector
    from handlers import accident, report

    for locale in ("zh", "en"):
        keys = catalogs.keys(locale)
        needed = (
            {f"sector-{s}" for s in Sector}
            | {f"level-{lv}" for lv in Level}
            | {f"status-{s}" for s in Status}
        )
        needed |= {f"expect-{s}" for s in (*report.STEPS, "review", "choosing_duplicate")}
        needed |= {f"expect-a-{s}" for s in (*accident.STEPS, "review")}
        needed |= {f"btn-edit-{s}" for s in report.STEPS}
        needed |= {
            f"input-{k}"
            for k in (
                "text",
                "command",
                "photo",
                "image-file",
                "file",
                "sticker",
                "voice",
                "video",
                "video-note",
                "audio",
                "animation",
                "contact",
                "location",
                "venue",
                "poll",
                "dice",
                "other",
            )
        }
        needed |= {f"cmd-{c}" for c in ("report", "accident", "mine", "h")}
        assert not needed - keys, (locale, needed - keys)
