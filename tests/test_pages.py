import pytest

from tests import factories
from tests.utils import nombre_de_requetes, texte_visible

pytestmark = pytest.mark.django_db


def test_accueil_presente_le_contrat_et_les_fiches_publiees(client):
    fiche = factories.FicheFactory(publie=True, titre="Faire connaître les dispositifs")
    factories.FicheFactory(titre="Fiche encore en brouillon")
    response = client.get("/")
    assert response.status_code == 200
    texte = texte_visible(response)
    assert fiche.contrat.nom in texte
    assert "Faire connaître les dispositifs" in texte
    assert "Fiche encore en brouillon" not in texte
    assert "None" not in texte


def test_accueil_sans_donnees_le_dit(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Aucune fiche n’est publiée pour le moment." in texte_visible(response)


def test_fiche_publiee_affiche_ses_sections_et_non_renseigne(client):
    fiche = factories.FicheFactory(
        publie=True,
        code="1.2.2",
        contexte="Premier constat.\nSecond constat.",
        financements_mobilisables="",
    )
    factories.EtapeCalendrierFactory(fiche=fiche, periode="2016", description="Diffusion")
    response = client.get("/fiches/1.2.2/")
    assert response.status_code == 200
    texte = texte_visible(response)
    assert texte.index("Premier constat.") < texte.index("Second constat.")
    assert "Financements mobilisables Non renseigné." in texte
    assert "2016 : Diffusion" in texte.replace("\xa0", " ")
    assert "None" not in texte


def test_fiche_relie_ses_sections_aux_dispositifs_seances_et_indicateurs(client):
    fiche = factories.FicheFactory(publie=True, code="1.2.2")
    dispositif = factories.DispositifFactory(publie=True, nom="MLDS")
    cache = factories.DispositifFactory(nom="Dispositif en brouillon")
    fiche.dispositifs.add(dispositif, cache)
    factories.SeanceFactory(publie=True, titre="Groupe technique").fiches.add(fiche)
    indicateur = factories.IndicateurFactory(fiche=fiche, publie=True, libelle="Séances tenues")
    html = client.get("/fiches/1.2.2/").content.decode()
    assert f'<a href="{dispositif.get_absolute_url()}">MLDS</a>' in html
    assert "Dispositif en brouillon" not in html
    assert "Groupe technique" in html
    assert f'<a href="{indicateur.get_absolute_url()}">Séances tenues</a>' in html


@pytest.mark.parametrize("statut", ["brouillon", "relecture", "archive"])
def test_fiche_non_publiee_repond_404_au_public(client, statut):
    factories.FicheFactory(code="4.4.4", statut=statut)
    assert client.get("/fiches/4.4.4/").status_code == 404


def test_liste_des_fiches(client):
    factories.FicheFactory(publie=True, code="1.2.2", titre="Décrochage")
    factories.FicheFactory(code="1.2.9", titre="Invisible")
    texte = texte_visible(client.get("/fiches/"))
    assert "Fiche 1.2.2" in texte
    assert "Invisible" not in texte


def test_page_fiche_a_un_nombre_de_requetes_fixe(client):
    fiche = factories.FicheFactory(publie=True, code="1.2.2")
    peu = nombre_de_requetes(client, "/fiches/1.2.2/")
    for n in range(5):
        factories.EtapeCalendrierFactory(fiche=fiche, periode=f"20{n}")
        factories.IndicateurFactory(fiche=fiche, publie=True)
        fiche.dispositifs.add(factories.DispositifFactory(publie=True))
        fiche.fiches_liees.add(factories.FicheFactory(publie=True))
        fiche.axes_transversaux.add(factories.AxeTransversalFactory(contrat=fiche.contrat))
        factories.SeanceFactory(publie=True).fiches.add(fiche)
    beaucoup = nombre_de_requetes(client, "/fiches/1.2.2/")
    # 7 lectures + le SAVEPOINT et son RELEASE d'ATOMIC_REQUESTS.
    assert peu == beaucoup == 9


def _contenu_d_accueil():
    fiche = factories.FicheFactory(publie=True)
    indicateur = factories.IndicateurFactory(fiche=fiche, publie=True)
    factories.MesureFactory(indicateur=indicateur, periode=2020)
    factories.IndicateurFactory(fiche=fiche, publie=True, calcul="seances_tenues")
    factories.SeanceFactory(publie=True)
    factories.DispositifFactory(publie=True)
    factories.ActionEducativeFactory(publie=True)


def test_accueil_et_liste_ont_un_nombre_de_requetes_fixe(client):
    _contenu_d_accueil()
    accueil, liste = nombre_de_requetes(client, "/"), nombre_de_requetes(client, "/fiches/")
    for _ in range(5):
        _contenu_d_accueil()
    # contrat, nombre de QPV, fiches, séances, 2 comptes, indicateurs, 2 pour leurs séries
    # + SAVEPOINT/RELEASE.
    assert nombre_de_requetes(client, "/") == accueil == 11
    assert nombre_de_requetes(client, "/fiches/") == liste == 3


def test_accueil_montre_recherche_orientation_seances_et_chiffres(client):
    _contenu_d_accueil()
    texte = texte_visible(client.get("/"))
    assert "Trouver un dispositif" in texte
    assert "Utiliser l’aide à l’orientation" in texte
    assert "Séance de travail" in texte
    assert "Chiffres clés" in texte and " en 2020" in texte
    assert "None" not in texte
