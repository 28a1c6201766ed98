from django import forms

from cases.models.observations import REPLY_MAX_LENGTH


class AcknowledgeObservationForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="E.g. 'Phoned the owner, recheck booked for tomorrow'.",
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Reply to the owner", max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REPLY_MAX_LENGTH}),
        help_text=f"Up to {REPLY_MAX_LENGTH} characters. The owner reads it with this report "
        "in the portal and gets it by e-mail.",
    )
