"""How the API answers when a service refuses: the same shapes as DRF's own errors.

Services raise Django's ValidationError; an API view turns it into a 400 whose body looks like a
serializer's errors ({"field": [...]} or {"non_field_errors": [...]}), so clients handle one shape.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings


def service_error(error: DjangoValidationError) -> exceptions.ValidationError:
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return exceptions.ValidationError(detail)


class ServiceErrorsMixin:
    """For viewsets whose actions call services: a service's ValidationError becomes a 400."""

    def handle_exception(self, exc):
        if isinstance(exc, DjangoValidationError):
            exc = service_error(exc)
        return super().handle_exception(exc)
