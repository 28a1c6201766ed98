from django.urls import path

from cases.views import cases, exams, history, progress

app_name = "cases"

# Each area (exams, diagnostics, treatment …) adds its patterns here.
urlpatterns = [
    # cases and exams
    path("", cases.case_list, name="case_list"),
    path("dogs/<int:dog_id>/open/", cases.case_create, name="case_create"),
    path("<int:case_id>/", cases.case_detail, name="case_detail"),
    path("<int:case_id>/edit/", cases.case_edit, name="case_edit"),
    path("<int:case_id>/status/", cases.case_status, name="case_status"),
    path("<int:case_id>/progress/", progress.case_progress, name="case_progress"),
    path("<int:case_id>/history/", history.case_history, name="case_history"),
    path("<int:case_id>/exams/new/", exams.exam_create, name="exam_create"),
    path("exams/<int:exam_id>/", exams.exam_detail, name="exam_detail"),
    path("exams/<int:exam_id>/edit/", exams.exam_edit, name="exam_edit"),
    path("exams/<int:exam_id>/sign-off/", exams.exam_sign_off, name="exam_sign_off"),
    path("exams/<int:exam_id>/addenda/new/", exams.addendum_add, name="addendum_add"),
    path("exams/<int:exam_id>/lesions/new/", exams.lesion_add, name="lesion_add"),
    path("lesions/<int:lesion_id>/edit/", exams.lesion_edit, name="lesion_edit"),
    path("lesions/<int:lesion_id>/delete/", exams.lesion_delete, name="lesion_delete"),
    path("photos/<int:photo_id>/", exams.lesion_photo, name="lesion_photo"),
    path("photos/<int:photo_id>/thumbnail/", exams.lesion_photo_thumbnail,
         name="lesion_photo_thumbnail"),
]
