"""Le générateur d'un lot : l'aléa, les outils d'insertion en masse, l'ordre des étapes.

Chaque étape (territoire, annuaire, fiches…) est une fonction de son module qui reçoit le
générateur, tire dans `gen.rng`, insère par `gen.inserer` et range ce qu'elle a créé sur le
générateur (`gen.quartiers`…), où les étapes suivantes le lisent. L'ordre des étapes et de
leurs tirages fixe les données d'une graine : ne pas le changer sans le vouloir.
"""

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from contrat_ville.publication import Statut
from contrat_ville.registre import donnees_modifiees
from demo.volume import (
    actions_et_articulations,
    annuaire,
    fiches_et_indicateurs,
    mesures,
    seances_et_suites,
    territoire,
)
from demo.volume.lots import prochain_numero_de_lot, vider
from demo.volume.parametres import (
    GRAINE_PAR_DEFAUT,
    POIDS_STATUTS,
    PREFIXE,
    STATUTS,
    TAILLE_LOT_SQL,
    VolumeImpossible,
    effectifs,
)


@dataclass
class Resultat:
    lot: str
    facteur: float
    graine: int
    effectifs: dict = field(default_factory=dict)
    supprimes: int = 0
    duree: float = 0.0


class Generateur:
    def __init__(self, *, facteur, graine=GRAINE_PAR_DEFAUT, taille_lot=TAILLE_LOT_SQL):
        if facteur <= 0:
            raise VolumeImpossible("Le facteur doit être strictement positif.")
        self.facteur = facteur
        self.graine = graine
        self.effectifs = effectifs(facteur)
        self.taille_lot = taille_lot
        self.rng = random.Random(graine)
        self.tz = timezone.get_default_timezone()
        self.maintenant = timezone.now()
        self.crees = {}

    # --- Outils des étapes -------------------------------------------------------------------

    def inserer(self, modele, objets, libelle=None):
        objets = modele.objects.bulk_create(objets, batch_size=self.taille_lot)
        libelle = libelle or str(modele._meta.verbose_name_plural)
        self.crees[libelle] = self.crees.get(libelle, 0) + len(objets)
        return objets

    def lier(self, relation, paires):
        """Insère les lignes d'une table d'association (`Dispositif.quartiers`…) en masse."""
        champ = relation.field
        source, cible = champ.m2m_field_name(), champ.m2m_reverse_field_name()
        through = relation.through
        lignes = [through(**{f"{source}_id": a, f"{cible}_id": b}) for a, b in paires]
        return self.inserer(through, lignes, libelle="liens (tables d'association)")

    def instant(self, debut, fin):
        return debut + timedelta(seconds=self.rng.randrange(int((fin - debut).total_seconds())))

    def date_heure(self, jour, heure, minute=0):
        return datetime(jour.year, jour.month, jour.day, heure, minute, tzinfo=self.tz)

    def publication(self):
        """Statut et dates d'un contenu publiable, cohérents entre eux. Jamais de date de
        vérification : seule une personne la pose, dans l'espace équipe."""
        statut = self.rng.choices(STATUTS, weights=POIDS_STATUTS)[0]
        cree_le = self.instant(self.date_heure(date(2016, 1, 1), 9), self.maintenant)
        publie_le = None
        if statut in (Statut.PUBLIE, Statut.ARCHIVE):
            publie_le = min(cree_le + timedelta(days=self.rng.randint(0, 60)), self.maintenant)
        return {
            "statut": statut,
            "cree_le": cree_le,
            "publie_le": publie_le,
            "statut_modifie_le": publie_le or cree_le,
        }

    def porteur(self, statut):
        """Une structure pour porter un contenu de ce statut : publiée s'il l'est, comme le
        cycle de publication l'exige (`exige_publie`)."""
        if statut != Statut.PUBLIE:
            return self.rng.choice(self.structures)
        return self.rng.choice([s for s in self.structures if s.statut == Statut.PUBLIE])

    def phrases(self, banque, nombre, **valeurs):
        return " ".join(p.format(**valeurs) for p in self.rng.sample(banque, nombre))

    def echantillon(self, taille_espace, nombre, quoi):
        if nombre > taille_espace:
            raise VolumeImpossible(
                f"Facteur {self.facteur} trop petit : {nombre} {quoi} demandés pour "
                f"{taille_espace} combinaisons distinctes possibles."
            )
        return sorted(self.rng.sample(range(taille_espace), nombre))

    def slug(self, nom, rang):
        return f"{self.lot}-{slugify(nom)[:50].strip('-')}-{rang}"

    # --- Lot ---------------------------------------------------------------------------------

    def generer(self, *, vider_avant=False):
        debut = time.perf_counter()
        with transaction.atomic():
            supprimes = vider() if vider_avant else 0
            self.numero = prochain_numero_de_lot()
            self.lot = f"{PREFIXE}r{self.numero}"
            territoire.contrat_et_quartiers(self)
            territoire.structures(self)
            territoire.referentiels(self)
            annuaire.dispositifs(self)
            fiches_et_indicateurs.fiches(self)
            fiches_et_indicateurs.indicateurs(self)
            actions_et_articulations.actions(self)
            seances_et_suites.seances(self)
            actions_et_articulations.articulations(self)
            mesures.mesures(self)
            # bulk_create n'émet aucun signal : les pages en cache sont invalidées ici.
            donnees_modifiees()
        return Resultat(
            lot=self.lot,
            facteur=self.facteur,
            graine=self.graine,
            effectifs=self.crees,
            supprimes=supprimes,
            duree=time.perf_counter() - debut,
        )
