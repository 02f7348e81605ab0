"""Les diffusions dans l'espace équipe : le PDF du support produit par le portail et gardé à
l'octet près, la note de résultats déposée (vérifiée), le téléchargement du fichier gardé,
la liste, les droits et le nombre de requêtes."""

import datetime
import hashlib
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from gestion import roles
from portail import pdf
from seances.models import Diffusion
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible
from tests.utils_gestion import ROLES, connecter

pytestmark = pytest.mark.django_db

NOTE = b"%PDF-1.4\n% note de resultats de test\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def cache_vide():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def territoire():
    contrat = factories.ContratDeVilleFactory(nom="Contrat de ville de Valbourg")
    sanitas = factories.QuartierFactory(contrat=contrat, nom="Sanitas", slug="sanitas")
    fiche = factories.FicheFactory(contrat=contrat, code="1.2.2", publie=True)
    factories.DispositifFactory(
        publie=True,
        nom="Programme du Sanitas",
        echelle="quartiers",
        quartiers=[sanitas],
        resume="Réservé au quartier Sanitas.",
    )
    return {"contrat": contrat, "sanitas": sanitas, "fiche": fiche}


@pytest.fixture
def coordinateur(client):
    return connecter(client, roles.COORDINATEUR)


def note_de_resultats(**modifications):
    donnees = {
        "support": Diffusion.Support.RESULTATS,
        "destinataire": Diffusion.Destinataire.COMITE_OPERATIONNEL,
        "quartier": "",
        "date": timezone.localdate().isoformat(),
        "commentaire": "Présentée au comité de juin.",
        "fichier": SimpleUploadedFile("note.pdf", NOTE, content_type="application/pdf"),
    }
    donnees.update(modifications)
    return donnees


def diffusion_gardee(**champs):
    diffusion = factories.DiffusionFactory(empreinte=hashlib.sha256(NOTE).hexdigest(), **champs)
    diffusion.fichier.save("note.pdf", ContentFile(NOTE))
    return diffusion


def telecharger(client, diffusion):
    response = client.get(f"/gestion/diffusions/{diffusion.pk}/fichier/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


# --- Droits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_matrice_des_droits(client, territoire, role):
    gardee = diffusion_gardee()
    connecter(client, ROLES[role])
    reponses = {
        "liste": client.get("/gestion/diffusions/"),
        "formulaire": client.get("/gestion/diffusions/ajouter/"),
        "enregistrement": client.post("/gestion/diffusions/ajouter/", note_de_resultats()),
        "fichier": client.get(f"/gestion/diffusions/{gardee.pk}/fichier/"),
    }
    attendus = {
        "anonyme": dict.fromkeys(reponses, 302),
        "lecteur": {"liste": 200, "formulaire": 403, "enregistrement": 403, "fichier": 200},
        "redacteur": {"liste": 200, "formulaire": 403, "enregistrement": 403, "fichier": 200},
        "coordinateur": {"liste": 200, "formulaire": 200, "enregistrement": 302, "fichier": 200},
    }[role]
    for page, response in reponses.items():
        assert response.status_code == attendus[page], (role, page)
        if role == "anonyme":
            assert response.url.startswith("/comptes/connexion/?next=")
    assert Diffusion.objects.count() == (2 if role == "coordinateur" else 1)


# --- Support de présentation : le PDF produit est celui qui est gardé ------------------------


def test_le_support_rendu_est_garde_et_telecharge_a_l_octet_pres(
    coordinateur, territoire, monkeypatch
):
    rendus = []
    rendre = pdf.html_vers_pdf

    def rendre_et_noter(*args, **kwargs):
        rendus.append(rendre(*args, **kwargs))
        return rendus[-1]

    monkeypatch.setattr(pdf, "html_vers_pdf", rendre_et_noter)
    response = coordinateur.post(
        "/gestion/diffusions/ajouter/",
        {
            "support": Diffusion.Support.PRESENTATION,
            "destinataire": Diffusion.Destinataire.ACTEURS_QUARTIER,
            "quartier": territoire["sanitas"].pk,
            "date": timezone.localdate().isoformat(),
            "commentaire": "Remis en séance d'animation.",
        },
    )

    assert response.status_code == 302 and response.url == "/gestion/diffusions/"
    assert len(rendus) == 1
    diffusion = Diffusion.objects.get()
    assert (diffusion.support, diffusion.destinataire, diffusion.quartier) == (
        Diffusion.Support.PRESENTATION,
        Diffusion.Destinataire.ACTEURS_QUARTIER,
        territoire["sanitas"],
    )
    assert diffusion.enregistree_par == coordinateur.user
    assert diffusion.commentaire == "Remis en séance d'animation."
    telecharge = telecharger(coordinateur, diffusion)
    empreinte = hashlib.sha256(rendus[0]).hexdigest()
    assert hashlib.sha256(telecharge).hexdigest() == diffusion.empreinte == empreinte
    assert telecharge == rendus[0]
    # C'est bien le support du quartier : son dispositif y figure.
    texte = " ".join(page.extract_text() for page in PdfReader(BytesIO(telecharge)).pages)
    assert "Programme du Sanitas" in " ".join(texte.split())


def test_un_rendu_impossible_n_enregistre_rien(coordinateur, territoire, monkeypatch):
    def echec(*args, **kwargs):
        raise pdf.RenduImpossible("délai de rendu dépassé")

    monkeypatch.setattr(pdf, "html_vers_pdf", echec)
    response = coordinateur.post(
        "/gestion/diffusions/ajouter/",
        {
            "support": Diffusion.Support.PRESENTATION,
            "destinataire": Diffusion.Destinataire.COMITE_OPERATIONNEL,
            "date": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 503
    assert "n’a pas pu être produit" in texte_visible(response)
    assert not Diffusion.objects.exists()


def test_le_support_ne_prend_pas_de_fichier_depose(coordinateur, territoire):
    response = coordinateur.post(
        "/gestion/diffusions/ajouter/",
        note_de_resultats(support=Diffusion.Support.PRESENTATION),
    )
    assert response.status_code == 200
    assert "produit par le portail : ne déposez pas de fichier" in texte_visible(response)
    assert not Diffusion.objects.exists()


# --- Note de résultats : le PDF déposé --------------------------------------------------------


def test_la_note_deposee_est_gardee_et_telechargee_a_l_octet_pres(coordinateur, territoire):
    response = coordinateur.post(
        "/gestion/diffusions/ajouter/", note_de_resultats(quartier=territoire["sanitas"].pk)
    )
    assert response.status_code == 302
    diffusion = Diffusion.objects.get()
    assert diffusion.support == Diffusion.Support.RESULTATS
    assert diffusion.empreinte == hashlib.sha256(NOTE).hexdigest()
    assert telecharger(coordinateur, diffusion) == NOTE
    suite = texte_visible(coordinateur.get(response.url))
    assert "Diffusion enregistrée : Note de résultats" in suite


@pytest.mark.parametrize(
    ("modifications", "message"),
    [
        ({"fichier": ""}, "Déposez le PDF de la note de résultats envoyée."),
        (
            {"fichier": SimpleUploadedFile("note.pdf", b"<html>pas un pdf</html>")},
            "Ce fichier n’est pas un PDF",
        ),
        (
            {"fichier": SimpleUploadedFile("note.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))},
            "Fichier trop volumineux : 10 Mo au plus.",
        ),
        ({"fichier": SimpleUploadedFile("note.pdf", b"")}, "Le fichier soumis est vide."),
        (
            {"date": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
            "La date de diffusion ne peut pas être dans le futur.",
        ),
        ({"date": "demain"}, "Saisissez une date valide."),
        ({"support": "affiche"}, "Sélectionnez un choix valide."),
        ({"destinataire": ""}, "Ce champ est obligatoire."),
        ({"quartier": "999999"}, "Sélectionnez un choix valide."),
    ],
    ids=[
        "sans-fichier",
        "pas-un-pdf",
        "trop-gros",
        "vide",
        "date-future",
        "date-invalide",
        "support-inconnu",
        "sans-destinataire",
        "quartier-inconnu",
    ],
)
def test_une_saisie_invalide_est_refusee_sans_rien_enregistrer(
    coordinateur, territoire, modifications, message
):
    response = coordinateur.post("/gestion/diffusions/ajouter/", note_de_resultats(**modifications))
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "La diffusion n’a pas été enregistrée" in texte
    assert message in texte
    assert not Diffusion.objects.exists()


# --- Liste et téléchargement ----------------------------------------------------------------


def test_la_liste_montre_chaque_diffusion_et_son_fichier(client, territoire):
    auteur = factories.UserFactory(first_name="Claire", last_name="Martin")
    gardee = diffusion_gardee(
        quartier=territoire["sanitas"], enregistree_par=auteur, date=datetime.date(2025, 3, 14)
    )
    factories.DiffusionFactory(
        support=Diffusion.Support.RESULTATS, date=datetime.date(2024, 6, 1), est_exemple=True
    )
    connecter(client, roles.LECTEUR)
    response = client.get("/gestion/diffusions/")
    texte = texte_visible(response)
    assert "2 diffusions" in texte
    assert "14 mars 2025" in texte and "Sanitas" in texte and "Claire Martin" in texte
    assert "Tout le territoire" in texte and "aucun fichier gardé" in texte
    assert f'href="/gestion/diffusions/{gardee.pk}/fichier/"' in response.content.decode()
    assert "Enregistrer une diffusion" not in texte  # réservé au coordinateur
    assert "None" not in texte


def test_sans_fichier_garde_pas_de_telechargement(client, territoire):
    diffusion = factories.DiffusionFactory()
    connecter(client, roles.LECTEUR)
    assert client.get(f"/gestion/diffusions/{diffusion.pk}/fichier/").status_code == 404
    assert client.get("/gestion/diffusions/999999/fichier/").status_code == 404


def test_la_liste_a_un_nombre_de_requetes_fixe(client, territoire):
    connecter(client, roles.LECTEUR)
    diffusion_gardee(quartier=territoire["sanitas"], enregistree_par=factories.UserFactory())
    peu = nombre_de_requetes(client, "/gestion/diffusions/")
    for _ in range(30):
        factories.DiffusionFactory(
            quartier=factories.QuartierFactory(), enregistree_par=factories.UserFactory()
        )
    assert nombre_de_requetes(client, "/gestion/diffusions/") == peu
    # session, utilisateur, rôle, comptage, page (+ savepoints)
    assert peu == 7


def test_entrees_hostiles_dans_le_formulaire(coordinateur, territoire):
    from tests.corpus_hostile import TOUT

    for texte in TOUT:
        for champ in ("commentaire", "date", "quartier", "support", "destinataire"):
            response = coordinateur.post(
                "/gestion/diffusions/ajouter/", note_de_resultats(**{champ: texte})
            )
            assert response.status_code in (200, 302), (champ, texte[:40])
    assert all("\x00" not in d.commentaire for d in Diffusion.objects.all())
    assert coordinateur.get("/gestion/diffusions/?page=%C2%B2").status_code == 200
