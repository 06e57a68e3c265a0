"""The dashboard's summary tables, which rfs created (rfs.0003, rfs.0006): added to
insights' state only, under their old table names (``db_table``); rfs.0008 removed them
from rfs's state. A new database gets the tables from rfs's migrations."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


MOVED = ["analyticssnapshot", "analyticsrefreshlock", "durationcell", "fairsharecell", "funnelcell"]


def content_types_follow(apps, schema_editor, source="rfs", target="insights"):
    """The models' content types (and the permissions hung on them) move with them,
    rather than staying behind as stale rfs rows while new insights rows appear. On a new
    database there are none yet: they are created after the migrations run."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=source, model__in=MOVED).update(app_label=target)


def content_types_return(apps, schema_editor):
    content_types_follow(apps, schema_editor, source="insights", target="rfs")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('rfs', '0009_analytics_moved_to_insights'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AnalyticsSnapshot',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('computed_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='computed')),
                        ('candidates', models.PositiveIntegerField(default=0, verbose_name='candidates counted')),
                        ('seconds', models.FloatField(default=0, verbose_name='took (seconds)')),
                        ('impact', models.JSONField(blank=True, default=dict, verbose_name='public impact figures')),
                    ],
                    options={
                        'verbose_name': 'analytics refresh',
                        'verbose_name_plural': 'analytics refreshes',
                        'db_table': 'rfs_analyticssnapshot',
                        'ordering': ['-computed_at'],
                    },
                ),
                migrations.CreateModel(
                    name='AnalyticsRefreshLock',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('held_since', models.DateTimeField(blank=True, null=True, verbose_name='refresh queued or running since')),
                        ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by')),
                    ],
                    options={
                        'verbose_name': 'analytics refresh lock',
                        'verbose_name_plural': 'analytics refresh locks',
                        'db_table': 'rfs_analyticsrefreshlock',
                    },
                ),
                migrations.CreateModel(
                    name='DurationCell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(blank=True, max_length=2)),
                        ('level', models.CharField(blank=True, max_length=20)),
                        ('source', models.CharField(blank=True, max_length=100)),
                        ('cohort', models.CharField(max_length=7)),
                        ('step', models.CharField(max_length=40)),
                        ('days', models.PositiveIntegerField()),
                        ('count', models.PositiveIntegerField()),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='rfs.region')),
                    ],
                    options={
                        'verbose_name': 'duration cell',
                        'verbose_name_plural': 'duration cells',
                        'db_table': 'rfs_durationcell',
                        'indexes': [models.Index(fields=['region', 'cohort'], name='durationcell_region_cohort_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='FairShareCell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('signed_up', models.PositiveIntegerField(default=0)),
                        ('intro_attended', models.PositiveIntegerField(default=0)),
                        ('screened', models.PositiveIntegerField(default=0)),
                        ('running', models.PositiveIntegerField(default=0)),
                        ('applied', models.PositiveIntegerField(default=0)),
                        ('endorsed', models.PositiveIntegerField(default=0)),
                        ('won', models.PositiveIntegerField(default=0)),
                        ('state', models.CharField(blank=True, max_length=2)),
                        ('cohort', models.CharField(max_length=7)),
                        ('dimension', models.CharField(max_length=20)),
                        ('value', models.CharField(max_length=30)),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='rfs.region')),
                    ],
                    options={
                        'verbose_name': 'fair-share cell',
                        'verbose_name_plural': 'fair-share cells',
                        'db_table': 'rfs_fairsharecell',
                        'indexes': [models.Index(fields=['dimension', 'region', 'cohort'], name='fairsharecell_dim_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='FunnelCell',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('signed_up', models.PositiveIntegerField(default=0)),
                        ('intro_attended', models.PositiveIntegerField(default=0)),
                        ('screened', models.PositiveIntegerField(default=0)),
                        ('running', models.PositiveIntegerField(default=0)),
                        ('applied', models.PositiveIntegerField(default=0)),
                        ('endorsed', models.PositiveIntegerField(default=0)),
                        ('won', models.PositiveIntegerField(default=0)),
                        ('state', models.CharField(blank=True, max_length=2)),
                        ('level', models.CharField(blank=True, max_length=20)),
                        ('source', models.CharField(blank=True, max_length=100)),
                        ('cohort', models.CharField(help_text='Signup month, YYYY-MM (UTC).', max_length=7)),
                        ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='rfs.region')),
                    ],
                    options={
                        'verbose_name': 'funnel cell',
                        'verbose_name_plural': 'funnel cells',
                        'db_table': 'rfs_funnelcell',
                        'indexes': [models.Index(fields=['region', 'cohort'], name='funnelcell_region_cohort_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_return),
    ]
