"""Une base créée avant le déplacement des actions éducatives et du maillage dans `actions`
migre vers la nouvelle organisation sans perdre une ligne : lignes, listes de quartiers,
historique et types de contenu (permissions, journal de l'admin) suivent.

Le test ramène la base de test à l'état d'avant (dispositifs 0006), y écrit avec les modèles
de cet état, puis la migre jusqu'au bout, sur SQLite comme sur PostgreSQL.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from actions.models import ActionEducative, Articulation
from contrat_ville.publication import Statut

# contrat_ville à l'état que dispositifs 0006 connaissait : ses colonnes ajoutées depuis (non
# nulles, sans défaut en base) feraient échouer les écritures des modèles d'avant.
AVANT = [("contrat_ville", "0004_revision"), ("dispositifs", "0006_index_annuaire")]


def migrer(cibles):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(cibles)
    return executor.loader.project_state(cibles).apps


def derniers():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_une_base_d_avant_le_deplacement_migre_sans_perdre_une_ligne():
    ancien = migrer(AVANT)
    try:
        maintenant = timezone.now()
        Contrat = ancien.get_model("contrat_ville", "ContratDeVille")
        Quartier = ancien.get_model("contrat_ville", "Quartier")
        Structure = ancien.get_model("contrat_ville", "Structure")
        Dispositif = ancien.get_model("dispositifs", "Dispositif")
        Action = ancien.get_model("dispositifs", "ActionEducative")
        Articulation_ = ancien.get_model("dispositifs", "Articulation")
        HistoriqueAction = ancien.get_model("dispositifs", "HistoricalActionEducative")
        ContentType = ancien.get_model("contenttypes", "ContentType")

        contrat = Contrat.objects.create(
            nom="Contrat d'avant", slug="avant", territoire="T", annee_debut=2015, annee_fin=2023
        )
        quartiers = [
            Quartier.objects.create(contrat=contrat, nom=nom, slug=nom.lower(), commune="Tours")
            for nom in ("Sanitas", "Europe")
        ]
        porteur = Structure.objects.create(nom="Centre social", slug="centre", type="association")
        dispositif = Dispositif.objects.create(
            nom="PSAD",
            slug="psad",
            porteur=porteur,
            categorie="plateforme",
            resume="r",
            comment_mobiliser="c",
            mobilisable_par="les_deux",
            echelle="national",
        )
        action = Action.objects.create(
            nom="Aide aux devoirs",
            slug="aide-aux-devoirs",
            type="clas",
            porteur=porteur,
            public="Collégiens",
            description="Deux soirs par semaine.",
            statut=Statut.PUBLIE,
            publie_le=maintenant,
        )
        action.quartiers.set(quartiers)
        Articulation_.objects.create(
            action=action, dispositif=dispositif, nature="orientation", statut=Statut.PUBLIE
        )
        HistoriqueAction.objects.create(
            id=action.pk,
            nom=action.nom,
            slug=action.slug,
            type="clas",
            porteur_id=porteur.pk,
            public="Collégiens",
            description="Première version.",
            statut=Statut.BROUILLON,
            cree_le=maintenant - datetime.timedelta(days=1),
            modifie_le=maintenant - datetime.timedelta(days=1),
            revision=0,
            history_date=maintenant - datetime.timedelta(days=1),
            history_type="+",
        )
        type_action, _ = ContentType.objects.get_or_create(
            app_label="dispositifs", model="actioneducative"
        )

        migrer(derniers())

        action = ActionEducative.objects.get(slug="aide-aux-devoirs")
        assert action.statut == Statut.PUBLIE
        assert sorted(q.nom for q in action.quartiers.all()) == ["Europe", "Sanitas"]
        assert Articulation.objects.get().dispositif.slug == "psad"
        assert [v.description for v in action.history.all()] == ["Première version."]
        type_action.refresh_from_db()
        assert type_action.app_label == "actions"
        assert not ContentType.objects.filter(app_label="dispositifs", model="actioneducative")
    finally:
        migrer(derniers())
