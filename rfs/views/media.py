"""Public uploads (photos, library files) under /media/, from whichever store holds them."""

import mimetypes

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import FileSystemStorage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.static import serve


def media(request: HttpRequest, path: str) -> HttpResponse:
    """Serve a public upload. On the filesystem, Django's static view (with its
    If-Modified-Since answers); in an object store, the file streamed from it. Private
    uploads live in another store (``STORAGES["private"]``), so no path here reaches them."""
    if isinstance(default_storage, FileSystemStorage):
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    if not path or path.endswith("/"):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, SuspiciousOperation, ValueError) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
