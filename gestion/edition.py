"""Le patron d'édition de l'espace équipe : la description d'un type de contenu, les formulaires
de base et l'enregistrement sous verrou optimiste.

Ajouter un type de contenu : un module dans `gestion/contenus/` qui déclare son formulaire, ses
filtres et un `TypeDeContenu`, puis une ligne dans `gestion/contenus/__init__.py` (voir README).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crispy_forms.helper import FormHelper
from django import forms
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import capfirst, slugify

from contrat_ville.publication import Publiable, Statut
from gestion.acces import ACTIONS_DE_PUBLICATION
from gestion.historique import (
    choix_du_formulaire,
    noter_motif,
    sans_historique,
    valeur_lisible,
)

VUES = ("list", "create", "detail", "update", "duplicate", "delete", "history", "restore")


@dataclass(frozen=True)
class Colonne:
    """Une colonne de la liste : son titre et la valeur lue sur chaque objet."""

    libelle: str
    valeur: Callable[[Any], Any]


@dataclass(frozen=True)
class TypeDeContenu:
    """Tout ce que les vues génériques de `gestion.views` doivent savoir d'un modèle."""

    modele: type[models.Model]
    chemin: str  # segment d'URL : /gestion/<chemin>/
    un: str  # article indéfini : « Ajouter un dispositif », « Ajouter une structure »
    formulaire: type[forms.ModelForm]
    filtres: type[forms.Form]
    colonnes: tuple[Colonne, ...]
    # Chargement de la liste (select_related…) : un nombre fixe de requêtes par page.
    pour_liste: Callable[[models.QuerySet], models.QuerySet] = lambda objets: objets
    actions: tuple = ACTIONS_DE_PUBLICATION
    champ_titre: str | None = "nom"  # reçoit « (copie) » à la duplication ; None : rien
    par_page: int = 25

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
        """Faux pour une liste de référence (quartiers…) : ni statut, ni cycle de publication,
        ni verrou optimiste ; elle est publique dès son enregistrement."""
        return issubclass(self.modele, Publiable)

    @property
    def vues(self):
        """Les noms d'URL, pour `{% url contenu.vues.detail objet.pk %}`."""
        return {vue: f"gestion:{self.nom}-{vue}" for vue in (*VUES, "transition")}

    def url(self, vue, *args):
        return reverse(self.vues[vue], args=args)

    def gabarits(self, vue):
        """Un gabarit propre au modèle s'il existe, sinon le gabarit partagé."""
        return [f"gestion/{self.nom}_{vue}.html", f"gestion/objet_{vue}.html"]

    def action(self, nom):
        return next((action for action in self.actions if action.nom == nom), None)

    def champs_affiches(self, objet):
        """(libellé, valeur lisible) de chaque champ du formulaire, pour la page de l'objet."""
        choix = self.choix
        champs = []
        for nom in self.formulaire._meta.fields:
            champ = self.modele._meta.get_field(nom)
            valeur = getattr(objet, nom)
            if champ.many_to_many:
                valeur = list(valeur.all())
            champs.append(
                (capfirst(champ.verbose_name), valeur_lisible(champ, valeur, choix.get(nom)))
            )
        return champs

    @property
    def choix(self):
        return choix_du_formulaire(self.formulaire)


# --- Formulaires -------------------------------------------------------------------------------


def champ_de_formulaire(champ, **options):
    """Les adresses saisies sans « https:// » le reçoivent (comportement de Django 6)."""
    if isinstance(champ, models.URLField):
        options["assume_scheme"] = "https"
    return champ.formfield(**options)


class FormulaireContenu(forms.ModelForm):
    """Base des formulaires d'édition : rendu crispy (sans balise <form>, posée par le gabarit),
    révision chargée en champ caché pour le verrou optimiste, identifiant d'URL facultatif."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        formfield_callback = champ_de_formulaire

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if isinstance(self.instance, Publiable) and self.instance.pk and not self.is_bound:
            self.initial["revision"] = self.instance.revision
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "Laisser vide pour le déduire du nom. Il apparaît dans l'adresse de la page "
                "publique : le changer casse les liens déjà diffusés."
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.render_hidden_fields = True  # la révision, hors de la mise en page

    def clean_slug(self):
        """Vide : déduit du nom, rendu unique. Saisi : gardé tel quel (un identifiant déjà pris
        est signalé par la validation d'unicité du modèle)."""
        if slug := self.cleaned_data.get("slug"):
            return slug
        base = slugify(self.cleaned_data.get("nom", ""))[:70] or "sans-nom"
        return slug_libre(self._meta.model, base, exclure=self.instance.pk)


def slug_libre(modele, slug, *, exclure=None):
    """`slug`, ou `slug-2`, `slug-3`… s'il est déjà pris par un autre objet."""
    pris = set(
        modele._default_manager.filter(slug__startswith=slug)
        .exclude(pk=exclure)
        .values_list("slug", flat=True)
    )
    candidat, numero = slug, 2
    while candidat in pris:
        candidat, numero = f"{slug}-{numero}", numero + 1
    return candidat


class FiltresContenu(forms.Form):
    """Base des filtres d'une liste (paramètres GET) : recherche, statut, tri. Un paramètre
    invalide est ignoré, les autres restent appliqués."""

    TRIS = [("", "Nom"), ("modifie", "Dernières modifications")]

    q = forms.CharField(label="Rechercher", required=False, max_length=200)
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous")] + Statut.choices
    )
    tri = forms.ChoiceField(label="Trier par", required=False, choices=TRIS)

    def __init__(self, data, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.is_valid()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def critere(self, nom):
        return self.cleaned_data.get(nom) if nom not in self.errors else None

    def rechercher(self, objets, texte):
        """Par défaut, le texte cherché dans le champ titre ; à remplacer par modèle."""
        return objets.filter(nom__icontains=texte)

    def filtrer(self, objets):
        if texte := self.critere("q"):
            objets = self.rechercher(objets, texte)
        if statut := self.critere("statut"):
            objets = objets.filter(statut=statut)
        if self.critere("tri") == "modifie":
            objets = objets.order_by("-modifie_le", "-pk")
        return objets

    @property
    def actifs(self):
        return any(self.critere(nom) for nom in self.fields if nom != "tri")


# --- Enregistrement ------------------------------------------------------------------------------


def enregistrer(form, *, motif, revision_chargee=None):
    """Enregistre un formulaire validé en une seule entrée d'historique, listes comprises.

    Pour un objet existant, lève `ConflitDeRevision` (et n'écrit rien) si quelqu'un l'a
    enregistré depuis `revision_chargee`.
    """
    objet = form.save(commit=False)
    with transaction.atomic():
        if objet._state.adding:
            with sans_historique(objet):
                objet.save()
                form.save_m2m()
        else:
            if isinstance(objet, Publiable):
                objet.prendre_revision(revision_chargee)
            with sans_historique(objet):
                form.save_m2m()
        noter_motif(objet, motif)
        objet.save()
    return objet
