from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from clinic.lib.concurrency import VersionedForm
from clinic.lib.forms import show_errors
from clinic.lib.validators import validate_plausible_date
from clinic.patients.models import Dog
from clinic.scheduling.models import AppointmentType
from clinic.sites.current import vets_at

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def apply_service_error(form, error):
    """Put a service's ValidationError on the form fields it names; a taken slot goes on
    `start`, and its nearest free slots on `form.free_slots` for the template to offer."""
    form.free_slots = getattr(error, "free_slots", [])
    show_errors(form, error, field="start")


class SlotFields(forms.Form):
    vet = forms.ModelChoiceField(queryset=None)
    start = forms.DateTimeField(
        widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS,
        validators=[validate_plausible_date],
    )
    end = forms.DateTimeField(
        widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS, required=False,
        validators=[validate_plausible_date],
        help_text="Leave empty for the usual length of this type of appointment.",
    )

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.site = site
        self.fields["vet"].queryset = vets_at(site)  # a vet from another site is refused
        self.fields["vet"].label_from_instance = lambda user: user.get_full_name()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", "The appointment must end after it starts.")
        return cleaned


class ChosenDogSelect(forms.Select):
    """Renders only the chosen dog: a group's 100,000 dogs as options made a 5 MB form.
    The others are found with the search box above it (`dog_search`)."""

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v and str(v).isdigit()]
        queryset = self.choices.queryset.filter(pk__in=chosen) if chosen else []
        prompt = self.create_option(name, "", "Search above, then choose…", False, 0)
        options = [(None, [prompt], 0)]
        for index, dog in enumerate(queryset, start=1):
            options.append((None, [self.create_option(
                name, str(dog.pk), self.choices.field.label_from_instance(dog), True, index,
            )], index))
        return options


class BookingForm(SlotFields):
    field_order = ["dog_search", "dog", "appointment_type", "vet", "start", "end", "reason"]

    dog_search = forms.CharField(
        label="Search", required=False,
        help_text="Owner's or dog's name, phone number or microchip; then choose below.",
        widget=forms.TextInput(attrs={
            "type": "search", "autocomplete": "off",
            "hx-get": reverse_lazy("scheduling:dog_options"),
            "hx-trigger": "input changed delay:300ms, search", "hx-target": "#id_dog",
        }),
    )
    dog = forms.ModelChoiceField(queryset=None, widget=ChosenDogSelect)
    appointment_type = forms.ModelChoiceField(queryset=None, label="Type")
    reason = forms.CharField(max_length=200, required=False, label="Reason for the visit")

    def __init__(self, *args, user, follow_up=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up
        self.fields["appointment_type"].queryset = AppointmentType.objects.filter(
            is_active=True, sites=self.site)
        dogs = Dog.objects.visible_to(user).active().select_related("owner")
        if follow_up is not None:
            dogs = dogs.filter(pk=follow_up.case.dog_id)
        self.fields["dog"].queryset = dogs
        self.fields["dog"].label_from_instance = lambda dog: f"{dog.name} ({dog.owner})"


class MoveForm(VersionedForm, SlotFields):
    """Moving an appointment (within its site): pass it as `instance`, so a move from a
    stale page is refused.

    A free slot picked on the page posts `slot` ("<vet id>|<ISO start>") instead of the
    typed vet and start."""

    def __init__(self, data=None, *args, instance, **kwargs):
        if data is not None and data.get("slot"):
            vet, _, start = data["slot"].partition("|")
            data = data.copy()
            data["vet"], data["start"] = vet, start[:16]  # the minute, as the field reads it
        super().__init__(data, *args, instance=instance, site=instance.site, **kwargs)


class CancelForm(forms.Form):
    cancel_reason = forms.CharField(
        max_length=200, label="Why is it cancelled?",
        widget=forms.TextInput(attrs={"placeholder": "e.g. owner's car broke down"}),
    )

    def clean_cancel_reason(self):
        reason = self.cleaned_data["cancel_reason"].strip()
        if not reason:
            raise ValidationError("Say why the appointment is cancelled.")
        return reason
