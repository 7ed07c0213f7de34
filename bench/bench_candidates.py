"""Candidates at 20,000 people: the list, its search, a profile with its timeline, the API list."""

import time
from urllib.parse import urlencode

from bench.common import Report, analyze, build_candidates, create_user, logged_in_client
from recruit.accounts.roles import Role
from recruit.candidates.models import Candidate
from recruit.candidates.selectors import candidate_list

CANDIDATES = 20_000
WITH_ACTIVITIES = 2_000
ACTIVITIES_EACH = 5


def run(report: Report) -> None:
    started = time.perf_counter()
    recruiter = create_user(
        "rita.bench@example.com", roles=(Role.RECRUITER,), full_name="Rita Recruiter"
    )
    built = build_candidates(
        count=CANDIDATES,
        seed=20_000,
        owners=(recruiter,),
        with_activities=WITH_ACTIVITIES,
        activities_each=ACTIVITIES_EACH,
    )
    analyze()
    total = Candidate.objects.count()
    report.info(
        f"built {total:,} candidates and {built.activity_count:,} activities "
        f"in {time.perf_counter() - started:.1f} s"
    )

    client = logged_in_client(recruiter)
    report.baseline(client)
    report.get(
        f"candidates list ({total:,} candidates)", "/candidates/", contains=f"{total} candidates"
    )

    for query in (built.common_last_name, f"{built.common_first_name} {built.common_last_name}"):
        matches = candidate_list(user=recruiter, query=query).count()
        report.get(
            f"candidates search q={query!r} ({matches:,} matches)",
            "/candidates/?" + urlencode({"q": query}),
            contains=f"{matches} candidate",
        )

    profile = Candidate.objects.get(pk=built.with_activities[0])
    report.get(
        f"candidate profile ({ACTIVITIES_EACH} activities)",
        f"/candidates/{profile.pk}/",
        contains="Email sent",
    )
    report.get(
        "API candidates list (page of 50)",
        "/api/candidates/",
        headers={"Accept": "application/json"},
        contains=f'"count":{total}',
    )
