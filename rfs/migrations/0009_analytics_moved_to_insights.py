"""The dashboard's summary tables moved to the insights app: removed from rfs's state
only. The tables stay as they are (the insights models name them in ``db_table``), so
no row moves; ``insights.0001_initial`` adds the same models to insights' state."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('rfs', '0008_heartbeat'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='analyticsrefreshlock',
                    name='requested_by',
                ),
                migrations.DeleteModel(
                    name='AnalyticsSnapshot',
                ),
                migrations.RemoveField(
                    model_name='durationcell',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='fairsharecell',
                    name='region',
                ),
                migrations.RemoveField(
                    model_name='funnelcell',
                    name='region',
                ),
                migrations.DeleteModel(
                    name='AnalyticsRefreshLock',
                ),
                migrations.DeleteModel(
                    name='DurationCell',
                ),
                migrations.DeleteModel(
                    name='FairShareCell',
                ),
                migrations.DeleteModel(
                    name='FunnelCell',
                ),
            ],
            database_operations=[],
        ),
    ]
