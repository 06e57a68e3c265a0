"""Uploads in an S3-compatible bucket (RFS_STORAGE=s3), against a real S3 server the
session starts (moto's server mode): filing evidence goes in through the real form and
comes out only through the permission-checked view; public files come through /media/ or
from the store's own URL; and the local filesystem stays the default."""

import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from endorsements.models import FilingEvidence
from rfs.storage import public_media_origins, upload_storages
from rfs.storage_s3 import PrivateS3Storage, PublicS3Storage
from tests.conftest import PERSONAS
from tests.factories.endorsements import (
    PDF_BYTES,
    ApplicationFactory,
    CycleFactory,
    FilingEvidenceFactory,
    make_eligible,
    png_bytes,
)
from tests.factories.resources import ResourceFactory
from tests.storage.conftest import bucket_objects, public_read_policy

pytestmark = pytest.mark.django_db


def use_storages(settings, monkeypatch, env: dict[str, str]) -> None:
    """Point the upload stores at ``env``'s, as the settings would at startup (the
    evidence field resolved its store when the models loaded, so it is pointed too)."""
    chosen = upload_storages(env, private_root=settings.RFS_PRIVATE_ROOT, media_url="/media/")
    settings.STORAGES = {**settings.STORAGES, **chosen}
    monkeypatch.setattr(FilingEvidence._meta.get_field("file"), "storage", storages["private"])


@pytest.fixture
def s3(settings, monkeypatch, s3_env):
    use_storages(settings, monkeypatch, s3_env)
    return s3_env


@pytest.fixture
def cycle(db):
    return CycleFactory(name="This round")


@pytest.fixture
def candidate(candidate_user, cycle):
    return make_eligible(candidate_user.candidate)


@pytest.fixture
def submitted_evidence(s3, candidate, cycle):
    return FilingEvidenceFactory(
        application=ApplicationFactory(candidate=candidate, cycle=cycle, submitted=True)
    )


def evidence_url(evidence) -> str:
    return reverse("endorsements:evidence", args=[evidence.pk])


# --- Private evidence ----------------------------------------------------------------------


def test_evidence_uploaded_through_the_form_is_kept_privately_in_the_bucket(
    s3, client, candidate, cycle
):
    from endorsements.services.applications import application_start

    application = application_start(candidate=candidate, cycle=cycle)
    client.force_login(candidate.user)
    upload = SimpleUploadedFile("receipt.pdf", PDF_BYTES, content_type="application/pdf")

    response = client.post(
        reverse("endorsements:apply_step", args=["filing"]),
        {"upload": upload, "action": "upload"},
        follow=True,
    )

    assert response.status_code == 200
    evidence = application.evidence.get()
    objects = bucket_objects(s3)
    assert objects == {f"private/{evidence.file.name}": PDF_BYTES}
    assert evidence.file.name.startswith(f"filing-evidence/{cycle.pk}/")
    assert "receipt" not in evidence.file.name

    download = client.get(evidence_url(evidence))

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="receipt.pdf"'
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("candidate_user", 200),
        ("director", 200),
        ("committee_member", 200),
        ("staff", 200),
        ("other_director", 404),
        ("screener", 404),
        ("mentor", 404),
    ],
)
def test_evidence_in_the_bucket_streams_only_to_people_who_may_see_it(
    client, persona, submitted_evidence, persona_name, status
):
    client.force_login(persona(persona_name))

    response = client.get(evidence_url(submitted_evidence))

    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_evidence_in_the_bucket_asks_anonymous_visitors_to_sign_in(client, submitted_evidence):
    response = client.get(evidence_url(submitted_evidence))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_evidence_gone_from_the_bucket_is_404(client, candidate, submitted_evidence):
    storages["private"].delete(submitted_evidence.file.name)
    client.force_login(candidate.user)

    assert client.get(evidence_url(submitted_evidence)).status_code == 404


def test_private_store_gives_no_url_and_the_public_path_cannot_reach_it(
    s3, client, submitted_evidence
):
    assert isinstance(storages["private"], PrivateS3Storage)
    with pytest.raises(ValueError, match="no URL"):
        _ = submitted_evidence.file.url
    name = submitted_evidence.file.name

    assert client.get(f"/media/{name}").status_code == 404
    assert client.get(f"/media/private/{name}").status_code == 404
    assert client.get(f"/media/../private/{name}").status_code == 404


# --- Public files ----------------------------------------------------------------------------


def test_public_file_in_the_bucket_is_served_through_the_media_path(s3, client):
    resource = ResourceFactory(file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf"))

    assert isinstance(default_storage, PublicS3Storage)
    assert resource.file.url == f"/media/{resource.file.name}"
    assert bucket_objects(s3) == {f"media/{resource.file.name}": b"%PDF-1.4 guide"}
    response = client.get(resource.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 guide"
    assert response["Content-Type"] == "application/pdf"
    assert client.get("/media/resources/missing.pdf").status_code == 404


def test_public_file_served_from_the_store_when_set(settings, monkeypatch, s3_env):
    use_storages(settings, monkeypatch, {**s3_env, "RFS_MEDIA_FROM_STORE": "1"})
    # What docs/backups.md asks of the bucket: anyone may read media/, nothing else.
    public_read_policy(s3_env)
    photo = png_bytes()
    name = default_storage.save("endorsements/photos/face.png", ContentFile(photo))

    url = default_storage.url(name)

    endpoint, bucket = s3_env["RFS_S3_ENDPOINT_URL"], s3_env["RFS_S3_BUCKET"]
    assert url == f"{endpoint}/{bucket}/media/{name}"
    # Unsigned: anyone may fetch a public file, and the address never expires.
    assert "Signature" not in url
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.read() == photo
    evidence_name = storages["private"].save("filing-evidence/1/x", ContentFile(PDF_BYTES))
    private_url = f"{endpoint}/{bucket}/private/{evidence_name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(private_url, timeout=5)
    assert refused.value.code == 403


def test_public_file_under_a_custom_domain(settings, monkeypatch, s3_env):
    env = {
        **s3_env,
        "RFS_MEDIA_FROM_STORE": "1",
        "RFS_S3_PUBLIC_URL": "https://media.example.org/",
    }
    use_storages(settings, monkeypatch, env)

    assert default_storage.url("resources/a b.pdf") == (
        "https://media.example.org/media/resources/a%20b.pdf"
    )
    assert public_media_origins(env) == ["https://media.example.org"]


def test_photos_from_the_store_are_allowed_by_the_content_security_policy(s3_env):
    assert public_media_origins(s3_env) == []
    assert public_media_origins({**s3_env, "RFS_MEDIA_FROM_STORE": "1"}) == [
        s3_env["RFS_S3_ENDPOINT_URL"]
    ]
    assert public_media_origins({"RFS_MEDIA_FROM_STORE": "1"}) == []


# --- The local default -----------------------------------------------------------------------


def test_local_filesystem_is_the_default(tmp_path):
    chosen = upload_storages({}, private_root=tmp_path / "private", media_url="/media/")

    assert chosen["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert chosen["private"]["OPTIONS"] == {"location": tmp_path / "private", "base_url": None}
    assert isinstance(storages["private"], FileSystemStorage)


def test_local_public_file_is_served_through_the_media_path(settings, client, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    resource = ResourceFactory(file=ContentFile(b"%PDF-1.4 local", name="local.pdf"))

    assert (tmp_path / resource.file.name).read_bytes() == b"%PDF-1.4 local"
    response = client.get(resource.file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 local"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RFS_STORAGE": "ftp"}, "must be 'local' or 's3'"),
        ({"RFS_STORAGE": "s3"}, "needs RFS_S3_BUCKET"),
    ],
)
def test_storage_settings_refuse_what_they_cannot_use(tmp_path, env, message):
    with pytest.raises(ValueError, match=message):
        upload_storages(env, private_root=tmp_path, media_url="/media/")


@pytest.mark.parametrize("persona_name", PERSONAS)
def test_public_file_answers_everyone_alike(s3, client, persona, persona_name):
    name = default_storage.save("resources/open.pdf", ContentFile(b"%PDF-1.4 open"))
    user = persona(persona_name)
    if user is not None:
        client.force_login(user)

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 open"
