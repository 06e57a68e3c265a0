"""The shared app's pages: the front door, health, unsubscribe (``pages``), the
directors' dashboard (``dashboard``) and the public impact page (``impact``)."""

from .pages import favicon, healthz, home, unsubscribe

__all__ = ["favicon", "healthz", "home", "unsubscribe"]
