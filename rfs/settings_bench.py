"""The benchmark profile (``make bench``): production settings on loopback.

Everything is production (DEBUG off, PostgreSQL, Redis as cache and broker, the manifest
static files, allauth's rate limits, two-factor for staff) except what follows, each for
a stated reason:

- **Rate limits are keyed by client address from X-Forwarded-For** (one trusted proxy),
  as production behind a reverse proxy would configure them. The load generator sends a
  different address for each simulated person, so one generator on loopback is not
  throttled as if it were one person; the limits themselves stay on with their values.
- **Plain HTTP on loopback**: no HTTPS redirect, no Secure cookie flag (TLS belongs to
  the proxy in front, which is not measured).
- **A reference page** at ``/bench/reference/`` (``bench.urls``), a minimal template with
  no database work. Every figure is printed as a ratio to its latency. The production
  URLconf (``rfs.urls``) is included unchanged.

Defaults point at the benchmark's own database and Redis databases; the environment may
override each one (``bench/run.py`` sets them).
"""

import os

# Production behaviour whatever the shell says (the Makefile exports DJANGO_DEBUG=1 for `make run`).
os.environ["DJANGO_DEBUG"] = "0"
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-key-loopback-never-deployed-5c1e9a7b3d")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("RFS_SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/rfs_bench")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/7")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/8")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")
os.environ.setdefault(
    "DJANGO_STATIC_ROOT",
    os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "bench", "static"),
)

from .settings import *  # noqa: F403
from .settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

# The client address is the last X-Forwarded-For hop (one proxy), as in docker-compose.
RFS_TRUSTED_PROXY_COUNT = ALLAUTH_TRUSTED_PROXY_COUNT = 1

# Quiet logs: a line per request on the console would cost as much as the page.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
