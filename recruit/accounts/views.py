"""The signed-in user's notifications: the inbox, opening one (which marks it read) and
marking them all read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from recruit.accounts.models import Notification

PAGE_SIZE = 50


def _inbox(request: HttpRequest):
    return Notification.objects.filter(user=request.user)


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """Newest first; unread ones stand out until opened or marked read."""
    page = Paginator(_inbox(request), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page})


@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go to what it is about. Another user's is a 404."""
    notification = get_object_or_404(_inbox(request), pk=pk)
    if notification.read_at is None:
        _inbox(request).filter(pk=pk, read_at__isnull=True).update(read_at=timezone.now())
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("accounts:notifications")
    return redirect(target)


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = _inbox(request).filter(read_at__isnull=True).update(read_at=timezone.now())
    if marked:
        messages.success(request, f"Marked {marked} notification{'s' if marked != 1 else ''} read.")
    return redirect("accounts:notifications")
