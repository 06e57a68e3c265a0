from django.db import migrations, models
from django.db.models.functions import Cast, Concat

# allauth's emails that carried a code or a one-click link before this migration.
SECRET_PURPOSES = ["login_code", "email_confirmation", "email_confirmation_signup", "password_reset_key"]
# As OutboundEmail.REDACTED_BODY says it today (a migration cannot import the model's).
REDACTED_BODY = (
    "This email held a one-time code or link. It was removed once the email was sent, "
    "so that only the person it went to could use it."
)


def redact_earlier_codes(apps, schema_editor):
    """Rows written before: their subjects and unique keys named the code, their bodies
    held it. In a few statements, so a large outbox is not read into memory."""
    OutboundEmail = apps.get_model("rfs", "OutboundEmail")
    rows = OutboundEmail.objects.filter(purpose__in=SECRET_PURPOSES)
    rows.update(
        redact_after_send=True,
        # The primary key keeps each key unique; the code leaves it.
        unique_key=Concat(
            "purpose", models.Value("|redacted|"), Cast("id", models.CharField()), output_field=models.CharField()
        ),
    )
    rows.filter(purpose="login_code").update(subject="Your sign-in code")
    rows.filter(subject__startswith="Your confirmation code").update(subject="Your confirmation code")
    # Sent (or given up on) long ago: the code or link has expired; only the inbox keeps it.
    rows.filter(status__in=["sent", "failed", "suppressed"]).update(body_text=REDACTED_BODY, body_html="")


class Migration(migrations.Migration):

    dependencies = [
        ("rfs", "0006_analytics_refresh_lock"),
    ]

    operations = [
        migrations.AddField(
            model_name="outboundemail",
            name="redact_after_send",
            field=models.BooleanField(default=False, verbose_name="holds a code or link"),
        ),
        migrations.RunPython(redact_earlier_codes, migrations.RunPython.noop, elidable=True),
    ]
