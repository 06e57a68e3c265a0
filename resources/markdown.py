"""Staff write resources and lessons in Markdown; this turns it into HTML that is safe to show.

Two walls, so one mistake is not enough:

1. Markdown runs with its raw-HTML support switched off: ``<script>``, ``<iframe>`` or an
   ``onerror=`` typed into a body come out as visible text, never as tags.
2. nh3 (Rust's ammonia) then keeps only an allow-list of tags and attributes. Links
   may point to http, https or mailto addresses, or to a page of this site ("/..."); a
   ``javascript:`` link keeps its words and loses its address. Every link gets
   ``rel="noopener noreferrer"``.

Images are not allowed: an image from elsewhere could track readers and would need the
content security policy opened up. Staff attach a file or link to it instead.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.treeprocessors import Treeprocessor

__all__ = ["ALLOWED_ATTRIBUTES", "ALLOWED_TAGS", "URL_SCHEMES", "render_markdown"]

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "a",
    "blockquote",
    "code",
    "pre",
    "hr",
    "br",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

# The page's own title is the only h1; a body's headings start at h2 and stop at h4.
HEADING_LEVELS = {"h1": "h2", "h5": "h4", "h6": "h4"}


class _HeadingLevels(Treeprocessor):
    def run(self, root) -> None:
        for element in root.iter():
            element.tag = HEADING_LEVELS.get(element.tag, element.tag)


def _site_link(url: str) -> str | None:
    """Relative addresses: only a path on this site ("/library/"), never "//elsewhere"."""
    return url if url.startswith("/") and not url.startswith("//") else None


def _converter() -> markdown_lib.Markdown:
    converter = markdown_lib.Markdown(extensions=["tables", "fenced_code", "sane_lists"])
    # Raw HTML is shown as text instead of passed through (the first wall).
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(_HeadingLevels(converter), "heading_levels", 0)
    return converter


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML with only the allowed tags, attributes and link targets."""
    if not text:
        return mark_safe("")
    html = _converter().convert(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        url_relative=_site_link,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return mark_safe(cleaned)
