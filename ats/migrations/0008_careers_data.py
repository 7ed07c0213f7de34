"""What the careers site needs from day one: the careers-site source, the job boards with their
tracking codes, the knockout rejection reason, the confirmation and status-link emails, and
structured places for jobs created before locations were split (all editable in the admin)."""

from django.db import migrations

BOARDS = [
    ("Indeed", "indeed", ["indeed.com", "indeed.co.uk", "indeed.de", "indeed.fr"]),
    ("LinkedIn", "linkedin", ["linkedin.com", "lnkd.in"]),
    ("Glassdoor", "glassdoor", ["glassdoor.com", "glassdoor.co.uk", "glassdoor.de"]),
    ("Google for Jobs", "google-jobs", []),
    ("RSS feed", "rss", []),
]
KNOCKOUT_REASON = "Did not meet requirements"
RECEIVED_TEXT = """Hello {{ candidate.first_name|default:"there" }},

Thank you for applying for {{ job.title }} at {{ company.name }}. We have your application and
will be in touch.

You can follow its status, withdraw it, send us an updated resume or ask about your data here
(the link works for {{ status.valid_days }} days):
{{ status.url }}

{{ company.name }}
"""
LINK_TEXT = """Hello {{ candidate.first_name|default:"there" }},

Here is a new link to the status of your applications at {{ company.name }}
(it works for {{ status.valid_days }} days):
{{ status.url }}

If you did not ask for it, you can ignore this email.
"""
TEMPLATES = [
    ("application-received", "Application received",
     "Your application for {{ job.title }}", RECEIVED_TEXT),
    ("application-status-link", "Application status link",
     "Your applications at {{ company.name }}", LINK_TEXT),
]  # fmt: skip


def create(apps, schema_editor):
    from ats.services.locations import parse_locations

    Source = apps.get_model("candidates", "Source")
    Source.objects.get_or_create(kind="careers_site", name="Careers site")
    JobBoard = apps.get_model("ats", "JobBoard")
    for name, code, domains in BOARDS:
        source, _ = Source.objects.get_or_create(kind="job_board", name=name)
        JobBoard.objects.get_or_create(
            code=code, defaults={"name": name, "source": source, "referrer_domains": domains}
        )
    Reason = apps.get_model("ats", "RejectionReason")
    Reason.objects.get_or_create(name=KNOCKOUT_REASON, defaults={"position": 100})
    EmailTemplate = apps.get_model("messaging", "EmailTemplate")
    for purpose, name, subject, text in TEMPLATES:
        EmailTemplate.objects.get_or_create(
            purpose=purpose, defaults={"name": name, "subject": subject, "text_body": text}
        )
    Job, JobLocation = apps.get_model("ats", "Job"), apps.get_model("ats", "JobLocation")
    for job in Job.objects.exclude(location=""):
        JobLocation.objects.bulk_create(
            JobLocation(job=job, position=n, city=p.city, region=p.region, country=p.country)
            for n, p in enumerate(parse_locations(job.location))
        )


class Migration(migrations.Migration):
    dependencies = [("ats", "0007_careers_site")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
