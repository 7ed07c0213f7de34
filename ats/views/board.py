"""The hiring board (kanban) of a job, and moving applications on it. (Being built.)"""

from django.http import Http404
from django.urls import path


def _todo(request, pk):
    raise Http404


urlpatterns = [
    path("jobs/<int:pk>/board/", _todo, name="job-board"),
    path("applications/<int:pk>/move/", _todo, name="application-move"),
]
