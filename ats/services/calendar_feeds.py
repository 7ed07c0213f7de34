"""Private calendar feeds: a user makes a secret feed URL of their interviews for their calendar
app, replaces it (rotates) when it may have leaked, or revokes it."""

import secrets

from django.db import transaction
from django.utils import timezone

from ats.models import CalendarFeedToken
from recruit.accounts.models import User

# 32 random bytes: 256 bits, as the secrets module advises for tokens in URLs.
TOKEN_BYTES = 32


@transaction.atomic
def calendar_feed_rotate(*, user: User) -> CalendarFeedToken:
    """A new feed token for the user; their previous one, if any, stops working now."""
    # Two clicks at once: the second waits here, revokes the first's token, and makes its own.
    User.objects.select_for_update().filter(pk=user.pk).values_list("pk").get()
    calendar_feed_revoke(user=user)
    return CalendarFeedToken.objects.create(user=user, token=secrets.token_urlsafe(TOKEN_BYTES))


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> bool:
    """Stop the user's feed URL working. Returns whether there was one to revoke."""
    revoked = CalendarFeedToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return bool(revoked)
