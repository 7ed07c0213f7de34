from django.urls import path

from ats.views import applications, board, calendar_feeds, interviews, jobs, reports

app_name = "ats"
urlpatterns = [
    *jobs.urlpatterns,
    *board.urlpatterns,
    *applications.urlpatterns,
    *interviews.urlpatterns,
    *calendar_feeds.urlpatterns,
    path("reports/", reports.reports, name="reports"),
]
