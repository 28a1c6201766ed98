"""A case's attending site; every case that existed is followed up at the first site."""

import django.db.models.deletion
from django.db import migrations, models


def to_first_site(apps, schema_editor):
    site = apps.get_model("clinic_sites", "Clinic").objects.order_by("pk").first()
    apps.get_model("cases", "Case").objects.filter(attending_site=None).update(
        attending_site=site)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', "0021_observation_reply"),
        ('clinic_sites', '0002_first_site_from_settings'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='attending_site',
            field=models.ForeignKey(blank=True, help_text='The site that follows this case up.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='clinic_sites.clinic'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='attending_site',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The site that follows this case up.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='clinic_sites.clinic'),
        ),
        migrations.RunPython(to_first_site, migrations.RunPython.noop),
    ]
