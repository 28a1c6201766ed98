from django.core.exceptions import BadRequest
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from clinic.accounts.access import staff_required
from clinic.sites.current import SESSION_KEY
from clinic.sites.forms import SiteSwitchForm


@staff_required()
@require_POST
def switch_site(request):
    """Remember the chosen site for this session, then go back to the page (without its
    old ?clinic_site=, which would override the choice)."""
    form = SiteSwitchForm(request.POST, sites=request.allowed_sites)
    if not form.is_valid():
        raise BadRequest(" ".join(form.errors.get("site", ["Choose a site."])))
    request.session[SESSION_KEY] = form.chosen_site().pk
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = "/"
    return redirect(back.split("?")[0] or "/")
