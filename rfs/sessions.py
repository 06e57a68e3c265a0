"""Django's ``cached_db`` sessions (the cache first, the database as the record), less
two round trips for every new session: signing up, signing in.

- A new key is not looked up first. Django asks the cache and then the database whether
  32 random characters are taken before it inserts them; the insert is made with
  ``must_create`` anyway, which refuses a key that exists (``CreateError``: Django's
  ``create()`` then draws another), so the lookup only ever costs time.
- A new session is written to the cache once: ``cached_db``'s ``save()`` of a session
  without a key called ``create()``, which saves (database and cache), and then wrote the
  cache again.
"""

from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.utils.crypto import get_random_string


class SessionStore(CachedDBStore):
    def _get_new_session_key(self) -> str:
        return get_random_string(32, VALID_KEY_CHARS)

    def save(self, must_create: bool = False) -> None:
        if self.session_key is None:
            return self.create()
        return super().save(must_create)
