from allauth.account.views import SignupView
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.urls import include, path, re_path

from . import email_events, metrics, views
from .views import language, media, security

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Prometheus's scrape, behind a bearer token (rfs/metrics.py).
    path("metrics", metrics.metrics, name="metrics"),
    # The mail provider's signed bounce and complaint reports (rfs/email_events.py).
    path("email/events/", include(email_events.urlpatterns)),
    path("favicon.ico", views.favicon, name="favicon"),
    path(".well-known/security.txt", security.security_txt, name="security_txt"),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("language/", language.set_language, name="set_language"),
    # Signing up writes the person and their candidate record together, or neither.
    path("accounts/signup/", transaction.atomic(SignupView.as_view()), name="account_signup"),
    # Before the apps' lists, which have no accounts/ paths: Django tries every pattern
    # before the one that matches and notes each of them, about 1 ms for signup's when it
    # came after all of theirs.
    path("accounts/", include("allauth.urls")),
    path("", include("insights.urls")),
    path("", include("workplace.urls")),
    path("", include("candidates.urls")),
    path("", include("mentorship.urls")),
    path("", include("endorsements.urls")),
    path("", include("resources.urls")),
    path("admin/", admin.site.urls),
    # Public uploads (photos, library files), from the filesystem or the object store
    # (rfs/storage.py). A proxy in front may serve /media/ from the same volume instead;
    # private uploads are never in the public store.
    re_path(r"^media/(?P<path>.*)$", media.media, name="media"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
