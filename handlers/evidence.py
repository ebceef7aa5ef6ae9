"""Receiving photos and images sent as files; downloaded through the Bot API and kept by hash."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiogram import Bot
from aiogram.types import Message

from domain.errors import InvalidInput
from domain.hazards import EvidenceRef
from storage import evidence

MAX_BYTES = 20 * 1024 * 1024  # what the public Bot API lets a bot download
IMAGE_TYPES = frozenset(evidence.EXTENSIONS)


def is_image(message: Message) -> bool:
    if message.photo:
        return True
    document = message.document
    return bool(document and (document.mime_type or "").lower() in IMAGE_TYPES)


async def receive(bot: Bot, message: Message, data_dir: Path) -> EvidenceRef:
    """Download and store the photo in the message. The original bytes are kept: EXIF is evidence."""
    if message.photo:
        largest = message.photo[-1]
        file_id, size, mime, media = largest.file_id, largest.file_size or 0, "image/jpeg", "photo"
    elif message.document is not None:
        file_id, size, media = message.document.file_id, message.document.file_size or 0, "document"
        mime = (message.document.mime_type or "").lower()
        if mime not in IMAGE_TYPES:
            raise InvalidInput("photo-error-not-image")
    else:
        raise InvalidInput("photo-error-not-image")
    if size > MAX_BYTES:
        raise InvalidInput("photo-error-too-big", mb=MAX_BYTES // 1024 // 1024)
    buffer = await bot.download(file_id)
    assert buffer is not None
    data = buffer.getvalue()
    digest, _ = await asyncio.to_thread(evidence.store, data_dir, data, mime)
    return EvidenceRef(file_id=file_id, sha256=digest, size=len(data), mime=mime, media=media)
