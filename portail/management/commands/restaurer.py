from django.core.management.base import BaseCommand, CommandError

from portail.sauvegarde import SauvegardeInvalide, restaurer


class Command(BaseCommand):
    help = "Restaure une archive de `sauvegarder` dans une base migrée et vide."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Chemin de l'archive (.tar.gz).")

    def handle(self, *args, archive, **options):
        try:
            manifeste = restaurer(archive)
        except (SauvegardeInvalide, OSError) as erreur:
            raise CommandError(f"Restauration impossible : {erreur}") from erreur
        self.stdout.write(
            self.style.SUCCESS(
                f"Restauration terminée ({len(manifeste['fichiers'])} fichier(s) déposé(s))."
            )
        )
