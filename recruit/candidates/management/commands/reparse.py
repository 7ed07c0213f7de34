"""Parse resumes again, e.g. after the skills taxonomy grew: `manage.py reparse --all` or
`manage.py reparse 12 15` (document ids). Runs here, one document after another, with the
same limits as the worker; `--enqueue` hands them to the Celery workers instead."""

from django.core.management.base import BaseCommand, CommandError

from recruit.candidates.models import CandidateDocument
from recruit.candidates.resumes import document_parse
from recruit.candidates.tasks import parse_document


class Command(BaseCommand):
    help = "Parse resumes again (all, or the given document ids)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="CandidateDocument ids")
        parser.add_argument("--all", action="store_true", help="every resume")
        parser.add_argument("--enqueue", action="store_true", help="let the workers do it")

    def handle(self, *args, ids: list[int], all: bool, enqueue: bool, **options):
        if bool(ids) == all:
            raise CommandError("Give document ids, or --all (not both).")
        documents = CandidateDocument.objects.filter(kind=CandidateDocument.Kind.RESUME)
        if ids:
            documents = documents.filter(pk__in=ids)
            missing = set(ids) - set(documents.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"No resume with id {', '.join(map(str, sorted(missing)))}.")
        counts: dict[str, int] = {}
        for pk in documents.order_by("pk").values_list("pk", flat=True).iterator():
            if enqueue:
                parse_document.delay(pk)
                status = "enqueued"
            else:
                document = document_parse(document_id=pk)
                status = document.parse_status if document else "gone"
            counts[status] = counts.get(status, 0) + 1
            self.stdout.write(f"{pk}: {status}")
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Done: {summary}."))
