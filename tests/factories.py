"""factory_boy factories for every model. Tests build what they need with these."""

from datetime import timedelta

import factory
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from ats.models import (
    Application,
    ApplicationDraft,
    ApplicationQuestion,
    CareersSite,
    Department,
    Interview,
    InterviewParticipant,
    InterviewStep,
    Job,
    JobBoard,
    JobMember,
    JobStatusChange,
    PipelineTemplate,
    PipelineTemplateStage,
    RejectionReason,
    Scorecard,
    ScorecardAttribute,
    ScorecardTemplate,
    Stage,
    StageChange,
)
from recruit.accounts.models import Notification, User
from recruit.accounts.roles import Role
from recruit.candidates.models import (
    Activity,
    Candidate,
    CandidateDocument,
    CandidateEmail,
    CandidatePhone,
    Consent,
    DataRequest,
    Note,
    Skill,
    Source,
    Tag,
)
from recruit.messaging.models import EmailTemplate, OutboundEmail, Suppression

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, roles: list[Role] | None, **kwargs):
        if create and roles:
            # get_or_create: the groups come from a data migration, and a transactional test
            # flushes every table when it ends.
            self.groups.add(*(Group.objects.get_or_create(name=str(role))[0] for role in roles))
        if create:
            self.save()


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source
        django_get_or_create = ("kind", "name")

    kind = Source.Kind.CAREERS_SITE
    name = "Careers site"


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag-{n}")


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill

    name = factory.Sequence(lambda n: f"Skill {n}")
    aliases = factory.LazyFunction(list)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")
    current_title = factory.Faker("job")
    current_company = factory.Faker("company")
    location = factory.Faker("city")
    source = factory.SubFactory(SourceFactory)

    @factory.post_generation
    def tags(self, create, tags, **kwargs):
        if create and tags:
            self.tags.set(tags)

    @factory.post_generation
    def skills(self, create, skills, **kwargs):
        if create and skills:
            self.skills.set(skills)


class CandidateEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateEmail

    candidate = factory.SubFactory(CandidateFactory)
    email = factory.Sequence(lambda n: f"other{n}@example.net")


class CandidatePhoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidatePhone

    candidate = factory.SubFactory(CandidateFactory)
    number = factory.Sequence(lambda n: f"+1415555{n:04d}")


class CandidateDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateDocument

    candidate = factory.SubFactory(CandidateFactory)
    original_name = "resume.txt"
    content_type = "text/plain"
    extension = ".txt"
    sha256 = factory.Sequence(lambda n: f"{n:064x}")
    size = 11
    file = factory.LazyAttribute(lambda doc: ContentFile(b"Hello world", name="resume.txt"))


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    candidate = factory.SubFactory(CandidateFactory)
    purpose = Consent.Purpose.APPLICATION
    wording_version = "2026-01"
    how = "careers form"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    candidate = factory.SubFactory(CandidateFactory)
    verb = "candidate.created"


class EmailTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailTemplate

    purpose = factory.Sequence(lambda n: f"template-{n}")
    name = factory.Sequence(lambda n: f"Template {n}")
    subject = "Hello {{ candidate.first_name }}"
    text_body = 'Hi {{ candidate.first_name|default:"there" }}, from {{ sender.full_name }}.'
    html_body = "<p>Hi {{ candidate.first_name }}</p>"


class OutboundEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboundEmail

    to_email = factory.Sequence(lambda n: f"to{n}@example.org")
    kind = "transactional"
    from_email = "Recruit <jobs@example.com>"
    subject = "Hello"
    text_body = "Hello"


class SuppressionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suppression

    email = factory.Sequence(lambda n: f"suppressed{n}@example.org")
    reason = Suppression.Reason.BOUNCED


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = "Engineering"


class JobFactory(factory.django.DjangoModelFactory):
    """An open job with the default pipeline's stages, as job_create would make it."""

    class Meta:
        model = Job
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Backend engineer {n}")
    slug = factory.Sequence(lambda n: f"backend-engineer-{n}")
    department = factory.SubFactory(DepartmentFactory)
    status = Job.Status.OPEN
    opened_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def stages(self, create, extracted, **kwargs):
        if create and not self.stages.exists():
            template = PipelineTemplate.objects.get(is_default=True)
            Stage.objects.bulk_create(
                Stage(job=self, name=s.name, kind=s.kind, position=s.position)
                for s in template.stages.all()
            )

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        """Structured places from `location`, as job_create makes them."""
        if create and self.location and not self.locations.exists():
            from ats.services.jobs import _save_locations

            _save_locations(self)

    @factory.post_generation
    def team(self, create, members, **kwargs):
        """team=[(user, "hiring_manager"), ...]"""
        for user, role in members or []:
            JobMember.objects.create(job=self, user=user, role=role)


class JobMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobMember

    job = factory.SubFactory(JobFactory)
    user = factory.SubFactory(UserFactory)
    role = JobMember.Role.HIRING_MANAGER


class JobStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobStatusChange

    job = factory.SubFactory(JobFactory)
    to_status = Job.Status.OPEN


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stage

    job = factory.SubFactory(JobFactory)
    name = factory.Sequence(lambda n: f"Stage {n}")
    kind = "interview"
    position = factory.Sequence(lambda n: 100 + n)


class PipelineTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PipelineTemplate

    name = factory.Sequence(lambda n: f"Pipeline {n}")


class PipelineTemplateStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PipelineTemplateStage

    template = factory.SubFactory(PipelineTemplateFactory)
    name = "Applied"
    kind = "applied"
    position = 0


class ApplicationQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationQuestion

    job = factory.SubFactory(JobFactory)
    label = "Are you allowed to work in the EU?"
    kind = ApplicationQuestion.Kind.YES_NO
    knockout_answers = factory.LazyFunction(lambda: ["no"])


class RejectionReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RejectionReason
        django_get_or_create = ("name",)

    name = "Missing required skills"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """An active application in the job's first stage (use the services to move it)."""

    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    job = factory.SubFactory(JobFactory)
    stage = factory.LazyAttribute(lambda app: app.job.stages.order_by("position").first())


class StageChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageChange

    application = factory.SubFactory(ApplicationFactory)
    to_stage = factory.LazyAttribute(lambda change: change.application.stage)


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    candidate = factory.SubFactory(CandidateFactory)
    author = factory.SubFactory(UserFactory)
    body = "Strong on PostgreSQL."


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    text = "Rita mentioned you on Grace Hopper"


class CareersSiteFactory(factory.django.DjangoModelFactory):
    """The one careers site row (pk 1)."""

    class Meta:
        model = CareersSite
        django_get_or_create = ("id",)

    id = 1
    company_name = "Northwind Labs"


class JobBoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobBoard
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Board {n}")
    code = factory.Sequence(lambda n: f"board-{n}")
    source = factory.LazyAttribute(
        lambda board: Source.objects.get_or_create(kind=Source.Kind.JOB_BOARD, name=board.name)[0]
    )


class ApplicationDraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationDraft

    job = factory.SubFactory(JobFactory)
    candidate = factory.SubFactory(CandidateFactory)


class DataRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DataRequest

    candidate = factory.SubFactory(CandidateFactory)
    kind = DataRequest.Kind.COPY
    how = "candidate status page"


# Interviews and scorecards. These write rows directly (no validation): schedule through
# ats.services.interviews when the rules are the point.


class ScorecardTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScorecardTemplate
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Backend scorecard {n}")

    @factory.post_generation
    def attributes(self, create, names, **kwargs):
        """attributes=[("Skills", "Python"), ("Traits", "Curiosity")]"""
        for position, (category, name) in enumerate(names or []):
            ScorecardAttribute.objects.create(
                template=self, category=category, name=name, position=position
            )


class ScorecardAttributeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScorecardAttribute

    template = factory.SubFactory(ScorecardTemplateFactory)
    category = "Skills"
    name = factory.Sequence(lambda n: f"Attribute {n}")
    position = factory.Sequence(lambda n: n)


class InterviewStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewStep

    stage = factory.SubFactory(StageFactory)
    name = "Technical interview"
    duration_minutes = 60
    scorecard_template = factory.SubFactory(ScorecardTemplateFactory)


def _tomorrow_at_ten():
    return (timezone.now() + timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)


class InterviewFactory(factory.django.DjangoModelFactory):
    """A scheduled interview tomorrow, 10:00-11:00 UTC. interviewers=[user, ...] adds them as
    participants (it does not put them on the hiring team)."""

    class Meta:
        model = Interview
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory)
    title = "Technical interview"
    start_at = factory.LazyFunction(_tomorrow_at_ten)
    end_at = factory.LazyAttribute(lambda interview: interview.start_at + timedelta(hours=1))
    time_zone = "UTC"

    @factory.post_generation
    def interviewers(self, create, users, **kwargs):
        for user in users or []:
            InterviewParticipant.objects.create(interview=self, user=user)


class InterviewParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewParticipant

    interview = factory.SubFactory(InterviewFactory)
    user = factory.SubFactory(UserFactory)


class ScorecardFactory(factory.django.DjangoModelFactory):
    """A submitted scorecard; its interviewer is made a participant of the interview."""

    class Meta:
        model = Scorecard
        skip_postgeneration_save = True

    interview = factory.SubFactory(InterviewFactory)
    interviewer = factory.SubFactory(UserFactory)
    overall = "yes"
    notes = "Clear thinker."
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def participant(self, create, extracted, **kwargs):
        if create:
            InterviewParticipant.objects.get_or_create(
                interview=self.interview, user=self.interviewer
            )
