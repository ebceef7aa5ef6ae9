"""Files known to the fake Telegram: bytes, ids, download paths and the objects messages carry."""

from __future__ import annotations

import copy
import mimetypes
import secrets
from dataclasses import dataclass, field
from typing import Any

from .images import UNKNOWN_SIZE, image_size, photo_ladder

# Real file_ids start with a type-specific prefix; mimicking it keeps logs readable.
_ID_PREFIX = {"photo": "AgAC", "document": "BQAC", "sticker": "CAAC", "voice": "AwAC", "video": "BAAC"}
_FOLDER = {
    "photo": "photos",
    "document": "documents",
    "sticker": "stickers",
    "voice": "voice",
    "video": "videos",
}
_DEFAULT_EXTENSION = {"photo": "jpg", "document": "", "sticker": "webp", "voice": "oga", "video": "mp4"}


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    wire: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return len(self.data)

    def file_object(self) -> dict[str, Any]:
        """The File object getFile returns."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.size,
            "file_path": self.file_path,
        }


class FileStore:
    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        # Any size of a photo leads back to the whole ladder, because re-sending a photo by one
        # file_id shows every size again.
        self._photos: dict[str, list[dict[str, Any]]] = {}
        self._counter = 0

    def get(self, file_id: str) -> StoredFile | None:
        return self._by_id.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        return self._by_path.get(file_path)

    def photo_sizes(self, file_id: str) -> list[dict[str, Any]] | None:
        sizes = self._photos.get(file_id)
        return copy.deepcopy(sizes) if sizes is not None else None

    def add_photo(self, data: bytes) -> list[dict[str, Any]]:
        """Store a photo as Telegram does: thumbnails (sharing the bytes here) and the original last."""
        width, height = image_size(data) or UNKNOWN_SIZE
        sizes = []
        for w, h in photo_ladder(width, height):
            stored = self._add("photo", data, "jpg")
            stored.wire = {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_size": stored.size,
                "width": w,
                "height": h,
            }
            sizes.append(stored.wire)
        for size in sizes:
            self._photos[size["file_id"]] = sizes
        return copy.deepcopy(sizes)

    def add_document(self, data: bytes, file_name: str | None, mime_type: str | None) -> dict[str, Any]:
        # A generic multipart content type says nothing, so the file name decides, as on Telegram.
        declared = mime_type if mime_type and mime_type != "application/octet-stream" else None
        guessed = mimetypes.guess_type(file_name)[0] if file_name else None
        mime = declared or guessed or "application/octet-stream"
        extension = file_name.rsplit(".", 1)[1] if file_name and "." in file_name else ""
        stored = self._add("document", data, extension or (mimetypes.guess_extension(mime) or "").lstrip("."))
        stored.wire = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        if file_name:
            stored.wire["file_name"] = file_name
        stored.wire.update({"mime_type": mime, "file_size": stored.size})
        return copy.deepcopy(stored.wire)

    def add_media(self, kind: str, data: bytes, fields: dict[str, Any]) -> dict[str, Any]:
        """Store a sticker, voice note or video with the type-specific fields its object needs."""
        stored = self._add(kind, data, _DEFAULT_EXTENSION[kind])
        stored.wire = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id, **fields}
        stored.wire["file_size"] = stored.size
        return copy.deepcopy(stored.wire)

    def _add(self, kind: str, data: bytes, extension: str) -> StoredFile:
        self._counter += 1
        suffix = f".{extension}" if extension else ""
        stored = StoredFile(
            file_id=f"{_ID_PREFIX[kind]}{secrets.token_urlsafe(30)}",
            file_unique_id=f"AQAD{secrets.token_urlsafe(9)}",
            kind=kind,
            data=data,
            file_path=f"{_FOLDER[kind]}/file_{self._counter}{suffix}",
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored
