"""What the email pipe does when something in the candidate core happens."""

from django.conf import settings
from django.dispatch import receiver
from django.urls import reverse

from recruit.candidates.signals import candidates_merging, note_added
from recruit.messaging.models import EmailKind, OutboundEmail
from recruit.messaging.services import email_queue


@receiver(note_added, dispatch_uid="messaging.email_mentions")
def email_mentions(sender, note, mentioned, **kwargs) -> None:
    """Everyone a note mentions gets an email with the note and a link to it."""
    author = note.author.get_full_name() if note.author else "Someone"
    link = settings.SITE_URL + reverse("candidates:detail", args=[note.candidate_id])
    link += f"#note-{note.pk}"
    for user in mentioned:
        email_queue(
            to=user.email,
            user=user,
            kind=EmailKind.TRANSACTIONAL,
            about=note,
            subject=f"{author} mentioned you on {note.candidate}",
            text_body=f"{author} wrote on {note.candidate}:\n\n{note.body}\n\nOpen it: {link}\n",
        )


@receiver(candidates_merging, dispatch_uid="messaging.move_emails_on_merge")
def move_emails_on_merge(sender, survivor, duplicate, **kwargs) -> None:
    OutboundEmail.objects.filter(candidate=duplicate).update(candidate=survivor)
