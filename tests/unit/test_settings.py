import subprocess
import sys

import pytest

from bot.settings import PUBLIC_API_BASE, SettingsError, load_settings
from tests.conftest import TOKEN


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for name in (
        "BOT_TOKEN",
        "TELEGRAM_API_BASE",
        "DATABASE_URL",
        "DATA_DIR",
        "TIMEZONE",
        "ADMIN_IDS",
        "DEFAULT_LOCALE",
        "SECRET_KEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    settings = load_settings()
    assert settings.telegram_api_base == PUBLIC_API_BASE
    assert settings.timezone == "Asia/Shanghai"
    assert settings.default_locale == "zh"
    assert settings.admin_ids == []
    assert settings.db_url.startswith("sqlite+aiosqlite:///") and settings.db_url.endswith(
        "/data/safegrid.db"
    )


def test_admin_ids_are_comma_separated(monkeypatch):
    monkeypatch.setenv("ADMIN_IDS", " 12345, 67890 ")
    assert load_settings().admin_ids == [12345, 67890]


def test_dotenv_file_is_read(tmp_path):
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}\nTIMEZONE=Asia/Urumqi\n")
    settings = load_settings()
    assert settings.require_token() == TOKEN
    assert settings.timezone == "Asia/Urumqi"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("ADMIN_IDS", "12,abc", "ADMIN_IDS must be comma-separated"),
        ("TIMEZONE", "Mars/Olympus", "TIMEZONE is not a known time zone"),
        ("BOT_TOKEN", "not-a-token", "BOT_TOKEN is not a bot token"),
        ("BOT_TOKEN", "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", "BOT_TOKEN is not a bot token"),
        ("TELEGRAM_API_BASE", "ftp://x", "TELEGRAM_API_BASE must be an http(s) URL"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL must start with"),
        ("DEFAULT_LOCALE", "fr", "DEFAULT_LOCALE is invalid"),
    ],
)
def test_invalid_setting_is_named(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith(f"setting {words}")
    assert "\n" not in str(caught.value)


def test_missing_token_is_named():
    with pytest.raises(SettingsError, match="setting BOT_TOKEN is missing"):
        load_settings().require_token()


def test_secret_key_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "d"))
    first = load_settings().resolve_secret_key()
    assert len(first) >= 32
    assert load_settings().resolve_secret_key() == first
    assert (tmp_path / "d" / "secret.key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "setting BOT_TOKEN is missing"),
        ({"BOT_TOKEN": TOKEN, "TIMEZONE": "Nowhere/City"}, "setting TIMEZONE"),
    ],
)
def test_start_with_bad_setting_prints_one_line(tmp_path, env, expected):
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": str(__import__("pathlib").Path(__file__).parents[2]),
            **env,
        },
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr
