"""Create one group per role, and name the site after the deployment."""

from urllib.parse import urlparse

from django.conf import settings
from django.db import migrations

ROLES = ["candidate", "screener", "mentor", "committee_member", "regional_director", "national_staff"]


def create_roles_and_site(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    Site = apps.get_model("sites", "Site")
    domain = urlparse(settings.SITE_URL).netloc or "localhost"
    Site.objects.update_or_create(pk=settings.SITE_ID, defaults={"domain": domain, "name": settings.SITE_NAME})


class Migration(migrations.Migration):
    dependencies = [
        ("rfs", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create_roles_and_site, migrations.RunPython.noop)]
