app_name = "cases"

# Each area (exams, diagnostics, treatment …) adds its patterns here.
urlpatterns = []

from django.urls import path  # noqa: E402

from cases.views import treatment  # noqa: E402

urlpatterns += [
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
