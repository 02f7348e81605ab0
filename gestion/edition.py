"""Le patron d'édition de l'espace équipe : les écrans d'un type de contenu, les formulaires et
filtres de base, et l'enregistrement sous verrou optimiste.

Ajouter un type de contenu : l'inscrire au registre du cœur depuis son application
(`contrat_ville.registre`), puis un module dans `gestion/contenus/` qui déclare son formulaire,
ses filtres et ses `EcransDeGestion`, et une ligne dans `gestion/contenus/__init__.py` (voir
README).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db import models, transaction
from django.urls import reverse
from django.utils.text import capfirst, slugify

from contrat_ville.formulaires import FormulaireDeFiltres, ListeDeChoix, ListeDeChoixMultiples
from contrat_ville.publication import CYCLE_DE_PUBLICATION, Publiable, Statut
from contrat_ville.registre import registre
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
class EcransDeGestion:
    """Ce que les vues génériques de `gestion.views.contenus` doivent savoir d'un type de
    contenu, en plus de ce qu'en dit le registre du cœur (chemin d'URL, libellés, publiable)."""

    modele: type[models.Model]
    un: str  # article indéfini : « Ajouter un dispositif », « Ajouter une structure »
    formulaire: type[forms.ModelForm]
    filtres: type[django_filters.FilterSet]
    colonnes: tuple[Colonne, ...]
    # Chargement de la liste (select_related…) : un nombre fixe de requêtes par page.
    pour_liste: Callable[[models.QuerySet], models.QuerySet] = lambda objets: objets
    # Les étapes du cycle de publication proposées (table du cœur) ; () pour une liste de
    # référence, qui n'a pas de statut.
    transitions: tuple = CYCLE_DE_PUBLICATION
    champ_titre: str | None = "nom"  # reçoit « (copie) » à la duplication ; None : rien
    par_page: int = 25

    @property
    def type(self):
        """Le type inscrit au registre du cœur pour ce modèle."""
        contenu = registre.type_de(self.modele)
        if contenu is None:
            raise LookupError(f"{self.modele.__name__} n'est pas inscrit au registre du cœur.")
        return contenu

    @property
    def chemin(self):  # segment d'URL : /gestion/<chemin>/
        return self.type.chemin

    @property
    def nom(self):
        return self.type.nom

    @property
    def libelle(self):
        return self.type.libelle

    @property
    def libelle_pluriel(self):
        return self.type.libelle_pluriel

    @property
    def publiable(self):
        """Faux pour une liste de référence (quartiers…) : ni statut, ni cycle de publication,
        ni verrou optimiste ; elle est publique dès son enregistrement."""
        return self.type.publiable

    @property
    def vues(self):
        """Les noms d'URL, pour `{% url contenu.vues.detail objet.pk %}`."""
        return {vue: f"gestion:{self.nom}-{vue}" for vue in (*VUES, "transition")}

    def url(self, vue, *args):
        return reverse(self.vues[vue], args=args)

    def gabarits(self, vue):
        """Un gabarit propre au modèle s'il existe, sinon le gabarit partagé."""
        return [f"gestion/{self.nom}_{vue}.html", f"gestion/objet_{vue}.html"]

    def filtrer(self, donnees):
        """Les filtres de la liste appliqués aux paramètres GET `donnees` : `.qs` est la liste
        telle qu'affichée (et exportée), `.form` le formulaire des critères."""
        return self.filtres(donnees, queryset=self.pour_liste(self.modele.objects.all()))

    def transition(self, nom):
        return next((transition for transition in self.transitions if transition.nom == nom), None)

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
    """Le champ de formulaire d'un champ de modèle, tel que l'espace équipe le veut :

    - une liste d'objets (porteur, quartier, fiche…) est une `ListeDeChoix`, légère même pour
      des centaines d'options ; une liste à choix multiples, une `ListeDeChoixMultiples`, sauf
      widget déclaré (cases à cocher) ;
    - les adresses saisies sans « https:// » le reçoivent (comportement de Django 6).
    """
    if isinstance(champ, models.URLField):
        options["assume_scheme"] = "https"
    if isinstance(champ, models.ManyToManyField):
        options.setdefault("widget", ListeDeChoixMultiples)
    elif isinstance(champ, models.ForeignKey):
        options.setdefault("widget", ListeDeChoix)
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


# --- Filtres des listes --------------------------------------------------------------------------


def critere_de_tri(par_defaut):
    """Le critère « Trier par » : l'ordre du modèle (`par_defaut` le nomme) ou les dernières
    modifications d'abord."""
    return django_filters.ChoiceFilter(
        label="Trier par",
        choices=[("modifie", "Dernières modifications")],
        empty_label=par_defaut,
        method="trier",
    )


def critere_objet(queryset, *, label, tous="Tous", method=None):
    """Un critère « un objet parmi une liste » (porteur, quartier…), en liste légère."""
    return django_filters.ModelChoiceFilter(
        label=label, queryset=queryset, empty_label=tous, widget=ListeDeChoix, method=method
    )


class FiltresContenu(django_filters.FilterSet):
    """Base des filtres d'une liste (paramètres GET) : recherche, statut, tri. Un paramètre
    invalide est ignoré, les autres restent appliqués (django-filter ne filtre qu'avec les
    critères valides) ; « des filtres sont posés » suit la règle du cœur
    (`FormulaireDeFiltres.est_filtre`)."""

    q = django_filters.CharFilter(label="Rechercher", max_length=200, method="_rechercher")
    statut = django_filters.ChoiceFilter(label="Statut", choices=Statut.choices, empty_label="Tous")
    tri = critere_de_tri("Nom")

    class Meta:
        form = FormulaireDeFiltres

    def _rechercher(self, objets, nom, texte):
        return self.rechercher(objets, texte)

    def rechercher(self, objets, texte):
        """Par défaut, le texte cherché dans le champ titre ; à remplacer par modèle."""
        return objets.filter(nom__icontains=texte)

    def trier(self, objets, nom, valeur):
        return objets.order_by("-modifie_le", "-pk") if valeur == "modifie" else objets


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
