from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("messaging", "0002_scheduled_emails")]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="alternatives",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="outboundemail",
            name="attachments",
            field=models.JSONField(blank=True, default=list),
        ),
    ]
