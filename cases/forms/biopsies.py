import base64
import binascii
import io

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cases.models import Biopsy, ConsentRecord, ConsentTemplate
from clinic.lib.concurrency import VersionedForm
from clinic.lib.uploads import ClinicalPDFField, max_upload_bytes, process_image, process_pdf
from clinic.lib.validators import (
    SHORT_TEXT,
    validate_no_control_characters,
    validate_plausible_date,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SIGNATURE_PREFIX = "data:image/png;base64,"


class BiopsyForm(VersionedForm, forms.ModelForm):
    """Planning a biopsy, and later editing what the owner is told."""

    class Meta:
        model = Biopsy
        fields = [
            "site", "site_detail", "technique", "planned_on", "laboratory",
            "von_kossa_requested", "alizarin_red_requested", "shared_with_owner", "owner_summary",
        ]
        widgets = {"planned_on": DATE, "owner_summary": forms.Textarea(attrs={"rows": 2})}


class CollectionForm(forms.Form):
    collected_on = forms.DateField(widget=DATE, validators=[validate_plausible_date])
    sample_id = forms.CharField(
        label="Sample id", max_length=60, required=False,
        validators=[validate_no_control_characters],
        help_text="Needed to send the sample; it can be added when it is sent.",
    )
    sent_today = forms.BooleanField(
        label="Collected and sent to the laboratory today", required=False,
        help_text="Records both steps at once: the sample leaves today.",
    )
    laboratory = forms.CharField(
        max_length=120, required=False, validators=[validate_no_control_characters],
        help_text="Where the sample goes (to send it today)."
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("sent_today"):
            for name, what in (("laboratory", "the laboratory"), ("sample_id", "the sample id")):
                if not (cleaned.get(name) or "").strip():
                    self.add_error(name, f"To send the sample today, give {what}.")
        return cleaned


class SentForm(forms.Form):
    sent_on = forms.DateField(widget=DATE, validators=[validate_plausible_date])
    laboratory = forms.CharField(max_length=120, validators=[validate_no_control_characters])
    sample_id = forms.CharField(label="Sample id", max_length=60,
                                validators=[validate_no_control_characters])


class ReportForm(forms.ModelForm):
    report_pdf = ClinicalPDFField(label="Laboratory report (PDF)", required=False)

    class Meta:
        model = Biopsy
        fields = [
            "report_received_on", "histopathology", "von_kossa_requested", "von_kossa_result",
            "alizarin_red_requested", "alizarin_red_result", "conclusion",
            "shared_with_owner", "owner_summary",
        ]
        widgets = {"report_received_on": DATE, "histopathology": forms.Textarea(attrs={"rows": 5}),
                   "owner_summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("report_received_on", "histopathology", "conclusion"):
            self.fields[name].required = True


class CancelForm(forms.Form):
    reason = forms.CharField(label="Reason for cancelling", max_length=SHORT_TEXT,
                             widget=forms.Textarea(attrs={"rows": 3}))


class SignatureField(forms.CharField):
    """The PNG data URL the signature pad writes; cleans to a ProcessedImage."""

    widget = forms.HiddenInput

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        if not value.startswith(SIGNATURE_PREFIX):
            raise ValidationError("The signature could not be read. Please sign again.")
        encoded = value[len(SIGNATURE_PREFIX):]
        if len(encoded) > max_upload_bytes() * 4 // 3 + 4:
            raise ValidationError("The signature is too large. Please sign again.")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError("The signature could not be read. Please sign again.") from None
        image = process_image(SimpleUploadedFile("signature.png", raw, "image/png"))
        with Image.open(io.BytesIO(image.content.read())) as img:
            image.content.seek(0)
            if _is_blank(img):
                raise ValidationError("The signature box is empty. Please sign in the box.")
        return image


def _is_blank(img):
    if img.mode == "RGBA":
        return img.getchannel("A").getextrema()[1] == 0
    low, high = img.convert("L").getextrema()
    return low == high


class ScanField(forms.FileField):
    """A scanned signed form: a photo (JPEG/PNG) or a PDF, checked by its bytes."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": "image/jpeg,image/png,application/pdf"}

    def to_python(self, data):
        upload = super().to_python(data)
        if not upload:
            return upload
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        return process_pdf(upload) if head == b"%PDF-" else process_image(upload)


class ConsentForm(forms.ModelForm):
    template = forms.ModelChoiceField(
        ConsentTemplate.objects.all(), label="Explanation given", empty_label=None,
        help_text="The text is copied into the consent record as it is now.",
    )
    signature_data = SignatureField(label="Signature", required=False)
    scanned_form = ScanField(label="…or a scanned signed form (photo or PDF)", required=False)

    class Meta:
        model = ConsentRecord
        fields = ["consented_by", "agent_name", "agent_relationship", "consented_at"]
        widgets = {"consented_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                       format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].initial = ConsentTemplate.default()

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("signature_data") and not cleaned.get(
            "scanned_form"
        ):
            raise ValidationError(
                "Ask the person consenting to sign on screen, or attach the scanned signed form."
            )
        return cleaned

    def _post_clean(self):
        template = self.cleaned_data.get("template")
        if template:
            self.instance.procedure_text = template.procedure_text
            self.instance.risks_text = template.risks_text
        super()._post_clean()
