"""Events of the candidate core that upper layers react to (they connect in their ready())."""

from django.dispatch import Signal

# Sent with note=<Note>, mentioned=<list of Users notified>, inside the note's transaction.
note_added = Signal()
# Sent with survivor=<Candidate>, duplicate=<Candidate>, actor=, before the duplicate is deleted.
# Handlers move what they own to the survivor, or raise ValidationError to stop the merge.
candidates_merging = Signal()
