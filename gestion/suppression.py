"""Ce qu'une suppression emporte, dit avant de la confirmer.

Le collecteur de l'admin (`NestedObjects`) parcourt les mêmes relations que `delete()` : objets
supprimés en cascade, liens de listes retirés, champs vidés, et objets protégés qui empêchent la
suppression. Un objet emporté que la personne ne pourrait pas supprimer elle-même (un contenu
publié, pour un rédacteur) l'empêche aussi : la cascade ne contourne pas les règles d'objet.
"""

from dataclasses import dataclass, field

from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.utils.text import capfirst

from contrat_ville.permissions import peut_supprimer
from contrat_ville.publication import Publiable


@dataclass
class Consequence:
    """Des objets d'un même modèle touchés par la suppression ; `precision` nomme le champ."""

    libelle: str
    objets: list = field(default_factory=list)
    precision: str = ""


@dataclass
class Impact:
    supprimes: list  # objets supprimés en même temps, par modèle
    liens_retires: list  # objets d'autres modèles dont une liste ne citera plus le contenu
    champs_vides: list  # objets dont une référence au contenu sera vidée
    bloquants: list  # objets protégés : la suppression est impossible
    interdits: list  # objets emportés que la personne ne peut pas supprimer : refusée

    @property
    def possible(self):
        return not self.bloquants

    @property
    def permise(self):
        return not self.interdits

    @property
    def vide(self):
        return not (self.supprimes or self.liens_retires or self.champs_vides)


def _pluriel(modele):
    return capfirst(modele._meta.verbose_name_plural)


def _par_modele(objets):
    groupes = {}
    for objet in objets:
        groupes.setdefault(type(objet), []).append(str(objet))
    return [
        Consequence(_pluriel(modele), sorted(noms))
        for modele, noms in sorted(groupes.items(), key=lambda g: g[0]._meta.verbose_name)
    ]


def _lien_retire(objet, ligne):
    """Pour une ligne d'une table d'association : la liste (ManyToMany) d'un autre objet qui
    citait `objet`, et cet autre objet ; None pour une liste de l'objet lui-même."""
    table = type(ligne)
    proprietaire = table._meta.auto_created
    liste = next(c for c in proprietaire._meta.many_to_many if c.remote_field.through is table)
    source = getattr(ligne, liste.m2m_field_name())
    if source == objet:
        return None
    return liste, source


def impact_de_la_suppression(objet, user):
    collecteur = NestedObjects(using=router.db_for_write(type(objet)))
    collecteur.collect([objet])
    supprimes, liens = [], {}
    for modele, objets in collecteur.model_objs.items():
        if modele._meta.auto_created:
            for ligne in objets:
                if lien := _lien_retire(objet, ligne):
                    liste, autre = lien
                    liens.setdefault(liste, []).append(str(autre))
        else:
            supprimes.extend(o for o in objets if o != objet)
    return Impact(
        supprimes=_par_modele(supprimes),
        liens_retires=[
            Consequence(_pluriel(liste.model), sorted(noms), precision=liste.verbose_name)
            for liste, noms in liens.items()
        ],
        champs_vides=[
            Consequence(
                _pluriel(champ.model),
                sorted(str(o) for lot in lots for o in lot),
                precision=champ.verbose_name,
            )
            for (champ, _valeur), lots in collecteur.field_updates.items()
        ],
        bloquants=_par_modele(collecteur.protected),
        # Les lignes sans statut (mesures, étapes…) suivent leur parent, vérifié lui-même.
        interdits=_par_modele(
            o for o in supprimes if isinstance(o, Publiable) and not peut_supprimer(user, o)
        ),
    )
