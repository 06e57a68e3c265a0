"""Staff Markdown renders to a small allow-list of HTML: nothing a body says can run."""

from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString

from resources.markdown import ALLOWED_TAGS, render_markdown


class _Tags(HTMLParser):
    """Every tag and attribute in a fragment, as the browser would parse them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict]]:
    return _Tags(html).tags


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<iframe src="https://evil.example.org"></iframe>',
    "[click me](javascript:alert(1))",
    "[click me](JavaScript:alert(1))",
    "[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click me](//evil.example.org/path)",
    '<div onclick="alert(1)">hi</div>',
    '<svg onload="alert(1)"></svg>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    "![tracker](https://evil.example.org/pixel.gif)",
    '<a href="https://ok.example.org" onmouseover="alert(1)">x</a>',
]


@pytest.mark.parametrize("body", HOSTILE)
def test_hostile_markdown_renders_inert(body):
    html = render_markdown(f"Before.\n\n{body}\n\nAfter.")

    for tag, attributes in tags_of(html):
        assert tag in ALLOWED_TAGS
        assert set(attributes) <= {"href", "rel", "title"}
        href = attributes.get("href")
        assert (
            href is None
            or href.startswith(("https://", "http://", "mailto:"))
            or (href.startswith("/") and not href.startswith("//"))
        )
    assert "Before." in html and "After." in html


def test_raw_html_is_shown_as_text_not_tags():
    html = render_markdown('<script>alert("hi")</script> and <b>bold</b>')

    assert tags_of(html) == [("p", {})]
    assert "&lt;script&gt;" in html


def test_markdown_link_to_javascript_keeps_its_words_and_loses_its_address():
    html = render_markdown("[click me](javascript:alert(1))")

    assert html == '<p><a rel="noopener noreferrer">click me</a></p>'


def test_links_get_noopener_noreferrer():
    html = render_markdown(
        "[guide](https://example.org/guide) and [write](mailto:team@example.org)"
    )

    assert tags_of(html) == [
        ("p", {}),
        ("a", {"href": "https://example.org/guide", "rel": "noopener noreferrer"}),
        ("a", {"href": "mailto:team@example.org", "rel": "noopener noreferrer"}),
    ]


def test_links_within_the_site_are_kept():
    html = render_markdown("[the checklist](/library/ballot-access-checklist/)")

    assert (
        "a",
        {"href": "/library/ballot-access-checklist/", "rel": "noopener noreferrer"},
    ) in tags_of(html)


def test_everyday_markdown_renders():
    html = render_markdown(
        "# Title\n\n## Section\n\nSome **bold**, *italic* and `code`.\n\n"
        "- one\n- two\n\n1. first\n\n> a quote\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )

    assert [tag for tag, _ in tags_of(html)] == [
        "h2",
        "h2",
        "p",
        "strong",
        "em",
        "code",
        "ul",
        "li",
        "li",
        "ol",
        "li",
        "blockquote",
        "p",
        "hr",
        "table",
        "thead",
        "tr",
        "th",
        "th",
        "tbody",
        "tr",
        "td",
        "td",
    ]


def test_headings_stay_below_the_page_title():
    html = render_markdown("# One\n\n##### Five")

    assert html == "<h2>One</h2>\n<h4>Five</h4>"


def test_render_markdown_is_safe_for_templates_and_empty_for_nothing():
    assert isinstance(render_markdown("hi"), SafeString)
    assert render_markdown("") == ""
