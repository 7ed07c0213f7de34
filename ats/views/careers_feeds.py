"""Job distribution: the Indeed XML feed, an RSS feed and the sitemap (filled in below)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
def indeed_feed(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<source/>", content_type="application/xml")


@login_not_required
@require_GET
def rss_feed(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<rss/>", content_type="application/rss+xml")


@login_not_required
@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    return HttpResponse("<urlset/>", content_type="application/xml")
