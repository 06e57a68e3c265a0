"""A screener's pages showed times in their person's zone while their emails used the
zone they gave when applying ("7:00 PM EST" on the page, "6:00 PM CST" in the email).
From now on both use the person's zone, set from the one they gave: copy it over once."""

from django.db import migrations


def copy_zone(apps, schema_editor):
    Screener = apps.get_model("candidates", "Screener")
    User = apps.get_model("rfs", "User")
    for user_id, zone in Screener.objects.values_list("user_id", "time_zone").iterator():
        if zone:
            User.objects.filter(pk=user_id).exclude(time_zone=zone).update(time_zone=zone)


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0009_candidate_screening_sent_on_by"),
    ]

    operations = [migrations.RunPython(copy_zone, migrations.RunPython.noop)]
