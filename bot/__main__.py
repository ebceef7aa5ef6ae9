"""`python -m bot` (or `safegrid`): run the bot; `python -m bot trial`: try it offline with a local chat page;
`python -m bot import-areas FILE --under CODE`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bot.settings import Settings, SettingsError, load_settings

log = logging.getLogger("bot")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="safegrid", description="SafeGrid work-safety supervision bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot with long polling (the default)")
    trial = sub.add_parser("trial", help="try the bot offline: a demo county and a local chat page, no token")
    trial.add_argument("--host", default="127.0.0.1")
    trial.add_argument("--port", type=int, default=8080)
    trial.add_argument("--data-dir", type=Path, default=Path("data-trial"), help="emptied at every start")
    importer = sub.add_parser("import-areas", help="import townships and villages from a CSV or .xlsx file")
    importer.add_argument("file", type=Path)
    importer.add_argument("--under", required=True, metavar="CODE", help="code of the county to import into")
    args = parser.parse_args(argv)
    if args.command == "trial":
        return _trial(args)

    try:
        settings = load_settings()
        if args.command in (None, "run"):
            settings.require_token()
        settings.ensure_data_dir()
        from bot.logging_setup import setup_logging

        setup_logging(settings.log_level)
        if args.command == "import-areas":
            from bot.cli_import import run_import

            return asyncio.run(run_import(settings, args.file, args.under))
        return asyncio.run(run_polling(settings))
    except SettingsError as exc:
        print(f"safegrid: {exc}", file=sys.stderr)
        return 2


async def run_polling(settings: Settings) -> int:
    from aiogram.exceptions import TelegramNetworkError, TelegramUnauthorizedError
    from sqlalchemy.exc import SQLAlchemyError

    from bot.app import build_bot, build_dispatcher, build_services
    from storage.migrate import upgrade

    services = build_services(settings)
    bot = build_bot(settings)
    try:
        try:
            await upgrade(services.engine)
        except (OSError, SQLAlchemyError) as exc:
            raise SettingsError("DATABASE_URL", f"cannot be opened: {type(exc).__name__}") from None
        try:
            await bot.me()
        except TelegramUnauthorizedError:
            raise SettingsError("BOT_TOKEN", "was rejected by the Bot API") from None
        except TelegramNetworkError:
            raise SettingsError(
                "TELEGRAM_API_BASE", f"cannot be reached: {settings.telegram_api_base}"
            ) from None
        dp = build_dispatcher(services)
        await dp.start_polling(bot, allowed_updates=dp.resolve_used_update_types(), close_bot_session=False)
    finally:
        await bot.session.close()
        await services.dispose()
    log.info("stopped")
    return 0


def _trial(args: argparse.Namespace) -> int:
    from bot.logging_setup import setup_logging
    from trial.runner import run_trial

    setup_logging("INFO")
    try:
        return asyncio.run(run_trial(args.host, args.port, args.data_dir))
    except KeyboardInterrupt:
        return 0
    except OSError as exc:
        print(f"safegrid: trial cannot listen on {args.host}:{args.port} ({exc.strerror})", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
