import io
import warnings

import pytest
import segno
from fontTools.ttLib import TTCollection
from matplotlib import font_manager
from matplotlib.figure import Figure
from PIL import Image, ImageCms, ImageDraw
from PIL.ExifTags import GPS, IFD, Base
from PIL.PngImagePlugin import PngInfo

from graphics import images
from graphics.fonts import FAMILY, cjk_font_path, pil_font, register_matplotlib
from graphics.images import UnsupportedImage, strip_metadata
from graphics.poster import HEIGHT, QR_BORDER, WIDTH, render_poster, tip_poster_png

LINK = "https://t.me/SafeGridBot?start=tip_330782"


# --- fonts ---------------------------------------------------------------------------------------


def test_bundled_font_is_open_licensed_and_maps_chinese():
    collection = TTCollection(str(cjk_font_path()), lazy=True)
    [face] = [font for font in collection.fonts if font["name"].getDebugName(1) == FAMILY]
    assert "Open Font License" in face["name"].getDebugName(13)
    cmap = face.getBestCmap()
    assert all(ord(ch) in cmap for ch in "安全生产举报隐患整改")


def _render(text: str) -> bytes:
    canvas = Image.new("L", (160, 64))
    ImageDraw.Draw(canvas).text((0, 0), text, font=pil_font(48), fill=255)
    return canvas.tobytes()


def test_pil_font_draws_real_glyphs_not_boxes():
    assert pil_font(48) is pil_font(48)
    assert pil_font(48).getname()[0] == FAMILY
    notdef = _render("\U0010fffd")  # private use: the font has no glyph, so FreeType draws .notdef
    an, quan = _render("安"), _render("全")
    assert any(an) and any(quan)
    assert len({an, quan, notdef}) == 3


def test_matplotlib_renders_chinese_without_missing_glyph_warnings():
    assert register_matplotlib() == FAMILY
    count = sum(entry.fname == str(cjk_font_path()) for entry in font_manager.fontManager.ttflist)
    register_matplotlib()
    assert sum(entry.fname == str(cjk_font_path()) for entry in font_manager.fontManager.ttflist) == count
    found = font_manager.findfont(
        font_manager.FontProperties(family=["sans-serif"]), fallback_to_default=False
    )
    assert found == str(cjk_font_path())

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font" would fail here
        fig = Figure(figsize=(4, 3))
        ax = fig.subplots()
        ax.bar(["城关镇", "金华街道"], [3, -1])
        ax.set_title("安全隐患统计")
        ax.set_xlabel("区域")
        ax.set_ylabel("整改数量")
        out = io.BytesIO()
        fig.savefig(out, format="png")
    assert out.getvalue().startswith(b"\x89PNG")


# --- poster --------------------------------------------------------------------------------------


def test_poster_is_an_a4_png_at_150_dpi():
    png = tip_poster_png(link=LINK, area_name="城关镇", invitation="发现安全隐患？扫码匿名举报。")
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (WIDTH, HEIGHT)
    assert round(image.info["dpi"][0]) == 150


@pytest.mark.parametrize(
    "area_name",
    ["城关镇", "浙江省金华市义乌市稠城街道某某社区第一网格长长长长长长长长", "长" * 200],
)
def test_poster_qr_modules_match_the_link(area_name):
    image, qr = render_poster(link=LINK, area_name=area_name, invitation="发现安全隐患？扫描二维码匿名举报。")
    gray = image.convert("L")
    matrix = segno.make(LINK, error="q", micro=False).matrix
    assert qr.size == len(matrix)
    assert qr.module >= 8  # big enough to scan from a wall
    for row, bits in enumerate(matrix):
        for col, dark in enumerate(bits):
            x = qr.left + col * qr.module + qr.module // 2
            y = qr.top + row * qr.module + qr.module // 2
            assert (gray.getpixel((x, y)) < 128) == bool(dark), (row, col)
    # The quiet zone is white and the whole symbol is on the page.
    quiet = QR_BORDER * qr.module
    assert gray.getpixel((qr.left - quiet // 2, qr.top + qr.module // 2)) > 200
    assert qr.top + (qr.size + QR_BORDER) * qr.module <= HEIGHT


def test_poster_text_stays_inside_the_page():
    image, qr = render_poster(link=LINK, area_name="长" * 200, invitation="请扫码" * 60)
    gray = image.convert("L")
    above_qr = gray.crop((0, 0, WIDTH, qr.top - QR_BORDER * qr.module))
    # Ink only inside the side margins: nothing ran off the left or right edge.
    assert gray.crop((0, 300, 40, qr.top)).getextrema()[0] > 200
    assert gray.crop((WIDTH - 40, 300, WIDTH, qr.top)).getextrema()[0] > 200
    assert above_qr.getextrema()[0] < 100  # and the text was drawn


# --- metadata stripping --------------------------------------------------------------------------


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 20), "blue")
    image.paste((255, 0, 0), (0, 0, 20, 20))  # left half red
    exif = Image.Exif()
    exif[Base.Make] = "SpyPhoneMaker"
    exif[Base.Model] = "ModelX"
    exif[Base.Orientation] = 6
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (30.0, 15.0, 12.5)
    gps[GPS.GPSLongitudeRef] = "E"
    gps[GPS.GPSLongitude] = (120.0, 5.0, 3.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(
        out, "JPEG", exif=exif, icc_profile=icc, comment=b"secret-comment", xmp=b"<x:xmpmeta>secret-xmp</x>"
    )
    return out.getvalue()


def test_jpeg_loses_exif_gps_and_keeps_its_orientation():
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(IFD.GPSInfo)  # the fixture has GPS

    data, mime = strip_metadata(original)

    assert mime == "image/jpeg"
    cleaned = Image.open(io.BytesIO(data))
    assert cleaned.format == "JPEG"
    assert not cleaned.getexif()
    assert not {"exif", "icc_profile", "comment", "xmp"} & cleaned.info.keys()
    for marker in (b"Exif", b"SpyPhoneMaker", b"ModelX", b"secret", b"ICC_PROFILE", b"xmpmeta"):
        assert marker not in data
    # Orientation 6 means "rotate 90° clockwise to view": the red left half is now on top.
    assert cleaned.size == (20, 40)
    top, bottom = cleaned.convert("RGB").getpixel((10, 5)), cleaned.convert("RGB").getpixel((10, 35))
    assert top[0] > 200 and top[2] < 60
    assert bottom[2] > 200 and bottom[0] < 60


def test_png_stays_png_and_loses_text_chunks():
    image = Image.new("RGBA", (30, 30), (0, 128, 0, 128))
    info = PngInfo()
    info.add_text("Author", "secret-author")
    info.add_itxt("Comment", "secret-itxt")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)

    data, mime = strip_metadata(out.getvalue())

    assert mime == "image/png"
    cleaned = Image.open(io.BytesIO(data))
    assert cleaned.format == "PNG" and cleaned.mode == "RGBA"
    assert not cleaned.info.keys() & {"Author", "Comment"}
    assert b"tEXt" not in data and b"iTXt" not in data and b"secret" not in data
    assert cleaned.getpixel((5, 5)) == (0, 128, 0, 128)


@pytest.mark.parametrize(("fmt", "mode"), [("GIF", "P"), ("WEBP", "RGBA"), ("BMP", "RGB")])
def test_other_formats_become_jpeg(fmt, mode):
    out = io.BytesIO()
    Image.new(mode, (16, 16)).save(out, fmt)
    data, mime = strip_metadata(out.getvalue())
    assert mime == "image/jpeg"
    assert Image.open(io.BytesIO(data)).format == "JPEG"


def test_huge_pictures_are_scaled_down():
    out = io.BytesIO()
    Image.new("L", (6000, 50)).save(out, "PNG")
    data, _ = strip_metadata(out.getvalue())
    assert Image.open(io.BytesIO(data)).size == (images.MAX_SIDE, 34)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"definitely not an image",
        b"\xff\xd8\xff\xe0" + b"\x00" * 64,  # a JPEG header and nothing else
        _jpeg_with_gps()[:300],  # truncated
    ],
)
def test_garbage_is_refused(data):
    with pytest.raises(UnsupportedImage):
        strip_metadata(data)


def test_heic_gets_a_clear_refusal():
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 32
    with pytest.raises(UnsupportedImage, match="HEIC"):
        strip_metadata(heic)


@pytest.mark.parametrize("pillow_limit", [300, 100])  # Pillow warns above its limit, refuses above 2x
def test_decompression_bombs_are_refused_cleanly(monkeypatch, pillow_limit):
    out = io.BytesIO()
    Image.new("L", (20, 20)).save(out, "PNG")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", pillow_limit)
    monkeypatch.setattr(images, "MAX_PIXELS", 10_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UnsupportedImage):
            strip_metadata(out.getvalue())


def test_our_own_pixel_cap_refuses_before_decoding(monkeypatch):
    out = io.BytesIO()
    Image.new("L", (20, 20)).save(out, "PNG")
    monkeypatch.setattr(images, "MAX_PIXELS", 399)
    with pytest.raises(UnsupportedImage, match="too large"):
        strip_metadata(out.getvalue())
