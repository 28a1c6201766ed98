from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator

from clinic.accounts.forms import EmailAuthenticationForm

PORTAL_PREFIX = "/portal/"


def home_url_for(user):
    """Where a user lands after login: owners on the portal, staff on the dashboard."""
    return "portal:home" if user.is_portal_owner else "dashboard"


@method_decorator(login_not_required, name="dispatch")
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


def home(request):
    return redirect(home_url_for(request.user))
