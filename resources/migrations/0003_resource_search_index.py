"""A GIN index for the library's full-text search on PostgreSQL (nothing on SQLite).

The indexed expression is the one ``resources.selectors._search_postgresql`` filters on
(title weighted A, description B, body C, in the "english" configuration), written out as
Django compiles it, so the planner can use the index. If the selector's vector changes,
this expression must change with it (tests/resources/test_library.py checks the plan).
"""

from django.db import migrations

INDEX = "resource_search_gin"

CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON resources_resource USING gin ((
    setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, COALESCE(description, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, COALESCE(body, '')), 'C')
))
"""

DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):

    dependencies = [
        ("resources", "0002_library_trainings_perks_community"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
