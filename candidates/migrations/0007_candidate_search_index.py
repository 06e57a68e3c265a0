"""A trigram index on the candidate's name and email (``search_text``), for the
directors' list searched by name: ``UPPER(search_text) LIKE UPPER('%lee%')`` reads only
the matching candidates, and the region filter is checked on those rows.

PostgreSQL only and outside the model state (``rfs.migration_operations``); built
concurrently, so signups go on while a million rows are indexed.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations
from django.db.models.functions import Upper

from rfs.migration_operations import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [
        ("candidates", "0006_candidate_search_text"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            "candidate",
            GinIndex(OpClass(Upper("search_text"), name="gin_trgm_ops"), name="candidate_search_trgm_idx"),
        ),
    ]
