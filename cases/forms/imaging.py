from django import forms
from django.core.exceptions import ValidationError

from cases.dicom import declared_pixels as declared_dicom_pixels
from cases.dicom import looks_like_dicom, process_dicom
from cases.models import ImagingStudy, Region
from clinic.accounts.models import User
from clinic.lib.concurrency import VersionedForm
from clinic.lib.uploads import IMAGE_ACCEPT, MultipleClinicalImageField, process_image

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StudyImagesField(MultipleClinicalImageField):
    """JPEG/PNG through the image pipeline, DICOM (.dcm) through cases.dicom; chosen by the
    file's bytes, never its name."""

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": f"{IMAGE_ACCEPT},.dcm,application/dicom"}

    def declared_pixels(self, upload):
        upload.seek(0)
        is_dicom = looks_like_dicom(upload.read(132))
        upload.seek(0)
        if not is_dicom:
            return super().declared_pixels(upload)
        try:
            return declared_dicom_pixels(upload)
        finally:
            upload.seek(0)

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if not upload:
            return upload
        upload.seek(0)
        head = upload.read(132)
        upload.seek(0)
        if looks_like_dicom(head):
            return process_dicom(upload)
        if upload.name.lower().endswith(".dcm"):
            raise ValidationError("This file is not a DICOM file.", code="not_dicom")
        return process_image(upload)


class ImagingStudyForm(VersionedForm, forms.ModelForm):
    regions = forms.MultipleChoiceField(choices=Region.choices,
                                        widget=forms.CheckboxSelectMultiple)
    images = StudyImagesField(
        label="Images (JPEG, PNG or DICOM .dcm)", required=False, max_files=20,
        help_text="Choose several files at once. Added to the images already on the study.",
    )

    class Meta:
        model = ImagingStudy
        fields = [
            "study_date", "regions", "views", "clinical_question", "soft_tissue_mineralisation",
            "mineralisation_sites", "organ_findings", "impression", "reporting_vet",
            "shared_with_owner", "owner_summary",
        ]
        widgets = {
            "study_date": DATE,
            "clinical_question": forms.Textarea(attrs={"rows": 2}),
            "mineralisation_sites": forms.Textarea(attrs={"rows": 2}),
            "organ_findings": forms.Textarea(attrs={"rows": 3}),
            "impression": forms.Textarea(attrs={"rows": 3}),
            "owner_summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporting_vet"].queryset = User.objects.active_vets()
