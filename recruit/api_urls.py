"""The REST API: every app's viewsets on one router."""

from rest_framework.routers import DefaultRouter

from recruit.candidates.api.views import CandidateViewSet

router = DefaultRouter()
router.register("candidates", CandidateViewSet, basename="candidate")

urlpatterns = router.urls
