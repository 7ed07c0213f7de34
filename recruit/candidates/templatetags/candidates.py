import phonenumbers
from django import template

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """+14155550163 reads as +1 415-555-0163: stored in E.164, shown the way people write it."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
