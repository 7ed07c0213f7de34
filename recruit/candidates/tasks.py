"""Background work on candidates' documents."""

from celery import shared_task
from django.db import OperationalError

from recruit.candidates.resumes import document_parse, document_parse_failed

# Reading storage or the database can fail for a moment; a bad file is not such a failure
# (it ends as "failed" with its reason inside document_parse) and is never retried.
TRANSIENT = (OSError, OperationalError)


@shared_task(bind=True, name="candidates.parse_document", max_retries=5)
def parse_document(self, document_id: int) -> str:
    """Parse a resume into text and fields. Enqueued on commit by document_add; idempotent."""
    try:
        document = document_parse(document_id=document_id)
    except TRANSIENT as error:
        if self.request.retries >= self.max_retries:
            document = document_parse_failed(document_id=document_id, reason=str(error))
        else:
            # Exponential backoff with jitter, as autoretry's retry_backoff would give.
            raise self.retry(exc=error, countdown=min(2**self.request.retries * 5, 300)) from error
    return document.parse_status if document else "gone"
