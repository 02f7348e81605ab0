"""Charge les données de démonstration des fichiers TOML de `fixtures/` (voir demo/chargement.py).

Tout tient dans une transaction : un fichier incohérent n'écrit rien. Ce que quelqu'un a changé
ou supprimé depuis le chargement est laissé tel quel et signalé (voir demo/ecriture.py). Hors
DEBUG, la commande refuse de s'exécuter sans --force, avant toute écriture.
"""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from contrat_ville import francais
from contrat_ville.registre import donnees_modifiees
from demo.chargement import Chargeur, lire_fixtures
from demo.ecriture import GARDE, INCONNU, LAISSE, NON_CHARGE, SUPPRIME
from demo.garde import AIDE_FORCE, exiger_developpement

LIGNES_SIGNALEES_AFFICHEES = 20
# Titre de chaque groupe de lignes signalées : (singulier, pluriel).
_DEPUIS = "depuis le chargement de la démonstration"
TITRES = {
    LAISSE: (
        f"Laissé tel quel : modifié {_DEPUIS}",
        f"Laissés tels quels : modifiés {_DEPUIS}",
    ),
    INCONNU: (
        "Laissé tel quel : aucun historique ne montre que la démonstration l'a écrit",
        "Laissés tels quels : aucun historique ne montre que la démonstration les a écrits",
    ),
    GARDE: (
        f"Gardé bien qu'absent des fichiers : ajouté ou modifié {_DEPUIS}",
        f"Gardés bien qu'absents des fichiers : ajoutés ou modifiés {_DEPUIS}",
    ),
    SUPPRIME: (
        f"Laissé supprimé : supprimé {_DEPUIS}",
        f"Laissés supprimés : supprimés {_DEPUIS}",
    ),
    NON_CHARGE: (
        f"Non chargé : dépend d'une ligne supprimée {_DEPUIS}",
        f"Non chargés : dépendent d'une ligne supprimée {_DEPUIS}",
    ),
}

# Ce qui, dans le bilan d'un modèle, n'a pas suivi les fichiers : (singulier, pluriel).
EVENEMENTS_SIGNALES = {
    "laissees": ("laissé tel quel", "laissés tels quels"),
    "gardees": ("gardé", "gardés"),
    "laissees_supprimees": ("laissé supprimé", "laissés supprimés"),
    "non_chargees": ("non chargé", "non chargés"),
}


def _creations_et_mises_a_jour(compte):
    return [
        francais.pluriel(compte["creations"], "création", "créations"),
        francais.pluriel(compte["mises_a_jour"], "mise à jour", "mises à jour"),
    ]


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (fichiers TOML de fixtures/) : contrat, quartiers, "
        "structures, dispositifs, fiches, indicateurs, séances et mesures d'exemple. Relançable ; "
        "ne récrit jamais une ligne que quelqu'un a changée depuis son chargement, ne recrée "
        "jamais une ligne qu'il a supprimée."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            type=Path,
            help="Dossier des fichiers TOML (par défaut : fixtures/ à la racine du projet).",
        )
        parser.add_argument("--force", action="store_true", help=AIDE_FORCE)

    def handle(self, *args, dossier=None, force=False, verbosity=1, **options):
        dossier = dossier or Path(settings.BASE_DIR) / "fixtures"
        exiger_developpement(
            "charger_demo",
            f"écrirait les données de démonstration de {dossier}",
            force=force,
        )
        fichiers, donnees = lire_fixtures(dossier)
        with transaction.atomic():
            chargeur = Chargeur(donnees, aujourd_hui=timezone.localdate())
            bilan = chargeur.charger()
            donnees_modifiees()  # pages en cache obsolètes, même pour une écriture sans signal
        if verbosity < 1:
            return
        noms = ", ".join(fichier.name for fichier in fichiers)
        self.stdout.write(f"Données de démonstration chargées depuis {dossier} ({noms}).")
        total = Counter()
        for modele, compte in bilan.items():
            total.update(compte)
            lignes = sum(compte[e] for e in ("creations", "mises_a_jour", "inchanges", "laissees"))
            detail = _creations_et_mises_a_jour(compte)
            if compte["suppressions"]:
                detail.append(
                    francais.pluriel(compte["suppressions"], "suppression", "suppressions")
                )
            for evenement, mots in EVENEMENTS_SIGNALES.items():
                if compte[evenement]:
                    detail.append(francais.pluriel(compte[evenement], *mots))
            self.stdout.write(
                f"  {modele._meta.verbose_name_plural} : {lignes} ({', '.join(detail)})"
            )
        self._lister(chargeur.signalees, tout=verbosity > 1)
        resume = [
            *_creations_et_mises_a_jour(total),
            francais.pluriel(total["suppressions"], "suppression", "suppressions"),
            *(francais.pluriel(total[e], *mots) for e, mots in EVENEMENTS_SIGNALES.items()),
            f"{total['inchanges']} sans changement",
        ]
        self.stdout.write(self.style.SUCCESS(f"Terminé : {', '.join(resume)}."))

    def _lister(self, signalees, *, tout):
        """Chaque groupe, ses N premières lignes (toutes avec --verbosity 2)."""
        for etat, titres in TITRES.items():
            lignes = [ligne for ligne in signalees if ligne.etat == etat]
            if not lignes:
                continue
            titre = titres[0] if len(lignes) == 1 else titres[1]
            self.stdout.write(self.style.WARNING(f"{titre} ({len(lignes)}) :"))
            affichees = lignes if tout else lignes[:LIGNES_SIGNALEES_AFFICHEES]
            for ligne in affichees:
                self.stdout.write(f"  {ligne}")
            if reste := len(lignes) - len(affichees):
                autres = francais.pluriel(reste, "autre", "autres")
                self.stdout.write(f"  … et {autres} (--verbosity 2 pour tout lister).")
