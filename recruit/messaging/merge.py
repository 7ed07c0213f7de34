"""Merge fields: `{{ candidate.first_name }}` and `{{ candidate.first_name|default:"there" }}`.

Deliberately not the Django template language: a template written in the admin must reach nothing
but the plain values it is given (no attribute walking to `candidate.owner.password`, no tags, no
includes). Values are escaped in HTML bodies and kept as they are in text bodies and subjects.
"""

import re
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.html import escape

FIELD = re.compile(
    r"""\{\{\s*(?P<name>[a-z_]+(?:\.[a-z_]+)*)\s*(?:\|\s*default\s*:\s*"(?P<default>[^"{}]*)")?\s*\}\}"""
)
_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}")

# The fields a template may use. Apps above messaging add theirs with register_merge_fields().
MERGE_FIELDS: set[str] = {
    "candidate.first_name",
    "candidate.last_name",
    "candidate.full_name",
    "candidate.email",
    "sender.full_name",
    "sender.first_name",
    "sender.email",
    "site.url",
}


def register_merge_fields(names: Iterable[str]) -> None:
    MERGE_FIELDS.update(names)


def merge_field_errors(text: str) -> list[str]:
    """What is wrong with the merge fields of `text`, for the template form to show."""
    errors = [
        f"Unknown merge field {{{{ {match['name']} }}}}."
        for match in FIELD.finditer(text)
        if match["name"] not in MERGE_FIELDS
    ]
    if _LEFTOVER.search(FIELD.sub("", text)):
        errors.append(
            "Merge fields look like {{ candidate.first_name }} or "
            '{{ candidate.first_name|default:"there" }}; tags ({% ... %}) are not available.'
        )
    return errors


def validate_merge_fields(text: str) -> None:
    errors = merge_field_errors(text)
    if errors:
        raise ValidationError(errors)


def render_merge_fields(text: str, context: Mapping[str, Mapping[str, str]], *, html: bool) -> str:
    """Replace each merge field with its value from `context` (a dict of dicts of strings)."""

    def value(match: re.Match) -> str:
        group, _, field = match["name"].partition(".")
        found = str(context.get(group, {}).get(field, "") or "")
        found = found or (match["default"] or "")
        return escape(found) if html else found

    return FIELD.sub(value, text)
