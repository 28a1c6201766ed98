"""Sites: opening hours, closed days and appointments belong to a site, appointment types
are offered at sites. Everything that existed is put on the first site (clinic.sites 0002)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def to_first_site(apps, schema_editor):
    site = apps.get_model("clinic_sites", "Clinic").objects.order_by("pk").first()
    for name in ("ClinicHours", "ClosedDay", "Appointment"):
        apps.get_model("scheduling", name).objects.filter(site=None).update(site=site)
    apps.get_model("scheduling", "HistoricalAppointment").objects.filter(site=None).update(
        site_id=site.pk)
    AppointmentType = apps.get_model("scheduling", "AppointmentType")
    for appointment_type in AppointmentType.objects.all():
        appointment_type.sites.add(site)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', "0022_case_attending_site"),
        ('clinic_sites', '0002_first_site_from_settings'),
        ('patients', '0007_search_trigram_indexes'),
        ('scheduling', '0009_appointment_at_most_a_day'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='clinichours',
            options={'ordering': ['site_id', 'weekday'], 'verbose_name': 'opening hours', 'verbose_name_plural': 'opening hours'},
        ),
        migrations.AlterModelOptions(
            name='closedday',
            options={'ordering': ['date', 'site_id']},
        ),
        migrations.AddField(
            model_name='appointment',
            name='site',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='clinic_sites.clinic'),
        ),
        migrations.AddField(
            model_name='appointmenttype',
            name='sites',
            field=models.ManyToManyField(blank=True, related_name='appointment_types', to='clinic_sites.clinic', verbose_name='offered at'),
        ),
        migrations.AddField(
            model_name='clinichours',
            name='site',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='hours', to='clinic_sites.clinic'),
        ),
        migrations.AddField(
            model_name='closedday',
            name='site',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='closed_days', to='clinic_sites.clinic'),
        ),
        migrations.AddField(
            model_name='historicalappointment',
            name='site',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='clinic_sites.clinic'),
        ),
        migrations.RunPython(to_first_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='appointment',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appointments', to='clinic_sites.clinic'),
        ),
        migrations.AlterField(
            model_name='clinichours',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='hours', to='clinic_sites.clinic'),
        ),
        migrations.AlterField(
            model_name='closedday',
            name='site',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='closed_days', to='clinic_sites.clinic'),
        ),
        migrations.AlterField(
            model_name='clinichours',
            name='weekday',
            field=models.PositiveSmallIntegerField(choices=[(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')]),
        ),
        migrations.AlterField(
            model_name='closedday',
            name='date',
            field=models.DateField(),
        ),
        migrations.AddIndex(
            model_name='appointment',
            index=models.Index(fields=['site', 'start'], name='scheduling__site_id_d66692_idx'),
        ),
        migrations.AddConstraint(
            model_name='clinichours',
            constraint=models.UniqueConstraint(fields=('site', 'weekday'), name='clinic_hours_one_row_per_site_weekday', violation_error_message='This site already has hours for that weekday.'),
        ),
        migrations.AddConstraint(
            model_name='closedday',
            constraint=models.UniqueConstraint(fields=('site', 'date'), name='closed_day_once_per_site', violation_error_message='This site is already closed on that date.'),
        ),
    ]
