"""The match score: how well a candidate's skills, experience and location fit a job's
requirements, from 0 to 100, with the list of what matched and what did not.

Only requirements the job states count: a job without preferred skills is scored on the rest.
Weights: required skills 50, preferred skills 20, years of experience 15, location 15.
"""

import re
from dataclasses import asdict, dataclass
from decimal import Decimal

import phonenumbers
from django.db import transaction
from django_countries import countries

from ats.models import Application, Job

WEIGHTS = {"required": 50, "preferred": 20, "years": 15, "location": 15}


@dataclass(frozen=True)
class Requirements:
    """What a job asks for, read once however many applications are scored against it."""

    job: Job
    required: tuple[str, ...]
    preferred: tuple[str, ...]

    @classmethod
    def of(cls, job: Job) -> "Requirements":
        return cls(
            job=job,
            required=tuple(job.required_skills.values_list("name", flat=True)),
            preferred=tuple(job.preferred_skills.values_list("name", flat=True)),
        )


@dataclass(frozen=True)
class Check:
    requirement: str
    met: bool
    kind: str  # required, preferred, years, location


def match_compute(
    *,
    requirements: Requirements,
    skills: set[str],
    years: Decimal | None,
    location: str,
    phone: str,
) -> tuple[int | None, list[Check]]:
    """(score, checks); score is None when the job states no requirement at all."""
    job = requirements.job
    checks: list[Check] = []
    earned = possible = 0.0
    for kind, names in (("required", requirements.required),
                        ("preferred", requirements.preferred)):  # fmt: skip
        if names:
            met = [name for name in names if name.lower() in skills]
            checks += [Check(f"{n} ({kind})", n in met, kind) for n in names]
            earned += WEIGHTS[kind] * len(met) / len(names)
            possible += WEIGHTS[kind]
    if job.min_years_experience:
        have = float(years or 0)
        need = job.min_years_experience
        checks.append(Check(f"{need}+ years of experience (has {have:g})", have >= need, "years"))
        earned += WEIGHTS["years"] * min(have / need, 1.0)
        possible += WEIGHTS["years"]
    location_check = _location_check(job, location, phone)
    if location_check is not None:
        checks.append(location_check)
        earned += WEIGHTS["location"] if location_check.met else 0
        possible += WEIGHTS["location"]
    score = round(100 * earned / possible) if possible else None
    return score, checks


def _location_check(job: Job, location: str, phone: str) -> Check | None:
    place = location.lower()
    if job.remote_policy == Job.RemotePolicy.REMOTE:
        if not job.remote_countries:
            return None  # remote from anywhere: nothing to check
        allowed = {code.upper() for code in job.remote_countries}
        names = ", ".join(countries.name(code) or code for code in sorted(allowed))
        return Check(
            f"Remote from {names}", bool(_countries_of(place, phone) & allowed), "location"
        )
    cities = [part.split(",")[0].strip() for part in job.location.split(";") if part.strip()]
    if not cities:
        return None
    met = any(city.lower() in _place_parts(place) for city in cities)
    policy = job.get_remote_policy_display()
    return Check(f"{policy} in {' or '.join(cities)}", met, "location")


def _place_parts(place: str) -> list[str]:
    """ "Rio de Janeiro, Brazil" → ["rio de janeiro", "brazil"]: places compare whole, so that
    Romania is not Oman and the "de" of a city is not Germany."""
    return [part.strip(" .()").lower() for part in re.split(r"[,;/|]", place) if part.strip()]


def _countries_of(place: str, phone: str) -> set[str]:
    """Country codes a candidate's location text (a whole part naming a country, or a final
    two-letter code as in "Leipzig, DE") or phone number points to."""
    parts = _place_parts(place)
    names = {name.lower(): code for code, name in countries}
    found = {names[part] for part in parts if part in names}
    if parts and len(parts[-1]) == 2 and parts[-1].upper() in countries:
        found.add(parts[-1].upper())
    if phone:
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(phone, None))
        except phonenumbers.NumberParseException:
            region = None
        if region:
            found.add(region)
    return found


def _score(application: Application, requirements: Requirements) -> None:
    """Set the score on `application` (its candidate's skills prefetched), without saving."""
    candidate = application.candidate
    score, checks = match_compute(
        requirements=requirements,
        skills={skill.name.lower() for skill in candidate.skills.all()},
        years=candidate.years_experience,
        location=candidate.location,
        phone=candidate.phone,
    )
    application.match_score = score
    application.match_details = [asdict(check) for check in checks]


def match_refresh(*, application: Application) -> Application:
    """Recompute and store one application's score and its explanation."""
    _score(application, Requirements.of(application.job))
    Application.objects.filter(pk=application.pk).update(
        match_score=application.match_score, match_details=application.match_details
    )
    return application


def _refresh_many(applications, requirements_for) -> int:
    batch: list[Application] = []
    count = 0
    for application in applications.prefetch_related("candidate__skills").iterator(500):
        _score(application, requirements_for(application))
        batch.append(application)
        if len(batch) == 500:
            count += Application.objects.bulk_update(batch, ["match_score", "match_details"])
            batch = []
    return count + Application.objects.bulk_update(batch, ["match_score", "match_details"])


def match_refresh_for_candidate(*, candidate_id: int) -> int:
    """After a profile change: rescore the person's active applications."""
    applications = Application.objects.filter(
        candidate_id=candidate_id, status=Application.Status.ACTIVE
    ).select_related("candidate", "job")
    return _refresh_many(applications, lambda app: Requirements.of(app.job))


def match_refresh_for_job(*, job_id: int) -> int:
    """After the job's requirements change: rescore its active applications."""
    job = Job.objects.get(pk=job_id)
    requirements = Requirements.of(job)
    applications = Application.objects.filter(
        job_id=job_id, status=Application.Status.ACTIVE
    ).select_related("candidate")
    return _refresh_many(applications, lambda app: requirements)


def match_refresh_for_job_on_commit(job: Job) -> None:
    from ats.tasks import refresh_job_match_scores

    transaction.on_commit(lambda: refresh_job_match_scores.delay(job.pk))
