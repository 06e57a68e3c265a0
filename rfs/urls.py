from allauth.account.views import SignupView
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.urls import include, path, re_path
from django.views.static import serve

from . import views
from .views import security

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(".well-known/security.txt", security.security_txt, name="security_txt"),
    path("email/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("", include("insights.urls")),
    path("", include("workplace.urls")),
    path("", include("candidates.urls")),
    path("", include("mentorship.urls")),
    path("", include("endorsements.urls")),
    path("", include("resources.urls")),
    # Signing up writes the person and their candidate record together, or neither.
    path("accounts/signup/", transaction.atomic(SignupView.as_view()), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Public uploads (photos, library files). A proxy in front may serve /media/ from the
    # same volume instead; private uploads are never under MEDIA_ROOT.
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}, name="media"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
