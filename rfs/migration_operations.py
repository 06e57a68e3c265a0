"""Migration operations for what only PostgreSQL has (trigram indexes, extensions).

The tests without ``DATABASE_URL`` run on SQLite, which has neither pg_trgm nor GIN.
These operations do their work on PostgreSQL and nothing elsewhere, and stay out of the
model state: a GIN index in a model's ``Meta.indexes`` would be written into every SQLite
table rebuild of that table and fail there, so ``Meta`` does not list these indexes and
``makemigrations`` has nothing to add. Used by ``rfs.0004`` and ``candidates.0007``.
"""

from django.contrib.postgres.operations import AddIndexConcurrently, TrigramExtension


class AddIndexOnPostgreSQL(AddIndexConcurrently):
    """``CREATE INDEX CONCURRENTLY`` on PostgreSQL, nothing elsewhere; never in the model
    state. Concurrently, so signups keep writing while a million rows are indexed; the
    migration using it must say ``atomic = False``."""

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return (
            f"Create index {self.index.name} on {self.model_name} (PostgreSQL only, concurrently)"
        )


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's extension operations check the database going forwards but not backwards:
    unapplying on SQLite would look for pg_extension."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
