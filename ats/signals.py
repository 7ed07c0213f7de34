"""What happens in the ATS that upper layers (crm, campaigns) react to. ats never imports them:
they connect handlers in their AppConfig.ready(). Signals are sent inside the transaction that
made the change, so a handler's writes commit or roll back with it."""

from django.dispatch import Signal

# Each is sent with application=<Application> and actor=<User or None>.
application_created = Signal()
application_moved = Signal()  # also from_stage=, to_stage=
application_rejected = Signal()  # keep_in_touch is on the application
application_withdrawn = Signal()
application_reopened = Signal()
application_hired = Signal()
# Sent with job=<Job>, actor=, from_status=, to_status=.
job_status_changed = Signal()
# The careers site. Sent with candidate=<Candidate>, departments=[Department], locations=[str].
talent_community_joined = Signal()
# Step 1 of applying done, step 2 never: sent with draft=<ApplicationDraft>.
application_abandoned = Signal()

# Interviews and scorecards. Unlike the signals above, these are sent on commit (never for a
# change that rolled back), so handlers may send email or enqueue tasks directly.
# Sent with interview=<Interview> and actor=<User or None>.
interview_scheduled = Signal()
# interview_rescheduled also: previous_start=, previous_end=, added=[User], removed=[User].
interview_rescheduled = Signal()
interview_cancelled = Signal()  # also reason=<str>
# Sent with scorecard=<Scorecard> and actor=.
scorecard_submitted = Signal()
scorecard_amended = Signal()  # also revision=<ScorecardRevision>, the content it replaced
