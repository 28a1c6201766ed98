from django.urls import path

from cases.views import (
    biopsies,
    cases,
    diagnostics,
    exams,
    history,
    imaging,
    labs,
    observations,
    progress,
    steroids,
    treatment,
)

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
    path("observations/urgent/", observations.observation_queue, name="urgent_queue"),
    path("observations/<int:observation_id>/", observations.observation_detail,
         name="observation_detail"),
    path("observations/<int:observation_id>/acknowledge/", observations.observation_acknowledge,
         name="observation_acknowledge"),
    path("observations/<int:observation_id>/reply/", observations.observation_reply,
         name="observation_reply"),
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
    path("plans/strengths/", treatment.strength_options, name="plan_strength_options"),
    path("plans/<int:plan_id>/items/add/", treatment.item_add, name="plan_item_add"),
    path("plans/<int:plan_id>/items/<int:item_id>/", treatment.item_edit, name="plan_item_edit"),
    path("plans/<int:plan_id>/items/<int:item_id>/delete/", treatment.item_delete,
         name="plan_item_delete"),
    path("plans/<int:plan_id>/acknowledge/", treatment.plan_acknowledge,
         name="plan_acknowledge"),
    path("plans/<int:plan_id>/publish/", treatment.plan_publish, name="plan_publish"),
    path("plans/<int:plan_id>/care-sheet/", treatment.care_sheet, name="care_sheet"),
    path("plans/<int:plan_id>/care-sheet.pdf", treatment.care_sheet_pdf, name="care_sheet_pdf"),
    # the steroid history (steroid treatment is the commonest cause)
    path("<int:case_id>/steroids/", steroids.steroid_list, name="steroid_list"),
    path("<int:case_id>/steroids/<int:course_id>/edit/", steroids.steroid_edit,
         name="steroid_edit"),
]

# diagnostics: biopsies (with consent), X-ray studies, lab panels
_biopsy = "<int:case_id>/biopsies/<int:biopsy_id>/"
_study = "<int:case_id>/imaging/<int:study_id>/"
_image = _study + "images/<int:image_id>/"
urlpatterns += [
    path("<int:case_id>/diagnostics/", diagnostics.overview, name="diagnostics"),
    path("<int:case_id>/biopsies/", biopsies.biopsy_list, name="biopsy_list"),
    path("<int:case_id>/biopsies/new/", biopsies.biopsy_create, name="biopsy_create"),
    path(_biopsy, biopsies.biopsy_detail, name="biopsy_detail"),
    path(_biopsy + "edit/", biopsies.biopsy_edit, name="biopsy_edit"),
    path(_biopsy + "consent/", biopsies.consent_create, name="consent_create"),
    path(_biopsy + "consent/print/", biopsies.consent_print, name="consent_print"),
    path(_biopsy + "consent/signature/", biopsies.consent_signature, name="consent_signature"),
    path(_biopsy + "consent/scan/", biopsies.consent_scan, name="consent_scan"),
    path(_biopsy + "collect/", biopsies.biopsy_collect, name="biopsy_collect"),
    path(_biopsy + "send/", biopsies.biopsy_send, name="biopsy_send"),
    path(_biopsy + "report/", biopsies.biopsy_report, name="biopsy_report"),
    path(_biopsy + "report.pdf", biopsies.biopsy_report_pdf, name="biopsy_report_pdf"),
    path(_biopsy + "cancel/", biopsies.biopsy_cancel, name="biopsy_cancel"),
    path(_biopsy + "confirm-case/", biopsies.biopsy_confirm_case, name="biopsy_confirm_case"),
    path("<int:case_id>/imaging/", imaging.study_list, name="study_list"),
    path("<int:case_id>/imaging/new/", imaging.study_create, name="study_create"),
    path(_study, imaging.study_detail, name="study_detail"),
    path(_study + "edit/", imaging.study_edit, name="study_edit"),
    path(_image, imaging.study_image, name="study_image"),
    path(_image + "thumbnail/", imaging.study_thumbnail, name="study_thumbnail"),
    path(_image + "original/", imaging.study_original, name="study_original"),
    path("<int:case_id>/labs/", labs.panel_list, name="lab_panel_list"),
    path("<int:case_id>/labs/new/", labs.panel_create, name="lab_panel_create"),
    path("<int:case_id>/labs/trends/", labs.panel_trends, name="lab_trends"),
    path("<int:case_id>/labs/<int:panel_id>/", labs.panel_detail, name="lab_panel_detail"),
    path("<int:case_id>/labs/<int:panel_id>/edit/", labs.panel_edit, name="lab_panel_edit"),
]
