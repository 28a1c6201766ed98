from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from cases.models import Case
from cases.services.cases import OPEN_CASE_EXISTS
from clinic.lib.concurrency import VersionedForm
from clinic.lib.validators import validate_no_control_characters

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CaseForm(VersionedForm, forms.ModelForm):
    class Meta:
        model = Case
        fields = [
            "opened_on", "attending_vet", "attending_site", "presenting_complaint", "diagnosis",
            "extent", "suspected_cause", "hyperadrenocorticism_subtype", "cause_note",
            "pathogenic_form", "diagnosis_basis", "diagnosis_code_system",
            "diagnosis_code", "diagnosis_code_display",
        ]
        widgets = {
            "opened_on": DATE_INPUT,
            "presenting_complaint": forms.Textarea(attrs={"rows": 3}),
            "cause_note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "diagnosis_code_system": "VeNom or SNOMED CT; leave empty until the clinic has "
            "imported a licensed code list.",
        }

    def __init__(self, *args, dog, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.dog = dog
        self.fields["attending_vet"].queryset = get_user_model().objects.active_vets()
        # Any of the group's sites (main site first); follow-ups are booked at this site's
        # worklist, so a case always names one.
        site = self.fields["attending_site"]
        site.required = True
        site.empty_label = None

    def clean_opened_on(self):
        opened_on = self.cleaned_data["opened_on"]
        case = self.instance
        if case.closed_on and opened_on > case.closed_on:
            raise ValidationError(f"The case closed on {date_format(case.closed_on)}; it cannot "
                                  "have opened after that.")
        if case.pk:
            first = case.exams.order_by("examined_on").values_list("examined_on", flat=True)
            first = first.first()
            if first and opened_on > first:
                raise ValidationError(f"The first exam was on {date_format(first)}; the case "
                                      "cannot have opened after it.")
        return opened_on

    def clean(self):
        cleaned = super().clean()
        # The form leaves `dog` out, so Django skips the one-open-case constraint: check here.
        others = Case.objects.open().filter(dog=self.instance.dog).exclude(pk=self.instance.pk)
        if self.instance.is_open and others.exists():
            raise ValidationError(OPEN_CASE_EXISTS, code="open_case_exists")
        return cleaned


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label="New status")
    note = forms.CharField(
        label="Why", max_length=100, required=False,
        validators=[validate_no_control_characters],
        help_text="Kept in the case's history, e.g. 'biopsy confirmed calcinosis cutis'.",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = case.next_statuses()
