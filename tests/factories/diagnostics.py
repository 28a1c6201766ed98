"""Biopsies, consents, X-ray studies and lab panels, with real (generated) files."""

import base64
import io
from datetime import timedelta
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from cases.dicom import process_dicom, synthetic_radiograph
from cases.models import (
    Analyte,
    Biopsy,
    BodySite,
    ConsentRecord,
    ImagingStudy,
    LabPanel,
    LabValue,
    PanelKind,
)
from cases.services.diagnostics import add_study_images
from clinic.lib.uploads import process_image
from tests.factories.cases import CaseFactory
from tests.factories.images import png_bytes

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def signature_png():
    """A transparent PNG with a stroke on it, as the signature pad makes."""
    img = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(img).line([(10, 80), (120, 20), (200, 70), (290, 30)], fill="black", width=3)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def signature_data_url(data=None):
    return "data:image/png;base64," + base64.b64encode(data or signature_png()).decode()


def upload(content, name, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class BiopsyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Biopsy

    case = factory.SubFactory(CaseFactory)
    site = BodySite.DORSAL_NECK
    technique = Biopsy.Technique.PUNCH
    planned_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20))
    created_by = factory.LazyAttribute(lambda b: b.case.attending_vet)


def put_consent_on_file(biopsy, *, scan=True):
    """A signed consent (signature image, and a scanned PDF unless told not to)."""
    consent = ConsentRecord(
        biopsy=biopsy, explained_by=biopsy.case.attending_vet,
        consented_at=timezone.now() - timedelta(days=19),
        procedure_text="A skin biopsy.", risks_text="Sedation, bleeding, infection, healing.",
    )
    signature = process_image(upload(signature_png(), "signature.png", "image/png"))
    consent.signature.save(signature.content.name, signature.content, save=False)
    if scan:
        consent.scanned_form.save("scan.pdf", io.BytesIO(MINIMAL_PDF), save=False)
    consent.save()
    biopsy.status = Biopsy.Status.CONSENT_SIGNED
    biopsy.save()
    return consent


def reported_biopsy(case=None, *, conclusion=Biopsy.Conclusion.CONSISTENT, **kwargs):
    """A biopsy through every step to a received report with its PDF."""
    biopsy = BiopsyFactory(**({"case": case} if case else {}), **kwargs)
    put_consent_on_file(biopsy)
    today = timezone.localdate()
    biopsy.collected_on = today - timedelta(days=18)
    biopsy.sent_on = today - timedelta(days=18)
    biopsy.laboratory, biopsy.sample_id = "Northern Vet Pathology", "NVP-1001"
    biopsy.report_received_on = today - timedelta(days=10)
    biopsy.histopathology = "Mineralised dermal collagen with a granulomatous reaction."
    biopsy.von_kossa_requested, biopsy.von_kossa_result = True, "positive"
    biopsy.conclusion = conclusion
    biopsy.status = Biopsy.Status.REPORTED
    biopsy.report_pdf.save("report.pdf", io.BytesIO(MINIMAL_PDF), save=False)
    biopsy.save()
    return biopsy


class ImagingStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImagingStudy

    case = factory.SubFactory(CaseFactory)
    study_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=5))
    regions = factory.LazyFunction(lambda: ["thorax", "abdomen"])
    views = "right lateral, ventrodorsal"
    soft_tissue_mineralisation = ImagingStudy.Mineralisation.YES
    mineralisation_sites = "Dorsal cervical subcutis"
    reporting_vet = factory.LazyAttribute(lambda s: s.case.attending_vet)


def add_images(study, *, png=1, dicom=1):
    uploads = [process_image(upload(png_bytes(), f"xray{i}.png", "image/png"))
               for i in range(png)]
    uploads += [process_dicom(upload(synthetic_radiograph(), f"xray{i}.dcm"))
                for i in range(dicom)]
    add_study_images(study, uploads)
    return list(study.images.all())


class LabPanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LabPanel

    case = factory.SubFactory(CaseFactory)
    kind = PanelKind.SERUM_CHEMISTRY
    collected_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    reported_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))
    requested_by = factory.LazyAttribute(lambda p: p.case.attending_vet)


def add_value(panel, code, value, unit=None, low=None, high=None):
    analyte = Analyte.objects.get(code=code)
    return LabValue.objects.create(
        panel=panel, analyte=analyte, value=Decimal(str(value)),
        unit=unit if unit is not None else analyte.default_unit,
        reference_low=low if low is not None else analyte.reference_low,
        reference_high=high if high is not None else analyte.reference_high,
    )
