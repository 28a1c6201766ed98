"""The shared upload path: every crafted file is made here, with Pillow or plain bytes."""

import io
import re
import struct

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.migrations.writer import MigrationWriter
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils.datastructures import MultiValueDict
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin

from clinic.lib import uploads
from clinic.lib.uploads import (
    ClinicalImageField,
    ClinicalPDFField,
    MultipleClinicalImageField,
    ProcessedImage,
    process_image,
    process_pdf,
    serve_private_file,
    upload_to,
)
from tests.factories.images import png_declaring

UUID_HEX = r"[0-9a-f]{32}"
RED, BLUE = (255, 0, 0), (0, 0, 255)
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def image_bytes(fmt="JPEG", size=(40, 20), mode="RGB", color=RED, **save_kwargs):
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt, **save_kwargs)
    return out.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class Unreadable(io.BytesIO):
    def read(self, *args):
        raise AssertionError("read an oversize upload")


def refusal_code(func, uploaded_file):
    with pytest.raises(ValidationError) as caught:
        func(uploaded_file)
    return caught.value.code


# --- images that pass -------------------------------------------------------------------------


def test_it_strips_exif_and_gps_and_turns_a_jpeg_upright():
    # Left half red, right half blue; EXIF orientation 6 says "turn 90° clockwise to view".
    original = Image.new("RGB", (40, 20), BLUE)
    original.paste(RED, (0, 0, 20, 20))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (51.0, 30.0, 0.0),
    }
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    original.save(out, "JPEG", exif=exif, icc_profile=srgb, quality=95)
    assert Image.open(io.BytesIO(out.getvalue())).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    result = process_image(upload(out.getvalue()))

    clean = Image.open(result.content)
    assert clean.format == "JPEG"
    assert len(clean.getexif()) == 0
    assert "exif" not in clean.info
    assert "icc_profile" not in clean.info
    assert (result.width, result.height) == clean.size == (20, 40)
    top, bottom = clean.getpixel((10, 5)), clean.getpixel((10, 35))
    assert top[0] > 200  # red went to the top
    assert top[2] < 60
    assert bottom[2] > 200
    assert bottom[0] < 60
    assert re.fullmatch(rf"{UUID_HEX}\.jpg", result.content.name)
    assert result.content_type == "image/jpeg"


def test_it_keeps_a_png_a_png_without_its_text_or_exif():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "owner: Jane Doe, 12 Elm St")
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    content = image_bytes("PNG", mode="RGBA", color=(0, 128, 0, 128), pnginfo=info, exif=exif)

    result = process_image(upload(content, "scan.png", "image/png"))

    clean = Image.open(result.content)
    assert clean.format == "PNG"
    assert clean.mode == "RGBA"  # transparency kept
    assert clean.text == {}
    assert "exif" not in clean.info
    assert re.fullmatch(rf"{UUID_HEX}\.png", result.content.name)
    assert result.content_type == "image/png"


def test_it_makes_one_small_jpeg_thumbnail_with_the_same_name():
    result = process_image(upload(image_bytes(size=(1000, 600))))

    thumb = Image.open(result.thumbnail)
    assert thumb.format == "JPEG"
    assert max(thumb.size) == 320
    assert result.thumbnail.name == result.content.name.replace(".jpg", "_thumb.jpg")


def test_a_multi_picture_jpeg_from_a_camera_is_stored_as_a_plain_jpeg():
    out = io.BytesIO()
    Image.new("RGB", (40, 20)).save(
        out, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 20))]
    )
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"

    result = process_image(upload(out.getvalue()))

    assert Image.open(result.content).format == "JPEG"
    assert result.content.name.endswith(".jpg")


def test_a_broken_colour_profile_does_not_refuse_the_photo():
    result = process_image(upload(image_bytes(icc_profile=b"not a profile")))

    assert "icc_profile" not in Image.open(result.content).info


@pytest.mark.parametrize("mode", ["CMYK", "L", "1", "P", "LA"])
def test_it_converts_unusual_modes_to_something_browsers_show(mode):
    fmt = "JPEG" if mode in ("CMYK", "L") else "PNG"
    result = process_image(upload(image_bytes(fmt, mode=mode, color=0), f"x.{fmt.lower()}"))

    assert Image.open(result.content).mode in {"L", "RGB", "RGBA"}
    assert Image.open(result.thumbnail).mode in {"L", "RGB"}


def test_a_16_bit_xray_png_keeps_its_depth_and_gets_a_visible_thumbnail():
    xray = Image.new("I;16", (64, 64), 1000)
    xray.paste(4000, (0, 0, 32, 64))
    out = io.BytesIO()
    xray.save(out, "PNG")

    result = process_image(upload(out.getvalue(), "xray.png", "image/png"))

    assert Image.open(result.content).mode == "I;16"
    thumb = Image.open(result.thumbnail).convert("L")
    assert thumb.getpixel((5, 5)) > 200
    assert thumb.getpixel((60, 5)) < 50  # not clipped to white


# --- files that are refused -------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"just some notes about Rex",
        b"<!doctype html><script>alert(document.cookie)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        b"",
    ],
)
def test_it_refuses_text_html_and_svg_renamed_png(content):
    assert refusal_code(process_image, upload(content, "rex.png", "image/png")) == "not_an_image"


@pytest.mark.parametrize(
    "content",
    [image_bytes("GIF"), image_bytes("BMP"), b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"],
)
def test_it_names_real_images_in_formats_it_does_not_take(content):
    with pytest.raises(ValidationError) as caught:
        process_image(upload(content, "rex.jpg"))

    assert caught.value.code == "unsupported_type"
    assert "Please upload a JPEG or PNG image." in caught.value.messages[0]


def test_it_refuses_a_truncated_jpeg():
    noisy = Image.frombytes("RGB", (200, 200), bytes(range(256)) * 468 + bytes(192))
    out = io.BytesIO()
    noisy.save(out, "JPEG")
    half = out.getvalue()[: len(out.getvalue()) // 2]

    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    assert refusal_code(process_image, upload(half)) == "corrupt"


def test_it_refuses_a_png_with_a_broken_checksum():
    content = bytearray(image_bytes("PNG"))
    start = content.index(b"IDAT") - 4
    (length,) = struct.unpack(">I", content[start : start + 4])
    content[start + 8 + length] ^= 0xFF  # first byte of the IDAT checksum

    assert refusal_code(process_image, upload(bytes(content), "x.png")) == "corrupt"


@pytest.mark.parametrize(("width", "height"), [(8000, 6000), (20000, 20000)])
def test_it_refuses_a_decompression_bomb_before_decoding_it(monkeypatch, width, height):
    def no_decoding(self):
        raise AssertionError("decoded a decompression bomb")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    bomb = png_declaring(width, height)
    assert len(bomb) < 100_000

    with pytest.raises(ValidationError) as caught:
        process_image(upload(bomb, "bomb.png", "image/png"))

    assert caught.value.code == "too_many_pixels"
    if width == 8000:
        assert caught.value.messages == ["The image is 48 megapixels; the limit is 40 megapixels."]


def test_it_uses_the_pixel_limit_from_settings(settings):
    settings.MAX_IMAGE_PIXELS = 100 * 100

    process_image(upload(image_bytes(size=(100, 100))))
    assert refusal_code(process_image, upload(image_bytes(size=(101, 100)))) == "too_many_pixels"


@pytest.mark.parametrize("pixels", [1600, 4000])  # Pillow's warning, then its error
def test_pillows_own_bomb_check_is_a_refusal_too(settings, monkeypatch, pixels):
    settings.MAX_IMAGE_PIXELS = 10**9
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)

    content = image_bytes(size=(pixels // 40, 40))
    assert refusal_code(process_image, upload(content)) == "too_many_pixels"


def test_it_refuses_an_oversize_file_without_reading_it(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    big = upload(image_bytes(size=(400, 400)))
    big.file = Unreadable(big.read())

    with pytest.raises(ValidationError) as caught:
        process_image(big)

    assert caught.value.code == "too_large"
    assert caught.value.messages[0].endswith("the limit is 1000\xa0bytes.")


def test_it_does_not_trust_a_size_that_is_too_small(settings):
    settings.MAX_UPLOAD_BYTES = 1000
    liar = upload(image_bytes(size=(400, 400)))
    liar.size = 10

    assert refusal_code(process_image, liar) == "too_large"


def test_the_size_message_reads_in_megabytes():
    error = uploads._too_large(22 * 1024 * 1024, 15 * 1024 * 1024)

    assert error.messages == ["The file is 22.0\xa0MB; the limit is 15.0\xa0MB."]


# --- PDFs -------------------------------------------------------------------------------------


def test_it_accepts_a_pdf_under_a_random_name():
    result = process_pdf(upload(MINIMAL_PDF, "lab report.pdf", "application/pdf"))

    assert re.fullmatch(rf"{UUID_HEX}\.pdf", result.name)
    assert result.read() == MINIMAL_PDF


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "not_a_pdf"),
        (image_bytes(), "not_a_pdf"),
        (MINIMAL_PDF[:40], "corrupt"),
    ],
)
def test_it_refuses_what_is_not_a_whole_pdf(content, code):
    assert refusal_code(process_pdf, upload(content, "lab.pdf", "application/pdf")) == code


def test_pdf_size_limit(settings):
    settings.MAX_UPLOAD_BYTES = 10

    assert refusal_code(process_pdf, upload(MINIMAL_PDF, "lab.pdf")) == "too_large"


# --- form fields ------------------------------------------------------------------------------


class PhotoForm(forms.Form):
    photo = ClinicalImageField(required=False)
    report = ClinicalPDFField(required=False)
    photos = MultipleClinicalImageField(max_files=3, required=False)


def test_the_image_field_puts_the_refusal_next_to_the_field():
    form = PhotoForm(data={}, files={"photo": upload(b"<svg/>", "rex.png", "image/png")})

    assert not form.is_valid()
    assert form.errors["photo"] == ["This file is not a JPEG or PNG image."]
    assert form.has_error("photo", code="not_an_image")


def test_the_fields_clean_to_processed_files():
    files = {"photo": upload(image_bytes()), "report": upload(MINIMAL_PDF, "lab.pdf")}
    form = PhotoForm(data={}, files=files)

    assert form.is_valid(), form.errors
    assert isinstance(form.cleaned_data["photo"], ProcessedImage)
    assert form.cleaned_data["report"].name.endswith(".pdf")
    assert form.cleaned_data["photos"] == []


def test_the_pdf_field_puts_the_refusal_next_to_the_field():
    form = PhotoForm(data={}, files={"report": upload(b"<html></html>", "lab.pdf")})

    assert form.has_error("report", code="not_a_pdf")


def test_the_widgets_tell_the_browser_what_to_offer():
    html = str(PhotoForm())

    assert 'accept="image/jpeg,image/png"' in html
    assert 'accept="application/pdf"' in html
    assert re.search(r'name="photos"[^>]*multiple', html)


def test_the_multiple_field_refuses_more_than_max_files():
    photos = [upload(image_bytes(), f"{i}.jpg") for i in range(4)]
    form = PhotoForm(data={}, files=MultiValueDict({"photos": photos}))

    assert form.has_error("photos", code="too_many_files")
    assert form.errors["photos"] == ["Please choose at most 3 images; 4 were sent."]


def test_the_multiple_field_cleans_each_image_and_names_the_bad_one():
    good = [upload(image_bytes(), "a.jpg"), upload(image_bytes("PNG"), "b.png")]
    form = PhotoForm(data={}, files=MultiValueDict({"photos": good}))
    assert form.is_valid(), form.errors
    assert [p.content_type for p in form.cleaned_data["photos"]] == ["image/jpeg", "image/png"]

    mixed = [upload(image_bytes(), "a.jpg"), upload(b"hello", "notes.png")]
    form = PhotoForm(data={}, files=MultiValueDict({"photos": mixed}))
    assert form.errors["photos"] == ["notes.png: This file is not a JPEG or PNG image."]
    assert form.has_error("photos", code="not_an_image")


def test_a_required_multiple_field_asks_for_a_file():
    field = MultipleClinicalImageField(max_files=2)

    with pytest.raises(ValidationError) as caught:
        field.clean([])
    assert caught.value.code == "required"


# --- storage paths ----------------------------------------------------------------------------


def test_upload_to_files_by_prefix_year_and_month():
    path = upload_to("lesions")(None, "../../" + "a" * 32 + ".jpg")

    assert re.fullmatch(r"lesions/\d{4}/\d{2}/a{32}\.jpg", path)


def test_upload_to_can_be_written_into_a_migration():
    serialized, imports = MigrationWriter.serialize(upload_to("xrays"))

    assert serialized == "clinic.lib.uploads.UploadTo('xrays')"
    assert imports == {"import clinic.lib.uploads"}


# --- serving private files --------------------------------------------------------------------


@pytest.fixture
def private_storage(settings, tmp_path, db):
    # `db`: closing a response sends request_finished, which tidies database connections.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    return default_storage


def stored(storage, name, content):
    saved_name = storage.save(name, io.BytesIO(content))
    return FieldFile(None, models.FileField(), saved_name)


def test_it_serves_an_image_inline_with_protective_headers(private_storage):
    fieldfile = stored(private_storage, "lesions/2025/01/abc.jpg", image_bytes())

    response = serve_private_file(fieldfile)

    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Content-Disposition"] == 'inline; filename="abc.jpg"'
    assert b"".join(response.streaming_content) == image_bytes()
    response.close()


def test_it_downloads_pdfs_because_sandboxed_pdfs_show_blank(private_storage):
    fieldfile = stored(private_storage, "labs/r.pdf", MINIMAL_PDF)

    response = serve_private_file(fieldfile, download_name="Rex lab report.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Rex lab report.pdf"'
    assert response["Content-Security-Policy"] == "sandbox"
    response.close()


def test_unknown_types_are_downloaded_as_bytes(private_storage):
    fieldfile = stored(private_storage, "odd/page.html", b"<script>alert(1)</script>")

    response = serve_private_file(fieldfile)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    response.close()


def test_the_download_name_cannot_inject_headers_or_change_the_type(private_storage):
    fieldfile = stored(private_storage, "xrays/x.png", image_bytes("PNG"))

    response = serve_private_file(
        fieldfile, download_name="a/b\r\nSet-Cookie: x.html", as_attachment=True
    )

    assert response["Content-Disposition"] == 'attachment; filename="abSet-Cookie: x.html.png"'
    response.close()


def test_a_missing_file_is_a_404(private_storage):
    with pytest.raises(Http404):
        serve_private_file(FieldFile(None, models.FileField(), "lesions/gone.jpg"))
    with pytest.raises(Http404):
        serve_private_file(FieldFile(None, models.FileField(), ""))
