"""Trigram indexes on people's names and emails, for the directors' candidate search.

Django's ``icontains`` is ``UPPER(column) LIKE UPPER('%term%')`` on PostgreSQL; a GIN
index of trigrams on ``UPPER(name)`` and ``UPPER(email)`` answers it without reading
every person (see ``candidates.admin.people.CandidateAdmin.get_search_results``).

PostgreSQL only, and outside the model state on purpose: SQLite (the tests without
``DATABASE_URL``) has neither pg_trgm nor GIN, and a GinIndex in ``User.Meta.indexes``
would be written into every SQLite table rebuild of ``rfs_user`` and fail there. So
``User.Meta`` does not list these indexes and ``makemigrations`` has nothing to add.
Built concurrently: signups keep writing to ``rfs_user`` while a million rows are indexed.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import AddIndexConcurrently, TrigramExtension
from django.db import migrations
from django.db.models.functions import Upper


class AddIndexOnPostgreSQL(AddIndexConcurrently):
    """``CREATE INDEX CONCURRENTLY`` on PostgreSQL, nothing elsewhere; never in the model state.

    Defined here rather than imported so the migration keeps working whatever the code
    becomes (a squash must copy it).
    """

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only, concurrently)"


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's extension operations check the database going forwards but not backwards:
    unapplying on SQLite would look for pg_extension."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("rfs", "0003_analytics_summary_tables"),
    ]

    operations = [
        TrigramExtensionOnPostgreSQL(),
        AddIndexOnPostgreSQL(
            "user", GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="user_name_trgm_idx"),
        ),
        AddIndexOnPostgreSQL(
            "user", GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="user_email_trgm_idx"),
        ),
    ]
