"""Les quartiers du contrat de ville : une liste de référence, publique dès son enregistrement
(pas de statut ni de cycle de publication)."""

import django_filters

from contrat_ville.models import Quartier
from gestion.contenus.communs import FiltresReferentiel, contenant
from gestion.edition import Colonne, EcransDeGestion, FormulaireContenu


class QuartierForm(FormulaireContenu):
    class Meta(FormulaireContenu.Meta):
        model = Quartier
        fields = [
            "contrat",
            "nom",
            "slug",
            "commune",
            "code_qpv",
            "categorie",
            "depuis",
            "population",
        ]


class FiltresQuartiers(FiltresReferentiel):
    categorie = django_filters.ChoiceFilter(
        label="Catégorie", choices=Quartier.Categorie.choices, empty_label="Toutes"
    )

    def rechercher(self, objets, texte):
        return objets.filter(contenant(texte, "nom", "commune", "code_qpv"))


QUARTIERS = EcransDeGestion(
    modele=Quartier,
    un="un",
    formulaire=QuartierForm,
    filtres=FiltresQuartiers,
    colonnes=(
        Colonne("Catégorie", lambda q: q.get_categorie_display()),
        Colonne("Code QPV", lambda q: q.code_qpv),
        Colonne("Population", lambda q: q.population),
    ),
    transitions=(),
)
