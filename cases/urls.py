from django.urls import path

from cases.views import cases, exams, history, observations, progress, treatment

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
    # owners' home reports
    path("observations/<int:observation_id>/", observations.observation_detail,
         name="observation_detail"),
    path("observations/<int:observation_id>/acknowledge/", observations.observation_acknowledge,
         name="observation_acknowledge"),
    path("observations/photos/<int:observation_photo_id>/", observations.observation_photo,
         name="observation_photo"),
    path("observations/photos/<int:observation_photo_id>/thumbnail/",
         observations.observation_photo_thumbnail, name="observation_photo_thumbnail"),
    # treatment plans
    path("<int:case_id>/plans/", treatment.plan_list, name="plan_list"),
    path("<int:case_id>/plans/new/", treatment.plan_new, name="plan_new"),
    path("plans/<int:plan_id>/", treatment.plan_detail, name="plan_detail"),
    path("plans/<int:plan_id>/edit/", treatment.plan_edit, name="plan_edit"),
    path("plans/<int:plan_id>/compose/", treatment.plan_compose, name="plan_compose"),
    path("plans/<int:plan_id>/items/add/", treatment.item_add, name="plan_item_add"),
    path("plans/<int:plan_id>/items/<int:item_id>/", treatment.item_edit, name="plan_item_edit"),
    path("plans/<int:plan_id>/items/<int:item_id>/delete/", treatment.item_delete,
         name="plan_item_delete"),
    path("plans/<int:plan_id>/acknowledge/", treatment.plan_acknowledge,
         name="plan_acknowledge"),
    path("plans/<int:plan_id>/publish/", treatment.plan_publish, name="plan_publish"),
    path("plans/<int:plan_id>/care-sheet/", treatment.care_sheet, name="care_sheet"),
    path("plans/<int:plan_id>/care-sheet.pdf", treatment.care_sheet_pdf, name="care_sheet_pdf"),
]
