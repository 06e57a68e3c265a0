"""The library: search with topic and format facets, a resource's page, and bookmarks.

Who reads what is ``selectors.audiences_for``. A resource for candidates sends a visitor
to sign in; a signed-in person it is not for gets 404, the same answer as a resource
that does not exist (or is unpublished: those live only in the admin). Anyone signed in
may bookmark what they may read.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..enums import Topic
from ..forms import LibrarySearchForm
from ..markdown import render_markdown
from ..models import Bookmark, Resource
from ..selectors import audiences_for, bookmarks_for, library_search, resources_visible_to

BOOKMARKS_PAGE_SIZE = 20


def audience_gate(request: HttpRequest, audience: str) -> HttpResponse | None:
    """None if the person may read something for ``audience``; otherwise a visitor is sent
    to sign in and anyone signed in gets 404."""
    if audience in audiences_for(request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


def topic_labels(topics: list[str]) -> list[str]:
    labels = dict(Topic.choices)
    return [str(labels[topic]) for topic in topics or [] if topic in labels]


def library(request: HttpRequest) -> HttpResponse:
    form = LibrarySearchForm(request.GET)
    filters = form.filters()
    results = library_search(user=request.user, page=request.GET.get("page"), **filters)
    rows = [
        {
            "resource": resource,
            "topics": topic_labels(resource.topics),
            "bookmarked": resource.pk in results.bookmarked,
        }
        for resource in results.page
    ]
    return render(
        request,
        "resources/library/list.html",
        {
            "form": form,
            "q": filters["q"],
            "results": results,
            "page": results.page,
            "rows": rows,
            "filtered": bool(filters["q"] or filters["topics"] or filters["formats"]),
            "facets_chosen": bool(filters["topics"] or filters["formats"]),
            "query": _query(filters),
        },
    )


def _query(filters: dict) -> str:
    """The search and facets as an address query, so the page links keep them."""
    pairs = [("q", filters["q"])] if filters["q"] else []
    pairs += [("topic", topic) for topic in filters["topics"]]
    pairs += [("format", value) for value in filters["formats"]]
    return urlencode(pairs)


def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = get_object_or_404(Resource, slug=slug, published=True)
    if (answer := audience_gate(request, resource.audience)) is not None:
        return answer
    bookmarked = (
        request.user.is_authenticated
        and Bookmark.objects.filter(user=request.user, resource=resource).exists()
    )
    return render(
        request,
        "resources/library/detail.html",
        {
            "resource": resource,
            "topics": topic_labels(resource.topics),
            "body": render_markdown(resource.body),
            "bookmarked": bookmarked,
        },
    )


@login_required
@require_POST
def bookmark(request: HttpRequest, slug: str) -> HttpResponse:
    """The Bookmark button: on and off again. Back to the page it was pressed on."""
    resource = get_object_or_404(resources_visible_to(request.user), slug=slug)
    if services.bookmark_toggle(user=request.user, resource=resource):
        messages.success(request, _("Bookmarked. You'll find it under Your bookmarks."))
    else:
        messages.success(request, _("Bookmark removed."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("resources:resource", slug=resource.slug)


@login_required
def bookmarks(request: HttpRequest) -> HttpResponse:
    page = Paginator(bookmarks_for(request.user), BOOKMARKS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        {"bookmark": mark, "resource": mark.resource, "topics": topic_labels(mark.resource.topics)}
        for mark in page
    ]
    return render(
        request, "resources/library/bookmarks.html", {"page": page, "rows": rows, "query": ""}
    )


urlpatterns = [
    path("library/", library, name="library"),
    # Before the resource's own address, so "bookmarks" is never read as a slug.
    path("library/bookmarks/", bookmarks, name="bookmarks"),
    path("library/<slug:slug>/", resource_detail, name="resource"),
    path("library/<slug:slug>/bookmark/", bookmark, name="bookmark"),
]
