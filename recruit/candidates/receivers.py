"""Keeps each candidate's search vector current whatever saves the data: services, forms, the
admin, factories. Connected in CandidatesConfig.ready(). Each handler runs one UPDATE inside
the writer's transaction, so the vector commits (or rolls back) with the change itself.
Writes that send no signal (queryset.update(), bulk_create, raw SQL) call
services.candidate_search_refresh themselves."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from recruit.candidates.models import Candidate, CandidateDocument, CandidateEmail, Skill, Tag
from recruit.candidates.services import candidate_search_refresh

# The candidate's own columns that the vector reads.
SEARCHED_FIELDS = frozenset(
    {"first_name", "last_name", "email", "current_title", "current_company", "location",
     "summary"}
)  # fmt: skip
DOCUMENT_FIELDS = frozenset({"text", "kind", "candidate"})


@receiver(post_save, sender=Candidate, dispatch_uid="candidates.search_on_candidate_save")
def candidate_saved(sender, instance: Candidate, update_fields=None, raw=False, **kwargs) -> None:
    if raw or (update_fields is not None and not SEARCHED_FIELDS & set(update_fields)):
        return
    candidate_search_refresh(candidate_ids=[instance.pk])


@receiver(m2m_changed, sender=Candidate.skills.through, dispatch_uid="candidates.search_skills")
@receiver(m2m_changed, sender=Candidate.tags.through, dispatch_uid="candidates.search_tags")
def labels_changed(sender, instance, action: str, reverse: bool, pk_set=None, **kwargs) -> None:
    """Skills or tags added to or removed from candidates, from either side of the relation
    (candidate.tags.add(tag) or tag.candidates.add(*candidates))."""
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            candidate_search_refresh(candidate_ids=[instance.pk])
        return
    # From the skill's or tag's side: the candidates are pk_set, or for a clear, whoever had it.
    if action == "pre_clear":
        instance._search_cleared = list(instance.candidates.values_list("pk", flat=True))
    elif action in {"post_add", "post_remove"}:
        candidate_search_refresh(candidate_ids=pk_set or ())
    elif action == "post_clear":
        candidate_search_refresh(candidate_ids=getattr(instance, "_search_cleared", ()))


@receiver(post_save, sender=Skill, dispatch_uid="candidates.search_skill_renamed")
@receiver(post_save, sender=Tag, dispatch_uid="candidates.search_tag_renamed")
def label_saved(sender, instance, created: bool, raw=False, update_fields=None, **kwargs) -> None:
    """A renamed skill or tag: the people who have it are found under the new name."""
    if created or raw or (update_fields is not None and "name" not in update_fields):
        return
    candidate_search_refresh(candidate_ids=instance.candidates.values_list("pk", flat=True))


@receiver(pre_delete, sender=Skill, dispatch_uid="candidates.search_skill_deleting")
@receiver(pre_delete, sender=Tag, dispatch_uid="candidates.search_tag_deleting")
def label_deleting(sender, instance, **kwargs) -> None:
    # The M2M rows go with the label, without an m2m_changed signal.
    instance._search_holders = list(instance.candidates.values_list("pk", flat=True))


@receiver(post_delete, sender=Skill, dispatch_uid="candidates.search_skill_deleted")
@receiver(post_delete, sender=Tag, dispatch_uid="candidates.search_tag_deleted")
def label_deleted(sender, instance, **kwargs) -> None:
    candidate_search_refresh(candidate_ids=getattr(instance, "_search_holders", ()))


@receiver(post_save, sender=CandidateDocument, dispatch_uid="candidates.search_document_saved")
def document_saved(
    sender, instance: CandidateDocument, created: bool, raw=False, update_fields=None, **kwargs
) -> None:
    """A resume's text came (parsing) or changed. A new document without text yet (an upload
    waiting for its parse) and saves of other fields (the parse status) change nothing."""
    if raw:
        return
    if update_fields is not None:
        changed = bool(DOCUMENT_FIELDS & set(update_fields))
    elif created:
        changed = instance.kind == CandidateDocument.Kind.RESUME and bool(instance.text)
    else:
        changed = True
    if changed:
        candidate_search_refresh(candidate_ids=[instance.candidate_id])


@receiver(post_delete, sender=CandidateDocument, dispatch_uid="candidates.search_document_gone")
def document_deleted(sender, instance: CandidateDocument, **kwargs) -> None:
    if instance.kind == CandidateDocument.Kind.RESUME and instance.text:
        candidate_search_refresh(candidate_ids=[instance.candidate_id])


@receiver(post_save, sender=CandidateEmail, dispatch_uid="candidates.search_email_saved")
@receiver(post_delete, sender=CandidateEmail, dispatch_uid="candidates.search_email_deleted")
def further_email_changed(sender, instance: CandidateEmail, raw=False, **kwargs) -> None:
    if not raw:
        candidate_search_refresh(candidate_ids=[instance.candidate_id])
