"""The benchmark's URLconf: the production one, unchanged, plus the reference page."""

from django.shortcuts import render
from django.urls import include, path
from django.views.decorators.http import require_safe


@require_safe
def reference(request):
    """A minimal template and no database work: the yardstick for every other page."""
    return render(request, "bench/reference.html", {"title": "Reference"})


urlpatterns = [
    path("bench/reference/", reference, name="bench_reference"),
    path("", include("rfs.urls")),
]
