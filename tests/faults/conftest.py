"""Fault tests: real worker and beat processes (under scripts/supervise.py, as the soak
test runs them) on the suite's PostgreSQL database and a Redis broker, killed on purpose.

They need PostgreSQL (the processes share the test database) and Redis: skipped without
them, failed under REQUIRE_SERVICES=1 (.ci/run).
"""

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.integration.conftest import live_celery, redis_broker_url  # noqa: F401 (fixtures)


@pytest.fixture
def database_url(transactional_db) -> str:
    """The test database as a DATABASE_URL for processes started by the test."""
    require_service(
        "PostgreSQL",
        connection.vendor == "postgresql",
        "set DATABASE_URL to a PostgreSQL database (processes share the test database)",
    )
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
