"""Trigram indexes on people's names and emails, for searching people in the admin.

Django's ``icontains`` is ``UPPER(column) LIKE UPPER('%term%')`` on PostgreSQL; a GIN
index of trigrams on ``UPPER(name)`` and ``UPPER(email)`` answers it without reading
every person. PostgreSQL only and outside the model state (see
``rfs.migration_operations``); built concurrently.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations
from django.db.models.functions import Upper

from rfs.migration_operations import AddIndexOnPostgreSQL, TrigramExtensionOnPostgreSQL


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
