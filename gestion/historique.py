"""L'historique d'un objet (django-simple-history) rendu lisible, et la restauration d'une version.

Une différence se lit champ par champ : libellé français du champ, libellé d'un choix plutôt que
sa clé, objet lié par son nom, listes par les noms de leurs éléments ; un long texte est comparé
mot à mot.
"""

import datetime
import difflib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator, capfirst
from simple_history.models import DeletedObject
from simple_history.utils import get_m2m_reverse_field_name

VIDE = "(vide)"
LONGUEUR_MOTIF = 100  # champ `history_change_reason` de django-simple-history
OPERATIONS = {"+": "Création", "~": "Modification", "-": "Suppression"}
LONGUEUR_TEXTE_LONG = 80


class RestaurationImpossible(Exception):
    """La version choisie ne peut plus être enregistrée telle quelle (objet lié supprimé…)."""


@contextmanager
def sans_historique(objet):
    """Écritures qui ne créent pas d'entrée d'historique : les listes (ManyToMany) sont
    enregistrées ainsi, puis un seul `save()` crée l'entrée qui les photographie toutes."""
    objet.skip_history_when_saving = True
    try:
        yield
    finally:
        del objet.skip_history_when_saving


def noter_motif(objet, motif):
    """Le motif de la prochaine entrée d'historique de `objet` (« Publication : … »)."""
    objet._change_reason = Truncator(motif).chars(LONGUEUR_MOTIF)


def valeur_lisible(champ, valeur, choix=None):
    """La valeur d'un champ telle qu'un lecteur la comprend, jamais « None » ni une clé brute.
    `choix` : les libellés que le formulaire donne aux valeurs (mois…), s'il en donne."""
    if champ.many_to_many:
        elements = sorted(str(element) for element in valeur)
        return ", ".join(elements) or VIDE
    if valeur is None or valeur == "":
        return VIDE
    if isinstance(valeur, DeletedObject):
        return f"élément supprimé ({capfirst(valeur.model._meta.verbose_name)} n° {valeur.pk})"
    if champ.choices:
        return str(dict(champ.flatchoices).get(valeur, valeur))
    if choix and valeur in choix:
        return str(choix[valeur])
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime.datetime):
        return date_format(timezone.localtime(valeur), "DATETIME_FORMAT")
    if isinstance(valeur, datetime.date):
        return date_format(valeur, "DATE_FORMAT")
    return str(valeur)


@dataclass
class Segment:
    """Un morceau d'un texte comparé : « egal », « retire » ou « ajoute »."""

    nature: str
    texte: str


@dataclass
class Changement:
    libelle: str
    avant: str
    apres: str
    segments: list = field(default_factory=list)  # vide : afficher avant / après tels quels


def _segments(avant, apres):
    mots_avant, mots_apres = avant.split(" "), apres.split(" ")
    segments = []
    for operation, a1, a2, b1, b2 in difflib.SequenceMatcher(
        None, mots_avant, mots_apres, autojunk=False
    ).get_opcodes():
        if operation == "equal":
            segments.append(Segment("egal", " ".join(mots_avant[a1:a2])))
            continue
        if a2 > a1:
            segments.append(Segment("retire", " ".join(mots_avant[a1:a2])))
        if b2 > b1:
            segments.append(Segment("ajoute", " ".join(mots_apres[b1:b2])))
    return segments


def _valeur_m2m(champ, lignes):
    cible = get_m2m_reverse_field_name(champ)
    return [ligne[cible] for ligne in lignes]


def choix_du_formulaire(formulaire):
    """{champ: {valeur: libellé}} des listes de choix propres au formulaire (pas celles du
    modèle ni les listes d'objets), pour afficher « août » plutôt que « 8 »."""
    return {
        nom: dict(champ.choices)
        for nom, champ in formulaire.base_fields.items()
        if isinstance(champ, forms.ChoiceField) and not hasattr(champ, "queryset")
    }


def changements(ancien, nouveau, *, champs=None, choix=None):
    """Les champs qui diffèrent entre deux entrées d'historique d'un même objet, dans l'ordre
    des champs du modèle ; seulement parmi `champs` s'il est donné."""
    choix = choix or {}
    modele = nouveau.instance_type
    if champs is not None:
        suivis = {f.name for f in nouveau.tracked_fields}
        suivis |= {f.name for f in nouveau._history_m2m_fields}
        champs = [nom for nom in champs if nom in suivis]
    delta = nouveau.diff_against(ancien, included_fields=champs, foreign_keys_are_objs=True)
    ordre = {champ.name: rang for rang, champ in enumerate(modele._meta.get_fields())}
    resultat = []
    for change in sorted(delta.changes, key=lambda c: ordre.get(c.field, len(ordre))):
        champ = modele._meta.get_field(change.field)
        old, new = change.old, change.new
        if champ.many_to_many:
            old, new = _valeur_m2m(champ, old), _valeur_m2m(champ, new)
        libelles = choix.get(change.field)
        avant, apres = valeur_lisible(champ, old, libelles), valeur_lisible(champ, new, libelles)
        texte_long = isinstance(champ, models.CharField | models.TextField) and (
            max(len(avant), len(apres)) > LONGUEUR_TEXTE_LONG
        )
        resultat.append(
            Changement(
                libelle=capfirst(champ.verbose_name),
                avant=avant,
                apres=apres,
                segments=_segments(old or "", new or "") if texte_long else [],
            )
        )
    return resultat


def auteur(enregistrement):
    user = enregistrement.history_user
    if user is None:
        return "système (import ou script)"
    return user.get_full_name() or user.get_username()


def operation(enregistrement):
    return enregistrement.history_change_reason or OPERATIONS[enregistrement.history_type]


def libelle_version(enregistrement):
    date = date_format(timezone.localtime(enregistrement.history_date), "DATETIME_FORMAT")
    return f"{date} – {auteur(enregistrement)} – {operation(enregistrement)}"


def version_chargee(objet, revision):
    """L'entrée d'historique de l'objet tel qu'il était à `revision` : la dernière écrite à ce
    numéro (les imports et scripts enregistrent sans changer de numéro)."""
    return (
        objet.history.filter(revision=revision)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )


def derniere_version(objet):
    return objet.history.select_related("history_user").order_by("-history_date").first()


def restaurer(objet, enregistrement, *, champs, revision_chargee, motif):
    """Remet les `champs` de `objet` (champs simples et listes) à leur valeur dans
    `enregistrement`, en une nouvelle entrée d'historique. Le statut de publication ne change
    pas : il suit le cycle de publication, pas l'historique du contenu."""
    ancien = enregistrement.instance
    listes_suivies = {champ.name for champ in enregistrement._history_m2m_fields}
    listes = {}
    for nom in champs:
        champ = objet._meta.get_field(nom)
        if champ.many_to_many:
            if nom not in listes_suivies:
                continue  # liste sans historique : rien à restaurer
            ids = getattr(enregistrement, nom).values_list(get_m2m_reverse_field_name(champ))
            # Un élément supprimé depuis ne peut pas revenir dans la liste : il est ignoré.
            listes[nom] = champ.related_model._default_manager.filter(pk__in=ids)
        else:
            setattr(objet, champ.attname, getattr(ancien, champ.attname))
    with transaction.atomic():
        if hasattr(objet, "prendre_revision"):  # les listes de référence n'ont pas de verrou
            objet.prendre_revision(revision_chargee)
        try:
            objet.full_clean()
        except ValidationError as erreur:
            raise RestaurationImpossible(" ".join(erreur.messages)) from erreur
        with sans_historique(objet):
            for nom, elements in listes.items():
                getattr(objet, nom).set(elements)
        noter_motif(objet, motif)
        objet.save()
    return objet
