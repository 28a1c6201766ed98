"""Image files made in the tests themselves: real ones, and crafted attacks."""

import io
import struct
import zlib

from PIL import ExifTags, Image


def png_bytes(size=(64, 48), colour=(90, 90, 90), mode="RGB"):
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, "PNG")
    return out.getvalue()


def png_declaring(width, height):
    """A tiny PNG whose header declares width × height 1-bit pixels, with real zlib data:
    a decompression bomb."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    compressor = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + packed bits
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def jpeg_with_gps():
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N",
                                  ExifTags.GPS.GPSLatitude: (51.0, 30.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (120, 120, 120)).save(out, "JPEG", exif=exif)
    return out.getvalue()
