"""The endorsed candidate's own listing: on or off the public page, a one-line bio,
links, and a photo checked by its content (JPEG or PNG, up to 5 MB)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from endorsements.public import endorsements_public
from endorsements.services.results import PHOTO_MAX_BYTES
from tests.factories.endorsements import (
    PDF_BYTES,
    ApplicationFactory,
    EndorsementFactory,
    jpeg_bytes,
    png_bytes,
)

pytestmark = pytest.mark.django_db

URL = reverse("endorsements:listing")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def endorsement(candidate_user):
    return EndorsementFactory(
        application=ApplicationFactory(candidate=candidate_user.candidate, status="approved"),
        display_name="Casey Rivera",
    )


@pytest.fixture
def signed_in(client, candidate_user, endorsement):
    client.force_login(candidate_user)
    return client


def listing_data(**overrides) -> dict:
    return {
        "listed": "on",
        "bio": "Nurse and organizer.",
        "website": "https://rivera.example.org/",
        "donation_url": "https://give.example.org/rivera",
        **overrides,
    }


def public_names() -> list[str]:
    return [item.display_name for item in endorsements_public(page=1).object_list]


def test_listing_page_shows_their_listing(signed_in, endorsement):
    endorsement.bio = "Nurse and organizer."
    endorsement.save(update_fields=["bio"])

    response = signed_in.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Nurse and organizer."' in html
    assert reverse("endorsements:public_detail", kwargs={"slug": endorsement.slug}) in html


def test_listing_page_for_a_candidate_without_an_endorsement_is_404(client, candidate_user):
    client.force_login(candidate_user)

    assert client.get(URL).status_code == 404


def test_listing_saves_bio_and_links(signed_in, endorsement):
    response = signed_in.post(URL, listing_data(), follow=True)

    endorsement.refresh_from_db()
    assert (endorsement.bio, endorsement.website, endorsement.donation_url) == (
        "Nurse and organizer.",
        "https://rivera.example.org/",
        "https://give.example.org/rivera",
    )
    assert "Saved. Your public page shows the changes now." in response.content.decode()


def test_listing_unlisting_removes_them_from_the_public_list_at_once(
    signed_in, client, endorsement
):
    assert public_names() == ["Casey Rivera"]

    signed_in.post(URL, listing_data(listed=""))

    endorsement.refresh_from_db()
    assert endorsement.listed is False
    assert public_names() == []
    client.logout()
    assert (
        client.get(
            reverse("endorsements:public_detail", kwargs={"slug": endorsement.slug})
        ).status_code
        == 404
    )


def test_listing_relisting_brings_them_back(signed_in, endorsement):
    endorsement.listed = False
    endorsement.save(update_fields=["listed"])

    signed_in.post(URL, listing_data(listed="on"))

    assert public_names() == ["Casey Rivera"]


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://files.example.org/", "not a link"])
def test_listing_refuses_a_link_that_is_not_a_web_address(signed_in, endorsement, link):
    response = signed_in.post(URL, listing_data(website=link, bio="Kept as typed."))

    assert response.status_code == 200
    assert response.context["form"].errors["website"]
    assert 'value="Kept as typed."' in response.content.decode()
    endorsement.refresh_from_db()
    assert endorsement.website == ""


@pytest.mark.parametrize(("content", "extension"), [(png_bytes(), ".png"), (jpeg_bytes(), ".jpg")])
def test_listing_photo_upload_accepts_jpeg_and_png(signed_in, endorsement, content, extension):
    signed_in.post(URL, listing_data(photo=SimpleUploadedFile("me.img", content)))

    endorsement.refresh_from_db()
    assert endorsement.photo.name.startswith("endorsements/photos/")
    assert endorsement.photo.name.endswith(extension)
    # The stored name says nothing about the person.
    assert "me" not in endorsement.photo.name.rsplit("/", 1)[1].removesuffix(extension)
    with Image.open(endorsement.photo.path) as image:
        assert image.format == ("PNG" if extension == ".png" else "JPEG")


def test_listing_photo_loses_its_metadata_and_is_made_smaller(signed_in, endorsement):
    buffer = BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make; a phone adds the place (GPS) the same way.
    Image.new("RGB", (2400, 1600), (75, 42, 134)).save(buffer, format="JPEG", exif=exif)

    signed_in.post(URL, listing_data(photo=SimpleUploadedFile("me.jpg", buffer.getvalue())))

    endorsement.refresh_from_db()
    with Image.open(endorsement.photo.path) as image:
        assert image.size == (1200, 800)
        assert dict(image.getexif()) == {}


def test_listing_photo_upload_refuses_the_wrong_type_under_a_right_name(signed_in, endorsement):
    response = signed_in.post(
        URL, listing_data(photo=SimpleUploadedFile("me.jpg", PDF_BYTES), bio="Kept.")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["photo"] == [
        "We can take JPEG or PNG photos, and this file isn't one, whatever its name says."
    ]
    assert 'value="Kept."' in response.content.decode()
    endorsement.refresh_from_db()
    assert (endorsement.photo.name, endorsement.bio) == ("", "")


def test_listing_photo_upload_refuses_a_gif(signed_in, endorsement):
    buffer = BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")

    response = signed_in.post(
        URL, listing_data(photo=SimpleUploadedFile("me.png", buffer.getvalue()))
    )

    assert response.context["form"].errors["photo"]
    endorsement.refresh_from_db()
    assert endorsement.photo.name == ""


def test_listing_photo_upload_refuses_a_file_too_big(signed_in, endorsement):
    too_big = png_bytes() + b"\0" * (PHOTO_MAX_BYTES + 1 - len(png_bytes()))

    response = signed_in.post(URL, listing_data(photo=SimpleUploadedFile("me.png", too_big)))

    assert response.context["form"].errors["photo"] == [
        "This photo is 5.0 MB, and photos can be up to 5 MB. A smaller copy works just as well."
    ]
    endorsement.refresh_from_db()
    assert endorsement.photo.name == ""


def test_listing_photo_upload_refuses_a_damaged_image(signed_in, endorsement):
    damaged = png_bytes()[:40]

    response = signed_in.post(URL, listing_data(photo=SimpleUploadedFile("me.png", damaged)))

    assert response.context["form"].errors["photo"] == [
        "This photo seems to be damaged. Please save it again and upload the copy."
    ]


def test_listing_photo_upload_refuses_an_empty_file(signed_in, endorsement):
    response = signed_in.post(URL, listing_data(photo=SimpleUploadedFile("me.png", b"")))

    assert response.context["form"].errors["photo"]


def test_listing_new_photo_replaces_the_old_file(
    signed_in, endorsement, django_capture_on_commit_callbacks
):
    signed_in.post(URL, listing_data(photo=SimpleUploadedFile("one.png", png_bytes())))
    endorsement.refresh_from_db()
    old = endorsement.photo.path

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(URL, listing_data(photo=SimpleUploadedFile("two.png", png_bytes((8, 8)))))

    endorsement.refresh_from_db()
    assert endorsement.photo.path != old
    assert not (endorsement.photo.storage.exists(old))


def test_listing_remove_photo(signed_in, endorsement, django_capture_on_commit_callbacks):
    signed_in.post(URL, listing_data(photo=SimpleUploadedFile("one.png", png_bytes())))
    endorsement.refresh_from_db()
    old = endorsement.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post(URL, listing_data(remove_photo="on"))

    endorsement.refresh_from_db()
    assert endorsement.photo.name == ""
    assert not endorsement.photo.storage.exists(old)
