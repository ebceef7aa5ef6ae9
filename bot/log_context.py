"""What every log line written while an update is handled may say about it: its id and the acting role.

Never who: no Telegram id, name or username goes here (a tipster's must never reach a log).
"""

from contextvars import ContextVar

update_id: ContextVar[int | None] = ContextVar("update_id", default=None)
role: ContextVar[str | None] = ContextVar("role", default=None)
