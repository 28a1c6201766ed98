"""Staff URLs of the portal app (mounted outside /portal/'s owner-only namespace)."""

from django.urls import path

from clinic.portal.views import invitations

app_name = "portal_staff"

urlpatterns = [
    path("<int:owner_id>/", invitations.invite, name="invite_owner"),
]
