"""Demo data for the resources app, called by `seed_demo` (idempotent).

A library over every topic, format and audience (``demo_library``), two courses and two
partner trainings, then the community part (``demo_community.seed_community``). Rows are
matched by slug or title, so running it again changes nothing. Links point at example.org.
"""

from datetime import timedelta

from django.utils import timezone

from .demo_community import seed_community
from .demo_library import RESOURCES
from .enums import Audience, Topic, TrainingKind
from .models import Course, Lesson, PartnerTraining, Resource

# (slug, title, summary, topics, [(lesson title, minutes, body)])
COURSES = [
    (
        "your-first-30-days",
        "Your first 30 days as a candidate",
        "Four short lessons for the month after you decide to run: your why, the ballot, your team and your budget.",
        [Topic.BALLOT_ACCESS, Topic.VOLUNTEERS, Topic.BUDGET],
        [
            (
                "Decide why you're running",
                10,
                """Write down, in three sentences, the problem you want to fix and why you are the person to fix it.

Read it to someone you trust. If they can say it back to you, it's ready.
""",
            ),
            (
                "Find out what it takes to get on the ballot",
                15,
                """Call your election office and ask for the **deadline**, the **forms**, and whether you need
**signatures** or a **fee**. Put each date in your calendar a week early.

See the [ballot access checklist](/library/ballot-access-checklist/).
""",
            ),
            (
                "Build your core team",
                15,
                """You need three people before you need thirty:

- a **treasurer** who likes details,
- a **volunteer lead** who likes people,
- a **friend** who will tell you the truth.
""",
            ),
            (
                "Set a budget and make your first asks",
                20,
                """Draft a simple budget, then call five people who already believe in you and ask each for a
specific amount. Your first dollars come from your own circle.
""",
            ),
        ],
    ),
    (
        "fundraising-basics",
        "Fundraising basics",
        "Why people give, how to build your list and how to make the ask.",
        [Topic.FUNDRAISING],
        [
            (
                "Why people give",
                10,
                """People give because they **believe in you**, because **someone asked**, and because they can see
**what the money will do**. Every ask should touch all three.
""",
            ),
            (
                "Building your list",
                15,
                """Go through your phone, your email and your social media. Everyone goes on the list;
you'll sort them later into *likely*, *maybe* and *long shot*.
""",
            ),
            (
                "Making the ask",
                15,
                """Say why you're running, ask for a specific amount, and **then stop talking**. Silence is fine.
Whatever the answer, say thank you.
""",
            ),
        ],
    ),
]

# (title, organiser, kind, days from today to start, length in days, place, link, description)
PARTNER_TRAININGS = [
    (
        "Candidate bootcamp weekend",
        "Demo Candidate Academy",
        TrainingKind.IN_PERSON,
        45,
        2,
        "Minneapolis, MN",
        "",
        "Two days of workshops on field, fundraising and your stump speech, with candidates from across the Midwest.",
    ),
    (
        "Online campaign school",
        "Demo Progressive Training Network",
        TrainingKind.ONLINE,
        20,
        42,
        "",
        "https://training.example.org/online-campaign-school",
        "Six weekly evening sessions, recorded so you can catch up, ending with a one-on-one plan review.",
    ),
]


def seed(*, stdout) -> None:
    resources = _resources()
    courses, lessons = _courses()
    trainings = _partner_trainings()
    stdout.write(
        f"Library: {resources} new resources, {courses} new courses with {lessons} lessons, "
        f"{trainings} new partner trainings."
    )
    seed_community(stdout=stdout)


def _resources() -> int:
    created = 0
    for slug, title, format_, topics, audience, description, body in RESOURCES:
        _resource, new = Resource.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "format": format_,
                "topics": [str(topic) for topic in topics],
                "audience": audience,
                "description": description,
                "body": body,
                # No placeholder links: each demo resource opens on its own library page.
            },
        )
        created += new
    return created


def _courses() -> tuple[int, int]:
    courses = lessons = 0
    for position, (slug, title, summary, topics, course_lessons) in enumerate(COURSES):
        course, new = Course.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "summary": summary,
                "topics": [str(topic) for topic in topics],
                "audience": Audience.CANDIDATES,
                "position": position,
            },
        )
        courses += new
        for lesson_position, (lesson_title, minutes, body) in enumerate(course_lessons):
            _lesson, new = Lesson.objects.get_or_create(
                course=course,
                title=lesson_title,
                defaults={"position": lesson_position, "minutes": minutes, "body": body},
            )
            lessons += new
    return courses, lessons


def _partner_trainings() -> int:
    today = timezone.localdate()
    created = 0
    for title, organiser, kind, starts_in, days, place, url, description in PARTNER_TRAININGS:
        starts_on = today + timedelta(days=starts_in)
        _training, new = PartnerTraining.objects.get_or_create(
            title=title,
            defaults={
                "organiser_name": organiser,
                "kind": kind,
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=days - 1),
                "place": place,
                "url": url,
                "description": description,
            },
        )
        created += new
    return created


def seed_demo(run) -> None:
    """This app's part of ``seed_demo`` (``rfs.registry.demo_seeders``)."""
    seed(stdout=run.stdout)
