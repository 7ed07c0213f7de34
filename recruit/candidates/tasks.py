"""Background work on candidates' documents."""

from celery import shared_task

from recruit.candidates.models import CandidateDocument


@shared_task(name="candidates.parse_document", autoretry_for=(OSError,), retry_backoff=True,
             retry_jitter=True, max_retries=5)  # fmt: skip
def parse_document(document_id: int) -> str:
    """Parse a resume into text and fields. Enqueued on commit by document_add; idempotent.

    The resume-parsing issue fills in the parsing itself; until then the document stays
    "pending", which is what the candidate page shows."""
    document = CandidateDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    return document.parse_status
