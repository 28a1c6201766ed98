from django.contrib import admin
from django.urls import include, path

from clinic import views

admin.site.site_header = "CutisCase administration"
admin.site.site_title = "CutisCase admin"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("accounts/", include("clinic.accounts.urls")),
    path("cases/", include("cases.urls")),
    path("portal/", include("clinic.portal.urls")),
    path("portal/invite/", include("clinic.portal.staff_urls")),
    path("patients/", include("clinic.patients.urls")),
    path("schedule/", include("clinic.scheduling.urls")),
    path("sites/", include("clinic.sites.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "clinic.errors.bad_request"
handler403 = "clinic.errors.permission_denied"
handler404 = "clinic.errors.page_not_found"
handler500 = "clinic.errors.server_error"
