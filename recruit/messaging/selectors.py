from django.db.models import Q

from recruit.candidates.normalize import normalize_email
from recruit.messaging.models import EmailKind, Suppression


def is_suppressed(*, email: str, kind: str) -> bool:
    """Whether no email of `kind` may go to `email`. Unsubscribes stop marketing only."""
    suppressions = Suppression.objects.filter(email__iexact=normalize_email(email))
    if kind == EmailKind.TRANSACTIONAL:
        suppressions = suppressions.filter(Q(marketing_only=False))
    return suppressions.exists()
