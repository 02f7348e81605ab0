"""Les permissions des lieux d'accueil, de leurs horaires et des accueils des dispositifs,
données aux rôles (table de `gestion/roles.py`)."""

from django.db import migrations

from gestion.roles import appliquer


def donner_les_permissions(apps, schema_editor):
    appliquer(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("gestion", "0001_roles"),
        ("contrat_ville", "0008_lieux"),
        ("dispositifs", "0010_accueils"),
    ]

    operations = [migrations.RunPython(donner_les_permissions, migrations.RunPython.noop)]
