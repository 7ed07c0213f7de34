"""How emails and phone numbers are compared: one normal form each, used everywhere."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email


def normalize_email(value: str) -> str:
    """Lower-cased and trimmed. Plus-addresses stay distinct: jane+jobs@ is not jane@."""
    email = (value or "").strip().lower()
    if email:
        validate_email(email)
    return email


def normalize_phone(value: str, region: str | None = None) -> str:
    """E.164 (+14155550123), reading numbers without a country code as `region`'s."""
    raw = (value or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, region or settings.PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise ValidationError(f"{raw!r} is not a phone number.") from error
    if not phonenumbers.is_possible_number(number):
        raise ValidationError(f"{raw!r} is not a possible phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
