"""Validité HTML de chaque page (Nu Html Checker, npm `vnu-jar`, lancé avec le Java de la machine).

Toutes les pages sont rendues par le client de test, écrites dans un dossier temporaire, puis
vérifiées en un seul lancement du vérificateur (une JVM par test serait trop lente).
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from indicateurs.models import Indicateur
from seances.models import Seance
from tests import factories
from tests.test_navigateur import PAGES_PUBLIQUES

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _verificateur():
    java = shutil.which("java")
    if java and VNU.exists():
        return java
    message = "Nu Html Checker indisponible (java et node_modules/vnu-jar, voir README)"
    if os.environ.get("PORTAIL_EXIGER_NAVIGATEUR") == "1":
        pytest.fail(message)
    pytest.skip(message)


def erreurs_html(pages, dossier):
    """{chemin: [messages d'erreur]} pour des pages {chemin: html}."""
    java = _verificateur()
    fichiers = {}
    for rang, (chemin, html) in enumerate(pages.items()):
        fichier = dossier / f"page-{rang}.html"
        fichier.write_text(html, encoding="utf-8")
        fichiers[fichier.name] = chemin
    sortie = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--exit-zero-always",
            *map(str, sorted(dossier.glob("page-*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    rapport = json.loads(sortie.stderr or sortie.stdout)
    erreurs = {}
    for message in rapport["messages"]:
        if message["type"] == "error" or message.get("subType") == "fatal":
            url = message.get("url", "")
            chemin = fichiers.get(url.rsplit("/", 1)[-1], url)
            extrait = message.get("extract", "")
            erreurs.setdefault(chemin, []).append(
                f"l.{message.get('lastLine')}: {message['message']} « {extrait} »"
            )
    return erreurs


def test_pages_publiques_sans_erreur_html(client, tmp_path):
    call_command("charger_demo", verbosity=0, force=True)
    seance = Seance.objects.publies().filter(compte_rendu_publie=True).first()
    indicateur = Indicateur.objects.publies().filter(calcul="saisi").first()
    chemins = [
        *PAGES_PUBLIQUES,
        seance.get_absolute_url(),
        "/seances/?type=animation_quartier&annee=abc",
        indicateur.get_absolute_url(),
        "/page-inexistante/",
        "/dispositifs/orientation/?age=-3&situation=zz",
    ]
    pages = {}
    for chemin in chemins:
        reponse = client.get(chemin)
        assert reponse.status_code in (200, 404), chemin
        pages[chemin] = reponse.content.decode()
    assert erreurs_html(pages, tmp_path) == {}


def test_le_verificateur_detecte_une_erreur(tmp_path):
    """Garde-fou : un document invalide doit bien être signalé."""
    erreurs = erreurs_html(
        {"/faux/": "<!doctype html><html lang=fr><title>x</title><p><div></p>"}, tmp_path
    )
    assert erreurs["/faux/"]


def test_page_avec_texte_hostile_reste_valide(client, tmp_path):
    factories.DispositifFactory(
        publie=True,
        slug="hostile",
        nom='"><script>alert(1)</script>',
        resume="Ligne\u202edroite-à-gauche\u200b <b>gras</b> & « guillemets » 😀",
    )
    pages = {
        url: client.get(url).content.decode() for url in ["/dispositifs/", "/dispositifs/hostile/"]
    }
    assert erreurs_html(pages, tmp_path) == {}


def test_pages_de_l_espace_equipe_sans_erreur_html(client, tmp_path):
    from django.urls import reverse

    from gestion import roles
    from gestion.contenus import TYPES
    from tests.utils_gestion import connecter

    call_command("charger_demo", verbosity=0, force=True)
    dispositif = factories.DispositifFactory(nom="Avant")
    dispositif.nom = "Après"
    dispositif.save()
    pages = {"/comptes/connexion/": client.get("/comptes/connexion/").content.decode()}
    connecter(client, roles.COORDINATEUR)
    chemins = ["/gestion/", reverse("gestion:dispositif-history", args=[dispositif.pk])]
    for contenu in TYPES:
        chemins += [
            reverse(f"gestion:{contenu.nom}-list"),
            reverse(f"gestion:{contenu.nom}-create"),
        ]
    for chemin in chemins:
        reponse = client.get(chemin)
        assert reponse.status_code == 200, chemin
        pages[chemin] = reponse.content.decode()
    erreur = client.post(
        reverse("gestion:dispositif-create"), {"nom": "x" * 500, "age_min": "20", "age_max": "10"}
    )
    assert erreur.status_code == 200
    pages["formulaire avec erreurs"] = erreur.content.decode()
    assert erreurs_html(pages, tmp_path) == {}
