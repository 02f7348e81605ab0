from django.core.management.base import BaseCommand, CommandError

from contrat_ville import francais
from demo.garde import AIDE_FORCE, exiger_developpement
from demo.volume import GRAINE_PAR_DEFAUT, VolumeImpossible, generer


class Command(BaseCommand):
    help = (
        "Remplit la base de données synthétiques à N fois le volume de référence "
        "(40 quartiers, 300 dispositifs, 1 000 séances, 20 000 mesures…), pour les mesures de "
        "performance. Les données générées sont marquées « vol-r<n> »."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--facteur",
            type=float,
            default=1.0,
            help="Multiplie le volume de référence (0.05 pour les tests, 10 pour les benchmarks).",
        )
        parser.add_argument(
            "--graine",
            type=int,
            default=GRAINE_PAR_DEFAUT,
            help=f"Graine du générateur aléatoire, pour des lots reproductibles "
            f"(par défaut {GRAINE_PAR_DEFAUT}).",
        )
        parser.add_argument(
            "--vider",
            action="store_true",
            help="Supprime d'abord les données de volume déjà générées (jamais la démonstration).",
        )
        parser.add_argument("--force", action="store_true", help=AIDE_FORCE)

    def handle(self, *args, facteur, graine, vider, force=False, **options):
        ajout = f"ajouterait des données synthétiques (facteur {francais.nombre(facteur)})"
        exiger_developpement(
            "generer_volume",
            f"supprimerait d'abord les lots de volume existants, puis {ajout}" if vider else ajout,
            force=force,
        )
        try:
            resultat = generer(facteur=facteur, graine=graine, vider_avant=vider)
        except VolumeImpossible as erreur:
            raise CommandError(str(erreur)) from erreur

        if vider:
            self.stdout.write(
                "Données de volume précédentes supprimées : "
                f"{francais.pluriel(resultat.supprimes, 'ligne')}."
            )
        self.stdout.write(
            f"Lot « {resultat.lot} » généré (facteur {francais.nombre(facteur)}, graine {graine}) "
            f"en {francais.nombre(round(resultat.duree, 1))} s :"
        )
        largeur = max(len(libelle) for libelle in resultat.effectifs)
        for libelle, nombre in resultat.effectifs.items():
            self.stdout.write(f"  {libelle:<{largeur}}  {francais.nombre(nombre):>9}")
        total = sum(resultat.effectifs.values())
        self.stdout.write(
            self.style.SUCCESS(f"  {'total':<{largeur}}  {francais.nombre(total):>9}")
        )
