"""Deployment: the compose file is valid, production settings pass Django's deploy checks,
refuse to start without their secrets, and the models have no unwritten migrations.

Each test runs a command in a subprocess, because settings read the environment once,
at import.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import require_service

REPO = Path(__file__).resolve().parent.parent

# Variables the settings read, removed from the inherited environment so that a developer's
# shell or CI's PostgreSQL and Redis do not leak into what a test means to check.
SETTINGS_PREFIXES = ("DJANGO_", "RFS_", "DATABASE_", "CELERY_", "REDIS_", "EMAIL_")


def clean_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIXES)}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        RFS_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(variables)
    return env


def production_env(tmp_path: Path, **variables: str) -> dict[str, str]:
    return clean_env(
        tmp_path,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="candidates.example.org",
        RFS_SITE_URL="https://candidates.example.org",
        **variables,
    )


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=20, check=False
    )


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return run([sys.executable, "manage.py", *args], env)


@pytest.mark.parametrize("profile", [[], ["--profile", "minio"]])
def test_compose_file_is_valid_with_a_secret_key(profile):
    compose = shutil.which("docker-compose")
    require_service("docker-compose", compose is not None, "apt-get install -y docker-compose")

    result = run(
        [compose, "-f", "docker-compose.yml", *profile, "config", "-q"],
        {
            **os.environ,
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "RFS_SITE_URL": "https://candidates.example.org",
        },
    )

    assert result.returncode == 0, result.stderr


def test_compose_minio_profile_gives_the_app_its_bucket():
    compose = shutil.which("docker-compose")
    require_service("docker-compose", compose is not None, "apt-get install -y docker-compose")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RFS_", "AWS_"))},
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "RFS_SITE_URL": "https://candidates.example.org",
    }
    base = [compose, "-f", "docker-compose.yml"]
    minio = [*base, "--profile", "minio"]
    s3_env = {**env, "RFS_STORAGE": "s3", "RFS_S3_ENDPOINT_URL": "http://minio:9000"}

    plain = run([*base, "config"], env).stdout
    s3 = run([*minio, "config"], s3_env).stdout

    # Only `--profile minio` starts MinIO; the app's services belong to no profile.
    services = yaml.safe_load(s3)["services"]
    assert services["minio"]["profiles"] == ["minio"]
    assert services["minio-setup"]["profiles"] == ["minio"]
    assert "profiles" not in services["web"]
    assert "RFS_STORAGE: local" in plain
    assert "RFS_STORAGE: s3" in s3
    assert "RFS_S3_ENDPOINT_URL: http://minio:9000" in s3
    assert "mc mb --ignore-existing" in s3


def test_compose_file_refuses_to_start_without_a_site_url():
    compose = shutil.which("docker-compose")
    require_service("docker-compose", compose is not None, "apt-get install -y docker-compose")
    env = {k: v for k, v in os.environ.items() if k != "RFS_SITE_URL"}

    result = run(
        [compose, "-f", "docker-compose.yml", "config", "-q"],
        {**env, "DJANGO_SECRET_KEY": "x" * 50},
    )

    assert result.returncode != 0
    assert "RFS_SITE_URL" in result.stderr


def test_compose_file_refuses_to_start_without_a_secret_key():
    compose = shutil.which("docker-compose")
    require_service("docker-compose", compose is not None, "apt-get install -y docker-compose")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}

    result = run(
        [compose, "-f", "docker-compose.yml", "config", "-q"],
        {**env, "RFS_SITE_URL": "https://candidates.example.org"},
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path))

    output = result.stdout + result.stderr
    fired = sorted(set(re.findall(r"\(([\w.]+\.[EW]\d+)\)", output)))
    assert result.returncode == 0, f"checks fired: {fired}\n{output}"
    assert "WARNINGS" not in output
    assert "?: (" not in output
    assert "System check identified no issues" in output


@pytest.mark.parametrize(
    ("variables", "preload"), [({}, False), ({"DJANGO_HSTS_PRELOAD": "1"}, True)]
)
def test_hsts_preload_is_its_own_opt_in(tmp_path, variables, preload):
    code = "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_PRELOAD)"
    result = manage("shell", "--no-imports", "-c", code, env=production_env(tmp_path, **variables))

    assert result.stdout.split() == ["31536000", str(preload)], result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "RFS_SITE_URL"])
def test_check_fails_without_a_production_secret(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_DEBUG is off" in result.stderr


def test_models_have_no_missing_migrations(tmp_path):
    result = manage("makemigrations", "--check", "--dry-run", env=clean_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


# --- The client's address behind the proxy (issue 15, item 5) -------------------------------


def _setting(name: str, env: dict[str, str]) -> str:
    result = manage(
        "shell", "-c", f"from django.conf import settings; print(settings.{name})", env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_trusts_no_proxy_by_default(tmp_path):
    env = production_env(tmp_path)

    assert _setting("RFS_TRUSTED_PROXY_COUNT", env) == "0"
    assert _setting("ALLAUTH_TRUSTED_PROXY_COUNT", env) == "0"


def test_production_takes_the_proxy_count_from_the_environment(tmp_path):
    env = production_env(tmp_path, RFS_TRUSTED_PROXY_COUNT="1")

    assert _setting("RFS_TRUSTED_PROXY_COUNT", env) == "1"
    assert _setting("ALLAUTH_TRUSTED_PROXY_COUNT", env) == "1"


def test_compose_file_trusts_one_proxy():
    compose = (REPO / "docker-compose.yml").read_text()

    assert re.search(
        r"^\s+RFS_TRUSTED_PROXY_COUNT: \$\{RFS_TRUSTED_PROXY_COUNT:-1\}$", compose, re.M
    )
