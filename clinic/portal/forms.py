from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils import timezone

from cases.models import HomeObservation, HomeSign, PainSign
from cases.models.observations import ITCH_SCALE_MAX
from clinic.lib.uploads import (
    MultipleClinicalImageField,
    portal_max_image_pixels,
    portal_max_request_pixels,
    portal_max_upload_bytes,
)
from clinic.portal.models import DeletionRequest
from clinic.scheduling.models import AppointmentChangeRequest

MAX_OBSERVATION_PHOTOS = 3


def _itch_label(score):
    words = {0: "none", 1: "very mild", 3: "mild", 5: "moderate", 7: "severe",
             ITCH_SCALE_MAX: "constant, cannot stop"}
    return f"{score} — {words[score]}" if score in words else str(score)


class HomeObservationForm(forms.ModelForm):
    new_lesions = forms.TypedChoiceField(
        label="Have you seen new lesions?",
        choices=[("no", "No"), ("yes", "Yes")], initial="no",
        coerce=lambda value: value == "yes", widget=forms.RadioSelect,
    )
    itch_score = forms.TypedChoiceField(
        label="Itch score: how much is your dog scratching or licking? "
        "(0 = not at all, 10 = all the time)",
        choices=[(score, _itch_label(score)) for score in range(ITCH_SCALE_MAX + 1)],
        coerce=int, initial=0,
    )
    pain_signs = forms.MultipleChoiceField(
        label="Signs of pain (tick any you have seen)", choices=PainSign.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    signs = forms.MultipleChoiceField(
        label="Have you seen any of these? (tick any)", choices=HomeSign.choices,
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    photos = MultipleClinicalImageField(
        max_files=MAX_OBSERVATION_PHOTOS, required=False,
        max_bytes=portal_max_upload_bytes, max_pixels=portal_max_image_pixels,
        max_total_pixels=portal_max_request_pixels,
        label=f"Photos (up to {MAX_OBSERVATION_PHOTOS}, JPEG or PNG)",
        help_text="Clear, close photos of the lesions in good light help the vet most.",
    )

    class Meta:
        model = HomeObservation
        fields = ["observed_on", "lesion_trend", "new_lesions", "new_lesions_where",
                  "itch_score", "pain_signs", "signs", "appetite", "note"]
        labels = {
            "observed_on": "Date",
            "lesion_trend": "Since the last time, the skin lesions look",
            "new_lesions_where": "Where are the new lesions?",
            "note": "Anything else you would like the vet to know",
        }
        widgets = {
            "lesion_trend": forms.RadioSelect,
            "appetite": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["observed_on"].initial = today
        self.fields["observed_on"].widget = forms.DateInput(
            attrs={"type": "date", "max": today.isoformat()}, format="%Y-%m-%d"
        )
        for name in ("lesion_trend", "appetite"):  # radios need no empty "------" choice
            field = self.fields[name]
            field.choices = [choice for choice in field.choices if choice[0] != ""]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("new_lesions"):
            cleaned["new_lesions_where"] = ""
        return cleaned


class AcceptInvitationForm(SetPasswordForm):
    """Choose a password; Django's password validators apply."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password2"].label = "Type the password again"


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label="Anything you would like us to know (optional)", required=False,
        max_length=DeletionRequest._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label="I would like the clinic to delete my portal account and the personal "
        "information it no longer needs to keep.",
    )


class CareTickForm(forms.Form):
    task_key = forms.CharField(max_length=120)
    done = forms.BooleanField(required=False)


class ChangeRequestForm(forms.Form):
    """`appointment` is the one to change; the model refuses a past or finished one."""

    message = forms.CharField(
        label="What would you like to change?",
        max_length=AppointmentChangeRequest._meta.get_field("message").max_length,
        error_messages={"required": "Please say what you would like to change."},
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. 'Could we come in the afternoon instead?'",
    )

    def __init__(self, *args, appointment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.appointment = appointment

    def clean(self):
        cleaned = super().clean()
        if self.appointment is not None:
            AppointmentChangeRequest(appointment=self.appointment).clean()
        return cleaned
