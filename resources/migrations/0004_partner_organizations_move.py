"""Partner organisations move from the endorsements app to resources (issue 18: the
partners page lives here, and resources sits below endorsements). The table keeps its
name, so only Django's idea of the model moves: no row is copied. Its content type is
renamed too, so admin history and permissions stay attached to the same rows."""

import django.db.models.deletion
from django.db import migrations, models


def _rename_content_type(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label=new, model="partnerorganization").exists():
        ContentType.objects.filter(app_label=old, model="partnerorganization").update(app_label=new)


def _move_content_type(apps, schema_editor) -> None:
    _rename_content_type(apps, "endorsements", "resources")


def _move_content_type_back(apps, schema_editor) -> None:
    _rename_content_type(apps, "resources", "endorsements")


class Migration(migrations.Migration):

    dependencies = [
        ('resources', '0003_resource_search_index'),
        ('endorsements', '0003_cycle_quorum_research_not_applicable'),
        ('contenttypes', '0002_remove_content_type_name'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.CreateModel(
            name='PartnerOrganization',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='name')),
                ('slug', models.SlugField(max_length=200, unique=True, verbose_name='slug')),
                ('focus', models.JSONField(blank=True, default=list, help_text='Values of resources.enums.PartnerFocus.', verbose_name='focus')),
                ('focus_text', models.CharField(max_length=300, verbose_name='who they support, in a sentence')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('url', models.URLField(max_length=500, verbose_name='website')),
                ('scope', models.CharField(choices=[('national', 'National'), ('state', 'State'), ('local', 'Local')], default='national', max_length=10, verbose_name='scope')),
                ('states', models.JSONField(blank=True, default=list, help_text='e.g. ["NY"]; empty for every state', verbose_name='states')),
                ('active', models.BooleanField(default=True, verbose_name='listed')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'partner organization',
                'verbose_name_plural': 'partner organizations',
                'db_table': 'endorsements_partnerorganization',
                'ordering': ['name'],
            },
        )]),
        migrations.AlterField(
            model_name='channel',
            name='identity',
            field=models.CharField(blank=True, help_text='A value of resources.enums.PartnerFocus.', max_length=30, verbose_name='identity'),
        ),
        # The column already points at the same table.
        migrations.SeparateDatabaseAndState(state_operations=[migrations.AlterField(
            model_name='partnertraining',
            name='organiser',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='trainings', to='resources.partnerorganization', verbose_name='organiser'),
        )]),
        migrations.RunPython(_move_content_type, _move_content_type_back),
    ]
