"""The REST API: every app's viewsets on one router. Documented at /api/docs/ (schema at
/api/schema/)."""

from rest_framework.routers import DefaultRouter

from ats.api.interviews import InterviewViewSet, ScorecardViewSet
from ats.api.views import ApplicationViewSet, JobViewSet, RejectionReasonViewSet
from recruit.candidates.api.views import CandidateViewSet

router = DefaultRouter()
router.register("jobs", JobViewSet, basename="job")
router.register("applications", ApplicationViewSet, basename="application")
router.register("rejection-reasons", RejectionReasonViewSet, basename="rejection-reason")
router.register("interviews", InterviewViewSet, basename="interview")
# Blind feedback is in the permission layer: others' scorecards show once yours is submitted.
router.register("scorecards", ScorecardViewSet, basename="scorecard")
# Blind review is in the permission layer: a candidate seen only under it is not listed here.
router.register("candidates", CandidateViewSet, basename="candidate")

urlpatterns = router.urls
