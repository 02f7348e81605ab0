import datetime
import re
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from seances.models import Participation, Seance, Suite
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
BADGE_EXEMPLE = '<span class="badge badge-exemple">Exemple illustratif</span>'
TITRE_PIEGE = '<script>alert("piège")</script>, virgule; point-virgule\nseconde ligne'


def paris(*args):
    return datetime.datetime(*args, tzinfo=PARIS)


def dans(jours):
    return timezone.now() + datetime.timedelta(days=jours)


def seance_publiee(**kwargs):
    return factories.SeanceFactory(publie=True, **kwargs)


def evenements(response):
    assert response.status_code == 200
    calendrier = icalendar.Calendar.from_ical(response.content)
    return calendrier, list(calendrier.walk("VEVENT"))


# Liste des séances


def test_liste_ne_montre_que_les_seances_publiees(client):
    seance_publiee(titre="Comité publié", debut=dans(3))
    seance_publiee(titre="Groupe passé publié", debut=dans(-3))
    factories.SeanceFactory(titre="Brouillon caché")
    factories.SeanceFactory(titre="Relecture cachée", en_relecture=True)
    factories.SeanceFactory(titre="Archive cachée", archive=True)
    response = client.get("/seances/")
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "Comité publié" in texte
    assert "Groupe passé publié" in texte
    for cache in ("Brouillon caché", "Relecture cachée", "Archive cachée"):
        assert cache not in texte
    assert "None" not in texte


def test_liste_a_venir_croissante_puis_passees_decroissante(client):
    seance_publiee(titre="Dans vingt jours", debut=dans(20))
    seance_publiee(titre="Dans deux jours", debut=dans(2))
    seance_publiee(titre="Il y a deux jours", debut=dans(-2))
    seance_publiee(titre="Il y a vingt jours", debut=dans(-20))
    texte = texte_visible(client.get("/seances/"))
    ordre = [
        "À venir",
        "Dans deux jours",
        "Dans vingt jours",
        "Passées",
        "Il y a deux jours",
        "Il y a vingt jours",
    ]
    positions = [texte.index(morceau) for morceau in ordre]
    assert positions == sorted(positions)


def test_liste_affiche_date_en_francais_heure_de_paris_et_details(client):
    quartier = factories.QuartierFactory(nom="Rives du Cher", commune="Tours")
    seance_publiee(
        titre="Séance d'hiver",
        type=Seance.Type.ANIMATION_QUARTIER,
        echelle=Seance.Echelle.QUARTIER,
        quartier=quartier,
        lieu="Centre social Pluriel(le)s",
        debut=datetime.datetime(2025, 3, 4, 8, 30, tzinfo=datetime.UTC),
        fin=datetime.datetime(2025, 3, 4, 10, 30, tzinfo=datetime.UTC),
        etat=Seance.Etat.TENUE,
    )
    seance_publiee(
        titre="Séance d'été",
        debut=paris(2025, 7, 1, 14, 0),
        fin=paris(2025, 7, 2, 12, 0),
    )
    texte = texte_visible(client.get("/seances/"))
    assert "mardi 4 mars 2025, de 9h30 à 11h30" in texte
    assert "Séance d'animation par quartier" in texte
    assert "Quartier Rives du Cher (Tours)" in texte
    assert "Centre social Pluriel(le)s" in texte
    assert "Tenue" in texte
    assert "du mardi 1er juillet 2025 à 14h00 au mercredi 2 juillet 2025 à 12h00" in texte
    assert "Échelle agglomération" in texte


def test_liste_signale_les_seances_annulees_et_les_exemples(client):
    seance_publiee(titre="Annulée faute de quorum", etat=Seance.Etat.ANNULEE, est_exemple=True)
    response = client.get("/seances/")
    assert "Annulée faute de quorum Séance annulée Exemple illustratif" in texte_visible(response)
    assert BADGE_EXEMPLE in response.content.decode()


def test_liste_sans_exemple_n_affiche_pas_le_badge(client):
    seance_publiee(titre="Séance réelle")
    assert "badge-exemple" not in client.get("/seances/").content.decode()


def test_filtres_se_combinent(client):
    quartier = factories.QuartierFactory(slug="sanitas")
    autre_quartier = factories.QuartierFactory(slug="fontaines")
    seance_publiee(
        titre="Animation Sanitas 2024",
        type=Seance.Type.ANIMATION_QUARTIER,
        echelle=Seance.Echelle.QUARTIER,
        quartier=quartier,
        debut=paris(2024, 5, 14, 9),
    )
    seance_publiee(
        titre="Animation Sanitas 2023",
        type=Seance.Type.ANIMATION_QUARTIER,
        echelle=Seance.Echelle.QUARTIER,
        quartier=quartier,
        debut=paris(2023, 5, 14, 9),
    )
    seance_publiee(
        titre="Animation Fontaines 2024",
        type=Seance.Type.ANIMATION_QUARTIER,
        echelle=Seance.Echelle.QUARTIER,
        quartier=autre_quartier,
        debut=paris(2024, 6, 1, 9),
    )
    seance_publiee(
        titre="Comité 2024", type=Seance.Type.COMITE_OPERATIONNEL, debut=paris(2024, 5, 20, 9)
    )

    def titres(url):
        response = client.get(url)
        assert response.status_code == 200
        texte = texte_visible(response)
        return {
            t
            for t in (
                "Animation Sanitas 2024",
                "Animation Sanitas 2023",
                "Animation Fontaines 2024",
                "Comité 2024",
            )
            if t in texte
        }

    assert titres("/seances/?type=animation_quartier") == {
        "Animation Sanitas 2024",
        "Animation Sanitas 2023",
        "Animation Fontaines 2024",
    }
    assert titres("/seances/?type=animation_quartier&annee=2024") == {
        "Animation Sanitas 2024",
        "Animation Fontaines 2024",
    }
    assert titres("/seances/?type=animation_quartier&annee=2024&quartier=sanitas") == {
        "Animation Sanitas 2024"
    }
    assert titres("/seances/?echelle=agglomeration") == {"Comité 2024"}
    assert titres("/seances/?echelle=agglomeration&quartier=sanitas") == set()


def test_annee_s_entend_a_l_heure_de_paris(client):
    seance_publiee(titre="Séance de 2023", debut=paris(2023, 6, 1, 9))
    # 31 décembre 23 h 30 UTC : déjà le 1er janvier à Paris.
    seance_publiee(
        titre="Réveillon studieux",
        debut=datetime.datetime(2023, 12, 31, 23, 30, tzinfo=datetime.UTC),
        fin=datetime.datetime(2024, 1, 1, 1, 0, tzinfo=datetime.UTC),
    )
    assert "Réveillon studieux" in texte_visible(client.get("/seances/?annee=2024"))
    texte = texte_visible(client.get("/seances/?annee=2023"))
    assert "Séance de 2023" in texte
    assert "Réveillon studieux" not in texte


def test_filtre_sans_resultat_propose_d_effacer_les_filtres(client):
    seance_publiee(type=Seance.Type.GROUPE_TECHNIQUE)
    response = client.get("/seances/?type=perseverance")
    texte = texte_visible(response)
    assert "Aucune séance ne correspond à ces critères." in texte
    assert re.search(r'<a href="/seances/">Effacer les filtres</a>', response.content.decode())


def test_liste_vide_sans_filtre(client):
    texte = texte_visible(client.get("/seances/"))
    assert "Aucune séance n’est publiée pour le moment." in texte
    assert "Effacer les filtres" not in texte


@pytest.mark.parametrize(
    "requete, champ",
    [
        ("annee=abc", "Année"),
        ("annee=1850", "Année"),
        ("quartier=999999", "Quartier"),
        ("type=inconnu", "Type de séance"),
        ("echelle=%3Cscript%3E", "Échelle"),
    ],
)
def test_filtre_invalide_donne_un_message_en_francais(client, requete, champ):
    seance_publiee(titre="Toujours listée", debut=paris(2024, 5, 14, 9))
    response = client.get(f"/seances/?{requete}")
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "Certains critères n’ont pas été compris et ne sont pas appliqués" in texte
    assert f"{champ} :" in texte.replace("\xa0", " ")
    assert "Toujours listée" in texte
    assert "<script>" not in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()


def test_filtre_invalide_n_empeche_pas_les_autres_criteres(client):
    seance_publiee(titre="Le comité", type=Seance.Type.COMITE_OPERATIONNEL)
    seance_publiee(titre="Le groupe", type=Seance.Type.GROUPE_TECHNIQUE)
    texte = texte_visible(client.get("/seances/?type=comite_operationnel&annee=abc"))
    assert "Choisissez une année dans la liste ; « abc » n’en fait pas partie." in texte
    assert "Le comité" in texte
    assert "Le groupe" not in texte


def test_les_annees_proposees_sont_celles_des_seances_publiees(client):
    seance_publiee(debut=paris(2022, 3, 1, 9))
    seance_publiee(debut=paris(2024, 3, 1, 9))
    factories.SeanceFactory(debut=paris(2019, 3, 1, 9))
    html = client.get("/seances/").content.decode()
    options = re.findall(r'<option value="(\d{4})"', html)
    assert options == ["2024", "2022"]


def test_chaque_filtre_a_un_vrai_label(client):
    html = client.get("/seances/").content.decode()
    for champ in ("type", "echelle", "quartier", "annee"):
        assert f'<label class="form-label" for="id_{champ}">' in html
        assert f'id="id_{champ}"' in html


@pytest.fixture
def seances_passees():
    debut = paris(2020, 1, 1, 9)
    for n in range(45):
        seance_publiee(
            titre=f"Passée n° {n:02d}",
            type=Seance.Type.COMITE_OPERATIONNEL,
            debut=debut + datetime.timedelta(days=n),
        )


def _titres_passes(response):
    return re.findall(r"Passée n° (\d\d)", texte_visible(response))


def test_pagination_des_seances_passees(client, seances_passees):
    page1 = _titres_passes(client.get("/seances/"))
    assert page1 == [f"{n:02d}" for n in range(44, 24, -1)]
    page3 = _titres_passes(client.get("/seances/?page=3"))
    assert page3 == ["04", "03", "02", "01", "00"]


@pytest.mark.parametrize(
    "page, attendu",
    [("abc", "44"), ("999", "04"), ("0", "04"), ("-1", "04"), ("", "44")],
)
def test_page_invalide_donne_la_premiere_ou_la_derniere(client, seances_passees, page, attendu):
    response = client.get(f"/seances/?page={page}")
    assert response.status_code == 200
    assert _titres_passes(response)[0] == attendu


def test_les_liens_de_pagination_gardent_les_filtres(client, seances_passees):
    html = client.get("/seances/?type=comite_operationnel").content.decode()
    assert 'href="?type=comite_operationnel&amp;page=2#passees"' in html
    texte = texte_visible(client.get("/seances/?type=comite_operationnel&page=2"))
    assert "page 2 sur 3" in texte


# Page d'une séance


@pytest.mark.parametrize("statut", ["brouillon", "relecture", "archive"])
def test_seance_non_publiee_repond_404(client, statut):
    seance = factories.SeanceFactory(statut=statut)
    assert client.get(f"/seances/{seance.pk}/").status_code == 404


def test_seance_inconnue_repond_404(client):
    assert client.get("/seances/999999/").status_code == 404


def test_page_seance_affiche_toutes_ses_rubriques(client):
    quartier = factories.QuartierFactory(nom="Sanitas", commune="Tours")
    animateur = factories.StructureFactory(nom="Délégation du préfet")
    seance = seance_publiee(
        titre="Séance d'animation du Sanitas",
        type=Seance.Type.ANIMATION_QUARTIER,
        echelle=Seance.Echelle.QUARTIER,
        quartier=quartier,
        lieu="Maison de quartier",
        animateur=animateur,
        debut=paris(2025, 3, 4, 9, 30),
        fin=paris(2025, 3, 4, 12, 0),
        ordre_du_jour="Présentation de la PSAD\n\nTour de table des actions\nSuites",
    )
    fiche = factories.FicheFactory(publie=True, code="1.2.2", titre="Décrochage")
    seance.fiches.add(fiche, factories.FicheFactory(titre="Fiche brouillon"))
    seance.dispositifs.add(
        factories.DispositifFactory(publie=True, nom="Mission de lutte", sigle="MLDS"),
        factories.DispositifFactory(nom="Dispositif en brouillon"),
    )
    factories.ParticipationFactory(
        seance=seance,
        structure=factories.StructureFactory(nom="Mission locale"),
        nombre_personnes=3,
    )
    factories.ParticipationFactory(
        seance=seance,
        structure=factories.StructureFactory(nom="Centre social"),
        nombre_personnes=1,
    )
    factories.ParticipationFactory(
        seance=seance,
        structure=factories.StructureFactory(nom="CIO"),
        presence=Participation.Presence.EXCUSEE,
    )
    factories.ParticipationFactory(
        seance=seance,
        structure=factories.StructureFactory(nom="Structure cachée", statut="brouillon"),
    )
    factories.SuiteFactory(
        seance=seance,
        nature=Suite.Nature.COMPLEMENTARITE,
        description="Relier le CLAS et la PSAD",
        responsable=factories.StructureFactory(nom="Ville de Tours"),
        echeance=datetime.date(2025, 6, 30),
        etat=Suite.Etat.EN_COURS,
    )
    response = client.get(f"/seances/{seance.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    texte = texte_visible(response).replace("\xa0", " ")

    assert "<h1>Séance d'animation du Sanitas</h1>" in html.replace("&#x27;", "'")
    assert "mardi 4 mars 2025, de 9h30 à 12h00" in texte
    assert "Lieu Maison de quartier" in texte
    assert "Échelle Quartier : Sanitas (Tours)" in texte
    assert "Animée par Délégation du préfet" in texte
    assert (
        "<ol><li>Présentation de la PSAD</li><li>Tour de table des actions</li><li>Suites</li></ol>"
    ) in html
    assert f'<a href="{fiche.get_absolute_url()}">Fiche 1.2.2 – Décrochage</a>' in html
    assert "Fiche brouillon" not in texte
    assert "Mission de lutte (MLDS)" in texte
    assert "Dispositif en brouillon" not in texte
    assert "Présentes Centre social – 1 personne Mission locale – 3 personnes" in texte
    assert "Excusées CIO" in texte
    assert "Structure cachée" not in texte
    assert "Complémentarité identifiée Relier le CLAS et la PSAD Ville de Tours 30 juin 2025" in (
        texte
    )
    assert "En cours" in texte
    assert f'<a href="/seances/{seance.pk}/agenda.ics">Ajouter à mon agenda</a>' in html
    assert '<a href="/seances/agenda.ics">S’abonner à l’agenda des séances</a>' in html
    assert '<a href="/seances/">Séances</a>' in html  # fil d'Ariane
    assert "None" not in texte


def test_page_seance_minimale_dit_non_renseigne_et_jamais_none(client):
    seance = seance_publiee(lieu="", ordre_du_jour="", animateur=None)
    texte = texte_visible(client.get(f"/seances/{seance.pk}/"))
    assert "Lieu Non renseigné." in texte
    assert "Ordre du jour Non renseigné." in texte
    assert "Aucune suite n’est encore enregistrée." in texte
    assert "None" not in texte


def test_compte_rendu_cache_tant_qu_il_n_est_pas_publie(client):
    seance = seance_publiee(
        debut=dans(-7),
        etat=Seance.Etat.TENUE,
        compte_rendu="Les partenaires ont retenu trois actions.",
        compte_rendu_publie=False,
    )
    texte = texte_visible(client.get(f"/seances/{seance.pk}/"))
    assert "Les partenaires ont retenu trois actions." not in texte
    assert "Le compte rendu n'est pas encore publié." in texte

    seance.compte_rendu_publie = True
    seance.save()
    texte = texte_visible(client.get(f"/seances/{seance.pk}/"))
    assert "Les partenaires ont retenu trois actions." in texte
    assert "Le compte rendu n'est pas encore publié." not in texte


def test_compte_rendu_publie_reste_du_texte(client):
    seance = seance_publiee(
        compte_rendu='Premier point\n<img src=x onerror="alert(1)">', compte_rendu_publie=True
    )
    html = client.get(f"/seances/{seance.pk}/").content.decode()
    assert "Premier point<br>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_page_seance_annulee_et_exemple(client):
    seance = seance_publiee(etat=Seance.Etat.ANNULEE, est_exemple=True)
    response = client.get(f"/seances/{seance.pk}/")
    assert BADGE_EXEMPLE in response.content.decode()
    assert "Séance annulée." in texte_visible(response)


def test_page_seance_sans_exemple_n_affiche_pas_le_badge(client):
    seance = seance_publiee()
    assert "badge-exemple" not in client.get(f"/seances/{seance.pk}/").content.decode()


def test_titre_piege_reste_du_texte_en_html(client):
    seance = seance_publiee(titre=TITRE_PIEGE, ordre_du_jour="<b>gras</b>; a, b")
    for url in ("/seances/", f"/seances/{seance.pk}/"):
        response = client.get(url)
        html = response.content.decode()
        assert "<script>alert" not in html
        assert "<b>gras" not in html
        assert "&lt;script&gt;alert(&quot;piège&quot;)&lt;/script&gt;, virgule; point-virgule" in (
            html
        )
        texte = texte_visible(response)
        assert '<script>alert("piège")</script>, virgule; point-virgule seconde ligne' in texte


# Flux iCalendar


def test_flux_ical_est_un_calendrier_valide_avec_fuseau_de_paris(client):
    seance_publiee()
    response = client.get("/seances/agenda.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendrier, _ = evenements(response)
    assert calendrier["VERSION"] == "2.0"
    assert calendrier["PRODID"]
    assert calendrier["CALSCALE"] == "GREGORIAN"
    assert calendrier["X-WR-CALNAME"] == "Séances du contrat de ville"
    assert calendrier["X-WR-TIMEZONE"] == "Europe/Paris"
    fuseaux = list(calendrier.walk("VTIMEZONE"))
    assert [str(f["TZID"]) for f in fuseaux] == ["Europe/Paris"]
    assert {c.name for c in fuseaux[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert b"\r\n" in response.content  # fins de ligne CRLF exigées par la RFC 5545


def test_flux_ical_vide_reste_valide(client):
    factories.SeanceFactory(titre="Brouillon")
    calendrier, liste = evenements(client.get("/seances/agenda.ics"))
    assert liste == []
    assert [str(f["TZID"]) for f in calendrier.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_flux_ical_un_evenement_par_seance_publiee(client):
    publiees = [
        seance_publiee(debut=dans(5)),
        seance_publiee(debut=dans(-40), etat=Seance.Etat.TENUE),
        seance_publiee(debut=dans(12), etat=Seance.Etat.ANNULEE),
    ]
    factories.SeanceFactory()
    factories.SeanceFactory(en_relecture=True)
    factories.SeanceFactory(archive=True)
    _, liste = evenements(client.get("/seances/agenda.ics"))
    assert sorted(str(e["UID"]) for e in liste) == sorted(
        f"seance-{s.pk}@testserver" for s in publiees
    )
    statuts = {str(e["UID"]): str(e["STATUS"]) for e in liste}
    assert statuts[f"seance-{publiees[2].pk}@testserver"] == "CANCELLED"
    assert statuts[f"seance-{publiees[0].pk}@testserver"] == "CONFIRMED"
    assert statuts[f"seance-{publiees[1].pk}@testserver"] == "CONFIRMED"


def test_flux_ical_heures_de_paris_en_hiver_et_en_ete(client):
    hiver = seance_publiee(
        debut=datetime.datetime(2025, 3, 4, 8, 30, tzinfo=datetime.UTC),
        fin=datetime.datetime(2025, 3, 4, 10, 30, tzinfo=datetime.UTC),
    )
    ete = seance_publiee(
        debut=datetime.datetime(2025, 7, 1, 7, 0, tzinfo=datetime.UTC),
        fin=datetime.datetime(2025, 7, 1, 9, 0, tzinfo=datetime.UTC),
    )
    response = client.get("/seances/agenda.ics")
    brut = response.content.decode()
    assert "DTSTART;TZID=Europe/Paris:20250304T093000\r\n" in brut
    assert "DTEND;TZID=Europe/Paris:20250304T113000\r\n" in brut
    assert "DTSTART;TZID=Europe/Paris:20250701T090000\r\n" in brut
    assert "DTEND;TZID=Europe/Paris:20250701T110000\r\n" in brut
    _, liste = evenements(response)
    par_uid = {str(e["UID"]): e for e in liste}
    for seance in (hiver, ete):
        evenement = par_uid[f"seance-{seance.pk}@testserver"]
        assert evenement.decoded("DTSTART") == seance.debut
        assert evenement.decoded("DTEND") == seance.fin
        assert evenement["DTSTART"].params["TZID"] == "Europe/Paris"


def test_flux_ical_decrit_chaque_seance(client):
    seance = seance_publiee(
        titre="Comité opérationnel de printemps",
        type=Seance.Type.COMITE_OPERATIONNEL,
        lieu="Hôtel de ville, salle 2",
        ordre_du_jour="Bilan des dispositifs\nCalendrier",
        est_exemple=True,
    )
    _, [evenement] = evenements(client.get("/seances/agenda.ics"))
    url = f"http://testserver/seances/{seance.pk}/"
    assert str(evenement["SUMMARY"]) == "Comité opérationnel de printemps (exemple illustratif)"
    assert str(evenement["LOCATION"]) == "Hôtel de ville, salle 2"
    assert str(evenement["URL"]) == url
    description = str(evenement["DESCRIPTION"])
    assert description.startswith("Comité opérationnel\n")
    assert "Ordre du jour :\n- Bilan des dispositifs\n- Calendrier" in description
    assert description.endswith(url)
    assert evenement.decoded("DTSTAMP") == seance.modifie_le.replace(microsecond=0)


def test_flux_ical_stable_d_une_requete_a_l_autre(client):
    seance_publiee()
    seance_publiee(debut=dans(-30))
    assert client.get("/seances/agenda.ics").content == client.get("/seances/agenda.ics").content


def test_titre_piege_est_echappe_dans_le_flux(client):
    seance_publiee(titre=TITRE_PIEGE, lieu="Salle A, étage 1; porte 3")
    response = client.get("/seances/agenda.ics")
    brut = response.content.decode()
    deplie = re.sub(r"\r\n[ \t]", "", brut)  # dépliage des lignes (RFC 5545, 3.1)
    assert (
        'SUMMARY:<script>alert("piège")</script>\\, virgule\\; point-virgule\\nseconde ligne\r\n'
        in deplie
    )
    assert "LOCATION:Salle A\\, étage 1\\; porte 3\r\n" in deplie
    _, [evenement] = evenements(response)
    assert str(evenement["SUMMARY"]) == TITRE_PIEGE
    assert str(evenement["LOCATION"]) == "Salle A, étage 1; porte 3"


# Nombre de requêtes


def _enrichir(seance):
    for _ in range(3):
        factories.ParticipationFactory(seance=seance)
        factories.ParticipationFactory(seance=seance, presence=Participation.Presence.EXCUSEE)
        factories.SuiteFactory(seance=seance, responsable=factories.StructureFactory())
        seance.fiches.add(factories.FicheFactory(publie=True))
        seance.dispositifs.add(factories.DispositifFactory(publie=True))


def _beaucoup_de_seances(quartier):
    for n in range(30):
        seance = seance_publiee(
            debut=dans(n - 15 or 1),
            echelle=Seance.Echelle.QUARTIER,
            quartier=quartier if n % 2 else factories.QuartierFactory(),
            type=Seance.Type.ANIMATION_QUARTIER,
            animateur=factories.StructureFactory(),
        )
        _enrichir(seance)


def test_liste_a_un_nombre_de_requetes_fixe(client):
    quartier = factories.QuartierFactory(slug="sanitas")
    # Une séance à venir et une passée, que le filtre retient même autour du 1er janvier.
    maintenant = timezone.localtime()
    janvier = maintenant.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    for debut in (
        max(dans(-3), janvier),
        min(dans(3), janvier.replace(year=janvier.year + 1) - datetime.timedelta(seconds=1)),
    ):
        seance_publiee(
            debut=debut,
            type=Seance.Type.ANIMATION_QUARTIER,
            echelle=Seance.Echelle.QUARTIER,
            quartier=quartier,
        )
    annee = maintenant.year
    filtree = f"/seances/?type=animation_quartier&echelle=quartier&quartier=sanitas&annee={annee}"
    peu = nombre_de_requetes(client, "/seances/")
    peu_filtree = nombre_de_requetes(client, filtree)
    _beaucoup_de_seances(quartier)
    # SAVEPOINT, années, quartiers du filtre, à venir, total et page des passées, RELEASE.
    assert peu == nombre_de_requetes(client, "/seances/") == 7
    # La même chose, plus la lecture du quartier choisi.
    assert peu_filtree == nombre_de_requetes(client, filtree) == 8
    assert nombre_de_requetes(client, "/seances/?page=2") == 7


def test_page_seance_a_un_nombre_de_requetes_fixe(client):
    seance = seance_publiee(animateur=factories.StructureFactory())
    peu = nombre_de_requetes(client, f"/seances/{seance.pk}/")
    _enrichir(seance)
    _enrichir(seance)
    # SAVEPOINT, séance, participations, suites, fiches, dispositifs, RELEASE.
    assert peu == nombre_de_requetes(client, f"/seances/{seance.pk}/") == 7


def test_flux_ical_a_un_nombre_de_requetes_fixe(client):
    seance_publiee()
    peu = nombre_de_requetes(client, "/seances/agenda.ics")
    _beaucoup_de_seances(factories.QuartierFactory())
    # SAVEPOINT, séances, RELEASE.
    assert peu == nombre_de_requetes(client, "/seances/agenda.ics") == 3
