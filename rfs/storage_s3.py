"""The two S3 stores (``rfs.storage`` says which settings choose them)."""

from urllib.parse import urljoin

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PublicS3Storage(S3Storage):
    """Photos and library files. Their URL is the store's own (``serve_from_store``,
    unsigned, or ``public_url`` when a CDN or custom domain fronts the bucket), or the
    site's ``/media/`` path, where ``rfs.views.media`` streams them from the store."""

    def __init__(
        self,
        *,
        serve_from_store: bool = False,
        public_url: str = "",
        media_url: str = "/media/",
        **settings,
    ):
        self.serve_from_store = serve_from_store
        self.public_url = public_url.rstrip("/")
        self.media_url = media_url
        super().__init__(**settings)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.serve_from_store:
            return urljoin(self.media_url, filepath_to_uri(clean_name(name)))
        if self.public_url:
            key = self._normalize_name(clean_name(name))
            return f"{self.public_url}/{filepath_to_uri(key)}"
        return super().url(name, parameters=parameters, expire=expire, http_method=http_method)


class PrivateS3Storage(S3Storage):
    """Filing evidence: read only by views that check permission first, so it has no URL."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private uploads have no URL; a permission-checked view streams them.")
