app_name = "cases"

# Each area (exams, diagnostics, treatment …) adds its patterns here.
urlpatterns = []
