"""Receiving photos and images sent as files; downloaded through the Bot API and kept by hash."""

from __future__ import annotations

import asyncio
import mimetypes
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, Document, Message

from domain.errors import InvalidInput
from domain.hazards import EvidenceRef
from graphics.images import UnsupportedImage, strip_metadata
from storage import evidence

MAX_BYTES = 20 * 1024 * 1024  # what the public Bot API lets a bot download


def image_type(document: Document) -> str | None:
    """The image type of a file, also when the phone labels a .jpg as application/octet-stream."""
    mime = (document.mime_type or "").lower()
    if mime.startswith("image/"):
        return mime
    guessed, _ = mimetypes.guess_type(document.file_name or "")
    return guessed if guessed and guessed.startswith("image/") else None


def is_image(message: Message) -> bool:
    return bool(message.photo) or (message.document is not None and image_type(message.document) is not None)


async def _download(bot: Bot, message: Message) -> tuple[str, bytes, str, str]:
    """The image in the message: its Telegram id, bytes, type and how it was sent ("photo" or "document")."""
    if message.photo:
        largest = message.photo[-1]
        file_id, size, mime, media = largest.file_id, largest.file_size or 0, "image/jpeg", "photo"
    elif message.document is not None:
        file_id, size, media = message.document.file_id, message.document.file_size or 0, "document"
        mime = image_type(message.document) or ""
        if not mime:
            raise InvalidInput("photo-error-not-image")
    else:
        raise InvalidInput("photo-error-not-image")
    if size > MAX_BYTES:
        raise InvalidInput("photo-error-too-big", mb=MAX_BYTES // 1024 // 1024)
    # Telegram's own size may be missing; the bytes are checked again after the download.
    buffer = await bot.download(file_id)
    assert buffer is not None
    data = buffer.getvalue()
    if len(data) > MAX_BYTES:
        raise InvalidInput("photo-error-too-big", mb=MAX_BYTES // 1024 // 1024)
    return file_id, data, mime, media


async def receive(bot: Bot, message: Message, data_dir: Path) -> EvidenceRef:
    """Download and store the photo in the message. The original bytes are kept: EXIF is evidence."""
    file_id, data, mime, media = await _download(bot, message)
    digest, _ = await asyncio.to_thread(evidence.store, data_dir, data, mime)
    return EvidenceRef(file_id=file_id, sha256=digest, size=len(data), mime=mime, media=media)


async def receive_clean(bot: Bot, message: Message, data_dir: Path, caption: str) -> EvidenceRef:
    """A tipster's image, with every trace of the phone removed before it is stored or shown to anyone.

    An image sent as a file keeps its EXIF (GPS, device, time) on Telegram; it is re-encoded without it and
    sent back to the tipster as a photo (with `caption`), whose Telegram id is then the only one staff see.
    A compressed photo has been stripped by Telegram already; its bytes are cleaned again all the same.
    """
    file_id, data, _mime, media = await _download(bot, message)
    try:
        clean, mime = await asyncio.to_thread(strip_metadata, data)
    except UnsupportedImage:
        raise InvalidInput("tip-error-image") from None
    if media == "document":
        name = "photo.png" if mime == "image/png" else "photo.jpg"
        try:
            echo = await message.answer_photo(BufferedInputFile(clean, name), caption=caption)
        except TelegramBadRequest:
            # Telegram refuses some pictures as photos (very long strips, huge PNGs): asked for another.
            raise InvalidInput("tip-error-image") from None
        if not echo.photo:
            raise InvalidInput("tip-error-image")
        file_id = echo.photo[-1].file_id
    digest, _ = await asyncio.to_thread(evidence.store, data_dir, clean, mime)
    return EvidenceRef(file_id=file_id, sha256=digest, size=len(clean), mime=mime, media="photo")
