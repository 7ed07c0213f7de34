"""Every admin changelist, add and change page loads for an admin, with real rows in place."""

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import reverse

from recruit.candidates.services import activity_record, document_add
from tests import factories

pytestmark = pytest.mark.django_db

FACTORY_FOR = {
    "accounts.user": factories.UserFactory,
    "candidates.candidate": factories.CandidateFactory,
    "candidates.source": factories.SourceFactory,
    "candidates.tag": factories.TagFactory,
    "candidates.skill": factories.SkillFactory,
    "candidates.candidateemail": factories.CandidateEmailFactory,
    "candidates.candidatephone": factories.CandidatePhoneFactory,
    "candidates.consent": factories.ConsentFactory,
    "candidates.activity": factories.ActivityFactory,
    "candidates.candidatedocument": factories.CandidateDocumentFactory,
    "messaging.emailtemplate": factories.EmailTemplateFactory,
    "messaging.outboundemail": factories.OutboundEmailFactory,
    "messaging.suppression": factories.SuppressionFactory,
    "ats.department": factories.DepartmentFactory,
    "ats.job": factories.JobFactory,
    "ats.pipelinetemplate": factories.PipelineTemplateFactory,
    "ats.rejectionreason": factories.RejectionReasonFactory,
    "ats.application": factories.ApplicationFactory,
    "candidates.note": factories.NoteFactory,
    "accounts.notification": factories.NotificationFactory,
    "ats.careerssite": factories.CareersSiteFactory,
    "ats.jobboard": factories.JobBoardFactory,
    "ats.applicationdraft": factories.ApplicationDraftFactory,
    "candidates.datarequest": factories.DataRequestFactory,
    "ats.scorecardtemplate": factories.ScorecardTemplateFactory,
    "ats.interviewstep": factories.InterviewStepFactory,
    "ats.interview": factories.InterviewFactory,
    "ats.scorecard": factories.ScorecardFactory,
    "auth.group": None,
    "authtoken.tokenproxy": None,
}
REGISTERED = sorted(model._meta.label_lower for model in admin.site._registry)


def test_every_registered_model_has_a_factory_here():
    assert set(REGISTERED) <= set(FACTORY_FOR), set(REGISTERED) - set(FACTORY_FOR)


@pytest.mark.parametrize("label", REGISTERED)
def test_admin_changelist_and_change_page_load(client, admin_user, label):
    client.force_login(admin_user)
    app_label, model_name = label.split(".")
    factory = FACTORY_FOR[label]
    obj = factory() if factory else None
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    searched = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"), {"q": "x"})
    assert searched.status_code == 200
    if obj is not None:
        change = client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
        assert change.status_code == 200


def test_candidate_change_page_shows_the_timeline_inline(client, admin_user):
    candidate = factories.CandidateFactory()
    activity_record(candidate=candidate, verb="note.added", details={"subject": "Call went well"})
    document_add(candidate=candidate, upload=ContentFile(b"plain resume text", name="cv.txt"))
    client.force_login(admin_user)
    page = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    assert b"timeline (newest first)" in page.content.lower()
    assert b"note.added" in page.content and b"cv.txt" in page.content


def test_admin_edit_of_a_candidate_normalises_and_is_on_the_timeline(client, admin_user):
    candidate = factories.CandidateFactory(email="old@example.org")
    client.force_login(admin_user)
    url = reverse("admin:candidates_candidate_change", args=[candidate.pk])
    form = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": " Grace@Example.ORG ",
        "phone": "(415) 555-0101",
        "location": "",
        "current_title": "",
        "current_company": "",
        "summary": "",
        "linkedin_url": "",
        "github_url": "",
        "portfolio_url": "",
    }
    for prefix in ("other_emails", "other_phones", "consents", "documents", "activities"):
        form.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    documents_count = candidate.documents.count()
    form["documents-INITIAL_FORMS"] = documents_count
    form["activities-INITIAL_FORMS"] = 0
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    candidate.refresh_from_db()
    assert candidate.email == "grace@example.org" and candidate.phone == "+14155550101"
    assert candidate.activities.filter(verb="candidate.updated").exists()


def test_the_outbound_log_and_timeline_cannot_be_edited_in_the_admin(client, admin_user):
    outbound = factories.OutboundEmailFactory()
    activity = factories.ActivityFactory()
    client.force_login(admin_user)
    client.post(
        reverse("admin:messaging_outboundemail_change", args=[outbound.pk]), {"subject": "Changed"}
    )
    outbound.refresh_from_db()
    assert outbound.subject == "Hello"
    delete = client.post(
        reverse("admin:candidates_activity_delete", args=[activity.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert type(activity).objects.filter(pk=activity.pk).exists()


def test_hiring_manager_with_admin_access_sees_no_candidates_there(client, hiring_manager):
    from django.contrib.auth.models import Permission

    factories.CandidateFactory(email="secret@example.org")
    hiring_manager.is_staff = True
    hiring_manager.save()
    hiring_manager.user_permissions.add(Permission.objects.get(codename="view_candidate"))
    client.force_login(hiring_manager)
    page = client.get(reverse("admin:candidates_candidate_changelist"))
    assert page.status_code == 200
    assert b"secret@example.org" not in page.content
