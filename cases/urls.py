from django.urls import path

from cases.views import observations

app_name = "cases"

# Each area (exams, diagnostics, treatment …) adds its patterns here.
urlpatterns = [
    path("observations/<int:observation_id>/", observations.observation_detail,
         name="observation_detail"),
    path("observations/<int:observation_id>/acknowledge/", observations.observation_acknowledge,
         name="observation_acknowledge"),
    path("observations/photos/<int:photo_id>/", observations.observation_photo,
         name="observation_photo"),
    path("observations/photos/<int:photo_id>/thumbnail/", observations.observation_photo_thumbnail,
         name="observation_photo_thumbnail"),
]
