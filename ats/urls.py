from django.urls import path

from ats.views import applications, board, jobs, reports

app_name = "ats"
urlpatterns = [
    *jobs.urlpatterns,
    *board.urlpatterns,
    *applications.urlpatterns,
    path("reports/", reports.reports, name="reports"),
]
