"""La fiche source et le portail restent séparés : les sections de la fiche ne montrent que ses
mots ; les liens et les comptes du portail, les intitulés du contrat et les notes de l'équipe
sont dans des encadrés étiquetés, sur la page comme dans le PDF."""

import re
from io import BytesIO
from xml.etree import ElementTree

import pytest
import tinyhtml5
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from contrat_ville import francais
from fiches.models import Fiche
from tests import factories

pytestmark = pytest.mark.django_db

PREVENIR = "Prévenir le décrochage scolaire des enfants des quartiers prioritaires"
EVITER = "Éviter le décrochage scolaire des enfants des quartiers prioritaires"


def element(html, ident):
    """L'élément d'identifiant `ident` de la page (analysé comme un navigateur le ferait)."""
    for noeud in tinyhtml5.parse(html).iter():
        if noeud.get("id") == ident:
            return noeud
    raise AssertionError(f"Aucun élément id={ident!r} dans la page")


def texte(noeud):
    return " ".join("".join(noeud.itertext()).split())


def liens(noeud):
    return [a.get("href") for a in noeud.iter() if a.tag.endswith("}a") and a.get("href")]


def sans(noeud, ident):
    """Une copie de `noeud` sans son descendant d'identifiant `ident`."""
    copie = tinyhtml5.parse(ElementTree.tostring(noeud, encoding="unicode"))
    for parent in copie.iter():
        for enfant in list(parent):
            if enfant.get("id") == ident:
                parent.remove(enfant)
    return copie


def texte_du_pdf(contenu):
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(contenu)).pages
    )


@pytest.fixture
def fiche():
    fiche = factories.FicheFactory(
        publie=True,
        code="1.2.2",
        version="2017",
        axe__numero=2,
        axe__pilier__numero=1,
        axe__intitule="Réussite éducative",
        axe__pilier__intitule="Cohésion sociale",
        enjeu=f"{PREVENIR} et renforcer l’appétence pour l’école",
        dispositifs_concernes="L’opération « assure ta rentrée » ; la mission de lutte contre le "
        "décrochage scolaire…",
        liens=f"Pilier 1 – Axe 1.2. Enjeu 1.2.2. {EVITER} et renforcer l’appétence pour "
        "l’école ; Fiche « Développer des actions qui donnent envie d’école ».\n"
        "Axe transversal T.2. Jeunesse.",
    )
    fiche.dispositifs.add(
        factories.DispositifFactory(publie=True, nom="Assure ta rentrée", slug="atr"),
        factories.DispositifFactory(publie=True, nom="MLDS", slug="mlds"),
    )
    factories.SeanceFactory(publie=True, titre="Groupe technique").fiches.add(fiche)
    factories.IndicateurFactory(fiche=fiche, publie=True, libelle="Séances tenues")
    return fiche


# --- Dispositifs concernés : le texte de la fiche, les liens du portail à côté ---------------


def test_dispositifs_concernes_ne_montre_que_le_texte_de_la_fiche(client, fiche):
    html = client.get("/fiches/1.2.2/").content.decode()
    section = element(html, "dispositifs-concernes")
    assert texte(section) == " ".join(fiche.dispositifs_concernes.split())
    assert liens(section) == []
    assert "Dans le répertoire" not in texte(section)


def test_la_section_des_partenaires_n_a_de_liens_que_dans_l_encadre_du_portail(client, fiche):
    html = client.get("/fiches/1.2.2/").content.decode()
    seed = sans(element(html, "partenaires"), "partenaires-portail")
    assert not [lien for lien in liens(seed) if lien.startswith("/dispositifs/")]

    encadre = element(html, "partenaires-portail")
    assert encadre.tag.endswith("}aside")
    assert "encadre-portail" in encadre.get("class")
    assert {"/dispositifs/atr/", "/dispositifs/mlds/"} <= set(liens(encadre))
    assert texte(encadre).startswith("Sur ce portail")
    assert "n’est pas le texte de la fiche" in texte(encadre)
    assert "2 dispositifs du répertoire" in texte(encadre)


def test_les_realisations_attendues_renvoient_au_portail_dans_un_encadre(client, fiche):
    html = client.get("/fiches/1.2.2/").content.decode()
    seed = sans(element(html, "realisations"), "realisations-portail")
    assert liens(seed) == []

    encadre = element(html, "realisations-portail")
    assert "n’est pas le texte de la fiche" in texte(encadre)
    assert "1 séance de travail rattachée à la fiche" in texte(encadre)
    seance = fiche.seances.get()
    assert {"/dispositifs/", "/maillage/", "/seances/", seance.get_absolute_url()} <= set(
        liens(encadre)
    )


def test_les_indicateurs_suivis_sont_comptes_dans_un_encadre(client, fiche):
    html = client.get("/fiches/1.2.2/").content.decode()
    encadre = element(html, "indicateurs-portail")
    assert "1 indicateur de la fiche suivi sur le portail" in texte(encadre)
    assert "/indicateurs/" in liens(encadre)


def test_les_liens_vers_d_autres_fiches_sont_dans_un_encadre_du_portail(client, fiche):
    liee = factories.FicheFactory(publie=True, code="1.2.3", titre="Donner envie d’école")
    fiche.fiches_liees.add(liee)
    fiche.axes_transversaux.add(
        factories.AxeTransversalFactory(contrat=fiche.contrat, code="T.2", intitule="Jeunesse")
    )
    html = client.get("/fiches/1.2.2/").content.decode()
    seed = sans(element(html, "liens"), "liens-portail")
    assert liens(seed) == []
    assert texte(seed).endswith("Axe transversal T.2. Jeunesse.")

    encadre = element(html, "liens-portail")
    assert "n’est pas le texte de la fiche" in texte(encadre)
    assert liens(encadre) == ["/fiches/1.2.3/"]
    assert "T.2" in texte(encadre)


# --- En-tête : la fiche d'un côté, les intitulés du contrat de l'autre -----------------------


def test_les_intitules_du_pilier_et_de_l_axe_sont_etiquetes_comme_ceux_du_contrat(client, fiche):
    html = client.get("/fiches/1.2.2/").content.decode()
    cadre = element(html, "fiche-cadre")
    assert texte(cadre) == f"Pilier 1 Axe 2 Enjeu {' '.join(fiche.enjeu.split())}"

    contrat = element(html, "intitules-contrat")
    assert texte(contrat).startswith("Intitulés du contrat de ville")
    assert "Pilier 1 Cohésion sociale" in texte(contrat)
    assert "Axe 1.2 Réussite éducative" in texte(contrat)
    assert fiche.contrat.nom in texte(contrat)


# --- Note de l'équipe : les deux formulations de l'enjeu --------------------------------------


def test_la_fiche_donne_chaque_formulation_de_son_enjeu(fiche):
    assert fiche.formulations_de_l_enjeu() == [
        f"{PREVENIR} et renforcer l’appétence pour l’école",
        f"{EVITER} et renforcer l’appétence pour l’école",
    ]


def test_une_meme_formulation_n_est_comptee_qu_une_fois():
    fiche = Fiche(code="3.1", enjeu="Agir.", liens="Enjeu 3.1. Agir ; Fiche « Autre ».")
    assert fiche.formulations_de_l_enjeu() == ["Agir."]
    assert Fiche(code="3.1", enjeu="", liens="").formulations_de_l_enjeu() == []


def test_la_note_de_l_equipe_cite_les_deux_formulations_sur_la_page(client, fiche):
    html = client.get("/fiches/1.2.2/").content.decode()
    note = texte(element(html, "note-enjeu"))
    assert note.startswith("Note de l’équipe du portail")
    assert f"« {PREVENIR} et renforcer l’appétence pour l’école »" in note
    assert f"« {EVITER} et renforcer l’appétence pour l’école »" in note


def test_sans_seconde_formulation_pas_de_note(client):
    factories.FicheFactory(publie=True, code="5.5.5", liens="")
    html = client.get("/fiches/5.5.5/").content.decode()
    assert 'id="note-enjeu"' not in html
    assert "Note de l’équipe du portail" not in html


# --- PDF ---------------------------------------------------------------------------------------


def test_le_pdf_dit_version_de_la_fiche_et_date_des_donnees_du_portail(client, fiche):
    response = client.get("/fiches/1.2.2/pdf/")
    assert response.status_code == 200
    pages = [
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(response.content)).pages
    ]
    aujourd_hui = francais.date(timezone.localdate())
    en_tete = f"Fiche 1.2.2, version 2017 — données du portail au {aujourd_hui}"
    for page in pages:
        assert en_tete in page
    tout = " ".join(pages)
    assert "version 2017 — données du portail au" in tout
    assert "mise à jour le" not in tout


def test_le_pdf_separe_la_fiche_et_le_portail(client, fiche):
    tout = texte_du_pdf(client.get("/fiches/1.2.2/pdf/").content)
    assert "Intitulés du contrat de ville" in tout
    assert "Note de l’équipe du portail" in tout
    assert f"« {PREVENIR} et renforcer l’appétence pour l’école »" in tout
    assert f"« {EVITER} et renforcer l’appétence pour l’école »" in tout
    assert "Sur ce portail" in tout
    assert "Dans le répertoire :" not in tout
    assert re.search(r"Dispositifs concernés L’opération « assure ta rentrée »", tout)


def test_le_pdf_d_une_fiche_sans_version_garde_la_date_des_donnees(client):
    factories.FicheFactory(publie=True, code="6.6.6", version="")
    tout = texte_du_pdf(client.get("/fiches/6.6.6/pdf/").content)
    assert "Fiche 6.6.6 — données du portail au " in tout
    assert "version" not in tout.split("données du portail")[0][-20:]


# --- Sur les données de démonstration (la fiche 1.2.2 du seed) ---------------------------------


def test_la_fiche_de_demo_separe_le_seed_et_le_portail(client):
    call_command("charger_demo", verbosity=0, force=True)
    fiche = Fiche.objects.get(code="1.2.2")
    html = client.get("/fiches/1.2.2/").content.decode()

    assert texte(element(html, "dispositifs-concernes")) == fiche.dispositifs_concernes
    encadre = element(html, "partenaires-portail")
    nombre = fiche.dispositifs.publies().count()
    assert nombre == 14
    assert f"{nombre} dispositifs du répertoire" in texte(encadre)
    assert len([lien for lien in liens(encadre) if lien.count("/") == 3]) == nombre

    note = texte(element(html, "note-enjeu"))
    # Le texte source écrit « Enjeu : Prévenir … » en tête et « Enjeu 1.2.2. Eviter … » dans
    # ses liens (sans accent : la démo rétablit la majuscule accentuée).
    assert "« Prévenir le décrochage scolaire des enfants des quartiers prioritaires" in note
    assert "« Éviter le décrochage scolaire des enfants des quartiers prioritaires" in note

    tout = texte_du_pdf(client.get("/fiches/1.2.2/pdf/").content)
    assert "Fiche 1.2.2, version 2017 — données du portail au" in tout
    assert "« Éviter le décrochage scolaire" in tout


# --- Dans le navigateur : des encadrés visibles comme tels, à côté du texte -------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("largeur", [1366, 390])
def test_les_encadres_du_portail_se_distinguent_du_texte_de_la_fiche(live_server, page, largeur):
    call_command("charger_demo", verbosity=0, force=True)
    page.set_viewport_size({"width": largeur, "height": 900})
    page.goto(live_server.url + "/fiches/1.2.2/")
    assert page.evaluate("document.documentElement.scrollWidth") <= largeur

    fond = "e => getComputedStyle(e).backgroundColor"
    encadre, texte_fiche = page.locator("#partenaires-portail"), page.locator("#partenaires dl")
    assert encadre.evaluate(fond) != texte_fiche.evaluate(fond)
    assert encadre.get_by_text("n’est pas le texte de la fiche").is_visible()
    cadre_encadre, cadre_texte = encadre.bounding_box(), texte_fiche.bounding_box()
    if largeur >= 992:
        assert cadre_encadre["x"] >= cadre_texte["x"] + cadre_texte["width"]
    else:
        assert cadre_encadre["y"] >= cadre_texte["y"] + cadre_texte["height"]
