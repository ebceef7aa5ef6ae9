"""One place that turns errors into chat text: domain errors politely, anything else generically."""

from __future__ import annotations

import contextlib
import logging

from aiogram import F, Router
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import ExceptionTypeFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import ErrorEvent

from bot.i18n import Translator
from domain.errors import Conflict, DomainError, NotFound, PermissionDenied

log = logging.getLogger(__name__)


async def _reply(event: ErrorEvent, t: Translator, key: str, **args: object) -> None:
    update = event.update
    try:
        if update.callback_query is not None:
            query = update.callback_query
            try:
                # An alert, so the refusal is seen even when the pressed message is old.
                await query.answer(t.plain(key, **args)[:200], show_alert=True)
            except TelegramBadRequest:
                # The press was already answered before the refusal came: say it in the chat instead.
                await query.bot.send_message(query.from_user.id, t(key, **args))  # type: ignore[union-attr]
        elif update.message is not None:
            await update.message.answer(t(key, **args))
    except TelegramAPIError as exc:
        log.warning("could not tell the user about an error: %s", exc.message)


async def domain_error(event: ErrorEvent, i18n: Translator, state: FSMContext | None = None) -> None:
    error: DomainError = event.exception  # type: ignore[assignment]
    retryable = {"lifecycle-error-after-photo-needed", "lifecycle-error-reason-needed"}
    if (
        state is not None
        and isinstance(error, PermissionDenied | NotFound | Conflict)
        and error.key not in retryable
    ):
        current = await state.get_state() or ""
        if current.startswith("RectifyForm:"):
            # The hazard moved on or the right is gone: this conversation cannot succeed any more.
            await state.clear()
    await _reply(event, i18n, error.key, **error.args_for_text)


async def not_modified(event: ErrorEvent) -> None:
    # A double tap re-renders the same panel; Telegram refuses the identical edit. Nothing is wrong.
    if event.update.callback_query is not None:
        with contextlib.suppress(TelegramAPIError):
            await event.update.callback_query.answer()


async def forbidden(event: ErrorEvent) -> None:
    # The person blocked the bot, or the bot left the group: nobody to tell, nothing to retry.
    log.info("update %s: %s", event.update.update_id, event.exception)


async def unexpected(event: ErrorEvent, i18n: Translator | None = None) -> None:
    # The update id locates the failure in the logs without saying who sent it.
    log.exception("update %s failed", event.update.update_id, exc_info=event.exception)
    if i18n is not None:
        await _reply(event, i18n, "error-unexpected")


def build_router() -> Router:
    """A fresh router each call: a router can belong to only one dispatcher."""
    router = Router(name=__name__)
    router.errors.register(domain_error, ExceptionTypeFilter(DomainError))
    router.errors.register(
        not_modified,
        ExceptionTypeFilter(TelegramBadRequest),
        F.exception.message.contains("message is not modified"),
    )
    router.errors.register(forbidden, ExceptionTypeFilter(TelegramForbiddenError))
    router.errors.register(unexpected)
    return router
