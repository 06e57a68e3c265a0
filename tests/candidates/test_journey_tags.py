"""My journey's history lines, built in Python (``candidates.templatetags.journey``):
the same HTML as the template loop they replace, in English and Spanish."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.utils import timezone, translation

from candidates.enums import Activity, Stage
from candidates.journey import ACTIVITY_WORDS, HISTORY_WORDS

# The loops of templates/candidates/journey.html before they became ``history_items``.
LOOPS = """{% load i18n journey %}
  <ul class="list-unstyled mb-0">
    {% for words, at in history|slice:":3" %}
      <li class="mb-1">{{ words }} <span class="small text-body-secondary">· <time datetime="{{ at|date:'c' }}">{{ at|day:"short_month_day" }}</time></span></li>
    {% empty %}
      <li>{% translate "Your story starts here." %}</li>
    {% endfor %}
  </ul>
      <ul class="list-unstyled">
        {% for words, at in history %}
          <li class="mb-1">{{ words }} <span class="small text-body-secondary">· <time datetime="{{ at|date:'c' }}">{{ at|day:"short_date" }}</time></span></li>
        {% empty %}
          <li>{% translate "Your story starts here." %}</li>
        {% endfor %}
      </ul>"""

TAGS = """{% load i18n journey %}
  <ul class="list-unstyled mb-0">
    {% history_items history|slice:":3" "short_month_day" 6 %}
  </ul>
      <ul class="list-unstyled">
        {% history_items history "short_date" 10 %}
      </ul>"""


def _history(count: int) -> list:
    start = datetime(2026, 3, 1, 3, 30, tzinfo=ZoneInfo("UTC"))  # late on Feb 28 in New York
    words = [HISTORY_WORDS[Stage.SIGNED_UP], ACTIVITY_WORDS[Activity.PAUSED], "Tom & <Jerry>"]
    return [(words[n % 3], start - timedelta(days=40 * n)) for n in range(count)]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("count", [0, 1, 3, 5])
def test_history_items_match_the_template_loops(language, count):
    django_engine = engines["django"]
    context = {"history": _history(count)}
    with translation.override(language), timezone.override(ZoneInfo("America/New_York")):
        expected = django_engine.from_string(LOOPS).render(context)
        assert django_engine.from_string(TAGS).render(context) == expected
    assert "Tom &amp; &lt;Jerry&gt;" in expected or count < 3
