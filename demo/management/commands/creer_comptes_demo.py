from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction

from contrat_ville import roles
from demo.garde import AIDE_FORCE, exiger_developpement

COMPTES = [
    ("lecteur", roles.LECTEUR),
    ("redacteur", roles.REDACTEUR),
    ("coordinateur", roles.COORDINATEUR),
]
MOT_DE_PASSE_DEMO = "demo-contrat-de-ville"  # noqa: S105 (comptes de démonstration locale)


class Command(BaseCommand):
    help = "Crée un compte de démonstration par rôle (poste de développement uniquement)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help=AIDE_FORCE)

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        exiger_developpement(
            "creer_comptes_demo",
            "créerait ou remettrait au mot de passe commun les comptes de démonstration "
            f"({', '.join(identifiant for identifiant, _ in COMPTES)}, admin)",
            force=force,
        )
        for identifiant, role in COMPTES:
            user, _ = User.objects.get_or_create(
                username=identifiant, defaults={"email": f"{identifiant}@example.org"}
            )
            user.set_password(MOT_DE_PASSE_DEMO)
            user.is_active = True
            user.save()
            user.groups.set([Group.objects.get(name=role)])
        admin, _ = User.objects.get_or_create(username="admin")
        admin.is_staff = admin.is_superuser = True
        admin.set_password(MOT_DE_PASSE_DEMO)
        admin.save()

        self.stdout.write(f"Comptes de démonstration (mot de passe commun : {MOT_DE_PASSE_DEMO})")
        for identifiant, role in COMPTES:
            self.stdout.write(f"  {role:<13} identifiant : {identifiant}")
        self.stdout.write("  Superutilisateur (/admin/) identifiant : admin")
