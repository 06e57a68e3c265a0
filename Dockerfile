# One image for the web, worker and beat containers; docker-compose.yml picks the command.
#
# Two stages: the first compiles psycopg2 against libpq (gcc, libpq-dev) into a
# virtualenv, the second copies that virtualenv next to the code and carries only the
# runtime library (libpq5).

FROM python:3.11-slim-bookworm AS build

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev gettext \
    && rm -rf /var/lib/apt/lists/*

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv

WORKDIR /src
# The dependencies first, from the lock with their hashes, so a code change reuses this
# layer (`make lock` refreshes requirements/base.txt from pyproject.toml).
COPY requirements/base.txt ./requirements.txt
RUN pip install --require-hashes -r requirements.txt
# Then the project itself (not the dev extras).
COPY . .
RUN pip install --no-deps .
# The translations, compiled here by GNU gettext (the .mo files are never committed) and
# copied into the runtime stage, which carries no gettext. Throwaway settings as below.
RUN DJANGO_DEBUG=0 \
    DJANGO_SECRET_KEY=compilemessages-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    RFS_SITE_URL=http://localhost \
    python manage.py compilemessages -i .venv -i node_modules


FROM python:3.11-slim-bookworm

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 1000 rfs \
    && useradd --system --uid 1000 --gid rfs --home-dir /app --no-create-home --shell /usr/sbin/nologin rfs

# PYTHONPATH: settings find templates/ and static/ next to the rfs package, so the code
# in /app is imported rather than the copy `pip install .` put in site-packages.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=rfs.settings \
    RFS_VAR_DIR=/app/var \
    WEB_CONCURRENCY=3

COPY --from=build /opt/venv /opt/venv
WORKDIR /app
# The code stays owned by root: the app user writes only to var/, private/ and media/.
COPY . .

COPY --from=build /src/locale /app/locale

# Collect static files at build time. Settings refuse to load with DEBUG off unless a
# secret key, allowed hosts and the site's address are given: these throwaway values
# exist for this step only and are not in the image's environment.
RUN DJANGO_DEBUG=0 \
    DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    DJANGO_ALLOWED_HOSTS=localhost \
    RFS_SITE_URL=http://localhost \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var /app/private /app/media \
    && chown -R rfs:rfs /app/var /app/private /app/media

USER rfs
EXPOSE 8000

# gunicorn reads WEB_CONCURRENCY for its number of workers.
CMD ["gunicorn", "rfs.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
