"""`manage.py parse_resume FILE`: print what parsing makes of a file, as JSON, for support.
Nothing is stored; the file goes through the same type sniffing and limits as an upload."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recruit.candidates.files import sniff_document_type
from recruit.candidates.parsing.pipeline import parse_bytes
from recruit.candidates.resumes import parse_settings, skill_taxonomy


class Command(BaseCommand):
    help = "Parse a resume file and print the JSON Resume result (nothing is stored)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--text", action="store_true", help="include the extracted text")

    def handle(self, *args, file: Path, text: bool, **options):
        try:
            with file.open("rb") as stream:
                file_type = sniff_document_type(stream)
                data = stream.read()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        if file_type is None:
            raise CommandError(f"{file} is not a PDF, DOCX, DOC, RTF or text file.")
        outcome = parse_bytes(
            data,
            file_type,
            taxonomy=skill_taxonomy(),
            options=parse_settings(),
            today=timezone.localdate(),
        )
        report = {"status": outcome.status, "type": file_type.label, "pages": outcome.pages}
        if outcome.reason or outcome.notes:
            report["reason"] = " ".join([outcome.reason, *outcome.notes]).strip()
        report["resume"] = outcome.result
        if text:
            report["text"] = outcome.text
        self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
        if outcome.status == "failed":
            raise CommandError(f"Could not parse: {outcome.reason}")
