from axes.utils import reset as reset_axes_lock
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator

from clinic.accounts import throttle
from clinic.accounts.access import every_user, public
from clinic.accounts.forms import EmailAuthenticationForm, ThrottledPasswordResetForm

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
        if url and url.startswith(PORTAL_PREFIX) == user.is_portal_owner:
            return url
        return resolve_url(home_url_for(user))


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
