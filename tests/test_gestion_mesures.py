"""La grille des valeurs d'un indicateur (quartiers × années) et la liste des indicateurs de
l'espace équipe : droits, lecture, enregistrement tout ou rien avec historique, validation à côté
de chaque case, modifications concurrentes, contraintes d'unicité, nombre de requêtes."""

import re
from decimal import Decimal
from html import unescape

import pytest

from gestion import roles
from gestion.mesures import MOTIF_GRILLE, annees_par_defaut
from indicateurs.models import Indicateur, Mesure
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible
from tests.utils_gestion import ROLES, connecter

pytestmark = pytest.mark.django_db

CONNEXION = "/comptes/connexion/?next="
DEBUT, FIN = annees_par_defaut()


@pytest.fixture
def territoire():
    contrat = factories.ContratDeVilleFactory()
    sanitas = factories.QuartierFactory(contrat=contrat, nom="Sanitas", slug="sanitas")
    rives = factories.QuartierFactory(contrat=contrat, nom="Les Rives", slug="les-rives")
    fiche = factories.FicheFactory(contrat=contrat, code="1.2.2", publie=True)
    indicateur = factories.IndicateurFactory(
        fiche=fiche, publie=True, libelle="Nombre de jeunes accompagnés", unite="jeunes"
    )
    calcule = factories.IndicateurFactory(
        fiche=fiche,
        publie=True,
        libelle="Nombre de séances tenues",
        calcul=Indicateur.Calcul.SEANCES_TENUES,
    )
    return {
        "sanitas": sanitas,
        "rives": rives,
        "fiche": fiche,
        "indicateur": indicateur,
        "calcule": calcule,
    }


def url_grille(indicateur, suite=""):
    return f"/gestion/indicateurs/{indicateur.pk}/mesures/{suite}"


def champs_du_formulaire(response):
    """Ce qu'un navigateur enverrait du formulaire POST de la page, tel qu'affiché."""
    html = response.content.decode()
    formulaire = next(
        contenu
        for contenu in re.findall(r'<form method="post"[^>]*>(.*?)</form>', html, re.S)
        if 'name="c-' in contenu
    )
    donnees = {}
    for balise in re.findall(r"<input\b[^>]*>", formulaire):
        nom = re.search(r'name="([^"]*)"', balise)
        if nom is None:
            continue
        valeur = re.search(r'value="([^"]*)"', balise)
        donnees[nom.group(1)] = unescape(valeur.group(1)) if valeur else ""
    return donnees


def cle(quartier, annee):
    return f"c-{quartier.pk if quartier else 0}-{annee}"


def envoyer(client, indicateur, modifications, suite=""):
    """Ouvre la grille, change des cases comme le ferait une personne, et l'envoie."""
    donnees = champs_du_formulaire(client.get(url_grille(indicateur, suite)))
    for (quartier, annee), valeur in modifications.items():
        donnees[cle(quartier, annee)] = valeur
    return client.post(url_grille(indicateur, suite), donnees)


def valeurs(indicateur):
    return {
        (m.quartier.slug if m.quartier else None, m.periode, m.dispositif_id): m.valeur
        for m in Mesure.objects.filter(indicateur=indicateur).select_related("quartier")
    }


# --- Droits ---------------------------------------------------------------------------------

# (description, méthode, URL, statut attendu pour Lecteur, Rédacteur, Coordinateur)
PAGES = [
    ("liste des indicateurs", "get", lambda t: "/gestion/mesures/", (200, 200, 200)),
    ("grille", "get", lambda t: url_grille(t["indicateur"]), (200, 200, 200)),
    ("grille enregistrée", "post", lambda t: url_grille(t["indicateur"]), (403, 302, 302)),
    ("indicateur calculé", "get", lambda t: url_grille(t["calcule"]), (200, 200, 200)),
    ("indicateur calculé envoyé", "post", lambda t: url_grille(t["calcule"]), (403, 403, 403)),
    ("export CSV", "get", lambda t: "/gestion/mesures/export.csv", (200, 200, 200)),
    ("export XLSX", "get", lambda t: "/gestion/mesures/export.xlsx", (200, 200, 200)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("page", "methode", "url", "statuts"), PAGES, ids=[p[0] for p in PAGES])
def test_matrice_des_droits(client, territoire, role, page, methode, url, statuts):
    connecter(client, ROLES[role])
    adresse = url(territoire)
    donnees = {cle(territoire["sanitas"], FIN): "12"} if methode == "post" else None
    response = getattr(client, methode)(adresse, donnees)
    if role == "anonyme":
        assert response.status_code == 302 and response.url.startswith(CONNEXION)
        assert not Mesure.objects.exists()
        return
    attendu = dict(zip(["lecteur", "redacteur", "coordinateur"], statuts, strict=True))[role]
    assert response.status_code == attendu, (page, role)
    if attendu == 403:
        assert "Accès refusé" in texte_visible(response)
        assert not Mesure.objects.exists()


def test_grille_introuvable(client):
    connecter(client, roles.LECTEUR)
    assert client.get("/gestion/indicateurs/999999/mesures/").status_code == 404


# --- Lecture -----------------------------------------------------------------------------------


def test_la_grille_est_un_tableau_de_quartiers_par_annees_etiquete(client, territoire):
    factories.MesureFactory(
        indicateur=territoire["indicateur"], periode=FIN - 1, valeur=Decimal("12.50")
    )
    connecter(client, roles.REDACTEUR)
    response = client.get(url_grille(territoire["indicateur"]))
    html = response.content.decode()
    assert re.findall(r'<th scope="col">(\d{4})</th>', html) == [
        str(annee) for annee in range(DEBUT, FIN + 1)
    ]
    assert len(range(DEBUT, FIN + 1)) == 9
    assert f'name="debut" value="{DEBUT}"' in html and f'name="fin" value="{FIN}"' in html
    lignes = re.findall(r'<th scope="row">([^<]+)</th>', html)
    assert lignes == ["Ensemble du territoire", "Les Rives (Tours)", "Sanitas (Tours)"]
    sanitas = territoire["sanitas"]
    champ = re.search(rf'<input[^>]*id="cellule-{sanitas.pk}-{FIN}"[^>]*>', html).group(0)
    assert 'inputmode="decimal"' in champ and 'type="text"' in champ
    assert (
        f'<label class="visually-hidden" for="cellule-{sanitas.pk}-{FIN}">Sanitas, {FIN}</label>'
        in html
    )
    # La valeur existante s'affiche comme on la tape : virgule décimale, sans zéro inutile.
    assert re.search(rf'id="cellule-0-{FIN - 1}"[^>]*value="12,5"', html)
    assert "None" not in texte_visible(response)


def test_un_lecteur_lit_la_grille_sans_champ_de_saisie(client, territoire):
    factories.MesureFactory(
        indicateur=territoire["indicateur"], periode=FIN, valeur=40, quartier=territoire["rives"]
    )
    connecter(client, roles.LECTEUR)
    response = client.get(url_grille(territoire["indicateur"]))
    html = response.content.decode()
    tableau = re.search(r"<table.*?</table>", html, re.S).group(0)
    assert "<input" not in tableau
    assert "Enregistrer la grille" not in html
    assert "40" in texte_visible(response)
    assert "non renseigné" in texte_visible(response)


def test_un_indicateur_calcule_n_a_pas_de_grille(client, territoire):
    connecter(client, roles.COORDINATEUR)
    response = client.get(url_grille(territoire["calcule"]))
    texte = texte_visible(response)
    assert "viennent des données du portail" in texte
    assert "Calculé à partir des séances publiées et tenues" in texte
    assert "<table" not in response.content.decode()
    assert "Enregistrer la grille" not in texte


def test_plage_d_annees_choisie_et_annee_ajoutee(client, territoire):
    indicateur = territoire["indicateur"]
    factories.MesureFactory(indicateur=indicateur, periode=2005, valeur=3)
    connecter(client, roles.REDACTEUR)
    response = client.get(url_grille(indicateur, "?debut=2010&fin=2012"))
    html = response.content.decode()
    assert re.findall(r'<th scope="col">(\d{4})</th>', html) == ["2010", "2011", "2012"]
    texte = texte_visible(response)
    assert "Ajouter l’année 2009" in texte and "Ajouter l’année 2013" in texte
    assert "Afficher aussi les années qui ont des valeurs : 2005" in texte
    assert "?debut=2009&amp;fin=2012" in html
    # Une plage incomprise est signalée, et la grille par défaut affichée.
    response = client.get(url_grille(indicateur, "?debut=2015&fin=2001"))
    assert "Années non comprises" in texte_visible(response)
    assert len(re.findall(r'<th scope="col">\d{4}</th>', response.content.decode())) == 9


# --- Enregistrement ----------------------------------------------------------------------------


def test_enregistrer_cree_modifie_et_supprime_en_une_fois_avec_historique(client, territoire):
    indicateur, sanitas, rives = (
        territoire["indicateur"],
        territoire["sanitas"],
        territoire["rives"],
    )
    modifiee = factories.MesureFactory(indicateur=indicateur, periode=FIN - 1, valeur=10)
    supprimee = factories.MesureFactory(
        indicateur=indicateur, periode=FIN - 2, valeur=7, quartier=rives
    )
    gardee = factories.MesureFactory(indicateur=indicateur, periode=FIN - 3, valeur=5)
    connecter(client, roles.REDACTEUR)

    response = envoyer(
        client,
        indicateur,
        {
            (sanitas, FIN): "1 234,5",
            (None, FIN - 1): "11",
            (rives, FIN - 2): "",
        },
    )

    assert response.status_code == 302
    assert response.url == url_grille(indicateur)
    assert valeurs(indicateur) == {
        ("sanitas", FIN, None): Decimal("1234.50"),
        (None, FIN - 1, None): Decimal("11.00"),
        (None, FIN - 3, None): Decimal("5.00"),
    }
    suivi = client.get(response.url)
    assert "1 ajoutée(s), 1 modifiée(s), 1 supprimée(s)" in texte_visible(suivi)

    auteur = client.user
    creee = Mesure.objects.get(indicateur=indicateur, quartier=sanitas)
    for mesure_id, type_attendu in [(creee.pk, "+"), (modifiee.pk, "~"), (supprimee.pk, "-")]:
        derniere = Mesure.history.filter(id=mesure_id).latest("history_date", "history_id")
        assert derniere.history_type == type_attendu
        assert derniere.history_user == auteur
        assert derniere.history_change_reason == MOTIF_GRILLE
    # Une case non changée n'est pas réécrite : pas de nouvelle entrée d'historique.
    assert Mesure.history.filter(id=gardee.pk).count() == 1


def test_une_source_saisie_est_notee_sur_les_valeurs_ecrites(client, territoire):
    indicateur, sanitas = territoire["indicateur"], territoire["sanitas"]
    autre = factories.MesureFactory(indicateur=indicateur, periode=FIN - 1, source="Rectorat")
    connecter(client, roles.REDACTEUR)
    donnees = champs_du_formulaire(client.get(url_grille(indicateur)))
    donnees[cle(sanitas, FIN)] = "8"
    donnees["source"] = "Mission locale, bilan annuel"
    assert client.post(url_grille(indicateur), donnees).status_code == 302
    assert Mesure.objects.get(quartier=sanitas).source == "Mission locale, bilan annuel"
    autre.refresh_from_db()
    assert autre.source == "Rectorat"


def test_une_case_invalide_n_enregistre_rien_et_garde_toute_la_saisie(client, territoire):
    indicateur, sanitas, rives = (
        territoire["indicateur"],
        territoire["sanitas"],
        territoire["rives"],
    )
    factories.MesureFactory(indicateur=indicateur, periode=FIN - 1, valeur=10)
    connecter(client, roles.REDACTEUR)

    response = envoyer(
        client,
        indicateur,
        {
            (sanitas, FIN): "douze",
            (rives, FIN): "3,14159",
            (None, FIN): "-4",
            (None, FIN - 1): "15",
            (sanitas, FIN - 1): "9",
        },
    )

    assert response.status_code == 200
    assert valeurs(indicateur) == {(None, FIN - 1, None): Decimal("10.00")}
    html = response.content.decode()
    texte = texte_visible(response)
    assert "La grille n’a pas été enregistrée, aucune valeur n’a été écrite : 3 cases" in texte
    erreur = re.search(
        rf'<input[^>]*id="cellule-{sanitas.pk}-{FIN}"[^>]*>\s*<input[^>]*>\s*'
        rf'<div class="invalid-feedback" id="cellule-{sanitas.pk}-{FIN}-erreur">([^<]*)</div>',
        html,
    )
    assert erreur and "Valeur non numérique" in erreur.group(1)
    champ = re.search(rf'<input[^>]*id="cellule-{sanitas.pk}-{FIN}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in champ
    assert f'aria-describedby="cellule-{sanitas.pk}-{FIN}-erreur"' in champ
    assert "Deux chiffres après la virgule au plus." in texte
    assert "Un effectif ne peut pas être négatif." in texte
    assert f'<a href="#cellule-{sanitas.pk}-{FIN}">Sanitas, {FIN}</a>' in html
    # Ce qui a été tapé reste dans chaque case, valide ou non.
    for quartier, annee, tape in [
        (sanitas, FIN, "douze"),
        (rives, FIN, "3,14159"),
        (None, FIN - 1, "15"),
        (sanitas, FIN - 1, "9"),
    ]:
        identifiant = f"cellule-{quartier.pk if quartier else 0}-{annee}"
        assert re.search(rf'id="{identifiant}"[^>]*value="{tape}"', html), identifiant


def test_source_trop_longue_refusee(client, territoire):
    indicateur, sanitas = territoire["indicateur"], territoire["sanitas"]
    connecter(client, roles.REDACTEUR)
    donnees = champs_du_formulaire(client.get(url_grille(indicateur)))
    donnees[cle(sanitas, FIN)] = "8"
    donnees["source"] = "x" * 301
    response = client.post(url_grille(indicateur), donnees)
    assert response.status_code == 200
    assert not Mesure.objects.exists()
    assert "300 caractères" in texte_visible(response)


def test_modification_concurrente_signalee_sans_rien_ecraser(client, territoire):
    indicateur, sanitas = territoire["indicateur"], territoire["sanitas"]
    mesure = factories.MesureFactory(indicateur=indicateur, periode=FIN - 1, valeur=10)
    connecter(client, roles.REDACTEUR)
    ouverte = champs_du_formulaire(client.get(url_grille(indicateur)))

    # Pendant ce temps, quelqu'un change l'ensemble du territoire et crée la case du Sanitas.
    Mesure.objects.filter(pk=mesure.pk).update(valeur=20)
    factories.MesureFactory(indicateur=indicateur, periode=FIN, valeur=5, quartier=sanitas)

    ouverte[cle(None, FIN - 1)] = "11"
    ouverte[cle(sanitas, FIN)] = "6"
    response = client.post(url_grille(indicateur), ouverte)

    assert response.status_code == 409
    texte = texte_visible(response)
    assert "Modifiée par quelqu'un d'autre pendant votre saisie (valeur actuelle : 20)" in texte
    assert "(valeur actuelle : 5)" in texte
    assert valeurs(indicateur) == {
        (None, FIN - 1, None): Decimal("20.00"),
        ("sanitas", FIN, None): Decimal("5.00"),
    }
    # Renvoyée en connaissance de cause, la saisie remplace la valeur de l'autre personne,
    # sans créer de seconde mesure pour la même case.
    response = client.post(url_grille(indicateur), champs_du_formulaire(response))
    assert response.status_code == 302
    assert valeurs(indicateur) == {
        (None, FIN - 1, None): Decimal("11.00"),
        ("sanitas", FIN, None): Decimal("6.00"),
    }


def test_une_case_non_touchee_garde_la_valeur_changee_par_un_autre(client, territoire):
    indicateur, sanitas = territoire["indicateur"], territoire["sanitas"]
    mesure = factories.MesureFactory(indicateur=indicateur, periode=FIN - 1, valeur=10)
    connecter(client, roles.REDACTEUR)
    ouverte = champs_du_formulaire(client.get(url_grille(indicateur)))
    Mesure.objects.filter(pk=mesure.pk).update(valeur=20)
    ouverte[cle(sanitas, FIN)] = "6"
    assert client.post(url_grille(indicateur), ouverte).status_code == 302
    assert valeurs(indicateur)[(None, FIN - 1, None)] == Decimal("20.00")


def test_creation_concurrente_refusee_par_la_contrainte_d_unicite(client, territoire, monkeypatch):
    """Si une autre personne crée la même case entre la lecture et l'écriture, la contrainte
    d'unicité refuse la seconde mesure : rien n'est écrit, et la page le dit."""
    from gestion import mesures

    indicateur, sanitas = territoire["indicateur"], territoire["sanitas"]
    connecter(client, roles.REDACTEUR)
    donnees = champs_du_formulaire(client.get(url_grille(indicateur)))
    donnees[cle(sanitas, FIN)] = "6"
    donnees[cle(None, FIN)] = "60"
    charger = mesures.charger_grille

    def charger_puis_concurrent(*args, **kwargs):
        grille = charger(*args, **kwargs)
        factories.MesureFactory(indicateur=indicateur, periode=FIN, valeur=5, quartier=sanitas)
        return grille

    monkeypatch.setattr("gestion.views.mesures.charger_grille", charger_puis_concurrent)
    response = client.post(url_grille(indicateur), donnees)

    assert response.status_code == 409
    assert "quelqu’un vient de créer une valeur" in texte_visible(response)
    assert valeurs(indicateur) == {("sanitas", FIN, None): Decimal("5.00")}


def test_la_grille_ne_touche_pas_aux_valeurs_par_dispositif(client, territoire):
    indicateur = territoire["indicateur"]
    dispositif = factories.DispositifFactory()
    factories.MesureFactory(indicateur=indicateur, periode=FIN, valeur=3, dispositif=dispositif)
    connecter(client, roles.REDACTEUR)
    response = client.get(url_grille(indicateur))
    assert "1 valeur par dispositif ne figure pas dans la grille" in texte_visible(response)
    assert envoyer(client, indicateur, {(None, FIN): "30"}).status_code == 302
    assert valeurs(indicateur) == {
        (None, FIN, dispositif.pk): Decimal("3.00"),
        (None, FIN, None): Decimal("30.00"),
    }


def test_une_valeur_d_exemple_corrigee_devient_reelle(client, territoire):
    indicateur = territoire["indicateur"]
    exemple = factories.MesureFactory(
        indicateur=indicateur, periode=FIN, valeur=10, est_exemple=True
    )
    connecter(client, roles.REDACTEUR)
    assert "exemple" in texte_visible(client.get(url_grille(indicateur)))
    assert envoyer(client, indicateur, {(None, FIN): "12"}).status_code == 302
    exemple.refresh_from_db()
    assert (exemple.valeur, exemple.est_exemple) == (Decimal("12.00"), False)


def test_rien_de_change_rien_d_ecrit(client, territoire):
    indicateur = territoire["indicateur"]
    factories.MesureFactory(indicateur=indicateur, periode=FIN, valeur=10)
    connecter(client, roles.REDACTEUR)
    for tape in ("10", "10,00", " 10 "):
        response = envoyer(client, indicateur, {(None, FIN): tape})
        assert response.status_code == 302
        assert "Aucune valeur n’a changé" in texte_visible(client.get(response.url))
    assert Mesure.history.count() == 1


@pytest.mark.parametrize(
    ("type_valeur", "tape", "valeur", "texte"),
    [
        (Indicateur.TypeValeur.POURCENTAGE, "45,5 %", Decimal("45.50"), ""),
        (Indicateur.TypeValeur.OUI_NON, "Oui", Decimal("1.00"), ""),
        (Indicateur.TypeValeur.OUI_NON, "non", Decimal("0.00"), ""),
        (Indicateur.TypeValeur.TEXTE, "Comité tenu en mars", None, "Comité tenu en mars"),
    ],
)
def test_chaque_type_de_valeur_se_saisit(client, territoire, type_valeur, tape, valeur, texte):
    indicateur = factories.IndicateurFactory(fiche=territoire["fiche"], type_valeur=type_valeur)
    connecter(client, roles.REDACTEUR)
    assert envoyer(client, indicateur, {(None, FIN): tape}).status_code == 302
    mesure = Mesure.objects.get(indicateur=indicateur)
    assert (mesure.valeur, mesure.valeur_texte) == (valeur, texte)


def test_oui_non_refuse_autre_chose(client, territoire):
    indicateur = factories.IndicateurFactory(
        fiche=territoire["fiche"], type_valeur=Indicateur.TypeValeur.OUI_NON
    )
    connecter(client, roles.REDACTEUR)
    response = envoyer(client, indicateur, {(None, FIN): "peut-être"})
    assert response.status_code == 200
    assert "Valeur attendue : « oui » ou « non »." in texte_visible(response)
    assert not Mesure.objects.exists()


# --- Nombre de requêtes ------------------------------------------------------------------------


def test_la_grille_a_un_nombre_de_requetes_fixe(client, territoire):
    indicateur = territoire["indicateur"]
    connecter(client, roles.REDACTEUR)
    peu = nombre_de_requetes(client, url_grille(indicateur))
    for numero in range(12):
        quartier = factories.QuartierFactory()
        for annee in range(DEBUT, FIN + 1):
            factories.MesureFactory(
                indicateur=indicateur, periode=annee, valeur=numero, quartier=quartier
            )
    factories.MesureFactory(indicateur=indicateur, periode=2001, valeur=1)
    factories.MesureFactory(
        indicateur=indicateur, periode=FIN, valeur=1, dispositif=factories.DispositifFactory()
    )
    assert nombre_de_requetes(client, url_grille(indicateur)) == peu
    # session, utilisateur, rôle, indicateur, quartiers, mesures, années hors grille,
    # valeurs par dispositif (+ savepoints)
    assert peu == 10


def test_l_enregistrement_a_un_nombre_de_requetes_fixe(client, territoire):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    indicateur = territoire["indicateur"]
    quartiers = [factories.QuartierFactory() for _ in range(10)]
    for quartier in quartiers:
        factories.MesureFactory(indicateur=indicateur, periode=FIN - 1, quartier=quartier)
    connecter(client, roles.REDACTEUR)

    def compter(modifications):
        donnees = champs_du_formulaire(client.get(url_grille(indicateur)))
        donnees.update(modifications)
        with CaptureQueriesContext(connection) as requetes:
            assert client.post(url_grille(indicateur), donnees).status_code == 302
        return len(requetes)

    peu = compter({cle(quartiers[0], FIN): "1", cle(quartiers[0], FIN - 1): "2"})
    beaucoup = compter(
        {cle(q, FIN): "3" for q in quartiers} | {cle(q, FIN - 1): "4" for q in quartiers}
    )
    assert beaucoup == peu


# --- Liste des indicateurs -------------------------------------------------------------------


def test_la_liste_mene_a_la_grille_de_chaque_indicateur(client, territoire):
    factories.MesureFactory(indicateur=territoire["indicateur"], periode=2021, valeur=1)
    factories.MesureFactory(indicateur=territoire["indicateur"], periode=2023, valeur=1)
    connecter(client, roles.LECTEUR)
    response = client.get("/gestion/mesures/")
    html = response.content.decode()
    texte = texte_visible(response)
    assert f'href="/gestion/indicateurs/{territoire["indicateur"].pk}/mesures/"' in html
    assert "Nombre de jeunes accompagnés" in texte and "Nombre de séances tenues" in texte
    assert "2023" in texte and "calculées" in texte
    assert "Importer des valeurs" not in texte  # réservé au coordinateur
    connecter(client, roles.COORDINATEUR)
    assert "Importer des valeurs" in texte_visible(client.get("/gestion/mesures/"))


def test_la_liste_a_un_nombre_de_requetes_fixe(client, territoire):
    connecter(client, roles.LECTEUR)
    peu = nombre_de_requetes(client, "/gestion/mesures/")
    for _ in range(10):
        indicateur = factories.IndicateurFactory(fiche=factories.FicheFactory())
        factories.MesureFactory(indicateur=indicateur)
    assert nombre_de_requetes(client, "/gestion/mesures/") == peu


def test_la_navigation_mene_aux_valeurs_et_aux_diffusions(client, territoire):
    connecter(client, roles.LECTEUR)
    html = client.get("/gestion/").content.decode()
    assert 'href="/gestion/mesures/"' in html and 'href="/gestion/diffusions/"' in html
    html = client.get("/gestion/mesures/").content.decode()
    assert 'href="/gestion/mesures/" aria-current="page"' in html


# --- Entrées hostiles : jamais d'erreur serveur ------------------------------------------------


@pytest.mark.parametrize("type_valeur", [Indicateur.TypeValeur.NOMBRE, Indicateur.TypeValeur.TEXTE])
def test_entrees_hostiles_dans_la_grille(client, territoire, type_valeur):
    from tests.corpus_hostile import TOUT

    indicateur = factories.IndicateurFactory(fiche=territoire["fiche"], type_valeur=type_valeur)
    connecter(client, roles.REDACTEUR)
    for texte in TOUT:
        response = envoyer(
            client, indicateur, {(None, FIN): texte, (territoire["sanitas"], FIN): texte}
        )
        assert response.status_code in (200, 302), texte[:40]
        mesure = Mesure.objects.filter(indicateur=indicateur, quartier=None).first()
        if mesure is not None:
            assert "\x00" not in mesure.valeur_texte
        for parametres in (f"?debut={texte}", f"?fin={texte}&debut=2010"):
            assert client.get(url_grille(indicateur, parametres)).status_code == 200
    assert client.get("/gestion/mesures/export.csv?indicateur=%C2%B2").status_code == 200
