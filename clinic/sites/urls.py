from django.urls import path

from clinic.sites import views

app_name = "sites"

urlpatterns = [
    path("switch/", views.switch_site, name="switch"),
]
