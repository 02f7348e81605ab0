"""Le cache des pages publiques et les en-têtes Cache-Control (portail/cache.py).

Une page publique demandée par un visiteur anonyme est gardée sous la version des données ;
toute publication, dépublication, archivage ou restauration la rend obsolète pour la visite
suivante. Un agent connecté voit toujours la page fraîche, jamais gardée par personne.
"""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import path

from contrat_ville.models import VersionDonnees
from contrat_ville.publication import Statut
from contrat_ville.registre import registre
from dispositifs.models import Dispositif
from portail import cache as cache_pages
from tests import factories
from tests.utils import texte_visible

pytestmark = pytest.mark.django_db


def formulaire_post(request):
    gabarit = engines["django"].from_string(
        '<form method="post">{% csrf_token %}<button>Envoyer</button></form>'
    )
    return HttpResponse(gabarit.render({}, request))


# Une page publique qui contiendrait un formulaire POST (jeton CSRF propre au visiteur).
urlpatterns = [path("dispositifs/formulaire/", formulaire_post)]


@pytest.fixture(autouse=True)
def cache_actif(settings):
    settings.CACHE_PAGES_ANONYMES = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ecrire(django_capture_on_commit_callbacks):
    """Une écriture validée : la version avance à la validation de la transaction, que le test
    (enveloppé dans une transaction jamais validée) simule ici."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def visiter(client, url):
    with CaptureQueriesContext(connection) as requetes:
        response = client.get(url)
    return response, len(requetes)


def test_la_deuxieme_visite_anonyme_est_servie_du_cache_en_une_requete(client):
    factories.DispositifFactory(publie=True, nom="Plateforme de suivi des décrocheurs")
    premiere, requetes_premiere = visiter(client, "/dispositifs/")
    seconde, requetes_seconde = visiter(client, "/dispositifs/")

    assert premiere["X-Cache"] == "MISS"
    assert seconde["X-Cache"] == "HIT"
    assert requetes_seconde == 1  # la version des données, rien d'autre
    assert requetes_premiere > 1
    assert seconde.content == premiere.content
    assert seconde["Cache-Control"] == "public, max-age=60"
    assert "Plateforme de suivi des décrocheurs" in texte_visible(seconde)


def test_la_cle_contient_la_requete_complete(client):
    factories.DispositifFactory(publie=True, nom="Mission locale")
    factories.DispositifFactory(publie=True, nom="Plateforme de suivi")
    client.get("/dispositifs/")
    filtree = client.get("/dispositifs/?q=mission")
    assert filtree["X-Cache"] == "MISS"
    assert "Plateforme de suivi" not in texte_visible(filtree)
    assert client.get("/dispositifs/?q=mission")["X-Cache"] == "HIT"


def test_une_requete_head_est_servie_du_cache_sans_corps(client):
    client.get("/plan-du-site/")
    response = client.head("/plan-du-site/")
    assert response["X-Cache"] == "HIT"
    assert response.content == b""


def test_une_publication_est_visible_a_la_visite_suivante(client, ecrire):
    dispositif = factories.DispositifFactory(nom="Parcours tout neuf vers la formation")
    assert "Parcours tout neuf" not in texte_visible(client.get("/dispositifs/"))
    assert client.get("/dispositifs/")["X-Cache"] == "HIT"

    with ecrire():
        dispositif.publier()

    apres = client.get("/dispositifs/")
    assert apres["X-Cache"] == "MISS"
    assert "Parcours tout neuf vers la formation" in texte_visible(apres)
    assert client.get(dispositif.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("transition", ["depublier", "archiver"])
def test_une_depublication_ou_un_archivage_disparait_a_la_visite_suivante(
    client, ecrire, transition
):
    dispositif = factories.DispositifFactory(publie=True, nom="Dispositif bientôt retiré")
    url = dispositif.get_absolute_url()
    assert "Dispositif bientôt retiré" in texte_visible(client.get("/dispositifs/"))
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Cache"] == "HIT"

    with ecrire():
        getattr(dispositif, transition)()

    assert "Dispositif bientôt retiré" not in texte_visible(client.get("/dispositifs/"))
    assert client.get(url).status_code == 404


def test_une_restauration_depuis_l_historique_est_visible_a_la_visite_suivante(client, ecrire):
    dispositif = factories.DispositifFactory(publie=True, nom="Dispositif restauré")
    with ecrire():
        dispositif.archiver()
    assert "Dispositif restauré" not in texte_visible(client.get("/dispositifs/"))
    assert client.get("/dispositifs/")["X-Cache"] == "HIT"

    version_publiee = dispositif.history.filter(statut=Statut.PUBLIE).order_by("-history_date")
    with ecrire():
        version_publiee.first().instance.save()

    assert "Dispositif restauré" in texte_visible(client.get("/dispositifs/"))


def test_une_relation_plusieurs_a_plusieurs_modifiee_invalide_aussi(client, ecrire):
    situation = factories.SituationFactory(code="sans-solution", libelle="Sans solution")
    dispositif = factories.DispositifFactory(publie=True, nom="Dispositif de rentrée")
    url = "/dispositifs/?situation=sans-solution"
    assert "Dispositif de rentrée" not in texte_visible(client.get(url))

    with ecrire():
        dispositif.situations.add(situation)

    assert "Dispositif de rentrée" in texte_visible(client.get(url))


def test_un_agent_connecte_voit_toujours_la_page_fraiche_et_privee(client):
    dispositif = factories.DispositifFactory(publie=True, nom="Nom d'origine")
    client.get("/dispositifs/")
    # Une écriture qui ne prévient pas le cache : le public garde la page d'avant…
    Dispositif.objects.filter(pk=dispositif.pk).update(nom="Nom corrigé")
    assert "Nom d'origine" in texte_visible(client.get("/dispositifs/"))

    client.force_login(factories.UserFactory())
    response = client.get("/dispositifs/")
    # … l'agent connecté, jamais.
    assert "Nom corrigé" in texte_visible(response)
    assert "X-Cache" not in response
    assert response["Cache-Control"] == "private, no-store"


def test_une_page_qui_porte_un_jeton_csrf_n_est_jamais_gardee(client, settings):
    settings.ROOT_URLCONF = __name__
    premiere = client.get("/dispositifs/formulaire/")
    assert "csrfmiddlewaretoken" in premiere.content.decode()
    assert premiere["Cache-Control"] == "private, no-store"

    seconde = client.get("/dispositifs/formulaire/")
    assert "X-Cache" not in seconde
    assert "csrftoken" in seconde.cookies


@pytest.mark.parametrize("url", ["/sante/", "/admin/", "/admin/login/"])
def test_sante_et_admin_ne_sont_jamais_gardees(client, url):
    client.get(url)
    assert "X-Cache" not in client.get(url)


def test_le_cache_desactive_ne_garde_rien(client, settings):
    settings.CACHE_PAGES_ANONYMES = False
    client.get("/plan-du-site/")
    assert "X-Cache" not in client.get("/plan-du-site/")


# --- Cache-Control par type de page -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "attendu"),
    [
        ("/", "public, max-age=60"),
        ("/dispositifs/", "public, max-age=60"),
        ("/plan-du-site/", "public, max-age=60"),
        ("/seances/agenda.ics", "public, max-age=300"),
        ("/indicateurs/export.csv", "public, max-age=300"),
    ],
)
def test_cache_control_des_pages_publiques(client, url, attendu):
    assert client.get(url)["Cache-Control"] == attendu


def test_cache_control_de_la_sonde_et_de_l_admin(client):
    assert "no-cache" in client.get("/sante/")["Cache-Control"]
    assert client.get("/admin/")["Cache-Control"] == "private, no-store"


def test_cache_control_pour_un_agent_connecte_partout(client):
    client.force_login(factories.UserFactory())
    for url in ["/", "/dispositifs/", "/seances/agenda.ics"]:
        assert client.get(url)["Cache-Control"] == "private, no-store", url


@pytest.mark.parametrize(
    ("chemin", "attendu"),
    [
        ("/", cache_pages.PUBLIC),
        ("/quartiers/sanitas/", cache_pages.PUBLIC),
        ("/support/", cache_pages.PUBLIC),
        ("/support/pdf/", cache_pages.PUBLIC),
        ("/donnees/", cache_pages.DONNEES_OUVERTES),
        ("/donnees/dispositifs.json", cache_pages.DONNEES_OUVERTES),
        ("/gestion/", cache_pages.PRIVE),
        ("/gestion/dispositifs/", cache_pages.PRIVE),
        ("/comptes/connexion/", cache_pages.PRIVE),
        ("/admin/dispositifs/dispositif/", cache_pages.PRIVE),
        ("/sante/", cache_pages.SANS_CACHE),
        ("/inconnue/", None),
    ],
)
def test_politique_par_type_de_page(chemin, attendu):
    """Y compris pour les pages d'autres modules (gestion, support, données ouvertes)."""
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(chemin)
    request.user = AnonymousUser()
    assert cache_pages.politique(request, HttpResponse("…")) == attendu


def test_une_erreur_ou_un_post_n_est_pas_declare_public():
    from django.contrib.auth.models import AnonymousUser

    for request, response in [
        (RequestFactory().get("/dispositifs/inconnu/"), HttpResponse(status=404)),
        (RequestFactory().post("/dispositifs/"), HttpResponse()),
    ]:
        request.user = AnonymousUser()
        assert cache_pages.politique(request, response) is None


# --- Version des données ----------------------------------------------------------------------


def numero():
    return VersionDonnees.objects.get(pk=1).numero


def test_avancer_la_version_coute_un_seul_update():
    avant, version = numero(), VersionDonnees.lire()
    with CaptureQueriesContext(connection) as requetes:
        VersionDonnees.avancer()
    assert len(requetes) == 1
    assert requetes[0]["sql"].upper().startswith("UPDATE")
    assert numero() == avant + 1
    assert VersionDonnees.lire() != version


def test_lire_la_version_coute_une_requete():
    with CaptureQueriesContext(connection) as requetes:
        VersionDonnees.lire()
    assert len(requetes) == 1


def test_une_base_videe_puis_rechargee_ne_retrouve_pas_une_ancienne_version():
    ancienne = VersionDonnees.lire()
    VersionDonnees.objects.all().delete()  # flush, restauration d'une sauvegarde…
    assert VersionDonnees.lire() == "0"
    VersionDonnees.avancer()
    assert numero() == 1
    assert VersionDonnees.lire() not in {ancienne, "0"}


def test_les_tables_d_historique_ne_font_pas_avancer_la_version():
    modeles = {modele._meta.label for modele in registre.modeles_suivis()}
    assert "dispositifs.Dispositif" in modeles
    assert "indicateurs.Mesure" in modeles
    assert "dispositifs.HistoricalDispositif" not in modeles
    assert "contrat_ville.VersionDonnees" not in modeles


def test_chaque_modele_des_pages_publiques_fait_avancer_la_version():
    """Tous les modèles des applications du portail sont suivis, sauf l'historique et la
    version elle-même : un modèle ajouté sans s'inscrire au registre ferait servir des pages
    périmées."""
    from django.apps import apps

    attendus = {
        modele._meta.label
        for label in ("contrat_ville", "dispositifs", "fiches", "seances", "actions", "indicateurs")
        for modele in apps.get_app_config(label).get_models()
        if not hasattr(modele, "instance_type") and modele is not VersionDonnees
    }
    assert {modele._meta.label for modele in registre.modeles_suivis()} == attendus


def test_le_volume_genere_fait_avancer_la_version(ecrire):
    avant = numero()
    with ecrire():
        call_command("generer_volume", facteur=0.05, force=True, verbosity=0, stdout=io.StringIO())
    assert numero() > avant


# --- Réglages -------------------------------------------------------------------------------


def backend_de_cache(**env):
    ignorees = {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    environ = {k: v for k, v in os.environ.items() if k not in ignorees}
    environ.update(DEBUG="1", DJANGO_SETTINGS_MODULE="contrat_ville.settings", **env)
    code = "import django; django.setup(); from django.conf import settings; "
    code += "print(settings.CACHES['default']['BACKEND'])"
    resultat = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert resultat.returncode == 0, resultat.stderr
    return resultat.stdout.strip()


def test_le_cache_est_redis_quand_redis_url_est_pose():
    assert backend_de_cache(REDIS_URL="redis://127.0.0.1:6379/1") == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert backend_de_cache() == "django.core.cache.backends.locmem.LocMemCache"
