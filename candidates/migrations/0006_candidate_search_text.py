"""The candidate's own copy of the person's name and email, for the directors' search
(``Candidate.search_text``), filled for everyone already here in one statement."""

from django.db import migrations, models

FILL = """
UPDATE candidates_candidate
SET search_text = (SELECT rfs_user.name || ' ' || rfs_user.email FROM rfs_user WHERE rfs_user.id = candidates_candidate.user_id)
"""


class Migration(migrations.Migration):

    dependencies = [
        ("candidates", "0005_dashboard_indexes"),
        ("rfs", "0004_people_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunSQL(FILL, reverse_sql=migrations.RunSQL.noop, elidable=True),
    ]
