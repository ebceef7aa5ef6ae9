"""Photos, documents and albums in both directions, and downloading what was stored."""

from __future__ import annotations

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InputMediaDocument, InputMediaPhoto

from fake_bot_api import FakeBotAPI
from fake_bot_api.images import image_size

from .media import jpeg_header, png


async def test_user_photo_downloads_byte_for_byte(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    original = png(1280, 720)
    message = api.send_photo(alice, original, caption="裂缝")

    sizes = message["photo"]
    assert [(s["width"], s["height"]) for s in sizes] == [(90, 51), (320, 180), (1280, 720)]
    assert message["caption"] == "裂缝" and message["plain_text"] == "裂缝"
    file = await bot.get_file(sizes[-1]["file_id"])
    assert file.file_path is not None and file.file_path.startswith("photos/")
    downloaded = await bot.download(file)
    assert downloaded is not None and downloaded.read() == original


async def test_photo_sizes_for_unknown_formats_and_small_images(api: FakeBotAPI, alice: int) -> None:
    small = api.send_photo(alice, png(64, 48))["photo"]
    opaque = api.send_photo(alice, b"not an image at all")["photo"]

    assert [(s["width"], s["height"]) for s in small] == [(64, 48), (64, 48)]
    assert 2 <= len(opaque) <= 3 and (opaque[-1]["width"], opaque[-1]["height"]) == (800, 600)
    assert api.file_bytes(opaque[-1]["file_id"]) == b"not an image at all"


def test_image_headers_are_read_without_pillow() -> None:
    assert image_size(png(3, 2)) == (3, 2)
    assert image_size(jpeg_header(4032, 3024)) == (4032, 3024)
    assert image_size(b"GIF89a\x10\x00\x20\x00" + b"\0" * 8) == (16, 32)
    assert image_size(b"\xff\xd8\xff") is None


async def test_bot_upload_gets_a_reusable_file_id(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    data = png(400, 300)
    sent = await bot.send_photo(
        alice, BufferedInputFile(data, "chart.png"), caption="<b>周报</b>", parse_mode="HTML"
    )

    assert sent.photo is not None and (sent.photo[-1].width, sent.photo[-1].height) == (400, 300)
    assert sent.caption == "周报"
    largest = sent.photo[-1].file_id
    assert api.file_bytes(largest) == data

    again = await bot.send_photo(alice, largest)
    assert again.photo is not None and again.photo[-1].file_id == largest
    downloaded = await bot.download(largest)
    assert downloaded is not None and downloaded.read() == data


async def test_bot_document_upload(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    sent = await bot.send_document(alice, BufferedInputFile(b"a,b\n1,2\n", "hazards.csv"), caption="导出")

    document = sent.document
    assert document is not None
    assert (document.file_name, document.mime_type, document.file_size) == ("hazards.csv", "text/csv", 8)
    assert api.file_bytes(document.file_id) == b"a,b\n1,2\n"
    with pytest.raises(TelegramBadRequest, match="type of file mismatch"):
        await bot.send_photo(alice, document.file_id)


async def test_user_document_is_downloadable(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    message = api.send_document(alice, b"%PDF-1.7 fake", "整改.pdf", "application/pdf", caption="report")

    document = message["document"]
    assert (document["file_name"], document["mime_type"]) == ("整改.pdf", "application/pdf")
    downloaded = await bot.download(document["file_id"])
    assert downloaded is not None and downloaded.read() == b"%PDF-1.7 fake"


async def test_caption_limit(bot: Bot, alice: int) -> None:
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(alice, BufferedInputFile(png(2, 2), "p.png"), caption="x" * 1025)
    assert (await bot.send_photo(alice, BufferedInputFile(png(2, 2), "p.png"), caption="x" * 1024)).caption


async def test_user_album_shares_one_media_group(api: FakeBotAPI, alice: int) -> None:
    album = api.send_album(alice, [png(10, 10), png(20, 10), png(10, 20)], caption="三处")

    group_ids = {message["media_group_id"] for message in album}
    assert len(group_ids) == 1 and None not in group_ids
    assert [message.get("caption") for message in album] == ["三处", None, None]
    assert [u["message"]["message_id"] for u in api.updates] == [m["message_id"] for m in album]


async def test_bot_album_upload_and_refusals(bot: Bot, api: FakeBotAPI, alice: int) -> None:
    photos = [InputMediaPhoto(media=BufferedInputFile(png(8, 8), f"{i}.png")) for i in range(2)]
    photos[0] = InputMediaPhoto(media=photos[0].media, caption="<b>前</b>", parse_mode="HTML")
    sent = await bot.send_media_group(alice, photos)

    assert len(sent) == 2 and sent[0].media_group_id and sent[0].media_group_id == sent[1].media_group_id
    assert sent[0].caption == "前" and sent[1].caption is None
    reused = await bot.send_media_group(alice, [InputMediaPhoto(media=m.photo[-1].file_id) for m in sent])
    assert reused[0].photo[-1].file_id == sent[0].photo[-1].file_id  # type: ignore[index]

    before = len(api.messages(alice))
    with pytest.raises(TelegramBadRequest, match="too few messages to send as an album"):
        await bot.send_media_group(alice, [InputMediaPhoto(media=sent[0].photo[-1].file_id)])  # type: ignore[index]
    with pytest.raises(TelegramBadRequest, match="too many messages to send as an album"):
        await bot.send_media_group(alice, [InputMediaPhoto(media=sent[0].photo[-1].file_id)] * 11)  # type: ignore[index]
    document = InputMediaDocument(media=BufferedInputFile(b"doc", "a.txt"))
    with pytest.raises(TelegramBadRequest, match="document can't be mixed with other media types"):
        await bot.send_media_group(alice, [photos[1], document])
    assert len(api.messages(alice)) == before
