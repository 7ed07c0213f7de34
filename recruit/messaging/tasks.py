from celery import shared_task

from recruit.messaging import services


@shared_task(name="messaging.deliver_pending_emails")
def deliver_pending_emails() -> int:
    """Beat, every minute: retry failed sends and pick up any whose after-commit send never ran."""
    return services.outbound_deliver_pending()
