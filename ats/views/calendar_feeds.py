"""The private calendar feed: the .ics a calendar app fetches with the secret in its URL (no
login: the token is the credential), and the page where a user makes, replaces or revokes it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.views.decorators.http import require_GET, require_POST, require_safe

from ats import invites
from ats.selectors.calendar_feeds import (
    calendar_feed_for_token,
    calendar_feed_interviews,
    calendar_feed_live,
)
from ats.services.calendar_feeds import calendar_feed_revoke, calendar_feed_rotate

ICS = "text/calendar; charset=utf-8"


@login_not_required
@require_safe  # GET, and HEAD for calendar apps that check before they fetch
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed_token = calendar_feed_for_token(token=token)
    if feed_token is None:
        raise Http404("No such calendar feed.")
    user = feed_token.user
    interviews = list(calendar_feed_interviews(user=user))
    response = HttpResponse(invites.feed_document(user=user, interviews=interviews), ICS)
    # Personal data behind a secret URL: no shared cache keeps it, no page links on to it.
    response["Cache-Control"] = "private"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Disposition"] = 'inline; filename="interviews.ics"'
    return response


def feed_url(token: str) -> str:
    return settings.SITE_URL + reverse("ats:calendar-feed", args=[token])


@require_GET
def calendar_feed_settings(request: HttpRequest) -> HttpResponse:
    live = calendar_feed_live(user=request.user)
    url = feed_url(live.token) if live else ""
    context = {
        "feed": live,
        "url": url,
        # Calendar apps open webcal: links as "subscribe to this calendar".
        "webcal_url": "webcal://" + url.split("://", 1)[1] if url else "",
    }
    return render(request, "ats/calendar_feed.html", context)


@require_POST
def calendar_feed_new(request: HttpRequest) -> HttpResponse:
    replaced = calendar_feed_live(user=request.user) is not None
    calendar_feed_rotate(user=request.user)
    messages.success(
        request,
        "New feed address made; the old one no longer works. Subscribe again with the new one."
        if replaced
        else "Feed address made. Add it to your calendar app as a subscription.",
    )
    return redirect("ats:calendar-feed-settings")


@require_POST
def calendar_feed_stop(request: HttpRequest) -> HttpResponse:
    if calendar_feed_revoke(user=request.user):
        messages.success(request, "Feed address revoked: calendars subscribed to it stop updating.")
    return redirect("ats:calendar-feed-settings")


urlpatterns = [
    # token_urlsafe's alphabet; anything else is a 404 without a query.
    re_path(
        r"^calendar/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", calendar_feed, name="calendar-feed"
    ),
    path("calendar-feed/", calendar_feed_settings, name="calendar-feed-settings"),
    path("calendar-feed/new/", calendar_feed_new, name="calendar-feed-new"),
    path("calendar-feed/revoke/", calendar_feed_stop, name="calendar-feed-revoke"),
]
