"""SafeGrid's entry point, settings, and the wiring of bot, dispatcher and middlewares."""

# First, before anything imports aiogram: its types then build their validators on first use (~100 MB less).
from bot import lazy_aiogram as _lazy_aiogram

_lazy_aiogram.install()
