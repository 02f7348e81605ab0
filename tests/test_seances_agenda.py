"""L'agenda des séances : un fichier iCalendar par séance, et le flux filtré comme la liste."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from contrat_ville.publication import Statut
from seances.models import Seance
from tests import factories
from tests.test_seances import _beaucoup_de_seances
from tests.utils import nombre_de_requetes
from tests.utils_gestion import ROLES, connecter

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def seance_publiee(**kwargs):
    return factories.SeanceFactory(publie=True, **kwargs)


def lire(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendrier = icalendar.Calendar.from_ical(response.content)
    return calendrier, list(calendrier.walk("VEVENT"))


def uids(response):
    return sorted(str(e["UID"]) for e in lire(response)[1])


def uid(seance):
    return f"seance-{seance.pk}@testserver"


@pytest.fixture
def sanitas():
    return factories.QuartierFactory(nom="Sanitas", commune="Tours", slug="sanitas")


# Le fichier d'une séance


def test_fichier_d_une_seance_a_un_seul_evenement_complet(client, sanitas):
    seance = seance_publiee(
        titre="Séance d'animation du Sanitas",
        type=Seance.Type.ANIMATION_QUARTIER,
        echelle=Seance.Echelle.QUARTIER,
        quartier=sanitas,
        lieu="Maison de quartier",
        debut=datetime.datetime(2026, 3, 4, 9, 30, tzinfo=PARIS),
        fin=datetime.datetime(2026, 3, 4, 12, 0, tzinfo=PARIS),
        ordre_du_jour="Présentation de la PSAD",
    )
    seance_publiee(titre="Une autre séance")
    response = client.get(f"/seances/{seance.pk}/agenda.ics")
    calendrier, [evenement] = lire(response)
    assert f'filename="seance-{seance.pk}.ics"' in response["Content-Disposition"]
    assert [str(f["TZID"]) for f in calendrier.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(calendrier["X-WR-CALNAME"]) == "Séance d'animation du Sanitas"
    assert str(evenement["UID"]) == uid(seance)
    assert str(evenement["SUMMARY"]) == "Séance d'animation du Sanitas"
    assert str(evenement["URL"]) == f"http://testserver/seances/{seance.pk}/"
    assert str(evenement["LOCATION"]) == "Maison de quartier, Sanitas, Tours"
    assert str(evenement["STATUS"]) == "CONFIRMED"
    assert evenement["DTSTART"].params["TZID"] == "Europe/Paris"
    assert evenement.decoded("DTSTART") == seance.debut
    assert evenement.decoded("DTEND") == seance.fin
    brut = response.content.decode()
    assert "DTSTART;TZID=Europe/Paris:20260304T093000\r\n" in brut
    description = str(evenement["DESCRIPTION"])
    assert "Quartier : Sanitas (Tours)" in description
    assert "- Présentation de la PSAD" in description
    assert "Exemple illustratif" not in description


def test_meme_uid_dans_le_fichier_et_dans_le_flux(client):
    seance = seance_publiee()
    seul = lire(client.get(f"/seances/{seance.pk}/agenda.ics"))[1][0]
    [dans_le_flux] = lire(client.get("/seances/agenda.ics"))[1]
    assert str(seul["UID"]) == str(dans_le_flux["UID"]) == uid(seance)
    assert seul.to_ical() == dans_le_flux.to_ical()


def test_seance_annulee_et_exemple_signales(client):
    seance = seance_publiee(etat=Seance.Etat.ANNULEE, est_exemple=True)
    [evenement] = lire(client.get(f"/seances/{seance.pk}/agenda.ics"))[1]
    assert str(evenement["STATUS"]) == "CANCELLED"
    assert str(evenement["SUMMARY"]).endswith("(exemple illustratif)")
    description = str(evenement["DESCRIPTION"])
    assert "Exemple illustratif : donnée de démonstration, non réelle." in description
    assert "Séance annulée." in description


def test_description_reste_du_texte(client):
    seance = seance_publiee(titre='<b>gras</b> & "guillemets"', ordre_du_jour="<i>point</i>")
    [evenement] = lire(client.get(f"/seances/{seance.pk}/agenda.ics"))[1]
    assert str(evenement["SUMMARY"]) == '<b>gras</b> & "guillemets"'
    assert "- <i>point</i>" in str(evenement["DESCRIPTION"])
    assert "&amp;" not in client.get(f"/seances/{seance.pk}/agenda.ics").content.decode()


@pytest.mark.parametrize(
    ("lieu", "location"),
    [
        ("Centre social Pluriel(le)", "Centre social Pluriel(le), Sanitas, Tours"),
        ("Maison de quartier du Sanitas, Tours", "Maison de quartier du Sanitas, Tours"),
        ("", None),
    ],
)
def test_location_complete_sans_repetition_ni_invention(client, sanitas, lieu, location):
    seance = seance_publiee(echelle=Seance.Echelle.QUARTIER, quartier=sanitas, lieu=lieu)
    [evenement] = lire(client.get(f"/seances/{seance.pk}/agenda.ics"))[1]
    assert (str(evenement["LOCATION"]) if "LOCATION" in evenement else None) == location


def test_location_donne_l_adresse_complete_du_lieu_d_accueil_public(client, sanitas):
    lieu = factories.LieuFactory(
        nom="Centre social", adresse="6 avenue du Général de Gaulle", code_postal="37000"
    )
    seance = seance_publiee(
        echelle=Seance.Echelle.QUARTIER, quartier=sanitas, lieu="Salle 2", lieu_accueil=lieu
    )
    [evenement] = lire(client.get(f"/seances/{seance.pk}/agenda.ics"))[1]
    assert str(evenement["LOCATION"]) == "Salle 2, 6 avenue du Général de Gaulle, 37000 Tours"
    page = client.get(seance.get_absolute_url()).content.decode()
    assert "6 avenue du Général de Gaulle, 37000 Tours" in page

    # Un lieu non publié (ou d'une structure non publiée) ne donne pas son adresse.
    lieu.statut = Statut.BROUILLON
    lieu.save()
    [evenement] = lire(client.get(f"/seances/{seance.pk}/agenda.ics"))[1]
    assert str(evenement["LOCATION"]) == "Salle 2, Sanitas, Tours"
    assert "Général de Gaulle" not in client.get(seance.get_absolute_url()).content.decode()


def test_seance_d_agglomeration_garde_son_lieu(client):
    seance = seance_publiee(lieu="Hôtel de la métropole")
    [evenement] = lire(client.get(f"/seances/{seance.pk}/agenda.ics"))[1]
    assert str(evenement["LOCATION"]) == "Hôtel de la métropole"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("etat", ["brouillon", "en_relecture", "archive"])
def test_fichier_d_une_seance_non_publiee_repond_404_a_tous(role, etat):
    client = connecter(Client(), ROLES[role])
    cachee = factories.SeanceFactory(**({} if etat == "brouillon" else {etat: True}))
    assert client.get(f"/seances/{cachee.pk}/").status_code == 404
    assert client.get(f"/seances/{cachee.pk}/agenda.ics").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_fichier_d_une_seance_publiee_pour_chaque_role(role):
    client = connecter(Client(), ROLES[role])
    seance = seance_publiee()
    assert client.get(f"/seances/{seance.pk}/agenda.ics").status_code == 200
    assert client.head(f"/seances/{seance.pk}/agenda.ics").status_code == 200
    assert client.post(f"/seances/{seance.pk}/agenda.ics").status_code == 405
    assert client.get("/seances/999999/agenda.ics").status_code == 404


def test_page_de_la_seance_propose_son_fichier_a_cote_de_la_date(client):
    seance = seance_publiee()
    html = client.get(f"/seances/{seance.pk}/").content.decode()
    date, _, suite = html.partition('<dt class="col-sm-3">Lieu</dt>')
    assert (
        f'<a href="/seances/{seance.pk}/agenda.ics">Ajouter à mon agenda</a>'
        in (date.rpartition('<dt class="col-sm-3">Date</dt>')[2])
    )


# Le flux filtré


@pytest.fixture
def seances_variees(sanitas):
    fontaines = factories.QuartierFactory(nom="Les Fontaines", commune="Tours", slug="fontaines")
    return {
        "sanitas": seance_publiee(
            type=Seance.Type.ANIMATION_QUARTIER, echelle=Seance.Echelle.QUARTIER, quartier=sanitas
        ),
        "fontaines": seance_publiee(
            type=Seance.Type.ANIMATION_QUARTIER,
            echelle=Seance.Echelle.QUARTIER,
            quartier=fontaines,
        ),
        "comite": seance_publiee(
            type=Seance.Type.COMITE_OPERATIONNEL,
            debut=timezone.now() - datetime.timedelta(days=400),
        ),
        "cachee": factories.SeanceFactory(
            type=Seance.Type.ANIMATION_QUARTIER, echelle=Seance.Echelle.QUARTIER, quartier=sanitas
        ),
    }


def test_flux_filtre_par_quartier(client, seances_variees):
    assert uids(client.get("/seances/agenda.ics?quartier=sanitas")) == [
        uid(seances_variees["sanitas"])
    ]


def test_flux_filtre_par_type(client, seances_variees):
    assert uids(client.get("/seances/agenda.ics?type=comite_operationnel")) == [
        uid(seances_variees["comite"])
    ]
    assert uids(client.get("/seances/agenda.ics?type=animation_quartier")) == sorted(
        uid(seances_variees[nom]) for nom in ("sanitas", "fontaines")
    )


def test_flux_filtre_par_echelle_et_annee(client, seances_variees):
    annee = timezone.localtime(seances_variees["comite"].debut).year
    assert uids(client.get(f"/seances/agenda.ics?annee={annee}&echelle=agglomeration")) == [
        uid(seances_variees["comite"])
    ]


def test_flux_ignore_un_critere_invalide_comme_la_liste(client, seances_variees):
    publiees = sorted(uid(seances_variees[n]) for n in ("sanitas", "fontaines", "comite"))
    assert uids(client.get("/seances/agenda.ics?quartier=inconnu&type=nimporte")) == publiees
    assert uids(client.get("/seances/agenda.ics?annee=1789")) == publiees
    # Les critères compris restent appliqués.
    assert uids(client.get("/seances/agenda.ics?quartier=sanitas&annee=abc")) == [
        uid(seances_variees["sanitas"])
    ]
    liste = client.get("/seances/?quartier=inconnu")
    assert liste.status_code == 200


def test_liste_propose_l_abonnement_aux_criteres_en_cours(client, seances_variees):
    html = client.get("/seances/").content.decode()
    assert '<a href="/seances/agenda.ics">S’abonner à l’agenda des séances</a>' in html
    html = client.get(
        "/seances/?type=animation_quartier&quartier=sanitas&annee=abc&page=2"
    ).content.decode()
    lien = "/seances/agenda.ics?type=animation_quartier&amp;quartier=sanitas"
    assert f'<a href="{lien}">S’abonner à l’agenda de ces séances</a>' in html
    assert f'type="text/calendar" title="Agenda des séances (iCalendar)" href="{lien}">' in html
    # Le lien mène bien aux séances de la liste.
    assert uids(client.get(lien.replace("&amp;", "&"))) == [uid(seances_variees["sanitas"])]
    html = client.get("/seances/?quartier=inconnu").content.decode()
    assert '<a href="/seances/agenda.ics">S’abonner à l’agenda des séances</a>' in html


@pytest.mark.parametrize("role", ROLES)
def test_flux_filtre_pour_chaque_role(role, seances_variees):
    client = connecter(Client(), ROLES[role])
    assert uids(client.get("/seances/agenda.ics?quartier=sanitas")) == [
        uid(seances_variees["sanitas"])
    ]


# Nombre de requêtes


def test_flux_filtre_a_un_nombre_de_requetes_fixe(client, sanitas):
    seance_publiee(echelle=Seance.Echelle.QUARTIER, quartier=sanitas)
    annee = timezone.localdate().year
    urls = {
        "/seances/agenda.ics": 3,
        # Plus la lecture du quartier choisi.
        "/seances/agenda.ics?quartier=sanitas&type=groupe_technique": 4,
        # Plus les années où une séance commence, pour valider le critère.
        f"/seances/agenda.ics?quartier=sanitas&annee={annee}": 5,
    }
    peu = {url: nombre_de_requetes(client, url) for url in urls}
    _beaucoup_de_seances(sanitas)
    for url, attendu in urls.items():
        assert peu[url] == nombre_de_requetes(client, url) == attendu, url


def test_fichier_d_une_seance_a_un_nombre_de_requetes_fixe(client, sanitas):
    seance = seance_publiee(echelle=Seance.Echelle.QUARTIER, quartier=sanitas)
    peu = nombre_de_requetes(client, f"/seances/{seance.pk}/agenda.ics")
    _beaucoup_de_seances(sanitas)
    # SAVEPOINT, séance et son quartier, RELEASE.
    assert peu == nombre_de_requetes(client, f"/seances/{seance.pk}/agenda.ics") == 3
