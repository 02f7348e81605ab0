"""Le corpus hostile poussé dans chaque champ texte de chaque formulaire de l'espace équipe, et
dans chaque paramètre GET de ses pages (sur SQLite comme sur PostgreSQL).

Attendu pour chaque envoi : un message de validation en français (200) ou un enregistrement
(302) de ce qui a été tapé, jamais une erreur 500 ; la valeur enregistrée s'affiche échappée.
"""

import pytest
from django import forms
from django.urls import reverse

from gestion import roles
from gestion.contenus import TYPES
from tests import factories
from tests.corpus_hostile import CHAINES
from tests.test_entrees_hostiles_public import (  # noqa: F401 - fixture partagée
    ENTREES,
    NOMS_COURANTS,
    demo,
    verifier,
)
from tests.test_gestion_contenus import PAR_CHEMIN, donnees_du_formulaire_complet
from tests.utils_gestion import connecter

pytestmark = pytest.mark.django_db


def fabriquer(contenu):
    if contenu.chemin == "dispositifs":
        return factories.DispositifFactory()
    return PAR_CHEMIN[contenu.chemin].fabriquer("brouillon")


def champs_texte(form):
    return [
        nom
        for nom, champ in form.fields.items()
        if isinstance(champ, forms.CharField)
        and not isinstance(champ.widget, forms.HiddenInput)
        and not champ.disabled
    ]


def normaliser(valeur):
    """Ce qu'un formulaire Django garde d'une saisie : espaces de bord ôtés, fins de ligne
    unifiées."""
    return valeur.replace("\r\n", "\n").strip()


@pytest.mark.parametrize("contenu", TYPES, ids=lambda c: c.chemin)
def test_corpus_hostile_dans_chaque_champ_texte(client, contenu):
    connecter(client, roles.COORDINATEUR)
    objet = fabriquer(contenu)
    url = reverse(f"gestion:{contenu.nom}-update", args=[objet.pk])
    detail = reverse(f"gestion:{contenu.nom}-detail", args=[objet.pk])
    essais = enregistres = 0
    formulaire = client.get(url).context["form"]
    champs = champs_texte(formulaire)
    assert champs, contenu
    base = donnees_du_formulaire_complet(formulaire)
    for champ in champs:
        for valeur in CHAINES:
            donnees = {**base, champ: valeur}
            reponse = client.post(url, donnees)
            essais += 1
            assert reponse.status_code in (200, 302), (champ, valeur[:40], reponse.status_code)
            objet.refresh_from_db()
            stocke = getattr(objet, champ)
            if reponse.status_code == 200:
                html = reponse.content.decode()
                assert "is-invalid" in html or "alert-danger" in html, (champ, valeur[:40])
                assert stocke != valeur or normaliser(valeur) == "", (champ, valeur[:40])
                continue
            enregistres += 1
            assert str(stocke) == normaliser(valeur), (champ, valeur[:40])
            # Nouvelle révision après l'enregistrement : on repart du formulaire à jour.
            base = donnees_du_formulaire_complet(client.get(url).context["form"])
            html = client.get(detail).content.decode()
            assert '<script>alert("x")' not in html and "<img src=x" not in html, champ
    assert essais == len(champs) * len(CHAINES)
    assert enregistres > 0


# --- Paramètres GET de l'espace équipe ---------------------------------------------------------


def parametres_de_l_espace_equipe():
    """(url, paramètres) de chaque vue de l'espace équipe qui lit des paramètres GET : les
    filtres de chaque liste (lus aussi par son export) et sa pagination, les années de la grille
    des mesures, l'indicateur de l'export des mesures, les versions comparées de l'historique.
    Chaque paramètre est validé seul par son formulaire : ceux d'une même vue reçoivent ensemble
    la même entrée, ce qui garde la suite rapide."""
    essais = []
    for contenu in TYPES:
        noms = list(contenu.filtres.base_filters)
        essais += [
            (f"/gestion/{contenu.chemin}/", [*noms, "page"]),
            (f"/gestion/{contenu.chemin}/export.csv", noms),
        ]
    return [
        *essais,
        ("/gestion/diffusions/", ["page"]),
        ("/gestion/mesures/export.csv", ["indicateur"]),
        ("grille", ["debut", "fin"]),
        ("historique", ["de", "a"]),
    ]


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("url, parametres", parametres_de_l_espace_equipe())
def test_corpus_hostile_sur_chaque_parametre_get(client, url, parametres):
    from dispositifs.models import Dispositif
    from indicateurs.models import Indicateur

    connecter(client, roles.COORDINATEUR)
    if url == "grille":
        indicateur = Indicateur.objects.filter(calcul=Indicateur.Calcul.SAISI).first()
        url = reverse("gestion:indicateur-mesures", args=[indicateur.pk])
    elif url == "historique":
        url = reverse("gestion:dispositif-history", args=[Dispositif.objects.first().pk])
    assert client.get(url).status_code == 200
    for valeur in ENTREES:
        reponse = client.get(url, dict.fromkeys(parametres, valeur))
        assert reponse.status_code in (200, 404), (parametres, str(valeur)[:40])
        verifier(reponse, valeur)


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize(
    "url", ["/gestion/", "/gestion/mesures/", "/gestion/mesures/import/", "/gestion/diffusions/"]
)
def test_les_pages_de_l_espace_equipe_sans_parametre_les_ignorent(client, url):
    connecter(client, roles.COORDINATEUR)
    assert client.get(url).status_code == 200
    for valeur in ENTREES:
        reponse = client.get(url, dict.fromkeys(NOMS_COURANTS, valeur))
        assert reponse.status_code == 200, (url, str(valeur)[:40])
        verifier(reponse, valeur)
