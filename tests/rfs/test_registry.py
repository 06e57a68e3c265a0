"""rfs/registry.py: lower apps show what upper apps contribute, in the order given, and
each app fills its hooks in AppConfig.ready()."""

from django.urls import reverse

from candidates.models import Candidate
from resources import services as resource_services
from rfs import registry
from tests.factories.resources import CourseFactory


def test_hook_runs_in_order_and_keeps_a_function_once():
    hook = registry.Hook("example")

    def first(): ...
    def second(): ...

    hook.register(second, order=20)
    hook.register(first, order=10)
    hook.register(second, order=20)  # ready() run again in a test

    assert list(hook) == [first, second]


def test_slot_holds_one_provider():
    slot = registry.Slot("example")
    provider = object()

    slot.set(provider)

    assert slot.provider is provider


def test_apps_fill_my_journey_and_the_export_in_the_order_of_today():
    # The export's sections keep their order in the file a person downloads.
    assert [hook.__module__ for hook in registry.journey_sections] == [
        "rfs.journey",  # the "we couldn't email you" banner
        "mentorship.journey",
        "endorsements.journey",
        "resources.journey",
    ]
    assert [hook.__module__ for hook in registry.export_parts] == [
        "mentorship.privacy",
        "endorsements.privacy",
        "resources.privacy",
        "workplace.privacy",
    ]
    assert [hook.__module__ for hook in registry.erasers] == [
        "rfs.journey",
        "endorsements.privacy",
        "workplace.privacy",
    ]


def test_demo_seeders_run_by_layer():
    assert [hook.__module__ for hook in registry.demo_seeders] == [
        "candidates.demo_seed",
        "resources.demo",
        "mentorship.demo",
        "endorsements.demo",
        "insights.apps",
        "workplace.demo",
    ]


def test_candidate_admin_shows_courses_completed_from_the_resources_app(
    client, staff, candidate_user
):
    course = CourseFactory(title="Your first 30 days", lessons=1)
    candidate = Candidate.objects.get(user=candidate_user)
    resource_services.lesson_complete(candidate=candidate, lesson=course.lessons.get())
    client.force_login(staff)

    response = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))

    assert response.status_code == 200
    assert "Your first 30 days (" in response.content.decode()
