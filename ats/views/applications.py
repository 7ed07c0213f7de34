"""The applications list of a job (filters, sorting, bulk actions) and the application page.
(Being built.)"""

from django.http import Http404
from django.urls import path


def _todo(request, pk):
    raise Http404


urlpatterns = [
    path("jobs/<int:pk>/applications/", _todo, name="job-applications"),
    path("applications/<int:pk>/", _todo, name="application-detail"),
]
