"""Which sites a member of staff works at, and the one their session is looking at.

`CurrentSiteMiddleware` puts the current site on `request.site` and on `request.user`
(`user.current_site`), which is what `visible_to(user)` filters site-owned rows by
(clinic.accounts.querysets). A member of staff sees their own sites; the permission
`clinic_sites.view_all_sites` opens every site of the group. A staff member with no site
gets `None`, and so reaches no site-owned rows. The middleware also opens the request's site
scope (clinic.sites.scoping), which is what filters site-owned rows and fails closed.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from clinic.accounts.models import User
from clinic.sites.models import MEMBER_SITE_IDS, Clinic
from clinic.sites.scoping import no_site_scope, scopes_disabled, site_scope

SESSION_KEY = "clinic_site_id"
# A link to one site's page names it with ?clinic_site=<id> (not ?site=: the lesion pages
# already use that for a body site).
QUERY_PARAM = "clinic_site"
VIEW_ALL_SITES = "clinic_sites.view_all_sites"


def member_site_ids(user):
    """The ids of the sites `user` works at (shared cache; dropped on any change)."""
    return MEMBER_SITE_IDS.get(user.pk)


def sites_for(user):
    """The sites `user` may look at and book for, main site first."""
    if not (user.is_authenticated and user.is_clinic_staff):
        return []
    sites = Clinic.objects.cached()
    if user.has_perm(VIEW_ALL_SITES):
        return sites
    ids = set(member_site_ids(user))
    return [site for site in sites if site.pk in ids]


def default_site(user, allowed):
    """The user's first own site; for someone who sees all sites without working at one
    (the administrator), the group's main site."""
    ids = set(member_site_ids(user))
    return next((site for site in allowed if site.pk in ids), allowed[0] if allowed else None)


def use_site(user, site):
    """Make `site` `user`'s current site (the middleware does this per request)."""
    user.current_site = site
    return user


@contextmanager
def working_at(user, site):
    """`user` at `site` outside a request (tests, a task run for one member of staff): their
    current site and the site scope together, as the middleware sets them for a request."""
    use_site(user, site)
    with site_scope(site):
        yield user


def site_from_query(text, allowed):
    """The site a `?clinic_site=` link names, which must be one of `allowed`; anything else is a
    404 (a site the user may not see is not confirmed to exist)."""
    if not text.isdigit():
        raise Http404("No such site.")
    site = next((site for site in allowed if site.pk == int(text)), None)
    if site is None:
        raise Http404("No such site.")
    return site


class CurrentSiteMiddleware:
    """Sets `request.site` (and `request.user.current_site`) for staff: the site named by
    `?clinic_site=` on this request, else the one chosen with the switcher, else the
    user's first; and runs the rest of the request in its scope (`scope_for`)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        self.set_site(request)
        # Around the whole response, not only the view: templates evaluate querysets.
        with self.scope_for(request):
            return self.get_response(request)

    def scope_for(self, request):
        user = request.user
        if user.is_authenticated and user.is_clinic_staff:
            if self.in_admin(request) and user.has_perm(VIEW_ALL_SITES):
                return scopes_disabled()  # the administrator's admin shows the whole group
            return site_scope(request.site)
        if user.is_authenticated and user.is_portal_owner:
            # Owners see their dogs' visits at every site: clinic.portal.access decides.
            return scopes_disabled()
        return no_site_scope()

    def in_admin(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return request.path_info.startswith(self.admin_prefix)

    def set_site(self, request):
        user = request.user
        request.allowed_sites = sites_for(user)
        if request.allowed_sites:
            if QUERY_PARAM in request.GET:
                site = site_from_query(request.GET[QUERY_PARAM], request.allowed_sites)
            else:
                chosen = request.session.get(SESSION_KEY)
                site = next((s for s in request.allowed_sites if s.pk == chosen), None)
                site = site or default_site(user, request.allowed_sites)
            request.site = use_site(user, site).current_site
        else:
            # Staff who work at no site: no site, so no site-owned rows (fail closed).
            # Everyone else has no current site; pages print the group's main site.
            request.site = None
            if user.is_authenticated and user.is_clinic_staff:
                use_site(user, None)


def site_of(request):
    """The request's current site, for pages that show one site; a member of staff who
    works at no site is refused rather than shown an empty or another site's diary."""
    if getattr(request, "site", None) is None:
        raise PermissionDenied("You do not work at any site yet: ask the administrator.")
    return request.site


def vets_at(site):
    """The active vets who work at `site`, by name."""
    return User.objects.active_vets().filter(site_memberships__site=site)
