from django.urls import path

from clinic.portal.views import appointments, care, dogs, invitations, observations, privacy

app_name = "portal"

urlpatterns = [
    path("", dogs.home, name="home"),
    path("dogs/<uuid:dog_uuid>/", dogs.dog_detail, name="dog_detail"),
    path("dogs/<uuid:dog_uuid>/care/tick/", care.care_tick, name="care_tick"),
    path("dogs/<uuid:dog_uuid>/care-sheet/", care.care_sheet, name="care_sheet"),
    path("dogs/<uuid:dog_uuid>/care-sheet.pdf", care.care_sheet_download, name="care_sheet_pdf"),
    path("dogs/<uuid:dog_uuid>/report/", observations.observation_new, name="observation_new"),
    path("reports/<uuid:observation_uuid>/", observations.observation_detail,
         name="observation_detail"),
    path("reports/photos/<uuid:photo_uuid>/", observations.observation_photo,
         name="observation_photo"),
    path("reports/photos/<uuid:photo_uuid>/thumbnail/", observations.observation_photo_thumbnail,
         name="observation_photo_thumbnail"),
    path("appointments/<int:appointment_id>/calendar.ics",
         appointments.appointment_ics_download, name="appointment_ics"),
    path("appointments/<int:appointment_id>/change/", appointments.appointment_change,
         name="appointment_change"),
    path("calendar-feed/", appointments.calendar_feed, name="calendar_feed"),
    path("account/", privacy.account, name="account"),
    path("account/exports/", privacy.export_request, name="export_request"),
    path("account/exports/<uuid:export_uuid>/my-data.zip", privacy.export_download,
         name="export_download"),
    path("account/delete/", privacy.deletion_request, name="deletion_request"),
    path("invitation/<str:token>/", invitations.accept,
         name="invitation_accept"),
]
