"""Reads of the private calendar feeds: a user's live feed token, the token a calendar app
presents, and the interviews its feed lists. Constant queries whatever the number of
interviews."""

from datetime import datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from ats.models import CalendarFeedToken, Interview, InterviewParticipant
from recruit.accounts.permissions import visible_to

# The feed's window: a calendar app needs the recent past (cancelled ones included, so that it
# drops them) and what is planned, not the whole history.
FEED_PAST = timedelta(days=90)
FEED_FUTURE = timedelta(days=365)


def calendar_feed_live(*, user) -> CalendarFeedToken | None:
    """The user's live (not revoked) feed token, if they made one."""
    return CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_feed_for_token(*, token: str) -> CalendarFeedToken | None:
    """The live token `token` of an active user, with the user; None for an unknown or revoked
    token (the caller answers 404 to both alike)."""
    return (
        CalendarFeedToken.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def calendar_feed_interviews(*, user, now: datetime | None = None) -> QuerySet[Interview]:
    """The interviews on the user's feed: those they take part in, on jobs they may see, from
    FEED_PAST ago to FEED_FUTURE ahead, scheduled, held or cancelled; with what an entry shows."""
    now = now or timezone.now()
    takes_part = InterviewParticipant.objects.filter(interview=OuterRef("pk"), user=user)
    participants = InterviewParticipant.objects.select_related("user").order_by("id")
    return (
        visible_to(user, Interview.objects.filter(Exists(takes_part)))
        .filter(start_at__gte=now - FEED_PAST, start_at__lte=now + FEED_FUTURE)
        .select_related(
            "application__candidate", "application__job", "application__stage", "organizer"
        )
        .prefetch_related(Prefetch("participants", queryset=participants))
        .order_by("start_at", "id")
    )
