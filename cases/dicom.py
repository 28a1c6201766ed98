"""DICOM X-ray files: check the real content, read with pydicom, make a viewable PNG.

The original is kept as sent (privately); the rendition goes through the same image pipeline
as every other upload, so it gets the same checks and a thumbnail made once.
"""

import io
import posixpath
import warnings
from dataclasses import dataclass
from datetime import date
from uuid import uuid4

import numpy as np
import pydicom
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from clinic.lib.uploads import (
    ProcessedImage,
    max_image_pixels,
    process_image,
    read_within_limit,
    too_many_pixels_error,
)

PREAMBLE_LENGTH = 128
MAGIC = b"DICM"


@dataclass(frozen=True)
class ProcessedDicom:
    original: ContentFile  # "<uuid>.dcm", the bytes as sent
    rendition: ProcessedImage  # 8-bit greyscale PNG + thumbnail
    modality: str
    study_date: date | None
    body_part: str
    original_name: str  # as sent, for the download name only


def looks_like_dicom(data):
    return data[PREAMBLE_LENGTH:PREAMBLE_LENGTH + 4] == MAGIC


def process_dicom(uploaded_file):
    """Return the checked original, a PNG rendition and key header fields, or raise."""
    data = read_within_limit(uploaded_file)
    if not looks_like_dicom(data):
        raise ValidationError("This file is not a DICOM file.", code="not_dicom")
    pixels = declared_pixels(io.BytesIO(data))  # from the header: nothing decoded yet
    if pixels > max_image_pixels():
        raise too_many_pixels_error(pixels)
    try:
        with warnings.catch_warnings():
            # pydicom warns about the quirks of many real files; damage raises below.
            warnings.simplefilter("ignore")
            dataset = pydicom.dcmread(io.BytesIO(data))
    except Exception:  # pydicom raises many types on a damaged file
        raise ValidationError("This DICOM file is damaged and cannot be read.",
                              code="corrupt") from None
    if "PixelData" not in dataset:
        raise ValidationError("This DICOM file holds no image (no pixel data).",
                              code="no_pixel_data")
    try:
        pixels = dataset.pixel_array
    except Exception:
        raise ValidationError("The image in this DICOM file cannot be decoded.",
                              code="corrupt") from None
    png = _render_png(dataset, pixels)
    rendition = process_image(SimpleUploadedFile("rendition.png", png, "image/png"))
    return ProcessedDicom(
        original=ContentFile(data, name=f"{uuid4().hex}.dcm"),
        rendition=rendition,
        modality=str(dataset.get("Modality", ""))[:16],
        study_date=_dicom_date(dataset.get("StudyDate", "")),
        body_part=str(dataset.get("BodyPartExamined", ""))[:64],
        original_name=posixpath.basename(getattr(uploaded_file, "name", "") or "")[:200],
    )


def declared_pixels(fileobj):
    """Frames × rows × columns × samples per pixel, from the header alone: what decoding
    the pixel data would hold in memory (a 14 MB multi-frame file can decode to 2 GB)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            header = pydicom.dcmread(fileobj, stop_before_pixels=True)
        return (
            max(int(header.get("NumberOfFrames", 1) or 1), 1)
            * int(header.get("Rows", 0) or 0)
            * int(header.get("Columns", 0) or 0)
            * max(int(header.get("SamplesPerPixel", 1) or 1), 1)
        )
    except Exception:  # a damaged header: reading the whole file refuses it next
        return 0


def _render_png(dataset, pixels):
    """8-bit greyscale from the header's window, or the image's own min-max."""
    if pixels.ndim == 3 and pixels.shape[-1] not in (3, 4):
        pixels = pixels[0]  # multi-frame: the first frame is what a viewer shows first
    if pixels.ndim == 3:
        return _png_bytes(Image.fromarray(pixels.astype(np.uint8)[..., :3], "RGB"))
    values = pixels.astype(np.float64)
    slope = float(dataset.get("RescaleSlope", 1) or 1)
    intercept = float(dataset.get("RescaleIntercept", 0) or 0)
    values = values * slope + intercept
    centre, width = _window(dataset)
    if centre is not None and width and width > 1:
        low, high = centre - width / 2, centre + width / 2
    else:
        low, high = float(values.min()), float(values.max())
    scaled = np.clip((values - low) / ((high - low) or 1), 0, 1) * 255
    if str(dataset.get("PhotometricInterpretation", "")) == "MONOCHROME1":
        scaled = 255 - scaled  # MONOCHROME1: low values are white
    return _png_bytes(Image.fromarray(scaled.astype(np.uint8), "L"))


def _window(dataset):
    def first(value):
        if value is None:
            return None
        if isinstance(value, pydicom.multival.MultiValue):
            value = value[0] if value else None
        try:
            return float(value)
        except (TypeError, ValueError):
            return None

    return first(dataset.get("WindowCenter")), first(dataset.get("WindowWidth"))


def _png_bytes(img):
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _dicom_date(value):
    text = str(value or "")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def synthetic_radiograph(width=256, height=192, *, with_pixels=True, study_date="20260101",
                         body_part="ABDOMEN"):
    """A small valid DICOM file (16-bit greyscale, a bright 'mineral' spot): demo and tests."""
    from pydicom.dataset import FileDataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid

    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    dataset = FileDataset(None, {}, file_meta=meta, preamble=b"\0" * PREAMBLE_LENGTH)
    dataset.SOPClassUID = meta.MediaStorageSOPClassUID
    dataset.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    dataset.Modality = "DX"
    dataset.StudyDate = study_date
    dataset.BodyPartExamined = body_part
    dataset.PatientName = "Demo^Dog"
    if with_pixels:
        y, x = np.mgrid[0:height, 0:width]
        body = 1200 + 600 * np.exp(-(((x - width / 2) / (width / 3)) ** 2))
        mineral = 1500 * ((x - width * 0.7) ** 2 + (y - height * 0.3) ** 2 < (width / 14) ** 2)
        pixels = (body + mineral).astype(np.uint16)
        dataset.Rows, dataset.Columns = height, width
        dataset.SamplesPerPixel = 1
        dataset.PhotometricInterpretation = "MONOCHROME2"
        dataset.BitsAllocated = 16
        dataset.BitsStored = 12
        dataset.HighBit = 11
        dataset.PixelRepresentation = 0
        dataset.WindowCenter = 2000
        dataset.WindowWidth = 2400
        dataset.PixelData = pixels.tobytes()
    out = io.BytesIO()
    dataset.save_as(out, enforce_file_format=True)
    return out.getvalue()
