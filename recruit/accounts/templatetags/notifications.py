from django import template

from recruit.accounts.models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """How many notifications the signed-in user has not read. Counted once per request,
    however often the page asks (the navigation is drawn twice: sidebar and phone menu)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_authenticated", False):
        return 0
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = Notification.objects.filter(
            user=user, read_at__isnull=True
        ).count()
    return request._unread_notification_count
