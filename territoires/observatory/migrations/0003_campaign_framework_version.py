from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0002_transition_logs_from_core"),
    ]

    operations = [
        # Every campaign created before versions were recorded was scored with 2026.1.
        migrations.AddField(
            model_name="campaign",
            name="framework_version",
            field=models.CharField(
                blank=True,
                default="2026.1",
                help_text="La version du référentiel de l’édition avec laquelle les scores sont calculés.",
                max_length=20,
                verbose_name="version du référentiel",
            ),
            preserve_default=False,
        ),
    ]
