"""Pages d'erreur en français, dans la mise en page du site, sans trace technique."""

from unittest import mock

import pytest
from django.db import OperationalError

from tests.utils import texte_visible

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_sans_exception(client):
    client.raise_request_exception = False
    return client


def test_404_en_francais_dans_la_mise_en_page(client):
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    texte = texte_visible(reponse)
    assert "Page introuvable" in texte
    assert "Aller au contenu" in texte  # la mise en page du site
    assert "Revenir à l’accueil" in texte


def test_500_en_francais_sans_trace(client_sans_exception):
    with mock.patch(
        "portail.views.accueil.ContratDeVille.objects.courant",
        side_effect=RuntimeError("détail interne à ne pas montrer"),
    ):
        reponse = client_sans_exception.get("/")
    assert reponse.status_code == 500
    texte = texte_visible(reponse)
    assert "Une erreur est survenue" in texte
    assert "détail interne" not in texte
    assert "Traceback" not in reponse.content.decode()


def test_base_injoignable_donne_503_service_indisponible(client_sans_exception, caplog):
    with mock.patch(
        "portail.views.accueil.ContratDeVille.objects.courant",
        side_effect=OperationalError("could not connect to server: Connection refused"),
    ):
        reponse = client_sans_exception.get("/")
    assert reponse.status_code == 503
    assert reponse["Retry-After"] == "120"
    texte = texte_visible(reponse)
    assert "Service momentanément indisponible" in texte
    assert "Connection refused" not in reponse.content.decode()
    assert "Base de données injoignable pendant GET /" in caplog.text
