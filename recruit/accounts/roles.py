"""Roles are auth groups, created by a data migration. Superusers are admins."""

from enum import StrEnum


class Role(StrEnum):
    RECRUITER = "Recruiter"
    COORDINATOR = "Coordinator"
    HIRING_MANAGER = "Hiring manager"
    INTERVIEWER = "Interviewer"


# Recruiters and coordinators run the hiring process and see every candidate.
RECRUITING_TEAM = frozenset({Role.RECRUITER, Role.COORDINATOR})
