"""A local stand-in for the Telegram Bot API, for end-to-end tests and offline trial runs.

    async with FakeBotAPI(token) as api:
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
        ...start the dispatcher polling with this bot...
        api.add_user(501, "Alice")
        api.send_message(501, "/start")
        reply = await api.wait_for_message(501)
        api.press_button(501, reply, "上报")
        await api.wait_idle()

The server speaks the Bot API over HTTP (errors, limits and quirks included); the Python API simulates
people and lets tests observe every call the bot made. See fake.FakeBotAPI and observe (wait cursors).
"""

from .fake import FakeBotAPI
from .limits import TelegramError
from .observe import Call, Mark

__all__ = ["Call", "FakeBotAPI", "Mark", "TelegramError"]
