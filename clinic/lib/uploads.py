"""The one upload path for every clinical file: photos, X-ray images, lab PDFs, consent scans.

Uploads are hostile until proven otherwise, so nothing here trusts a file's name or declared
content type: images are decoded by Pillow and re-encoded from their pixels (which also drops
EXIF/GPS and other metadata), PDFs are checked by their bytes, and every stored file gets a
random name. Files are private; `serve_private_file` streams one after the caller's access check.
"""

import io
import posixpath
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from uuid import uuid4

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

IMAGE_ACCEPT = "image/jpeg,image/png"
THUMBNAIL_SIZE = 320
JPEG_QUALITY = 88

# Pillow format -> (extension, content type, format we save). MPO is how Pillow names the
# multi-picture JPEGs many phones and cameras write; it is stored as a plain JPEG.
_IMAGE_FORMATS = {
    "JPEG": ("jpg", "image/jpeg", "JPEG"),
    "MPO": ("jpg", "image/jpeg", "JPEG"),
    "PNG": ("png", "image/png", "PNG"),
}
# Real images in formats we refuse, so the message can say what the file is. HEIC/AVIF are
# what iPhones and newer Android phones take photos in.
_OTHER_IMAGE_SIGNATURES = {b"GIF8": "GIF", b"BM": "BMP", b"II*\0": "TIFF", b"MM\0*": "TIFF"}
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"mif1", b"msf1", b"avif"}

_SRGB = ImageCms.createProfile("sRGB")

# Types a private file may be served as, chosen by the stored name we gave it. Only images
# are shown inline; see serve_private_file for why PDFs are always downloaded.
_SERVED_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
    ".dcm": "application/dicom",
    ".zip": "application/zip",  # an owner's data export
}
_INLINE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}


@dataclass(frozen=True)
class ProcessedImage:
    content: ContentFile  # "<uuid>.jpg" or "<uuid>.png", metadata-free
    thumbnail: ContentFile  # "<uuid>_thumb.jpg", at most THUMBNAIL_SIZE px on the long side
    width: int
    height: int
    content_type: str


def max_upload_bytes():
    return getattr(settings, "MAX_UPLOAD_BYTES", 15 * 1024 * 1024)


def max_image_pixels():
    return getattr(settings, "MAX_IMAGE_PIXELS", 40_000_000)


def max_request_pixels():
    """Decoded pixels all the images of one form may hold together: several images that
    are each under the limit would otherwise hold a worker for seconds."""
    return getattr(settings, "MAX_REQUEST_IMAGE_PIXELS", 120_000_000)


def portal_max_upload_bytes():
    return settings.PORTAL_MAX_UPLOAD_BYTES


def portal_max_image_pixels():
    return settings.PORTAL_MAX_IMAGE_PIXELS


def portal_max_request_pixels():
    return settings.PORTAL_MAX_REQUEST_IMAGE_PIXELS


def declared_image_pixels(upload):
    """Width × height from the image's header (nothing decoded); 0 when it has none, and
    the decoding that follows refuses the file."""
    upload.seek(0)
    try:
        with Image.open(upload, formats=["JPEG", "PNG"]) as probe:
            return probe.width * probe.height
    except Exception:  # not an image, or a damaged header: process_image says which
        return 0
    finally:
        upload.seek(0)


def process_image(uploaded_file, *, max_bytes=None, max_pixels=None):
    """Return a clean, re-encoded copy of an uploaded JPEG or PNG, or raise ValidationError.
    The limits default to the clinic's settings; the portal passes its own, lower ones."""
    data = read_within_limit(uploaded_file, max_bytes)
    img, pillow_format = _decode(data, max_pixels or max_image_pixels())
    ext, content_type, save_format = _IMAGE_FORMATS[pillow_format]
    img = _clean_pixels(img, save_format)

    stem = uuid4().hex
    out = io.BytesIO()
    if save_format == "JPEG":
        img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        img.save(out, "PNG")  # PNG's `optimize` costs seconds on a big scan for a few percent
    return ProcessedImage(
        content=ContentFile(out.getvalue(), name=f"{stem}.{ext}"),
        thumbnail=ContentFile(_thumbnail_bytes(img), name=f"{stem}_thumb.jpg"),
        width=img.width,
        height=img.height,
        content_type=content_type,
    )


def process_pdf(uploaded_file):
    """Return the upload as `<uuid>.pdf` if its bytes are a whole PDF, or raise ValidationError."""
    data = read_within_limit(uploaded_file)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(_("This file is not a PDF document."), code="not_a_pdf")
    # Every complete PDF ends with %%EOF (some writers add a few bytes after it).
    if b"%%EOF" not in data[-1024:]:
        raise ValidationError(_("This PDF is incomplete or damaged."), code="corrupt")
    return ContentFile(data, name=f"{uuid4().hex}.pdf")


def read_within_limit(uploaded_file, limit=None):
    limit = limit or max_upload_bytes()
    if uploaded_file.size > limit:
        raise _too_large(uploaded_file.size, limit)
    uploaded_file.seek(0)
    # Read at most one byte past the limit, so a file whose `.size` is wrong still can't
    # make us hold more than the limit in memory.
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data


def _too_large(size, limit):
    return ValidationError(
        _("The file is %(size)s; the limit is %(limit)s."),
        code="too_large",
        params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
    )


def too_many_pixels_error(pixels=None, limit=None):
    params = {"limit": f"{(limit or max_image_pixels()) / 1e6:g}"}
    if pixels is None:  # Pillow's own bomb check refused before we learned the size
        message = _("The image has too many pixels; the limit is %(limit)s megapixels.")
    else:
        message = _("The image is %(size)s megapixels; the limit is %(limit)s megapixels.")
        params["size"] = f"{round(pixels / 1e6, 1):g}"
    return ValidationError(message, code="too_many_pixels", params=params)


def _not_an_image(data):
    kind = next((k for sig, k in _OTHER_IMAGE_SIGNATURES.items() if data.startswith(sig)), None)
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        kind = "HEIC"
    if kind:
        return ValidationError(
            _("%(kind)s images are not accepted. Please upload a JPEG or PNG image."),
            code="unsupported_type",
            params={"kind": kind},
        )
    return ValidationError(_("This file is not a JPEG or PNG image."), code="not_an_image")


def _decode(data, max_pixels):
    """Return (upright pixels, Pillow format); refuse bombs before decoding anything."""
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # Something flipped Pillow's global switch; half an image must never pass as whole.
        raise ImproperlyConfigured("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False.")
    formats = ["JPEG", "PNG"]  # Pillow's JPEG opener also returns MPO images
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Opening reads only the header, so the size check runs before any decoding.
            with Image.open(io.BytesIO(data), formats=formats) as probe:
                if probe.width * probe.height > max_pixels:
                    raise too_many_pixels_error(probe.width * probe.height, max_pixels)
                probe.verify()  # checksums; the image is unusable afterwards, so reopen
            img = Image.open(io.BytesIO(data), formats=formats)
            img.load()  # decodes everything: truncated or broken data fails here
            return ImageOps.exif_transpose(img), img.format  # EXIF says which way is up
        except ValidationError:
            raise
        except UnidentifiedImageError:
            raise _not_an_image(data) from None
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise too_many_pixels_error(limit=max_pixels) from None
        except Exception:  # Pillow raises many types (OSError, SyntaxError, ...) on bad data
            raise ValidationError(
                _("This image is damaged or incomplete. Please upload it again."), code="corrupt"
            ) from None


def _clean_pixels(img, save_format):
    """Return the pixels in sRGB and a mode the format stores, with no metadata attached."""
    icc = img.info.get("icc_profile")
    if icc and img.mode in ("RGB", "RGBA", "CMYK"):
        # Phone photos are often Display P3; dropping the profile without converting would
        # dull the reds of a lesion. A broken profile is not worth refusing a photo over.
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            out_mode = "RGBA" if img.mode == "RGBA" else "RGB"
            img = ImageCms.profileToProfile(img, source, _SRGB, outputMode=out_mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    keep = {"L", "RGB"} if save_format == "JPEG" else {"L", "RGB", "RGBA", "I;16"}
    if img.mode not in keep or "transparency" in img.info:
        if save_format == "PNG" and img.has_transparency_data:
            img = img.convert("RGBA")
        else:
            img = img.convert("L" if img.mode == "1" else "RGB")  # CMYK, P, LA in a JPEG...
    img.info = {}  # EXIF, GPS, XMP, ICC, PNG text: none of it is written out
    return img


def _thumbnail_bytes(img):
    thumb = img.copy()
    thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE))
    if thumb.mode == "I;16":
        # 16-bit greyscale (X-ray exports): stretch to 8 bits; a plain convert clips to white.
        low, high = thumb.getextrema()
        thumb = thumb.point(lambda v: (v - low) * (255 / ((high - low) or 1))).convert("L")
    if thumb.mode == "RGBA":
        background = Image.new("RGB", thumb.size, "white")
        background.paste(thumb, mask=thumb.getchannel("A"))
        thumb = background
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=80)
    return out.getvalue()


class ClinicalImageField(forms.FileField):
    """A form file field whose cleaned value is a ProcessedImage; refusals show on the field.
    `max_bytes` / `max_pixels` are callables (read when the form is cleaned) for audiences
    with their own limits, e.g. the portal's."""

    def __init__(self, *, max_bytes=max_upload_bytes, max_pixels=max_image_pixels, **kwargs):
        self.max_bytes, self.max_pixels = max_bytes, max_pixels
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": IMAGE_ACCEPT}

    def to_python(self, data):
        upload = super().to_python(data)
        if not upload:
            return upload
        return process_image(upload, max_bytes=self.max_bytes(), max_pixels=self.max_pixels())


class ClinicalPDFField(forms.FileField):
    """A form file field whose cleaned value is the checked PDF as a ContentFile."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": "application/pdf"}

    def to_python(self, data):
        upload = super().to_python(data)
        return process_pdf(upload) if upload else upload


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleClinicalImageField(ClinicalImageField):
    """Up to `max_files` images; cleans to a list of ProcessedImage (empty if none sent)."""

    widget = MultipleImageInput

    def __init__(self, *, max_files=10, max_total_pixels=max_request_pixels, **kwargs):
        self.max_files = max_files
        self.max_total_pixels = max_total_pixels  # a callable: settings are read per request
        super().__init__(**kwargs)

    def declared_pixels(self, upload):
        return declared_image_pixels(upload)

    def clean(self, data, initial=None):
        uploads = list(data) if isinstance(data, (list, tuple)) else [data] if data else []
        if len(uploads) > self.max_files:
            raise ValidationError(
                _("Please choose at most %(max)s images; %(count)s were sent."),
                code="too_many_files",
                params={"max": self.max_files, "count": len(uploads)},
            )
        if not uploads:
            super().clean(None, initial)  # raises "required" when it applies
            return []
        total, limit = sum(self.declared_pixels(u) for u in uploads), self.max_total_pixels()
        if total > limit:  # checked from the headers, before any image is decoded
            raise ValidationError(
                _("Together these images are %(size)s megapixels; one form takes at most "
                  "%(limit)s. Please send fewer or smaller photos."),
                code="too_many_pixels_in_total",
                params={"size": f"{round(total / 1e6, 1):g}", "limit": f"{limit / 1e6:g}"},
            )
        images, errors = [], []
        for upload in uploads:
            try:
                images.append(super().clean(upload, initial))
            except ValidationError as error:
                # Name the file, so the sender knows which of several photos was refused.
                name = getattr(upload, "name", "")
                for e in error.error_list:
                    errors += [ValidationError(f"{name}: {m}", code=e.code) for m in e.messages]
        if errors:
            raise ValidationError(errors)
        return images


@deconstructible(path="clinic.lib.uploads.UploadTo")
class UploadTo:
    """`upload_to` callable: `<prefix>/<yyyy>/<mm>/<name>`; a class so migrations can store it."""

    def __init__(self, prefix):
        self.prefix = prefix.strip("/")

    def __call__(self, instance, filename):
        return f"{self.prefix}/{timezone.now():%Y/%m}/{posixpath.basename(filename)}"


def upload_to(prefix):
    return UploadTo(prefix)


# Files stored inside the innermost `atomic_with_files` block, so they can go if it rolls back.
_files_written = ContextVar("files_written_in_this_transaction", default=None)


def store_file(fieldfile, content):
    """Save `content` (a ContentFile from this module) on a record's file field.

    Inside `atomic_with_files` the file is deleted again if the transaction rolls back, so a
    request that fails after writing its uploads leaves no orphaned file behind."""
    fieldfile.save(content.name, content, save=False)
    written = _files_written.get()
    if written is not None:
        written.append((fieldfile.storage, fieldfile.name))


@contextmanager
def atomic_with_files():
    """`transaction.atomic()` that also undoes the files `store_file` wrote inside it.

    Django has no on-rollback hook, so the block itself notices the exception that rolls it
    back. Nested blocks hand their files to the enclosing one, which decides their fate."""
    enclosing = _files_written.get()
    written = []
    token = _files_written.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _files_written.reset(token)
    if enclosing is not None:
        enclosing.extend(written)


def serve_private_file(fieldfile, *, download_name=None, as_attachment=False):
    """Stream a private clinical file. The caller must already have checked access to it."""
    if not fieldfile:
        raise Http404("No file.")
    ext = posixpath.splitext(fieldfile.name)[1].lower()
    content_type = _SERVED_TYPES.get(ext, "application/octet-stream")
    # The sandbox below stops any file from running script. Chrome and Safari show a
    # sandboxed PDF as a blank page, so PDFs (and anything unknown) are downloaded instead.
    as_attachment = as_attachment or ext not in _INLINE_EXTENSIONS
    try:
        handle = fieldfile.storage.open(fieldfile.name, "rb")
    except FileNotFoundError:
        raise Http404("File not found.") from None
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=_safe_download_name(download_name or posixpath.basename(fieldfile.name), ext),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # shared clinic computers
    response["Content-Security-Policy"] = "sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"  # no embedding by other sites
    return response


def _safe_download_name(name, ext):
    # No control characters (header injection) or path separators, and the stored file's
    # real extension, so a saved download opens as what it actually is.
    name = "".join(c for c in name if c.isprintable() and c not in "/\\").strip() or "file"
    return name if name.lower().endswith(ext) else name + ext
