from django.core.management.base import BaseCommand

from portail.sauvegarde import sauvegarder


class Command(BaseCommand):
    help = "Sauvegarde toutes les données, l'historique et les fichiers déposés dans une archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Chemin de l'archive à écrire (.tar.gz).")

    def handle(self, *args, archive, **options):
        manifeste = sauvegarder(archive)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sauvegarde écrite dans {archive} ({len(manifeste['fichiers'])} fichier(s) "
                "déposé(s) inclus)."
            )
        )
