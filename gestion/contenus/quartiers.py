"""Les quartiers du contrat de ville : une liste de référence, publique dès son enregistrement
(pas de statut ni de cycle de publication), avec leur classement dans la géographie de chaque
contrat sur la même page."""

import django_filters
from crispy_forms.layout import Fieldset, Layout
from django import forms

from contrat_ville.models import ClassementQuartier, ContratDeVille, Quartier
from gestion.contenus.communs import (
    EcransAvecLignes,
    FiltresReferentiel,
    FormulaireAvecLignes,
    Lignes,
    contenant,
    lignes_liees,
)
from gestion.edition import Colonne, champ_de_formulaire, critere_objet


class ClassementForm(forms.ModelForm):
    class Meta:
        model = ClassementQuartier
        formfield_callback = champ_de_formulaire
        fields = ["contrat", "categorie"]


class QuartierForm(FormulaireAvecLignes):
    jeux = {
        "classements": lignes_liees(
            Quartier,
            ClassementQuartier,
            libelle="Classement par contrat de ville",
            form=ClassementForm,
            extra=1,
        )
    }

    class Meta(FormulaireAvecLignes.Meta):
        model = Quartier
        fields = ["nom", "slug", "commune", "code_commune", "code_qpv", "population"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(
                "Le quartier", "nom", "slug", "commune", "code_commune", "code_qpv", "population"
            ),
            Lignes("classements"),
        )


class FiltresQuartiers(FiltresReferentiel):
    contrat = critere_objet(
        ContratDeVille.objects.all(), label="Contrat de ville", method="dans_le_contrat"
    )
    categorie = django_filters.ChoiceFilter(
        label="Catégorie",
        choices=Quartier.Categorie.choices,
        field_name="classements__categorie",
        empty_label="Toutes",
        distinct=True,
    )

    def dans_le_contrat(self, objets, nom, contrat):
        return objets.filter(classements__contrat=contrat)

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "nom", "commune", "code_qpv"))


def _statuts(quartier):
    return " ; ".join(str(classement) for classement in quartier.periodes) or "non classé"


QUARTIERS = EcransAvecLignes(
    modele=Quartier,
    un="un",
    formulaire=QuartierForm,
    filtres=FiltresQuartiers,
    colonnes=(
        Colonne("Classement", _statuts),
        Colonne("Code QPV", lambda q: q.code_qpv),
        Colonne("Population", lambda q: q.population),
    ),
    pour_liste=lambda objets: objets.avec_classements(),
    lecture_des_lignes={"classements": lambda lignes: lignes.select_related("contrat")},
    transitions=(),
)
