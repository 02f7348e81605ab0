"""Aides partagées par les tests de pages."""

import re
from html import unescape

from django.db import connection
from django.test.utils import CaptureQueriesContext


def texte_visible(response):
    """Le texte qu'un lecteur voit : sans balises, scripts ni styles, entités décodées."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def nombre_de_requetes(client, url, statut=200):
    """Nombre de requêtes SQL pour servir `url` (SAVEPOINT d'ATOMIC_REQUESTS compris)."""
    with CaptureQueriesContext(connection) as requetes:
        response = client.get(url)
    assert response.status_code == statut, url
    return len(requetes)
