"""Filing evidence is checked by what the file contains, never by its name or the browser's word."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from endorsements.uploads import JPEG, PDF, PNG, UploadError, detect_type, validate_upload
from tests.factories.endorsements import PDF_BYTES, jpeg_bytes, png_bytes

WRONG_TYPE = (
    "We can take PDF, JPEG or PNG files, and this file is none of those, whatever its name says. "
    "Try saving or scanning it as a PDF."
)
DAMAGED = "This image seems to be damaged. Please save it again, or upload a PDF instead."


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "content", "detected"),
    [
        ("filing.pdf", PDF_BYTES, PDF),
        ("receipt.jpg", jpeg_bytes(), JPEG),
        ("ballot.png", png_bytes(), PNG),
        # A PNG under a PDF's name is a PNG: the detected type is what we keep.
        ("filing.pdf", png_bytes(), PNG),
        # A PDF without an extension, sent as "octet-stream", is still a PDF.
        ("scan", PDF_BYTES, PDF),
    ],
)
def test_upload_good_files_are_accepted_with_their_detected_type(name, content, detected):
    file = upload(name, content, content_type="application/octet-stream")

    checked = validate_upload(file)

    assert (checked.content_type, checked.size) == (detected, len(content))
    assert file.tell() == 0


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("filing.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "application/pdf"),
        (
            "filing.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00",
            "application/pdf",
        ),
        ("filing.png", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "image/png"),
        ("filing.jpg", b"just some text pretending to be a photo", "image/jpeg"),
        ("filing.pdf", b"PK\x03\x04 a zip or a word document", "application/pdf"),
        # The signature must come first, not somewhere inside.
        ("filing.pdf", b"  %PDF-1.4 hidden behind spaces", "application/pdf"),
    ],
)
def test_upload_wrong_type_under_a_right_name_is_refused(name, content, content_type):
    with pytest.raises(UploadError) as refused:
        validate_upload(upload(name, content, content_type))

    assert str(refused.value) == WRONG_TYPE


def test_upload_empty_file_is_refused():
    with pytest.raises(UploadError) as refused:
        validate_upload(upload("filing.pdf", b""))

    assert str(refused.value) == "This file is empty. Please choose the file again."


def test_upload_too_large_is_refused(settings):
    settings.RFS_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    content = PDF_BYTES + b"0" * (12 * 1024 * 1024)

    with pytest.raises(UploadError) as refused:
        validate_upload(upload("filing.pdf", content))

    assert str(refused.value) == (
        "This file is 12 MB, and files can be up to 10 MB. "
        "A smaller scan or a photo of the page works just as well."
    )


def test_upload_exactly_the_limit_is_accepted(settings):
    settings.RFS_UPLOAD_MAX_BYTES = 1024
    content = PDF_BYTES + b"0" * (1024 - len(PDF_BYTES))

    assert validate_upload(upload("filing.pdf", content)).size == 1024


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", png_bytes()[:40]),  # a PNG cut short
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 40),  # a JPEG header and nothing else
    ],
)
def test_upload_broken_image_is_refused(name, content):
    with pytest.raises(UploadError) as refused:
        validate_upload(upload(name, content, "image/png"))

    assert str(refused.value) == DAMAGED


def test_upload_an_image_too_large_to_open_safely_is_refused(monkeypatch):
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10)

    with pytest.raises(UploadError) as refused:
        validate_upload(upload("photo.png", png_bytes((8, 8)), "image/png"))

    assert str(refused.value) == DAMAGED


def test_detect_type_reads_only_the_first_bytes():
    assert [
        detect_type(PDF_BYTES),
        detect_type(png_bytes()),
        detect_type(jpeg_bytes()),
        detect_type(b"GIF89a"),
    ] == [
        PDF,
        PNG,
        JPEG,
        None,
    ]
