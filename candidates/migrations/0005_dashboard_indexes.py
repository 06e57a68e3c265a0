"""Indexes for the dashboard's live figures at a million candidates: the stuck list
(national staff's, and by state), the screening backlog, calls held with no log, and screeners' calls of a week."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('candidates', '0004_race_result_recorded'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='candidate',
            index=models.Index(fields=['stage_changed_at'], name='candidate_changed_idx'),
        ),
        migrations.AddIndex(
            model_name='candidate',
            index=models.Index(fields=['state', 'stage_changed_at'], name='candidate_state_changed_idx'),
        ),
        migrations.AddIndex(
            model_name='candidate',
            index=models.Index(condition=models.Q(('screening_opt_in_at__isnull', False), ('stage', 'intro_attended')), fields=['region'], name='candidate_screening_wait_idx'),
        ),
        migrations.AddIndex(
            model_name='screeningcall',
            index=models.Index(fields=['status', 'starts_at'], name='screeningcall_status_idx'),
        ),
        migrations.AddIndex(
            model_name='screeningcall',
            index=models.Index(fields=['screener', 'starts_at'], name='screeningcall_week_idx'),
        ),
    ]
