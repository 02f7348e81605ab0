import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from contrat_ville.publication import Statut, TransitionInterdite
from dispositifs.models import Dispositif
from indicateurs.models import Mesure
from seances.models import Seance
from tests import factories

pytestmark = pytest.mark.django_db


def test_publies_ne_renvoie_que_le_contenu_publie():
    publie = factories.DispositifFactory(publie=True)
    factories.DispositifFactory()
    factories.DispositifFactory(en_relecture=True)
    factories.DispositifFactory(archive=True)
    assert list(Dispositif.objects.publies()) == [publie]


def test_cycle_de_publication_trace_l_auteur_et_la_date():
    agent = factories.UserFactory()
    dispositif = factories.DispositifFactory()
    dispositif.soumettre(par=agent, commentaire="Prêt pour relecture")
    assert dispositif.statut == Statut.RELECTURE
    dispositif.publier(par=agent)
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.PUBLIE
    assert dispositif.statut_modifie_par == agent
    assert dispositif.publie_le is not None
    dispositif.archiver(par=agent)
    with pytest.raises(TransitionInterdite):
        dispositif.publier(par=agent)


def test_historique_enregistre_chaque_modification():
    dispositif = factories.DispositifFactory(nom="Avant")
    dispositif.nom = "Après"
    dispositif.save()
    assert [h.nom for h in dispositif.history.order_by("history_date")] == ["Avant", "Après"]


@pytest.mark.parametrize("factory", [factories.DispositifFactory, factories.ActionEducativeFactory])
def test_age_minimum_au_plus_age_maximum(factory):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(age_min=18, age_max=16)


def test_age_desordonne_donne_un_message_en_francais():
    dispositif = factories.DispositifFactory.build(age_min=18, age_max=16)
    with pytest.raises(ValidationError) as erreur:
        dispositif.validate_constraints()
    assert "L'âge minimum doit être inférieur ou égal à l'âge maximum." in str(erreur.value)


def test_slug_de_dispositif_unique():
    factories.DispositifFactory(slug="psad")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.DispositifFactory(slug="psad")


def test_code_de_fiche_unique():
    factories.FicheFactory(code="1.2.2")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.FicheFactory(code="1.2.2")


def test_code_qpv_unique_seulement_quand_il_est_connu():
    factories.QuartierFactory(code_qpv="")
    factories.QuartierFactory(code_qpv="")
    factories.QuartierFactory(code_qpv="QP037001")
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.QuartierFactory(code_qpv="QP037001")


def test_seance_de_quartier_indique_son_quartier():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SeanceFactory(echelle=Seance.Echelle.QUARTIER, quartier=None)
    quartier = factories.QuartierFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SeanceFactory(echelle=Seance.Echelle.AGGLOMERATION, quartier=quartier)
    seance = factories.SeanceFactory(echelle=Seance.Echelle.QUARTIER, quartier=quartier)
    assert seance.quartier == quartier


def test_seance_ne_finit_pas_avant_de_commencer():
    debut = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.SeanceFactory(debut=debut, fin=debut - datetime.timedelta(hours=1))


def test_une_participation_par_structure_et_par_seance():
    participation = factories.ParticipationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ParticipationFactory(
            seance=participation.seance, structure=participation.structure
        )


def test_une_articulation_par_action_et_dispositif():
    articulation = factories.ArticulationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ArticulationFactory(
            action=articulation.action, dispositif=articulation.dispositif
        )


@pytest.mark.parametrize(
    "avec_quartier, avec_dispositif",
    [(False, False), (True, False), (False, True), (True, True)],
)
def test_une_mesure_par_indicateur_periode_quartier_dispositif(avec_quartier, avec_dispositif):
    indicateur = factories.IndicateurFactory()
    quartier = factories.QuartierFactory() if avec_quartier else None
    dispositif = factories.DispositifFactory() if avec_dispositif else None
    cle = {
        "indicateur": indicateur,
        "periode": 2020,
        "quartier": quartier,
        "dispositif": dispositif,
    }
    factories.MesureFactory(**cle)
    # Une autre année ou un autre découpage reste possible.
    factories.MesureFactory(**{**cle, "periode": 2021})
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.MesureFactory(**cle)
    assert Mesure.objects.filter(indicateur=indicateur).count() == 2


def test_mesure_en_double_donne_un_message_en_francais():
    mesure = factories.MesureFactory()
    doublon = Mesure(indicateur=mesure.indicateur, periode=mesure.periode, valeur=3)
    with pytest.raises(ValidationError) as erreur:
        doublon.validate_constraints()
    assert "Une valeur existe déjà pour cet indicateur et cette année." in str(erreur.value)


def test_tranche_d_age_lisible():
    assert factories.DispositifFactory.build(age_min=16, age_max=25).tranche_age == (
        "de 16 à 25 ans"
    )
    assert factories.DispositifFactory.build(age_min=16, age_max=None).tranche_age == (
        "à partir de 16 ans"
    )
    assert factories.DispositifFactory.build(age_min=None, age_max=None).tranche_age == (
        "sans condition d'âge"
    )


def test_dispositif_pour_age_respecte_les_bornes():
    dedans = factories.DispositifFactory(age_min=16, age_max=18)
    factories.DispositifFactory(age_min=19, age_max=25)
    sans_borne = factories.DispositifFactory(age_min=None, age_max=None)
    assert set(Dispositif.objects.pour_age(17)) == {dedans, sans_borne}


def test_les_trois_roles_existent():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Lecteur",
        "Rédacteur",
        "Coordinateur",
    }
