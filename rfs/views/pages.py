import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..celery import app as celery_app
from ..emails import user_id_from_unsubscribe_token
from ..enums import Role
from ..models import User
from ..selectors import outbox_sweep_health

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """The front door: an invitation to start for visitors, a summary for people signed in."""
    roles = []
    if request.user.is_authenticated and hasattr(request.user, "candidate"):
        # A candidate's home is My journey.
        return redirect("candidates:journey")
    if request.user.is_authenticated:
        labels = dict(Role.choices)
        roles = [labels[name] for name in sorted(request.user.role_names) if name in labels]
    return render(request, "rfs/home.html", {"roles": roles})


@require_http_methods(["GET", "HEAD"])
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages that name no icon (the admin's, /healthz).
    Our pages name none (``data:,`` in base.html), so the answer is empty, cached for a
    day: without it, each ask rendered the full 404 page, whose CSRF cookie (for a person
    signed in) could land after the next page's and make its form fail."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and broker status for load balancers and docker-compose health checks."""
    checks = {"database": "ok", "broker": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        logger.warning("Health check: database unavailable: %s", error)
        checks["database"] = "unavailable"
    try:
        with celery_app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        logger.warning("Health check: broker unavailable: %s", error)
        checks["broker"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    # A detail, not part of the verdict: docker-compose restarts the web container on a
    # 503, and restarting the web server would not bring a stopped sweep back.
    sweep = {"status": "unknown", "last_run_at": None}
    if checks["database"] == "ok":
        try:
            sweep = outbox_sweep_health()
        except DatabaseError as error:  # not migrated yet, say: a detail must not fail the check
            logger.warning("Health check: outbox sweep unknown: %s", error)
    if sweep["status"] == "stale":
        logger.warning(
            "Health check: no outbox sweep since %s; is beat or the worker down?",
            sweep["last_run_at"],
        )
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks, "outbox_sweep": sweep},
        status=200 if healthy else 503,
    )


# Mail providers send RFC 8058 one-click unsubscribes as a POST without a CSRF token;
# the signed token in the URL is what authorises it.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows a button (mail scanners follow links); the POST unsubscribes."""
    user_id = user_id_from_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "rfs/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        User.objects.filter(pk=user.pk, unsubscribed_at=None).update(unsubscribed_at=timezone.now())
        return render(request, "rfs/unsubscribe.html", {"done": True, "email": user.email})
    return render(
        request,
        "rfs/unsubscribe.html",
        {"email": user.email, "already": user.unsubscribed_at is not None},
    )
