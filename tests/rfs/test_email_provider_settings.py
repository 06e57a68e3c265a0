"""RFS_EMAIL_PROVIDER picks the email backend, and refuses to start without its keys.

Settings read the environment once, so each case runs in a subprocess (tests/test_deploy.py).
"""

import pytest

from tests.test_deploy import clean_env, manage

PRINT_EMAIL = ["shell", "-c", "from django.conf import settings; print(settings.EMAIL_BACKEND)"]
PROVIDER_KEYS = ("MAILGUN_", "POSTMARK_", "SENDGRID_", "ANYMAIL_")


def env_for(tmp_path, **variables):
    env = clean_env(tmp_path, **variables)
    for name in [n for n in env if n.startswith(PROVIDER_KEYS) and n not in variables]:
        del env[name]
    return env


def test_smtp_is_the_default(tmp_path):
    result = manage(*PRINT_EMAIL, env=env_for(tmp_path))

    assert (
        result.stdout.strip().splitlines()[-1] == "django.core.mail.backends.console.EmailBackend"
    ), result.stderr


@pytest.mark.parametrize(
    ("provider", "keys", "backend"),
    [
        (
            "mailgun",
            {"MAILGUN_API_KEY": "k", "MAILGUN_WEBHOOK_SIGNING_KEY": "s"},
            "anymail.backends.mailgun.EmailBackend",
        ),
        (
            "postmark",
            {"POSTMARK_SERVER_TOKEN": "t", "ANYMAIL_WEBHOOK_SECRET": "u:p"},
            "anymail.backends.postmark.EmailBackend",
        ),
    ],
)
def test_a_provider_with_its_keys_chooses_its_backend(tmp_path, provider, keys, backend):
    result = manage(*PRINT_EMAIL, env=env_for(tmp_path, RFS_EMAIL_PROVIDER=provider, **keys))

    assert result.stdout.strip().splitlines()[-1] == backend, result.stderr


@pytest.mark.parametrize(
    ("provider", "keys", "missing"),
    [
        ("mailgun", {"MAILGUN_API_KEY": "k"}, "MAILGUN_WEBHOOK_SIGNING_KEY"),
        ("postmark", {"POSTMARK_SERVER_TOKEN": "t"}, "WEBHOOK_SECRET"),
        ("sendgrid", {"ANYMAIL_WEBHOOK_SECRET": "u:p"}, "SENDGRID_API_KEY"),
    ],
)
def test_a_provider_without_its_keys_refuses_to_start(tmp_path, provider, keys, missing):
    result = manage("check", env=env_for(tmp_path, RFS_EMAIL_PROVIDER=provider, **keys))

    assert result.returncode != 0
    assert missing in result.stderr


def test_an_unknown_provider_refuses_to_start(tmp_path):
    result = manage("check", env=env_for(tmp_path, RFS_EMAIL_PROVIDER="pigeon"))

    assert result.returncode != 0
    assert "RFS_EMAIL_PROVIDER must be smtp or one of" in result.stderr
