"""Chaque téléchargement à un clic : le support de présentation depuis l'accueil, la fiche, chaque
quartier (son support à lui) et le tableau de bord ; le PDF de la fiche en haut de la fiche ; les
données ouvertes depuis le pied de chaque page et l'annuaire. Et les libellés de la navigation
principale disent le titre de la page où ils mènent."""

import re
from html import unescape
from html.parser import HTMLParser
from io import BytesIO

import pytest
from django.urls import resolve
from django.utils import timezone
from pypdf import PdfReader

from contrat_ville import francais
from gestion import roles
from tests import factories
from tests.utils_gestion import connecter

pytestmark = pytest.mark.django_db


class _Liens(HTMLParser):
    """Les liens d'une page (adresse, texte lu, type annoncé, zone : nav, main ou footer) et le
    texte de son <h1>."""

    def __init__(self, html):
        super().__init__()
        self.liens, self.h1, self._zones, self._lien, self._dans_h1 = [], "", [], None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("nav", "main", "footer", "header"):
            self._zones.append((tag, attrs.get("aria-label", "")))
        elif tag == "a" and "href" in attrs:
            self._lien = {
                "href": unescape(attrs["href"]),
                "type": attrs.get("type"),
                "texte": "",
                "zones": list(self._zones),
            }
        elif tag == "h1":
            self._dans_h1 = True

    def handle_endtag(self, tag):
        if tag in ("nav", "main", "footer", "header") and self._zones:
            self._zones.pop()
        elif tag == "a" and self._lien is not None:
            self._lien["texte"] = " ".join(self._lien["texte"].split())
            self.liens.append(self._lien)
            self._lien = None
        elif tag == "h1":
            self._dans_h1 = False

    def handle_data(self, data):
        if self._lien is not None:
            self._lien["texte"] += data
        if self._dans_h1:
            self.h1 += data

    def vers(self, href):
        return [lien for lien in self.liens if lien["href"] == href]

    def dans(self, zone, label=None):
        return [
            lien
            for lien in self.liens
            if any(nom == zone and label in (None, nom_lu) for nom, nom_lu in lien["zones"])
        ]


def liens(response):
    assert response.status_code == 200
    return _Liens(response.content.decode())


def a_jour_au():
    """La date du support, écrite comme sur sa couverture (« 1er décembre 2026 »)."""
    return francais.date(timezone.localdate())


def suivre_le_pdf(client, lien):
    """Un clic sur le lien : la réponse est un PDF (et on rend le texte de sa première page)."""
    assert lien["type"] == "application/pdf"
    response = client.get(lien["href"])
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return " ".join(PdfReader(BytesIO(response.content)).pages[0].extract_text().split())


@pytest.fixture
def territoire():
    contrat = factories.ContratDeVilleFactory(nom="Contrat de ville de Valbourg")
    sanitas = factories.QuartierFactory(contrat=contrat, nom="Sanitas", slug="sanitas")
    fiche = factories.FicheFactory(
        contrat=contrat, code="1.2.2", version="2017", publie=True, titre="Faire connaître"
    )
    autre = factories.FicheFactory(contrat=contrat, code="1.2.3", publie=True, titre="Autre")
    factories.DispositifFactory(publie=True, nom="Dispositif Alpha")
    return {"fiche": fiche, "autre": autre, "sanitas": sanitas}


def _lien_du_support(page, href="/support/pdf/"):
    trouves = [lien for lien in page.vers(href) if lien["type"] == "application/pdf"]
    assert len(trouves) == 1, page.liens
    return trouves[0]


# --- Le support de présentation ----------------------------------------------------------------


def test_l_accueil_mene_au_support_en_un_clic_avec_son_format_et_sa_date(client, territoire):
    page = liens(client.get("/"))
    lien = _lien_du_support(page)
    assert lien["texte"] == (
        f"Support de présentation des dispositifs (PDF, à jour au {a_jour_au()})"
    )
    assert lien["zones"] == [("main", "")]
    # Pas de taille : le PDF est rendu à la demande, elle n'est pas connue avant le rendu.
    assert not re.search(r"\d\s*[kKmM]?o\b", lien["texte"])
    assert page.vers("/support/")  # l'aperçu en ligne, pour qui ne lit pas les PDF
    couverture = suivre_le_pdf(client, lien)
    assert "Support de présentation des dispositifs" in couverture
    assert f"À jour au {a_jour_au()}" in couverture  # la date du lien est celle du support


def test_l_accueil_mene_au_pdf_de_la_fiche_de_base(client, territoire):
    page = liens(client.get("/"))
    (lien,) = page.vers("/fiches/1.2.2/pdf/")
    assert lien["texte"] == f"Fiche 1.2.2 (PDF, version 2017, données du portail au {a_jour_au()})"
    assert not page.vers("/fiches/1.2.3/pdf/")  # seules les fiches du support y sont proposées


def test_la_page_du_quartier_mene_au_support_de_ce_quartier(client, territoire):
    page = liens(client.get("/quartiers/sanitas/"))
    lien = _lien_du_support(page, "/support/pdf/?quartier=sanitas")
    assert lien["texte"] == (
        "Support de présentation des dispositifs du quartier Sanitas "
        f"(PDF, à jour au {a_jour_au()})"
    )
    assert not page.vers("/support/pdf/")
    assert page.vers("/support/?quartier=sanitas")
    assert "dans le quartier Sanitas" in suivre_le_pdf(client, lien)


def test_le_lien_du_quartier_suit_le_slug_de_chaque_quartier(client, territoire):
    factories.QuartierFactory(nom="La Rabière", slug="la-rabiere")
    page = liens(client.get("/quartiers/la-rabiere/"))
    lien = _lien_du_support(page, "/support/pdf/?quartier=la-rabiere")
    assert "du quartier La Rabière" in lien["texte"]


def test_la_fiche_donne_son_pdf_et_le_support_en_haut_de_page(client, territoire):
    response = client.get("/fiches/1.2.2/")
    page = liens(response)
    (fiche_pdf,) = page.vers("/fiches/1.2.2/pdf/")
    support = _lien_du_support(page)
    html = response.content.decode()
    # En haut : avant la première section de la fiche.
    premiere_section = html.index('id="contexte"')
    assert html.index('href="/fiches/1.2.2/pdf/"') < premiere_section
    assert html.index('href="/support/pdf/"') < premiere_section
    assert "version 2017" in fiche_pdf["texte"]
    assert "Faire connaître" in suivre_le_pdf(client, fiche_pdf)
    assert "Support de présentation des dispositifs" in suivre_le_pdf(client, support)


def test_une_fiche_hors_du_support_donne_son_pdf_sans_proposer_le_support(client, territoire):
    page = liens(client.get("/fiches/1.2.3/"))
    assert page.vers("/fiches/1.2.3/pdf/")
    assert not page.vers("/support/pdf/")


@pytest.mark.parametrize("role", [roles.LECTEUR, roles.REDACTEUR, roles.COORDINATEUR])
def test_le_tableau_de_bord_mene_au_support_et_aux_donnees_ouvertes(client, territoire, role):
    connecter(client, role)
    page = liens(client.get("/gestion/"))
    lien = _lien_du_support(page)
    assert lien["texte"].endswith(f"(PDF, à jour au {a_jour_au()})")
    assert [lien for lien in page.vers("/donnees/") if ("main", "") in lien["zones"]]
    assert suivre_le_pdf(client, lien)


# --- Données ouvertes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/dispositifs/", "/quartiers/sanitas/", "/fiches/1.2.2/", "/plan-du-site/", "/donnees/"],
)
def test_le_pied_de_chaque_page_mene_aux_donnees_ouvertes(client, territoire, url):
    pied = liens(client.get(url)).dans("footer")
    assert [lien["texte"] for lien in pied if lien["href"] == "/donnees/"] == ["Données ouvertes"]


def test_le_pied_de_l_espace_equipe_mene_aussi_aux_donnees_ouvertes(client, territoire):
    connecter(client, roles.LECTEUR)
    assert [lien["href"] for lien in liens(client.get("/gestion/")).dans("footer")].count(
        "/donnees/"
    ) == 1


def test_l_annuaire_mene_aux_donnees_ouvertes_depuis_son_contenu(client, territoire):
    page = liens(client.get("/dispositifs/"))
    dans_la_page = [lien for lien in page.vers("/donnees/") if ("main", "") in lien["zones"]]
    assert [lien["texte"] for lien in dans_la_page] == ["données ouvertes"]
    assert client.get("/donnees/").status_code == 200


# --- Navigation principale ---------------------------------------------------------------------


def _mots(texte):
    return set(re.findall(r"\w+", francais.replier(texte).lower()))


@pytest.mark.parametrize("role", [None, roles.LECTEUR])
def test_chaque_libelle_de_la_navigation_dit_le_titre_de_sa_page(client, territoire, role):
    connecter(client, role)
    entrees = liens(client.get("/")).dans("nav", "Navigation principale")
    assert len(entrees) == 8
    for entree in entrees:
        titre = liens(client.get(entree["href"])).h1
        assert _mots(entree["texte"]) <= _mots(titre), (entree["texte"], titre)
        assert resolve(entree["href"])


def test_la_navigation_dit_indicateurs_comme_la_page_des_indicateurs(client, territoire):
    entrees = liens(client.get("/")).dans("nav", "Navigation principale")
    assert ("/indicateurs/", "Indicateurs") in [(e["href"], e["texte"]) for e in entrees]
    assert "Résultats" not in [e["texte"] for e in entrees]
