"""Recompute candidates' search vectors: `manage.py search_refresh` (everyone) or
`manage.py search_refresh 12 15` (candidate ids). For data written without signals (raw SQL,
bulk loads, queryset.update()) or after a change to how the vector is built. PostgreSQL only;
SQLite has no vector and searches the fields themselves."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from recruit.candidates.models import Candidate
from recruit.candidates.services import candidate_search_refresh


class Command(BaseCommand):
    help = "Recompute candidates' search vectors (all, or the given candidate ids)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Candidate ids (default: all)")
        parser.add_argument("--batch", type=int, default=2000, help="candidates per UPDATE")

    def handle(self, *args, ids: list[int], batch: int, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: search vectors exist on PostgreSQL only.")
            return
        candidates = Candidate.objects.order_by("pk").values_list("pk", flat=True)
        if ids:
            candidates = candidates.filter(pk__in=ids)
        done, chunk = 0, []
        for pk in candidates.iterator(chunk_size=batch):
            chunk.append(pk)
            if len(chunk) == batch:
                done += self._refresh(chunk)
                chunk = []
        done += self._refresh(chunk)
        self.stdout.write(self.style.SUCCESS(f"Refreshed {done} candidates."))

    def _refresh(self, ids: list[int]) -> int:
        # One short transaction per batch: a long one would hold row locks on everyone.
        with transaction.atomic():
            candidate_search_refresh(candidate_ids=ids)
        return len(ids)
