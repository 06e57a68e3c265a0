"""Seed the partner directory with the national groups our seed material names.

Candidates who don't fit our endorsement are referred to these (endorsements.eligibility
.partners_for); staff add state and local groups in the admin. Running it again updates
the same rows (matched by slug, or by name for a row staff added by hand); reversing it
leaves the directory alone, since staff may have edited it since.

Two groups the seed lists are left out on purpose: Defend Our Nation elects veterans
to Congress from the other side of the aisle (Veterans Campaign is the nonpartisan
training the seed also names), and Off the Sidelines is a call to action rather than a
programme a candidate can join.
"""

from django.db import migrations

NATIONAL_PARTNERS = [
    # (slug, name, focus, one line about who they support, website)
    ("emerge", "Emerge", ["women"],
     "Trains Democratic women to run for office, with an in-depth six-month programme in many states.",
     "https://emerge.org/"),
    ("she-should-run", "She Should Run", ["women"],
     "Free online courses and a community for women and girls thinking about a future run.",
     "https://www.sheshouldrun.org/"),
    ("emilys-list", "EMILY's List", ["women", "statewide"],
     "Tools and advice for pro-choice Democratic women, from local races to governor and Congress.",
     "https://emilyslist.org/"),
    ("higher-heights", "Higher Heights for America", ["black_women"],
     "Builds the political power of Black women, with candidate training and support.",
     "https://www.higherheightsforamerica.org/"),
    ("victory-institute", "LGBTQ+ Victory Institute", ["lgbtq"],
     "Trains and supports LGBTQ+ candidates and elected officials (with the LGBTQ+ Victory Fund).",
     "https://victoryinstitute.org/"),
    ("veterans-campaign", "Veterans Campaign", ["veterans"],
     "Nonpartisan campaign training workshops for military veterans.",
     "https://www.veteranscampaign.org/"),
    ("new-american-leaders", "New American Leaders", ["immigrants"],
     "Trainings and fellowships for first- and second-generation Americans running for office.",
     "https://newamericanleaders.org/"),
    ("latino-victory", "Latino Victory Project", ["latino"],
     "Recruits and supports progressive Latino and Latina candidates at every level.",
     "https://latinovictory.us/"),
    ("ndtc", "National Democratic Training Committee", ["training"],
     "Free online training for Democratic candidates everywhere, especially for local races.",
     "https://traindemocrats.org/"),
    ("wellstone", "Wellstone", ["training", "native"],
     "Camp Wellstone and in-person candidate training, including a Native American leadership programme.",
     "https://www.wellstone.org/"),
    ("pccc", "Progressive Change Campaign Committee", ["training", "statewide"],
     "Training, experts and volunteers for bold progressive candidates, including statewide and federal races.",
     "https://boldprogressives.org/"),
    ("our-revolution", "Our Revolution", ["training"],
     "A progressive coalition that encourages and supports progressives running for office.",
     "https://ourrevolution.com/"),
    ("run-for-office", "Run for Office", ["training"],
     "A nonpartisan starting point: the offices up in your area, their deadlines and free courses.",
     "https://www.runforoffice.org/"),
]


def seed_partners(apps, schema_editor):
    PartnerOrganization = apps.get_model("endorsements", "PartnerOrganization")
    for slug, name, focus, focus_text, url in NATIONAL_PARTNERS:
        values = {"slug": slug, "name": name, "focus": focus, "focus_text": focus_text, "url": url,
                  "scope": "national", "states": []}
        existing = (
            PartnerOrganization.objects.filter(slug=slug).first()
            or PartnerOrganization.objects.filter(name=name).first()
        )
        partner = existing or PartnerOrganization()
        for field, value in values.items():
            setattr(partner, field, value)
        partner.save()


class Migration(migrations.Migration):

    dependencies = [
        ("endorsements", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed_partners, migrations.RunPython.noop),
    ]
