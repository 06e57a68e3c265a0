"""Demo data for the mentorship app, called by `seed_demo` (idempotent).

The staff-managed areas of expertise (with the words that suggest each), the demo mentor
approved in fundraising and two more areas, and a few questions from demo candidates,
made through the same services the pages use: one answered, followed up and resolved,
the others waiting on the demo mentor's page.
"""

from django.utils.text import slugify

from candidates.models import Candidate
from rfs.models import User

from . import services
from .enums import MentorStatus
from .models import ExpertiseArea, Mentor, Question

# (name, keywords that suggest it). The order is the order on the pages.
AREAS = [
    (
        "Campaign management",
        "campaign plan, manager, timeline, strategy, team, hire, staff, win number",
    ),
    (
        "Fundraising",
        "money, donor, donation, fundraise, raise, call time, ask for, contribution, actblue, pac",
    ),
    (
        "Field and canvassing",
        "canvass, doors, door knock, walk list, phone bank, text bank, gotv, turnout, volunteer",
    ),
    (
        "Digital ads",
        "ads, advertising, facebook, instagram, google, targeting, online, social media",
    ),
    ("Video", "video, film, youtube, tiktok, camera, reel, edit"),
    (
        "Branding and design",
        "logo, brand, design, colors, yard sign, flyer, mailer, palm card, website",
    ),
    (
        "Communications and press",
        "press, reporter, media, interview, newspaper, op-ed, debate, speech, message",
    ),
    (
        "Compliance and finance law",
        "compliance, treasurer, finance report, disclosure, legal, ethics, fec, filing",
    ),
    (
        "Data and voter files",
        "voter file, votebuilder, van, data, list, spreadsheet, precinct, universe",
    ),
    (
        "Running as a parent",
        "kids, child, children, childcare, parent, mom, dad, family, babysitter",
    ),
    ("Running in a rural district", "rural, farm, small town, county fair, township, miles, drive"),
]

MENTOR_EMAIL = "mentor@example.org"
STAFF_EMAIL = "staff@example.org"
MENTOR_AREAS = ["fundraising", "campaign-management", "communications-and-press"]

RESOLVED = {
    "title": "How do I ask friends for money without it being awkward?",
    "details": "I've never asked anyone for money before and I'm dreading my first call time.",
    "area": "fundraising",
    "answer": (
        "Almost everyone feels this way at first. Start with the ten people who'd be hurt if you didn't ask. "
        "Tell them why you're running in two sentences, then ask for a specific amount and stop talking. "
        'A "no" is about their budget, not about you.'
    ),
    "follow_up": "Thank you! How much should I ask for?",
    "reply": "Ask for a bit more than you think they'll give: $100 from a friend who might give $50 is fine.",
    "comment": "Exactly what I needed. I made my first five calls!",
}
WAITING = [
    {
        "title": "Should I set up an online donation page before I announce?",
        "details": "I'm running for school board and want to be ready on day one.",
        "area": "fundraising",
    },
    {
        "title": "How do I reach voters when the houses are miles apart?",
        "details": "My district is mostly farms. Door knocking feels impossible.",
        "area": "running-in-a-rural-district",
    },
]


def seed(*, stdout) -> None:
    areas = _areas()
    mentor = _mentor(areas)
    if mentor is None:
        stdout.write("Mentorship: no demo mentor login, so no demo questions.")
        return
    asked = _questions(areas, mentor)
    stdout.write(
        f"Mentorship: {len(areas)} areas, demo mentor {MENTOR_EMAIL}, {asked} new demo questions."
    )


def _areas() -> dict[str, ExpertiseArea]:
    areas = {}
    for position, (name, keywords) in enumerate(AREAS):
        area, _created = ExpertiseArea.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "keywords": keywords, "position": position}
        )
        areas[area.slug] = area
    return areas


def _mentor(areas: dict[str, ExpertiseArea]) -> Mentor | None:
    user = User.objects.filter(email=MENTOR_EMAIL).first()
    if user is None:
        return None
    mentor = Mentor.objects.filter(user=user).first()
    if mentor is None:
        mentor = services.mentor_apply(
            user=user,
            areas=[areas[slug] for slug in MENTOR_AREAS],
            states=["MN", "NY", "WI"],
            languages=["en", "es"],
            weekly_capacity=5,
            match_capacity=2,
            bio="Raised $400k for two city council races in Minneapolis. Happy to help with your first ask.",
        )
    if mentor.status == MentorStatus.APPLIED:
        staff = User.objects.filter(email=STAFF_EMAIL).first()
        if staff is not None:
            mentor = services.mentor_approve(mentor=mentor, by=staff)
    return mentor


def _questions(areas: dict[str, ExpertiseArea], mentor: Mentor) -> int:
    """The demo candidate's resolved question, and two waiting ones from sample candidates."""
    asked = 0
    demo_candidate = (
        Candidate.objects.filter(user__email="candidate@example.org").select_related("user").first()
    )
    if (
        demo_candidate is not None
        and not Question.objects.filter(candidate=demo_candidate, title=RESOLVED["title"]).exists()
    ):
        question = services.question_ask(
            candidate=demo_candidate,
            area=areas[RESOLVED["area"]],
            title=RESOLVED["title"],
            details=RESOLVED["details"],
            private=False,
        )
        services.question_claim(question=question, mentor=mentor)
        services.question_answer(question=question, mentor=mentor, body=RESOLVED["answer"])
        services.question_follow_up(
            question=question, candidate=demo_candidate, body=RESOLVED["follow_up"]
        )
        services.question_answer(question=question, mentor=mentor, body=RESOLVED["reply"])
        services.question_resolve(
            question=question, candidate=demo_candidate, rating=5, comment=RESOLVED["comment"]
        )
        asked += 1
    samples = list(
        Candidate.objects.exclude(user__email="candidate@example.org")
        .exclude(user=mentor.user)
        .select_related("user")
        .order_by("pk")[: len(WAITING)]
    )
    for candidate, wanted in zip(samples, WAITING, strict=False):
        if Question.objects.filter(title=wanted["title"]).exists():
            continue
        services.question_ask(
            candidate=candidate,
            area=areas[wanted["area"]],
            title=wanted["title"],
            details=wanted["details"],
            private=False,
        )
        asked += 1
    return asked


def seed_demo(run) -> None:
    """This app's part of ``seed_demo`` (``rfs.registry.demo_seeders``)."""
    seed(stdout=run.stdout)
