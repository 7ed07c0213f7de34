from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from ats.views import careers_feeds
from recruit import views

admin.site.site_header = "Recruit administration"
admin.site.site_title = "Recruit admin"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Crawlers look for these at the root: the careers site's sitemap and the robots rules.
    path("robots.txt", careers_feeds.robots_txt, name="robots"),
    path("sitemap.xml", careers_feeds.sitemap, name="sitemap"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("candidates/", include("recruit.candidates.urls")),
    path("notifications/", include("recruit.accounts.urls")),
    path("ats/", include("ats.urls")),
    path("careers/", include("ats.urls_careers")),
    path("crm/", include("crm.urls")),
    path("campaigns/", include("campaigns.urls")),
    path("api/", include("recruit.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI on the schema: vendored, no inline script, login required (the middleware).
    path("api/docs/", TemplateView.as_view(template_name="api/docs.html"), name="api-docs"),
    path("admin/", admin.site.urls),
]

handler403 = "recruit.views.permission_denied"
handler404 = "recruit.views.page_not_found"
handler500 = "recruit.views.server_error"
