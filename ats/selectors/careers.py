"""Reads of the public careers site: the jobs anyone may see, what a candidate may see of their
own applications, and the signed links that let them in without an account."""

from datetime import date

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from ats.models import Application, Department, Job, JobLocation, StageKind
from recruit.candidates.models import Candidate

STATUS_LINK_SALT = "ats.candidate-status"

# What a candidate sees of where their application is: never internal stage names or notes.
PUBLIC_STATUS_BY_KIND = {
    StageKind.APPLIED: "Received",
    StageKind.SCREEN: "In review",
    StageKind.INTERVIEW: "Interviewing",
    StageKind.OFFER: "Offer",
    StageKind.HIRED: "Offer",
}
CLOSED = "Closed"


def public_jobs(*, today: date | None = None) -> QuerySet[Job]:
    """Open jobs taking applications, newest first, with what the careers pages show."""
    today = today or timezone.localdate()
    return (
        Job.objects.filter(status=Job.Status.OPEN, is_template=False)
        .filter(Q(apply_by__isnull=True) | Q(apply_by__gte=today))
        .select_related("department")
        .prefetch_related("locations")
        .order_by("-opened_at", "-id")
    )


def is_public(job: Job, *, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        job.status == Job.Status.OPEN
        and not job.is_template
        and (job.apply_by is None or job.apply_by >= today)
    )


def careers_job(slug: str) -> Job | None:
    """The job the careers site knows by `slug`, public or no longer (closed, paused, expired);
    None for no job, a draft or a template."""
    return (
        Job.objects.filter(slug=slug, is_template=False)
        .exclude(status=Job.Status.DRAFT)
        .select_related("department")
        .prefetch_related("locations")  # the page and its JSON-LD both list them
        .first()
    )


def public_job_search(
    *, q: str = "", department: str = "", location: str = "", remote: str = "",
    employment_type: str = "",
) -> QuerySet[Job]:  # fmt: skip
    """The careers list's filters. `location` is a city or an ISO country code; `remote` is a
    remote policy; `q` matches words of the title, department or description."""
    jobs = public_jobs()
    for word in q.split()[:8]:
        jobs = jobs.filter(
            Q(title__icontains=word)
            | Q(department__name__icontains=word)
            | Q(description__icontains=word)
        )
    if department.isdigit():
        jobs = jobs.filter(department_id=int(department))
    if location:
        places = JobLocation.objects.filter(Q(city__iexact=location) | Q(country=location.upper()))
        jobs = jobs.filter(pk__in=places.values("job_id"))
    if remote in Job.RemotePolicy.values:
        jobs = jobs.filter(remote_policy=remote)
    if employment_type in Job.EmploymentType.values:
        jobs = jobs.filter(employment_type=employment_type)
    return jobs


def public_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The values the careers filters offer: only those some open job has. Three queries."""
    open_jobs = public_jobs().values("pk")
    departments = Department.objects.filter(jobs__in=open_jobs).distinct().order_by("name")
    places = (
        JobLocation.objects.filter(job__in=open_jobs)
        .values_list("city", "country")
        .distinct()
        .order_by("city", "country")
    )
    cities = sorted({city for city, _ in places if city}, key=str.casefold)
    countries = sorted(
        {code for _, code in places if code},
        key=lambda code: JobLocation(country=code).country_name,
    )
    types = set(public_jobs().order_by().values_list("employment_type", flat=True).distinct())
    return {
        "departments": [(str(d.pk), d.name) for d in departments],
        "locations": [(city, city) for city in cities]
        + [(code, JobLocation(country=code).country_name) for code in countries],
        "employment_types": [(v, label) for v, label in Job.EmploymentType.choices if v in types],
        "remote": list(Job.RemotePolicy.choices),
    }


def public_status(application: Application) -> str:
    if application.status in (Application.Status.REJECTED, Application.Status.WITHDRAWN):
        return CLOSED
    return PUBLIC_STATUS_BY_KIND.get(application.stage.kind, "In review")


def candidate_public_applications(candidate: Candidate) -> list[tuple[Application, str]]:
    """The person's applications, newest first, each with its public status only."""
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("job", "stage")
        .order_by("-applied_at", "-id")
    )
    return [(application, public_status(application)) for application in applications]


class StatusLinkError(Exception):
    """The status link is expired (`expired` True) or not one we made."""

    def __init__(self, *, expired: bool):
        self.expired = expired
        super().__init__("This link has expired." if expired else "This link is not valid.")


def status_token(candidate: Candidate) -> str:
    return signing.dumps(candidate.pk, salt=STATUS_LINK_SALT, compress=True)


def status_url(candidate: Candidate) -> str:
    return settings.SITE_URL + reverse("careers:status", args=[status_token(candidate)])


def candidate_from_status_token(token: str) -> Candidate:
    """The candidate a status link is for. Raises StatusLinkError when expired or forged, and
    when the person's record is gone."""
    max_age = settings.CANDIDATE_LINK_MAX_AGE_DAYS * 86400
    try:
        pk = signing.loads(token, salt=STATUS_LINK_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise StatusLinkError(expired=True) from error
    except signing.BadSignature as error:
        raise StatusLinkError(expired=False) from error
    candidate = Candidate.objects.filter(pk=pk, anonymised_at__isnull=True).first()
    if candidate is None:
        raise StatusLinkError(expired=False)
    return candidate
