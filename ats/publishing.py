"""What the careers site publishes about jobs for machines: schema.org JobPosting JSON-LD."""

import json

from django.utils.safestring import SafeString, mark_safe

from ats.models import CareersSite, Job


def job_posting(job: Job, site: CareersSite) -> dict:
    return {"@context": "https://schema.org/", "@type": "JobPosting", "title": job.title}


def job_posting_json(job: Job, site: CareersSite) -> SafeString:
    """The JSON-LD, safe inside <script type="application/ld+json"> (no "</" can close it)."""
    text = json.dumps(job_posting(job, site), ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
