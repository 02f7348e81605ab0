"""Les permissions des trois rôles (gestion/roles.py), données à leurs groupes.

Les groupes ont été créés par `contrat_ville/0002_groupes_roles` ; cette migration dépend de la
dernière migration de chaque application pour que toutes leurs permissions existent (dont
`publish_<modèle>` et `indicateurs.import_mesure`). Une migration qui change la table des rôles
rappelle `appliquer`.
"""

from django.db import migrations

from gestion.roles import ROLES, appliquer


def donner_les_permissions(apps, schema_editor):
    appliquer(apps)


def retirer_les_permissions(apps, schema_editor):
    for groupe in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        groupe.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("contrat_ville", "0005_verifie_par_permission_publier"),
        ("dispositifs", "0008_verifie_par_permission_publier"),
        ("fiches", "0003_verifie_par_permission_publier"),
        ("seances", "0004_verifie_par_permission_publier"),
        ("actions", "0002_verifie_par_permission_publier"),
        ("indicateurs", "0004_permission_importer"),
    ]

    operations = [migrations.RunPython(donner_les_permissions, retirer_les_permissions)]
