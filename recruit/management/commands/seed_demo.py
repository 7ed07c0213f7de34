"""`manage.py seed_demo`: the demo data `make run` starts with. Safe to run again."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from recruit.demo import demo_seed


class Command(BaseCommand):
    help = (
        "Create demo users, jobs and candidates with resumes. Idempotent: a second run adds "
        "nothing. Prints the admin login and the demo password every time."
    )

    def handle(self, *args, **options) -> None:
        summary = demo_seed(var_dir=Path(settings.VAR_DIR))
        totals, added = summary.totals, summary.added
        counts = ", ".join(f"{totals[name]} {name} ({added[name]} new)" for name in totals)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {counts}."))
        # Printed on every run, not only the first: the README tells people to look for it here.
        self.stdout.write(f"Admin login:  {summary.admin_email}")
        self.stdout.write(
            f"Password:     {summary.password}  (every demo user; kept in {summary.password_path})"
        )
