"""Le registre des types de contenu : la seule liste des modèles que le portail publie.

Chaque application y déclare ses modèles depuis son `AppConfig.ready()` : le cœur n'importe
aucune application, ce sont elles qui s'y inscrivent. Le registre dit, pour chaque type :

- son segment d'URL dans l'espace équipe (`/gestion/<chemin>/`) et ce que son nom lit ailleurs
  (`lies`, pour un `select_related`), d'où ses adresses publique et de gestion ;
- s'il part dans les données ouvertes.

Il sert à l'invalidation du cache des pages et à la version des données du support (toute
écriture d'un modèle inscrit ou suivi fait avancer la version), au tableau de bord, aux écrans
de l'espace équipe et aux données ouvertes. `suivre()` inscrit en plus des modèles sans écran
propre (étapes d'une fiche, mesures…) dont une écriture change aussi une page publique.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils.text import capfirst

from contrat_ville.models import VersionDonnees
from contrat_ville.publication import Publiable


@dataclass(frozen=True)
class TypeDeContenu:
    modele: type
    chemin: str  # /gestion/<chemin>/
    lies: tuple[str, ...] = ()  # relations que `__str__` lit : à charger avec l'objet
    donnees_ouvertes: bool = False

    @property
    def nom(self):
        return self.modele._meta.model_name

    @property
    def libelle(self):
        return self.modele._meta.verbose_name

    @property
    def libelle_pluriel(self):
        return capfirst(self.modele._meta.verbose_name_plural)

    @property
    def publiable(self):
        return issubclass(self.modele, Publiable)

    def url_gestion(self, vue="list", *args):
        """`/gestion/<chemin>/…` : `url_gestion("detail", pk)`."""
        return reverse(f"gestion:{self.nom}-{vue}", args=args)


class Registre:
    def __init__(self):
        self._types = {}
        self._suivis = set()

    def enregistrer(self, modele, *, chemin, lies=(), donnees_ouvertes=False):
        self._types[modele] = TypeDeContenu(
            modele, chemin=chemin, lies=tuple(lies), donnees_ouvertes=donnees_ouvertes
        )
        self.suivre(modele)

    def suivre(self, *modeles):
        """Une écriture de ces modèles (ou de leurs listes) change des pages publiques."""
        for modele in modeles:
            self._suivis.add(modele)
            uid = f"version-donnees-{modele._meta.label_lower}"
            post_save.connect(_sur_ecriture, sender=modele, dispatch_uid=uid)
            post_delete.connect(_sur_ecriture, sender=modele, dispatch_uid=uid)

    def __iter__(self):
        return iter(self._types.values())

    def type_de(self, modele):
        """Le type inscrit pour ce modèle, ou None."""
        return self._types.get(modele)

    def publiables(self):
        return [contenu for contenu in self if contenu.publiable]

    def donnees_ouvertes(self):
        return [contenu for contenu in self if contenu.donnees_ouvertes]

    def modeles_suivis(self):
        return sorted(self._suivis, key=lambda modele: modele._meta.label)

    def suit(self, modele):
        """Vrai pour un modèle suivi, et pour la table de liaison d'une de ses listes."""
        proprietaire = modele._meta.auto_created or modele
        return proprietaire in self._suivis


registre = Registre()


# --- Version des données -------------------------------------------------------------------
# Les signaux ne servent qu'à faire avancer la version des données, le seul usage qu'en fait
# le projet : aucune règle métier n'y vit. Ils garantissent qu'aucune écriture (gestion, admin,
# shell, restauration d'une version de l'historique) n'oublie de rendre obsolètes les pages en
# cache et le support.


def donnees_modifiees():
    """À appeler après une écriture qui ne passe pas par `save()` (`bulk_create`, `update`).

    La version avance à la validation de la transaction : un écrivain ne verrouille pas la
    ligne de version pendant toute sa transaction (ce qui sérialiserait toutes les écritures),
    et une page rendue entre-temps l'est sous l'ancienne version, jamais sous la nouvelle.
    """
    transaction.on_commit(VersionDonnees.avancer)


def _sur_ecriture(sender, **kwargs):
    donnees_modifiees()


def _sur_liste(sender, action, **kwargs):
    if action.startswith("post_") and registre.suit(sender):
        donnees_modifiees()


m2m_changed.connect(_sur_liste, dispatch_uid="version-donnees-listes")
