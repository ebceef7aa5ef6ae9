"""Small image bytes for tests."""

JPEG = b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\xff\xd9"


def jpeg_with_gps(
    make: str = "TipsterPhone X9", latitude: float = 30.6388, longitude: float = 119.6805
) -> bytes:
    """A real JPEG as a phone writes it: EXIF with the device and the GPS position where it was taken."""
    import io

    from PIL import Image
    from PIL.ExifTags import GPS, IFD, Base

    def dms(value: float) -> tuple[float, float, float]:
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        return (float(degrees), float(minutes), round(((value - degrees) * 60 - minutes) * 60, 4))

    exif = Image.Exif()
    exif[Base.Make] = make
    exif[Base.Model] = make + " Pro"
    exif.get_ifd(IFD.GPSInfo).update(
        {
            GPS.GPSLatitudeRef: "N",
            GPS.GPSLatitude: dms(latitude),
            GPS.GPSLongitudeRef: "E",
            GPS.GPSLongitude: dms(longitude),
        }
    )
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 60, 40)).save(out, "JPEG", exif=exif)
    return out.getvalue()
