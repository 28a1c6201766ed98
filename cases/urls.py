from django.urls import path

from cases.views import biopsies, diagnostics, imaging, labs

app_name = "cases"

# Each area (exams, diagnostics, treatment …) adds its patterns here.
urlpatterns = []

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
