from django.urls import path

from ats import views

app_name = "ats"
urlpatterns = [
    path("jobs/", views.job_list, name="job-list"),
    path("reports/", views.reports, name="reports"),
]
