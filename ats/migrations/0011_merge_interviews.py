"""Joins the three parts of interviews built side by side (#6): calendar feeds, reminders and
self-scheduling each added their models on top of 0009_interviews."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ats", "0010_calendar_feeds"),
        ("ats", "0010_reminders"),
        ("ats", "0010_self_scheduling"),
    ]
    operations = []
