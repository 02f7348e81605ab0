"""À qui est une ligne : à la démonstration, ou à quelqu'un qui l'a changée depuis.

La démonstration signe chaque écriture d'un motif d'historique reconnaissable (`MOTIF_DEMO`),
sans auteur. Une ligne reste la sienne tant que sa dernière entrée d'historique est ainsi
signée ; l'espace équipe et l'admin, eux, écrivent un auteur (et l'espace équipe un motif :
« Modification », « Archiver »…). Une ligne sans aucun historique n'est à personne de connu :
elle est traitée comme changée par quelqu'un, car rien ne prouve que la démonstration l'a écrite.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from gestion.historique import noter_motif

MOTIF_DEMO = "Chargement des données de démonstration"
# L'ancien chargeur n'écrivait aucun motif : ses lignes restent celles de la démonstration.
MOTIFS_DE_LA_DEMO = {MOTIF_DEMO, "", None}
# Annotation posée par `avec_provenance` → champ de l'entrée d'historique.
CHAMPS = {
    "provenance_date": "history_date",
    "provenance_type": "history_type",
    "provenance_auteur_id": "history_user",
    "provenance_auteur": "history_user__username",
    "provenance_motif": "history_change_reason",
}


def signer(objet):
    """La prochaine entrée d'historique de `objet` (enregistrement, liste, suppression) sera
    celle de la démonstration."""
    noter_motif(objet, MOTIF_DEMO)


def _entrees(modele, pk):
    return modele.history.filter(**{modele._meta.pk.attname: pk}).order_by(
        "-history_date", "-history_id"
    )


def avec_provenance(queryset):
    """`queryset` dont chaque ligne porte sa dernière entrée d'historique (une sous-requête par
    champ, pas de requête de plus par ligne)."""
    entrees = _entrees(queryset.model, OuterRef("pk"))
    return queryset.annotate(
        **{nom: Subquery(entrees.values(champ)[:1]) for nom, champ in CHAMPS.items()}
    )


@dataclass(frozen=True)
class Provenance:
    date: datetime | None
    type: str | None  # « + », « ~ » ou « - » (django-simple-history)
    auteur_id: int | None
    auteur: str | None
    motif: str | None

    @classmethod
    def de(cls, objet):
        """La provenance d'une ligne lue par `avec_provenance`."""
        return cls(**{nom.removeprefix("provenance_"): getattr(objet, nom) for nom in CHAMPS})

    @property
    def de_la_demo(self):
        return self.date is not None and self.auteur_id is None and self.motif in MOTIFS_DE_LA_DEMO

    def details(self):
        """La dernière entrée d'historique, en clair : « Archiver », par qui, quand."""
        if self.date is None:
            return "sans historique"
        details = [f"« {self.motif} »"] if self.motif else []
        if self.auteur:
            details.append(f"par {self.auteur}")
        details.append(f"le {timezone.localtime(self.date):%d/%m/%Y à %H:%M}")
        return ", ".join(details)


def ancienne_ligne(modele, cles):
    """D'après l'historique, la ligne qui a porté la clé naturelle `cles` et que quelqu'un
    d'autre que la démonstration a renommée ou supprimée depuis : (la ligne, annotée comme par
    `avec_provenance`, ou sa dernière version dans l'historique si elle est supprimée ; sa
    provenance ; supprimée ou non). None si aucune."""
    anciennes = modele.history.filter(**cles).values_list(modele._meta.pk.attname, flat=True)
    for pk in sorted(set(anciennes)):
        entree = _entrees(modele, pk).values(*CHAMPS.values()).first()
        provenance = Provenance(
            **{nom.removeprefix("provenance_"): entree[champ] for nom, champ in CHAMPS.items()}
        )
        if provenance.de_la_demo:
            continue
        if ligne := avec_provenance(modele.objects).filter(pk=pk).first():
            return ligne, provenance, False
        return _entrees(modele, pk).first().instance, provenance, True
    return None
