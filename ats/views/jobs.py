from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from ats import selectors
from ats.models import Job


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in Job.Status.values else ""
    jobs = selectors.job_list(user=request.user, status=status)
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    return render(
        request, "ats/job_list.html", {"page": page, "status": status, "statuses": Job.Status}
    )


def _todo(request, pk=None):
    from django.http import Http404

    raise Http404


urlpatterns = [
    path("jobs/", job_list, name="job-list"),
    path("jobs/new/", _todo, name="job-create"),
    path("jobs/<int:pk>/", _todo, name="job-detail"),
    path("jobs/<int:pk>/edit/", _todo, name="job-edit"),
]
