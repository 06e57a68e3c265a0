"""Partner organisations now belong to the resources app (its migration 0004 takes the
table over under the same name): forget the model here without touching the table."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('endorsements', '0003_cycle_quorum_research_not_applicable'),
        ('resources', '0004_partner_organizations_move'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name='PartnerOrganization')]),
    ]
