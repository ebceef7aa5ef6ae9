"""bot.lazy_aiogram: aiogram's types and methods built on first use give the same validation, serialisation
and schemas as aiogram's own eager build. Each check runs in a fresh interpreter (the test process imported
aiogram long ago), once lazily and once with SAFEGRID_LAZY_AIOGRAM=0 as the reference."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bot import lazy_aiogram

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("lazy_aiogram_probe.py")


def run(*args: str, lazy: bool = True) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SAFEGRID_LAZY_AIOGRAM"}
    if not lazy:
        env["SAFEGRID_LAZY_AIOGRAM"] = "0"
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def probe(name: str, lazy: bool = True) -> dict[str, Any]:
    return json.loads(run(str(PROBE), name, lazy=lazy))  # type: ignore[no-any-return]


def test_the_bot_imports_aiogram_with_nothing_built() -> None:
    out = run(
        "-c",
        "import bot; from bot import lazy_aiogram; from aiogram.types import Message, Update;"
        "from aiogram.methods import SendMessage;"
        "print(lazy_aiogram.mode, Update.__pydantic_complete__, Message.__pydantic_complete__,"
        " SendMessage.__pydantic_complete__)",
    )
    assert out.split() == ["lazy", "False", "False", "False"]


def test_updates_calls_and_answers_are_the_same_as_built_eagerly() -> None:
    lazy, eager = probe("wire"), probe("wire", lazy=False)
    assert lazy.pop("mode") == "lazy"
    assert eager.pop("mode") == lazy_aiogram.SWITCHED_OFF
    assert lazy == eager
    assert lazy["update callback on an inaccessible message"]["inner"] == "InaccessibleMessage"
    assert lazy["update bot added to a group"]["dump"]["my_chat_member"]["new_chat_member"]["status"] == (
        "administrator"
    )
    assert ["upload", "async_generator"] in lazy["call sendPhoto"]
    assert lazy["answer GetUpdates"]["result"][0]["callback_query"]["message"]["text"] == "选择行业"


def test_every_type_and_method_builds_on_first_use_with_the_eager_schema() -> None:
    lazy, eager = probe("build-all"), probe("build-all", lazy=False)
    assert lazy["mode"] == "lazy"
    # Only aiogram's Request envelope (no Telegram type in it) is built at import; eagerly, everything is.
    assert lazy["built before use"] == ["Request"]
    assert len(eager["built before use"]) == len(lazy["schemas"]) > 550
    not_built = {name: why for name, why in lazy["schemas"].items() if str(why).startswith("not built")}
    assert not not_built
    assert lazy["schemas"] == eager["schemas"]


def test_first_use_from_many_threads_at_once() -> None:
    lazy, eager = probe("threads"), probe("threads", lazy=False)
    assert lazy["mode"] == "lazy"
    assert lazy["errors"] == eager["errors"] == []
    assert lazy["distinct results"] == 1
    assert lazy["results"] == eager["results"]


CHECK = (
    "from bot import lazy_aiogram; from aiogram.types import Update;"
    "u = Update.model_validate({'update_id': 1, 'message': {'message_id': 1, 'date': 0,"
    " 'chat': {'id': 1, 'type': 'private'}, 'text': 'hi'}});"
    "print(lazy_aiogram.mode); print(u.message.text)"
)


def test_aiogram_imported_first_leaves_it_as_it_is() -> None:
    mode, text = run("-c", "import aiogram.types\n" + CHECK).splitlines()
    assert (mode, text) == (lazy_aiogram.TOO_LATE, "hi")


def test_unexpected_pydantic_internals_fall_back_to_the_eager_build() -> None:
    # The private function lazy_aiogram uses fails for it (pydantic itself still works).
    broken = (
        "import sys, pydantic._internal._fields as fields\n"
        "real = fields.rebuild_model_fields\n"
        "def changed(*args, **kwargs):\n"
        "    if sys._getframe(1).f_globals['__name__'] == 'bot.lazy_aiogram':\n"
        "        raise TypeError('signature changed')\n"
        "    return real(*args, **kwargs)\n"
        "fields.rebuild_model_fields = changed\n"
    )
    out = run("-c", broken + CHECK + "; from aiogram.types import Chat; print(Chat.__pydantic_complete__)")
    mode, text, chat_built = out.splitlines()
    assert mode.startswith("eager: resolving fields failed (")
    assert mode.endswith(": TypeError: signature changed)")
    assert (text, chat_built) == ("hi", "True")


def test_a_failed_check_after_the_import_builds_everything_eagerly() -> None:
    late = (
        "import os; from bot import lazy_aiogram as lazy\n"  # switched off: aiogram not imported yet
        "del os.environ['SAFEGRID_LAZY_AIOGRAM']; lazy.mode = 'not installed'\n"
        "lazy._check = lambda *args: 'simulated'; lazy.install()\n"
        "from aiogram.methods import SendMessage; from aiogram.types import Chat\n"
        "print(SendMessage.__pydantic_complete__, Chat.__pydantic_complete__)\n"
    )
    built, mode, text = run("-c", late + CHECK, lazy=False).splitlines()
    assert (built, mode, text) == ("True True", "eager: simulated", "hi")


def test_the_suites_run_what_the_bot_runs() -> None:
    # pyproject's `-p bot` loads the lazy mode before any test module imports aiogram; without it every
    # in-process test would exercise the eager build the bot no longer uses.
    assert lazy_aiogram.mode == "lazy"
