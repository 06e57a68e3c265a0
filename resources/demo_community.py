"""Demo perks, community channels and directory entries, called from ``resources.demo.seed``.

Idempotent: rows are matched by vendor and offer, by channel name, and by candidate, so
running it again changes nothing. Every vendor is fictional and every code is obviously
fake; invite links point at chat.example.org.
"""

from datetime import date

import zipcodes

from candidates.enums import Activity
from candidates.models import Candidate

from .enums import ChannelKind, PerkCategory
from .models import Channel, DirectoryProfile, Perk

# (vendor, offer, category, description, code, claim link)
PERKS = [
    (
        "Demo Voter Data Co.",
        "Free statewide voter file for your district",
        PerkCategory.VOTER_FILE,
        "A cleaned list of every registered voter in your district, with vote history, ready for walk lists.",
        "DEMO-VOTERFILE-2026",
        "",
    ),
    (
        "Demo Dialer",
        "Three months of phone and text banking at half price",
        PerkCategory.DIALER,
        "Let volunteers call and text voters from their own laptops, with scripts and opt-outs built in.",
        "DEMO-DIALER-HALF",
        "",
    ),
    (
        "Demo Sites",
        "A campaign website, free until election day",
        PerkCategory.WEBSITE,
        "Pick a template, add your story and a donate button, and you're live in an afternoon.",
        "",
        "https://perks.example.org/demo-sites",
    ),
    (
        "Demo Design Studio",
        "Logo and yard sign design, 40% off",
        PerkCategory.DESIGN,
        "A designer works with you on a logo, colours and a yard sign that reads from a moving car.",
        "DEMO-DESIGN-40",
        "",
    ),
    (
        "Demo Compliance Partners",
        "An hour with a campaign finance lawyer",
        PerkCategory.LEGAL,
        "Ask about your reporting deadlines, what counts as a contribution and how to set up your committee.",
        "DEMO-LEGAL-HOUR",
        "https://perks.example.org/demo-compliance",
    ),
    (
        "Demo Donations",
        "No platform fee on your first $5,000",
        PerkCategory.FUNDRAISING,
        "Online donations with recurring gifts, employer fields for your reports and a thank-you email.",
        "DEMO-DONATE-5K",
        "",
    ),
]

INVITE = "https://chat.example.org/invite/"

# (name, kind, fit, description)
CHANNELS = [
    (
        "Minnesota candidates",
        ChannelKind.STATE,
        "MN",
        "Everyone running or thinking of running in Minnesota.",
    ),
    (
        "New York candidates",
        ChannelKind.STATE,
        "NY",
        "Everyone running or thinking of running in New York.",
    ),
    (
        "California candidates",
        ChannelKind.STATE,
        "CA",
        "Everyone running or thinking of running in California.",
    ),
    (
        "Texas candidates",
        ChannelKind.STATE,
        "TX",
        "Everyone running or thinking of running in Texas.",
    ),
    (
        "School board",
        ChannelKind.SPECIALTY,
        "school_board",
        "Budgets, curriculum fights and meeting prep.",
    ),
    (
        "City council",
        ChannelKind.SPECIALTY,
        "municipal",
        "Zoning, housing and how to read a city budget.",
    ),
    (
        "Judicial races",
        ChannelKind.SPECIALTY,
        "judicial",
        "The particular rules of running for a judgeship.",
    ),
    ("Women running", ChannelKind.IDENTITY, "women", "A space for women candidates."),
    ("LGBTQ+ candidates", ChannelKind.IDENTITY, "lgbtq", "A space for LGBTQ+ candidates."),
    ("Veterans running", ChannelKind.IDENTITY, "veterans", "Veterans who serve again, at home."),
    (
        "Parents running",
        ChannelKind.IDENTITY,
        "parents",
        "Childcare, bedtime and call time: running as a parent.",
    ),
]

# The demo candidate lives in Minnesota: a few of the sample candidates there are listed.
DIRECTORY_STATE = "MN"
DIRECTORY_ENTRIES = [
    (
        "School Board, Saint Paul",
        "A teacher for twelve years who wants every kid to have a librarian.",
    ),
    ("City Council, Ward 2", "Renter, cyclist and tenant organiser. Happy to talk door knocking."),
    ("County Commissioner", "Farmer's daughter; I want broadband on every road in the county."),
    (
        "State House, District 64A",
        "Nurse and union steward, running because my patients can't wait.",
    ),
]


def seed_community(*, stdout) -> None:
    perks = _perks()
    channels = _channels()
    listed = _directory()
    stdout.write(
        f"Community: {perks} new demo perks, {channels} new channels, {listed} demo candidates listed "
        f"in the {DIRECTORY_STATE} directory."
    )


def _perks() -> int:
    created = 0
    for vendor, title, category, description, code, claim_url in PERKS:
        _perk, new = Perk.objects.get_or_create(
            vendor=vendor,
            title=title,
            defaults={
                "category": category,
                "description": description,
                "code": code,
                "claim_url": claim_url,
                "expires_on": date(date.today().year + 1, 12, 31),
            },
        )
        created += new
    return created


def _channels() -> int:
    created = 0
    for name, kind, fit, description in CHANNELS:
        slug = name.lower().replace(" ", "-").replace("+", "")
        _channel, new = Channel.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "description": description,
                "invite_url": INVITE + slug,
                "state": fit if kind == ChannelKind.STATE else "",
                "specialty": fit if kind == ChannelKind.SPECIALTY else "",
                "identity": fit if kind == ChannelKind.IDENTITY else "",
            },
        )
        created += new
    return created


def _directory() -> int:
    """Lists the first few active sample candidates of the state, with a city from their ZIP."""
    candidates = list(
        Candidate.objects.filter(
            state=DIRECTORY_STATE,
            activity=Activity.ACTIVE,
            user__email__startswith="candidate-",
        ).order_by("user__email")[: len(DIRECTORY_ENTRIES)]
    )
    for candidate, (office, one_line) in zip(candidates, DIRECTORY_ENTRIES, strict=False):
        if not candidate.city and candidate.zip_code:
            matches = zipcodes.matching(candidate.zip_code)
            if matches:
                candidate.city = matches[0]["city"].title()
                candidate.save(update_fields=["city"])
        DirectoryProfile.objects.get_or_create(
            candidate=candidate,
            defaults={"listed": True, "office_sought": office, "one_line": one_line},
        )
    return len(candidates)
