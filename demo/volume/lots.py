"""Reconnaître les lots de volume : le numéro du prochain, et la suppression de tous."""

from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import override_settings

from actions.models import ActionEducative
from contrat_ville.models import ContratDeVille, Quartier, Structure
from contrat_ville.registre import donnees_modifiees
from demo.volume.parametres import MARQUE_LOT, PREFIXE
from dispositifs.models import Dispositif
from fiches.models import Fiche
from indicateurs.models import Mesure
from seances.models import Participation, Seance, Suite


def prochain_numero_de_lot():
    numeros = [
        int(slug.removeprefix(f"{PREFIXE}r"))
        for slug in ContratDeVille.objects.filter(slug__regex=r"^vol-r[0-9]+$").values_list(
            "slug", flat=True
        )
    ]
    return max(numeros, default=0) + 1


@transaction.atomic
def vider():
    """Supprime les données de tous les lots de volume, et rien d'autre. Renvoie le nombre de
    lignes supprimées."""
    contrats = ContratDeVille.objects.filter(slug__regex=MARQUE_LOT)
    fiches = Fiche.objects.filter(contrat__in=contrats)
    # Les quartiers d'un lot ne sont classés que dans son contrat (slug marqué du lot).
    quartiers = Quartier.objects.filter(pk__in=Quartier.objects.du_contrat(contrats).values("pk"))
    seances = Seance.objects.filter(
        pk__in=Seance.objects.filter(Q(fiches__in=fiches) | Q(quartier__in=quartiers)).values("pk")
    )
    # Tables feuilles (rien ne pointe vers elles) et volumineuses : un DELETE direct évite au
    # collecteur de Django de charger chaque ligne pour rien.
    total = sum(
        _supprimer_directement(queryset)
        for queryset in (
            Mesure.objects.filter(indicateur__fiche__in=fiches),
            Participation.objects.filter(seance__in=seances),
            Suite.objects.filter(seance__in=seances),
        )
    )
    # Le reste passe par delete() pour que CASCADE, PROTECT et SET_NULL s'appliquent ; sans
    # ce réglage, django-simple-history écrirait une ligne d'historique par ligne supprimée.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for queryset in (
            seances,
            ActionEducative.objects.filter(slug__regex=MARQUE_LOT),
            Dispositif.objects.filter(slug__regex=MARQUE_LOT),
            fiches,
            Structure.objects.filter(slug__regex=MARQUE_LOT),
            quartiers,
            contrats,
        ):
            total += queryset.delete()[0]
    donnees_modifiees()  # les DELETE directs n'émettent aucun signal
    return total


def _supprimer_directement(queryset):
    meta, nom = queryset.model._meta, connection.ops.quote_name
    sous_requete, parametres = queryset.values("pk").query.sql_with_params()
    # Noms de table et de colonne quotés, valeurs passées en paramètres.
    requete = f"DELETE FROM {nom(meta.db_table)} WHERE {nom(meta.pk.column)} IN ({sous_requete})"  # noqa: S608
    with connection.cursor() as curseur:
        curseur.execute(requete, parametres)
        return curseur.rowcount
