"""SafeGrid's entry point, settings, and the wiring of bot, dispatcher and middlewares."""
