"""Pages publiques des indicateurs, séries calculées, secret des petits effectifs, export CSV."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicateurs import series
from indicateurs.graphique import graphique_en_barres
from indicateurs.models import Indicateur
from seances.models import Diffusion, Seance
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible

pytestmark = pytest.mark.django_db

LISTE, EXPORT = "/indicateurs/", "/indicateurs/export.csv"
PARIS = datetime.timezone(datetime.timedelta(hours=1))  # heure d'hiver, pour les dates de test


@pytest.fixture
def fiche():
    return factories.FicheFactory(publie=True, code="1.2.2", titre="Faire connaître")


def indicateur_jeunes(fiche, **kwargs):
    return factories.IndicateurFactory(
        fiche=fiche,
        publie=True,
        **{"libelle": "Jeunes accompagnés", "unite": "jeunes", **kwargs},
    )


def indicateur_calcule(fiche, calcul, **kwargs):
    type_valeur = "oui_non" if calcul == Indicateur.Calcul.SUPPORTS else "nombre"
    return factories.IndicateurFactory(
        fiche=fiche, publie=True, calcul=calcul, type_valeur=type_valeur, **kwargs
    )


def seance(annee, *, mois=3, publie=True, etat=Seance.Etat.TENUE, **kwargs):
    debut = kwargs.pop("debut", datetime.datetime(annee, mois, 10, 9, tzinfo=PARIS))
    return factories.SeanceFactory(
        debut=debut, statut="publie" if publie else "brouillon", etat=etat, **kwargs
    )


def detail(indicateur):
    return f"/indicateurs/{indicateur.pk}/"


def valeurs(serie):
    return [(point.annee, point.affichage) for point in serie]


def globale(indicateur):
    """La série d'ensemble du territoire, telle que la page de l'indicateur la montre."""
    return series.series_completes([indicateur])[indicateur.pk].globale


def lire_csv(response):
    contenu = response.content.decode("utf-8")
    assert contenu.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(contenu[1:]), delimiter=";"))


# --- Ce que le public peut voir ------------------------------------------------------------------


def test_seuls_les_indicateurs_publies_d_une_fiche_publiee_sont_listes(client, fiche):
    factories.IndicateurFactory(fiche=fiche, publie=True, libelle="Indicateur public")
    factories.IndicateurFactory(fiche=fiche, libelle="Indicateur en brouillon")
    factories.IndicateurFactory(fiche=fiche, archive=True, libelle="Indicateur archivé")
    factories.IndicateurFactory(
        fiche=factories.FicheFactory(), publie=True, libelle="Indicateur d'une fiche brouillon"
    )
    texte = texte_visible(client.get(LISTE))
    assert "Indicateur public" in texte
    assert "brouillon" not in texte
    assert "archivé" not in texte


@pytest.mark.parametrize("statut", ["brouillon", "relecture", "archive"])
def test_indicateur_non_publie_repond_404(client, fiche, statut):
    indicateur = factories.IndicateurFactory(fiche=fiche, statut=statut)
    factories.MesureFactory(indicateur=indicateur, periode=2020, valeur=12)
    assert client.get(detail(indicateur)).status_code == 404
    assert str(indicateur.libelle) not in client.get(EXPORT).content.decode()


def test_indicateur_publie_d_une_fiche_non_publiee_repond_404(client):
    indicateur = factories.IndicateurFactory(fiche=factories.FicheFactory(), publie=True)
    assert client.get(detail(indicateur)).status_code == 404


def test_liste_par_fiche_et_nature_avec_derniere_valeur_cible_et_source(client, fiche):
    effet = factories.IndicateurFactory(
        fiche=fiche, publie=True, nature="effet", libelle="Connaissance des dispositifs"
    )
    jeunes = indicateur_jeunes(fiche, cible="200 par an", source="Bilans annuels")
    factories.MesureFactory(indicateur=jeunes, periode=2020, valeur=120)
    factories.MesureFactory(indicateur=jeunes, periode=2022, valeur=151)
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=140)
    response = client.get(LISTE)
    texte = texte_visible(response)
    assert "Fiche 1.2.2 – Faire connaître" in texte
    # Réalisations avant effets, même si « effet » précède « realisation » dans l'alphabet.
    assert texte.index("Indicateurs de réalisation") < texte.index("Jeunes accompagnés")
    assert texte.index("Jeunes accompagnés") < texte.index("Indicateurs d’effets")
    assert texte.index("Indicateurs d’effets") < texte.index(effet.libelle)
    assert "Jeunes accompagnés 151 jeunes (2022) 200 par an Bilans annuels" in texte
    assert f'href="{detail(jeunes)}"' in response.content.decode()
    assert "Aucune valeur publiée" in texte  # l'indicateur d'effet n'a pas de valeur
    assert "None" not in texte


def test_liste_vide_le_dit(client):
    assert "Aucun indicateur n’est publié pour le moment." in texte_visible(client.get(LISTE))


def test_page_d_un_indicateur_presente_sa_fiche_et_ses_caracteristiques(client, fiche):
    jeunes = indicateur_jeunes(
        fiche,
        definition="Jeunes accompagnés dans l'année.",
        source="Bilans annuels",
        frequence="annuelle",
        cible="",
    )
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=48)
    response = client.get(detail(jeunes))
    texte = texte_visible(response)
    assert "<h1>Jeunes accompagnés</h1>" in response.content.decode()
    assert f'href="{fiche.get_absolute_url()}"' in response.content.decode()
    assert "Accueil Indicateurs Jeunes accompagnés" in texte
    assert "Dernière valeur 48 jeunes en 2021" in texte
    assert "Cible : non renseignée" in texte
    assert "Jeunes accompagnés dans l'année." in texte
    assert "Origine des valeurs Valeurs saisies par l'équipe du contrat de ville." in texte
    assert "None" not in texte


def test_indicateur_sans_valeur_le_dit(client, fiche):
    jeunes = indicateur_jeunes(fiche, unite="", source="")
    texte = texte_visible(client.get(detail(jeunes)))
    assert "Aucune valeur publiée pour cet indicateur." in texte
    assert "Aucune valeur publiée par quartier pour cet indicateur." in texte
    assert "<svg" not in client.get(detail(jeunes)).content.decode()
    assert "None" not in texte


@pytest.mark.parametrize("calcul", Indicateur.Calcul.values)
def test_page_sans_donnee_pour_chaque_origine(client, fiche, calcul):
    indicateur = factories.IndicateurFactory(
        fiche=fiche, publie=True, calcul=calcul, unite="", source="", cible="", frequence=""
    )
    response = client.get(detail(indicateur))
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "Aucune valeur publiée pour cet indicateur." in texte
    assert "None" not in texte


def test_valeurs_par_quartier_seulement(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    factories.MesureFactory(
        indicateur=jeunes, periode=2021, quartier=factories.QuartierFactory(nom="Sanitas")
    )
    texte = texte_visible(client.get(detail(jeunes)))
    assert "Aucune valeur publiée pour l’ensemble du territoire" in texte
    assert "Aucune valeur publiée pour cet indicateur." not in texte
    assert "Sanitas (Tours) 12" in texte


# --- Indicateurs calculés à partir des données ---------------------------------------------------


def test_seances_tenues_ne_comptent_que_les_seances_publiees_et_tenues(client, fiche):
    indicateur = indicateur_calcule(fiche, "seances_tenues", libelle="Séances partenariales")
    seance(2020)
    seance(2020, mois=11)
    seance(2020, publie=False)
    seance(2020, etat=Seance.Etat.PREVUE)
    seance(2020, etat=Seance.Etat.ANNULEE)
    seance(2022)
    # 31 décembre 23 h 30 UTC : déjà le 1er janvier à Paris, donc une séance de 2023.
    seance(2023, debut=datetime.datetime(2022, 12, 31, 23, 30, tzinfo=datetime.UTC))
    assert valeurs(globale(indicateur)) == [(2020, "2"), (2021, "0"), (2022, "1"), (2023, "1")]
    texte = texte_visible(client.get(detail(indicateur)))
    assert "Dernière valeur 1 en 2023" in texte
    assert "Calculé à partir des séances publiées et tenues" in texte
    assert "Par quartier" not in texte  # un indicateur calculé n'a pas de répartition


def test_diffusions_et_supports_viennent_des_diffusions_enregistrees(fiche):
    diffusions = indicateur_calcule(fiche, "diffusions")
    supports = indicateur_calcule(fiche, "supports")
    resultats, presentation = Diffusion.Support.RESULTATS, Diffusion.Support.PRESENTATION
    factories.DiffusionFactory(support=resultats, date=datetime.date(2019, 5, 1))
    factories.DiffusionFactory(support=resultats, date=datetime.date(2019, 9, 1))
    factories.DiffusionFactory(support=presentation, date=datetime.date(2019, 9, 1))
    factories.DiffusionFactory(support=resultats, date=datetime.date(2020, 2, 1))
    factories.DiffusionFactory(support=presentation, date=datetime.date(2021, 2, 1))
    resultats = series.series_completes([diffusions, supports])
    assert valeurs(resultats[diffusions.pk].globale) == [(2019, "2"), (2020, "1")]
    assert valeurs(resultats[supports.pk].globale) == [(2019, "oui"), (2020, "non"), (2021, "oui")]


def test_articulations_publiees_sont_cumulees_depuis_leur_creation(fiche):
    indicateur = indicateur_calcule(fiche, "articulations")

    def creee_en(annee, **kwargs):
        quand = datetime.datetime(annee, 6, 1, tzinfo=PARIS)
        return factories.ArticulationFactory(cree_le=quand, **kwargs)

    creee_en(2019, publie=True)
    creee_en(2019, publie=True)
    creee_en(2020)  # brouillon : ne compte pas
    creee_en(2021, publie=True)
    cette_annee = timezone.localdate().year
    attendu = [(2019, "2"), (2020, "2")] + [(a, "3") for a in range(2021, cette_annee + 1)]
    assert valeurs(globale(indicateur)) == attendu


def test_les_mesures_saisies_sur_un_indicateur_calcule_sont_ignorees(fiche):
    indicateur = indicateur_calcule(fiche, "seances_tenues")
    factories.MesureFactory(indicateur=indicateur, periode=2020, valeur=99)
    seance(2020)
    assert valeurs(globale(indicateur)) == [(2020, "1")]


# --- Secret des petits effectifs et mise en forme ----------------------------------------------


def test_trois_jeunes_s_affichent_moins_de_5_mais_trois_seances_s_affichent_3(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=3)
    seances = indicateur_calcule(fiche, "seances_tenues", libelle="Séances tenues")
    for _ in range(3):
        seance(2021)

    texte_jeunes = texte_visible(client.get(detail(jeunes)))
    assert "Dernière valeur moins de 5 jeunes en 2021" in texte_jeunes
    assert " 3 " not in texte_jeunes.replace("1.2.2", "")
    assert "Dernière valeur 3 en 2021" in texte_visible(client.get(detail(seances)))
    assert "moins de 5" in texte_visible(client.get(LISTE))


def test_zero_jeune_reste_zero_et_cinq_jeunes_s_affichent(fiche):
    jeunes = indicateur_jeunes(fiche)
    factories.MesureFactory(indicateur=jeunes, periode=2020, valeur=0)
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=5)
    assert valeurs(globale(jeunes)) == [(2020, "0"), (2021, "5")]


def test_le_seuil_des_petits_effectifs_se_regle(client, fiche, settings):
    settings.SEUIL_PETITS_EFFECTIFS = 10
    jeunes = indicateur_jeunes(fiche)
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=7)
    texte = texte_visible(client.get(detail(jeunes)))
    assert "Dernière valeur moins de 10 jeunes en 2021" in texte
    assert "un effectif inférieur à 10 est publié « moins de 10 »" in texte


def test_nombres_et_pourcentages_au_format_francais(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=Decimal("1234"))
    part = factories.IndicateurFactory(
        fiche=fiche, publie=True, type_valeur="pourcentage", unite="% des acteurs"
    )
    factories.MesureFactory(indicateur=part, periode=2021, valeur=Decimal("42.50"))
    assert valeurs(globale(jeunes)) == [(2021, "1\u202f234")]
    assert "Dernière valeur 42,5 % en 2021" in texte_visible(client.get(detail(part)))
    assert "42.5" not in texte_visible(client.get(detail(part)))


def test_oui_non_et_texte_s_affichent_en_toutes_lettres_sans_graphique(client, fiche):
    existe = factories.IndicateurFactory(fiche=fiche, publie=True, type_valeur="oui_non")
    factories.MesureFactory(indicateur=existe, periode=2020, valeur=0)
    factories.MesureFactory(indicateur=existe, periode=2021, valeur=1)
    frein = factories.IndicateurFactory(fiche=fiche, publie=True, type_valeur="texte")
    factories.MesureFactory(indicateur=frein, periode=2021, valeur=None, valeur_texte="Mobilité")
    assert valeurs(globale(existe)) == [(2020, "non"), (2021, "oui")]
    response = client.get(detail(frein))
    assert "Dernière valeur Mobilité en 2021" in texte_visible(response)
    assert "<svg" not in response.content.decode()


# --- Diagramme SVG et tableau de valeurs -----------------------------------------------------


def test_le_diagramme_svg_et_son_tableau_montrent_les_memes_valeurs(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    for annee, valeur in [(2019, 12), (2020, 3), (2021, 30)]:
        factories.MesureFactory(indicateur=jeunes, periode=annee, valeur=valeur)
    html = client.get(detail(jeunes)).content.decode()

    svg = re.search(r"<svg[^>]*>.*?</svg>", html, flags=re.S).group(0)
    assert 'role="img"' in svg
    assert "<title>Jeunes accompagnés (ensemble du territoire)</title>" in svg
    assert "<desc>" in svg and "2020 : moins de 5 jeunes" in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "<script" not in svg
    textes_svg = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert {"2019", "2020", "2021", "12", "30", "&lt; 5"} <= set(textes_svg)
    assert "3" not in textes_svg  # le petit effectif n'est jamais écrit…
    assert svg.count('stroke-dasharray="4 3"') == 1  # …ni tracé exactement
    assert re.search(r'viewBox="0 0 \d+ \d+"', svg)
    assert "," not in re.search(r'<rect x="([^"]*)"', svg).group(1)  # pas de virgule décimale

    tableau = re.search(
        r'<table class="table table-sm caption-top tableau-serie">.*?</table>', html, re.S
    )
    lignes = re.findall(
        r'<th scope="row">(\d+)</th>\s*<td>([^<]*)</td>', tableau.group(0), flags=re.S
    )
    assert lignes == [("2019", "12"), ("2020", "moins de 5"), ("2021", "30")]
    assert "<caption>" in tableau.group(0)
    assert '<th scope="col">Valeur (jeunes)</th>' in tableau.group(0)


def test_geometrie_du_diagramme(fiche):
    jeunes = indicateur_jeunes(fiche)
    points = [series.point(jeunes, 2020, Decimal(10)), series.point(jeunes, 2021, Decimal(40))]
    graphique = graphique_en_barres(points, titre="Essai")
    petite, grande = graphique.barres
    assert grande.hauteur == pytest.approx(4 * petite.hauteur, abs=0.2)
    assert grande.y + grande.hauteur == petite.y + petite.hauteur == graphique.bas
    assert [g.libelle for g in graphique.graduations] == ["0", "10", "20", "30", "40"]
    assert graphique.barres[0].x < graphique.barres[1].x < graphique.droite


def test_les_valeurs_d_exemple_sont_signalees(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=40, est_exemple=True)
    texte = texte_visible(client.get(detail(jeunes)))
    assert "valeurs d’exemple (illustratives)" in texte
    reel = indicateur_jeunes(fiche, libelle="Réel")
    factories.MesureFactory(indicateur=reel, periode=2021, valeur=40)
    assert "valeurs d’exemple" not in texte_visible(client.get(detail(reel)))


def test_repartition_par_quartier_et_par_dispositif_publie(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    nord = factories.QuartierFactory(nom="Europe", commune="Tours")
    ecoles = factories.QuartierFactory(nom="Écoles", commune="Tours")
    sud = factories.QuartierFactory(nom="Rabière", commune="Joué-lès-Tours")
    psad = factories.DispositifFactory(publie=True, nom="Plateforme de suivi", sigle="PSAD")
    cache = factories.DispositifFactory(nom="Dispositif en brouillon")
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=90)
    factories.MesureFactory(indicateur=jeunes, periode=2020, quartier=nord, valeur=20)
    factories.MesureFactory(indicateur=jeunes, periode=2021, quartier=nord, valeur=25)
    factories.MesureFactory(indicateur=jeunes, periode=2021, quartier=sud, valeur=2)
    factories.MesureFactory(indicateur=jeunes, periode=2021, quartier=ecoles, valeur=7)
    factories.MesureFactory(indicateur=jeunes, periode=2021, dispositif=psad, valeur=60)
    factories.MesureFactory(indicateur=jeunes, periode=2021, dispositif=cache, valeur=30)
    texte = texte_visible(client.get(detail(jeunes)))
    # Joué-lès-Tours avant Tours : les quartiers sont triés par commune.
    assert "Quartier 2020 2021 Rabière (Joué-lès-Tours) — pas de valeur moins de 5" in texte
    # « Écoles » se range avec les E, avant « Europe ».
    assert "moins de 5 Écoles (Tours) — pas de valeur 7 Europe (Tours) 20 25" in texte
    assert "Par dispositif" in texte
    assert "Dispositif 2021 Plateforme de suivi (PSAD) 60" in texte
    assert "Dispositif en brouillon" not in texte


def test_pas_de_section_par_dispositif_sans_mesure_par_dispositif(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=90)
    assert "Par dispositif" not in texte_visible(client.get(detail(jeunes)))


# --- Séries pour les autres pages (quartier, dispositif, PDF) ---------------------------------


def test_series_d_un_quartier_et_d_un_dispositif_en_une_requete(fiche):
    jeunes = indicateur_jeunes(fiche)
    brouillon = factories.IndicateurFactory(fiche=fiche)
    quartier = factories.QuartierFactory(nom="Sanitas")
    dispositif = factories.DispositifFactory(publie=True, nom="MLDS")
    factories.MesureFactory(indicateur=jeunes, periode=2020, quartier=quartier, valeur=10)
    factories.MesureFactory(indicateur=jeunes, periode=2021, quartier=quartier, valeur=4)
    factories.MesureFactory(
        indicateur=jeunes, periode=2021, quartier=quartier, dispositif=dispositif, valeur=8
    )
    factories.MesureFactory(indicateur=brouillon, periode=2021, quartier=quartier, valeur=50)
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=99)

    with CaptureQueriesContext(connection) as requetes:
        du_quartier = series.series_du_quartier(quartier)
        du_dispositif = series.series_du_dispositif(dispositif)
    assert len(requetes) == 2
    assert [(s.perimetre, valeurs(s)) for s in du_quartier] == [
        ("Sanitas", [(2020, "10"), (2021, "moins de 5")]),
        ("MLDS, Sanitas", [(2021, "8")]),
    ]
    assert [(s.titre, valeurs(s)) for s in du_dispositif] == [
        ("Jeunes accompagnés (MLDS, Sanitas)", [(2021, "8")])
    ]
    # Les mêmes valeurs que la répartition par quartier de la page de l'indicateur.
    par_quartier = series.series_completes([jeunes])[jeunes.pk].par_quartier
    assert valeurs(par_quartier[0]) == valeurs(du_quartier[0])


# --- Export CSV ----------------------------------------------------------------------------------


def test_export_csv_pour_un_tableur_francais(client, fiche):
    jeunes = indicateur_jeunes(fiche, source="Bilans")
    quartier = factories.QuartierFactory(nom="Europe")
    factories.MesureFactory(indicateur=jeunes, periode=2021, valeur=Decimal("1234"))
    factories.MesureFactory(indicateur=jeunes, periode=2021, quartier=quartier, valeur=3)
    part = factories.IndicateurFactory(
        fiche=fiche, publie=True, type_valeur="pourcentage", libelle="Part", nature="effet"
    )
    factories.MesureFactory(indicateur=part, periode=2020, valeur=Decimal("42.5"), est_exemple=True)
    indicateur_calcule(fiche, "seances_tenues", libelle="Séances", source="Portail")
    seance(2022)

    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="indicateurs-\d{4}-\d{2}-\d{2}\.csv"',
        response["Content-Disposition"],
    )
    lignes = lire_csv(response)
    assert list(lignes[0]) == [
        "indicateur",
        "fiche",
        "nature",
        "année",
        "quartier",
        "dispositif",
        "valeur",
        "unité",
        "source",
        "exemple",
    ]
    resume = [
        (ligne["indicateur"], ligne["année"], ligne["quartier"], ligne["valeur"], ligne["exemple"])
        for ligne in lignes
    ]
    assert resume == [
        ("Jeunes accompagnés", "2021", "", "1234", "non"),
        ("Jeunes accompagnés", "2021", "Europe", "moins de 5", "non"),
        ("Séances", "2022", "", "1", "non"),
        ("Part", "2020", "", "42,5", "oui"),
    ]
    assert lignes[3]["unité"] == "%"
    assert lignes[0]["fiche"] == "1.2.2"
    assert lignes[0]["source"] == "Bilans"
    assert "None" not in response.content.decode()


def test_export_csv_neutralise_les_formules(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    piege = factories.QuartierFactory(nom="=SUM(A1)")
    factories.MesureFactory(indicateur=jeunes, periode=2021, quartier=piege, valeur=40)
    frein = factories.IndicateurFactory(
        fiche=fiche, publie=True, type_valeur="texte", libelle="@frein"
    )
    factories.MesureFactory(indicateur=frein, periode=2021, valeur=None, valeur_texte="=SUM(A1)")
    lignes = lire_csv(client.get(EXPORT))
    assert lignes[0]["quartier"] == "'=SUM(A1)"
    assert lignes[1]["indicateur"] == "'@frein"
    assert lignes[1]["valeur"] == "'=SUM(A1)"
    assert not any(v.startswith(("=", "+", "@")) for ligne in lignes for v in ligne.values())


# --- Nombre de requêtes fixe --------------------------------------------------------------


def jeu_de_donnees_etendu(fiche, jeunes):
    """Plus d'années, de quartiers, de dispositifs, de mesures et d'indicateurs de chaque
    calcul : les pages doivent garder le même nombre de requêtes."""
    quartiers = factories.QuartierFactory.create_batch(4)
    dispositifs = factories.DispositifFactory.create_batch(3, publie=True)
    autre_fiche = factories.FicheFactory(publie=True)
    for calcul in Indicateur.Calcul.values:
        for rang in range(2):
            indicateur = (
                indicateur_jeunes(autre_fiche if rang else fiche, libelle=f"Saisi {rang}")
                if calcul == "saisi"
                else indicateur_calcule(autre_fiche if rang else fiche, calcul)
            )
            for annee in range(2016, 2020):
                factories.MesureFactory(indicateur=indicateur, periode=annee, valeur=annee % 7)
    for annee in range(2016, 2024):
        factories.MesureFactory(indicateur=jeunes, periode=annee, valeur=annee % 9)
        for quartier in quartiers:
            factories.MesureFactory(indicateur=jeunes, periode=annee, quartier=quartier)
        for dispositif in dispositifs:
            factories.MesureFactory(indicateur=jeunes, periode=annee, dispositif=dispositif)
            factories.MesureFactory(
                indicateur=jeunes, periode=annee, dispositif=dispositif, quartier=quartiers[0]
            )
        seance(annee)
        factories.DiffusionFactory(date=datetime.date(annee, 3, 1))
        factories.DiffusionFactory(date=datetime.date(annee, 4, 1), support="resultats")
        factories.ArticulationFactory(
            publie=True, cree_le=datetime.datetime(annee, 1, 5, tzinfo=PARIS)
        )


def test_les_trois_pages_ont_un_nombre_de_requetes_fixe(client, fiche):
    jeunes = indicateur_jeunes(fiche)
    factories.MesureFactory(indicateur=jeunes, periode=2024, valeur=10)
    seances = indicateur_calcule(fiche, "seances_tenues")
    seance(2024)
    urls = [LISTE, detail(jeunes), detail(seances), EXPORT]
    peu = [nombre_de_requetes(client, url) for url in urls]

    jeu_de_donnees_etendu(fiche, jeunes)
    beaucoup = [nombre_de_requetes(client, url) for url in urls]
    # SAVEPOINT et RELEASE d'ATOMIC_REQUESTS, puis : les indicateurs (avec leur fiche), les
    # mesures saisies, une requête agrégée (UNION) pour tous les indicateurs calculés.
    # Une page d'indicateur : l'indicateur, puis ses mesures ou ses valeurs calculées.
    assert peu == beaucoup == [5, 4, 4, 5]
    assert "Saisi 1" in texte_visible(client.get(LISTE))


def test_les_partiels_du_graphique_et_du_tableau_se_rendent_en_pdf(fiche):
    """Le support PDF réutilisera les mêmes partiels : WeasyPrint doit tracer le SVG seul."""
    import pypdf
    import weasyprint
    from django.template.loader import render_to_string

    jeunes = indicateur_jeunes(fiche)
    for annee, valeur in [(2019, 12), (2020, 3), (2021, 30)]:
        factories.MesureFactory(indicateur=jeunes, periode=annee, valeur=valeur)
    serie = globale(jeunes)
    html = render_to_string("includes/_graphique.html", {"serie": serie})
    html += render_to_string("includes/_tableau_serie.html", {"serie": serie})

    def aucun_acces_reseau(url, *args, **kwargs):
        raise AssertionError(f"ressource externe demandée : {url}")

    pdf = weasyprint.HTML(string=html, url_fetcher=aucun_acces_reseau).write_pdf()
    texte = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "< 5" in texte  # libellé dans le SVG
    assert "moins de 5" in texte  # cellule du tableau
    assert "2021" in texte
