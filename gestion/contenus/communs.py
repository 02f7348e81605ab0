"""Ce que plusieurs types de contenu partagent : les lignes liées éditées sur la page de leur
parent (étapes du calendrier d'une fiche, participations et suites d'une séance), et les
filtres des listes de référence, qui n'ont pas de statut.

Les lignes passent par le formulaire du parent, sans toucher aux vues génériques : il les
valide avec lui (`full_clean`) et les enregistre dans `save_m2m()` (via `_save_m2m`), appelé
par `enregistrer()` dans sa transaction, après la création du parent ou la prise du verrou
optimiste. Un envoi refusé n'écrit donc rien, ni du parent ni des lignes.
"""

from dataclasses import dataclass

from crispy_forms.layout import LayoutObject
from django import forms
from django.db import models
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.template.loader import render_to_string
from django.utils.text import capfirst

from contrat_ville import francais
from gestion.edition import EcransDeGestion, FiltresContenu, FormulaireContenu
from gestion.historique import VIDE


class LignesLiees(BaseInlineFormSet):
    """Un jeu de lignes : les listes d'objets (structure…) ne sont lues qu'une fois pour toutes
    les lignes, et non une fois par ligne."""

    libelle = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choix = {}

    def _construct_form(self, i, **kwargs):
        return self._partager_les_choix(super()._construct_form(i, **kwargs))

    @property
    def empty_form(self):
        return self._partager_les_choix(super().empty_form)

    def _partager_les_choix(self, form):
        for nom, champ in form.fields.items():
            if isinstance(champ, forms.ModelChoiceField) and not isinstance(
                champ, forms.ModelMultipleChoiceField
            ):
                if nom not in self._choix:
                    self._choix[nom] = list(champ.choices)
                champ.choices = self._choix[nom]
        return form

    @property
    def nombre_a_corriger(self):
        return sum(1 for form in self.forms if form.errors)


def lignes_liees(modele_parent, modele, *, libelle, form, extra=2, formset=LignesLiees):
    """La classe de formset des lignes `modele` d'un `modele_parent`, sans case « supprimer »
    sur les lignes vides."""
    jeu = inlineformset_factory(
        modele_parent,
        modele,
        form=form,
        formset=formset,
        extra=extra,
        can_delete=True,
        can_delete_extra=False,
    )
    jeu.libelle = libelle
    return jeu


class Lignes(LayoutObject):
    """Dans la mise en page crispy d'un `FormulaireAvecLignes`, la place d'un jeu de lignes."""

    template = "gestion/_lignes.html"

    def __init__(self, nom):
        self.nom = nom

    def render(self, form, context, template_pack=None, **kwargs):
        return render_to_string(self.template, {"lignes": form.lignes[self.nom]})


class FormulaireAvecLignes(FormulaireContenu):
    """Formulaire d'un contenu et de ses lignes liées, validés et enregistrés ensemble.

    `jeux` : {nom de la relation inverse (`fiche.etapes`) : classe de `lignes_liees()`} ; le
    nom sert aussi de préfixe aux champs des lignes.
    """

    jeux: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lignes = {
            nom: jeu(self.data if self.is_bound else None, instance=self.instance, prefix=nom)
            for nom, jeu in self.jeux.items()
        }

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # Une erreur générale du formulaire pour chaque jeu fautif : le bandeau d'erreurs du
        # gabarit partagé la montre, le détail est à côté de chaque champ de ligne.
        for lignes in self.lignes.values():
            if lignes.is_valid():
                continue
            details = []
            if nombre := lignes.nombre_a_corriger:
                details.append(f"{francais.pluriel(nombre, 'ligne')} à corriger plus bas")
            details += [erreur.rstrip(".") for erreur in lignes.non_form_errors()]
            self.add_error(None, f"{lignes.libelle} : {' ; '.join(details)}.")

    def _save_m2m(self):
        super()._save_m2m()
        for lignes in self.lignes.values():
            lignes.instance = self.instance
            lignes.save()


@dataclass(frozen=True)
class EcransAvecLignes(EcransDeGestion):
    """Les écrans d'un type de contenu dont la page montre aussi les lignes liées, une par ligne ;
    `lecture_des_lignes` : {nom : select_related…} pour que le nom d'une ligne ne coûte pas
    une requête."""

    lecture_des_lignes: dict | None = None

    def champs_affiches(self, objet):
        champs = super().champs_affiches(objet)
        lecture = self.lecture_des_lignes or {}
        for nom, jeu in self.formulaire.jeux.items():
            lignes = getattr(objet, nom).all()
            if nom in lecture:
                lignes = lecture[nom](lignes)
            champs.append((capfirst(jeu.libelle), "\n".join(map(str, lignes)) or VIDE))
        return champs


# --- Listes ------------------------------------------------------------------------------------


def contenant(texte, *champs):
    """La condition « le texte figure dans l'un de ces champs », sans tenir compte de la casse."""
    condition = models.Q()
    for champ in champs:
        condition |= models.Q(**{f"{champ}__icontains": texte})
    return condition


class FiltresReferentiel(FiltresContenu):
    """Filtres d'une liste de référence (quartiers, situations…) : ni statut ni date de
    modification, donc ni filtre de statut ni tri par modification."""

    statut = None
    tri = None
