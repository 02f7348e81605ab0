from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gestion import roles

COMPTES = [
    ("lecteur", roles.LECTEUR),
    ("redacteur", roles.REDACTEUR),
    ("coordinateur", roles.COORDINATEUR),
]
MOT_DE_PASSE_DEMO = "demo-contrat-de-ville"  # noqa: S105 (comptes de démonstration locale)


class Command(BaseCommand):
    help = "Crée un compte de démonstration par rôle (poste de développement uniquement)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Autorise la création hors DEBUG (jamais sur un serveur public).",
        )

    @transaction.atomic
    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Comptes de démonstration refusés hors développement (DEBUG=1 ou --force)."
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
