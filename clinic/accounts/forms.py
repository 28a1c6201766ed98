from django import forms
from django.apps import apps
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError

from clinic.accounts import throttle, two_factor
from clinic.lib.site import site_domain, site_uses_https


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="E-mail address",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail address and password do not match an account.",
        "account_capped": (
            "Logging in to this account is paused after too many failed attempts. "
            "Reset your password to get in now."
        ),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        # Checked before the password, so guessing from many addresses learns nothing more.
        email = self.cleaned_data.get("username")
        if email and throttle.account_is_capped(email):
            raise ValidationError(self.error_messages["account_capped"], code="account_capped")
        return super().clean()


def _group_name():
    # The clinic group's main site (clinic.sites sits above accounts, so looked up by name).
    return apps.get_model("clinic_sites", "Clinic").objects.main().name


class ThrottledPasswordResetForm(PasswordResetForm):
    """Sends the reset e-mail only while the address and the account are under their
    hourly limits; the page shown is the same either way, so it tells nobody which
    addresses have accounts."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def save(self, **kwargs):
        if throttle.password_reset_allowed(self.request, self.cleaned_data["email"]):
            kwargs.update(
                domain_override=site_domain(),
                use_https=site_uses_https(),
                extra_email_context={"site_name": _group_name()},
            )
            super().save(**kwargs)


class TwoFactorCodeForm(forms.Form):
    """One code, checked against the user's devices (clinic.accounts.two_factor.check_code):
    an authenticator code, or a recovery code unless the form is bound to one device."""

    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
            "autocapitalize": "off",
        }),
    )

    def __init__(self, *args, user, device=None, **kwargs):
        self.user = user
        self.device = device
        self.verified_device = None
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = (
            "The 6-digit code your authenticator app shows now." if device else
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        )

    def clean_code(self):
        code = two_factor.normalise(self.cleaned_data["code"])
        self.verified_device = two_factor.check_code(self.user, code, device=self.device)
        return code
