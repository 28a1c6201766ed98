from functools import wraps

from axes.utils import reset as reset_axes_lock
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render, resolve_url
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from clinic.accounts import throttle, two_factor
from clinic.accounts.access import every_user, public, staff_required
from clinic.accounts.forms import (
    EmailAuthenticationForm,
    ThrottledPasswordResetForm,
    TwoFactorCodeForm,
)

PORTAL_PREFIX = "/portal/"


def home_url_for(user):
    """Where a user lands after login: owners on the portal, staff on the dashboard."""
    return "portal:home" if user.is_portal_owner else "dashboard"


@method_decorator(public(redirects_to=("dashboard", "portal:home")), name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_success_url(self):
        user = self.request.user
        # get_redirect_url() already drops unsafe (off-site) targets. A ?next= on the
        # other side's pages is dropped too, so nobody lands on a 403 after login.
        url = self.get_redirect_url()
        if not (url and url.startswith(PORTAL_PREFIX) == user.is_portal_owner):
            url = resolve_url(home_url_for(user))
        # Straight on to the code step or enrolment when the password is not enough.
        step = two_factor.pending_step(self.request)
        return two_factor.step_url(step, url) if step else url


@every_user(redirects_to=("dashboard", "portal:home"))
def home(request):
    return redirect(home_url_for(request.user))


@method_decorator(public, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@method_decorator(public, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        # Whoever can read the account's mail is its owner: lift every login lock on it.
        response = super().form_valid(form)
        throttle.clear(throttle.LOGIN_FAILURES, form.user.email)
        reset_axes_lock(username=form.user.email)
        return response


# Two-factor authentication (clinic.accounts.two_factor) ------------------------------------

def _next_url(request):
    """Where to go once the step is done: a page of this site's staff side, or the dashboard."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()) \
            and not url.startswith(PORTAL_PREFIX):
        return url
    return resolve_url("dashboard")


@staff_required(redirects_to="dashboard")
def two_factor_verify(request):
    """The code step after the password, for a user with an authenticator."""
    # Looked up again: the administrator may have reset the devices since the login.
    if request.user.is_verified() or not two_factor.session_has_device(request, refresh=True):
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.session.cycle_key()
        otp_login(request, form.verified_device)
        if isinstance(form.verified_device, StaticDevice):
            left = two_factor.recovery_codes_left(request.user)
            messages.warning(request, f"You used a recovery code; {left} left. Make new ones "
                                      "under Two-factor authentication when you run low.")
        return redirect(_next_url(request))
    return render(request, "registration/two_factor_verify.html",
                  {"form": form, "next": _next_url(request)})


@staff_required()
def two_factor_setup(request):
    """Enrolment: scan the QR code (or type the secret), confirm with a first code, then
    see the recovery codes once."""
    if two_factor.session_has_device(request, refresh=True):
        return redirect("two_factor")
    device = two_factor.pending_enrolment(request.user)
    form = TwoFactorCodeForm(request.POST or None, user=request.user, device=device)
    if request.method == "POST" and form.is_valid():
        request.session.cycle_key()
        codes = two_factor.confirm_enrolment(request, device)
        return render(request, "registration/two_factor_recovery_codes.html",
                      {"codes": codes, "next": _next_url(request), "first_time": True})
    return render(request, "registration/two_factor_setup.html", {
        "form": form,
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_text(device),
        "required": two_factor.is_required(request.user),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    })


CODE_FORMS = ("regenerate", "remove")  # the status page's forms that need a current code


def _status_page(request, invalid_form=None):
    user = request.user
    device = two_factor.confirmed_device(user)
    forms = {prefix: TwoFactorCodeForm(user=user, prefix=prefix) for prefix in CODE_FORMS}
    if invalid_form is not None:
        forms[invalid_form.prefix] = invalid_form
    return render(request, "registration/two_factor.html", {
        "device": device,
        "codes_left": two_factor.recovery_codes_left(user) if device else 0,
        "required": two_factor.is_required(user),
        "regenerate_form": forms["regenerate"],
        "remove_form": forms["remove"],
    })


def _with_current_code(prefix, without_device):
    """A POST of the status page runs only once its form (`prefix`) holds a current code: a
    wrong one shows the page again with the error by the field, and without an authenticator
    there is nothing to confirm, so it goes to `without_device`."""

    def decorator(view):
        @wraps(view)
        def checked(request):
            if not two_factor.confirmed_device(request.user):
                return redirect(without_device)
            form = TwoFactorCodeForm(request.POST, user=request.user, prefix=prefix)
            if not form.is_valid():
                return _status_page(request, invalid_form=form)
            return view(request)
        return checked
    return decorator


@staff_required()
def two_factor_status(request):
    return _status_page(request)


@staff_required()
@require_POST
@_with_current_code("regenerate", without_device="two_factor_setup")
def two_factor_recovery_codes(request):
    """New recovery codes (the old ones stop working)."""
    codes = two_factor.new_recovery_codes(request.user)
    return render(request, "registration/two_factor_recovery_codes.html",
                  {"codes": codes, "next": resolve_url("two_factor")})


@staff_required()
@require_POST
@_with_current_code("remove", without_device="two_factor")
def two_factor_remove(request):
    """Remove the authenticator and recovery codes."""
    two_factor.remove_devices(request.user)
    request.session[two_factor.HAS_DEVICE] = False
    if two_factor.is_required(request.user):
        messages.info(request, "Two-factor authentication was removed. Your role requires it: "
                               "set up your new authenticator app now.")
        return redirect("two_factor_setup")
    messages.success(request, "Two-factor authentication was removed from your account.")
    return redirect("two_factor")
