"""Lieux d'accueil : horaires en français, contrainte, « à compléter », lieu d'un dispositif
pour un quartier, « Où s'adresser » sur les pages publiques et page d'une structure."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from contrat_ville.models import Horaire, Lieu, Structure, VersionDonnees
from contrat_ville.publication import Statut
from dispositifs.models import Dispositif
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible
from tests.utils_gestion import texte_de_section

pytestmark = pytest.mark.django_db

H = datetime.time


def _plages(lieu, jours, debut, fin, *, rdv=False):
    for jour in jours:
        factories.HoraireFactory(
            lieu=lieu, jour=jour, ouverture=debut, fermeture=fin, sur_rendez_vous=rdv
        )


# --- Modèle --------------------------------------------------------------------------------


def test_horaires_regroupes_en_francais():
    lieu = factories.LieuFactory()
    _plages(lieu, range(1, 6), H(13, 30), H(18, 30))
    assert [h.replace("\xa0", " ") for h in lieu.horaires_en_clair()] == [
        "du lundi au vendredi, 13 h 30 – 18 h 30, sans rendez-vous"
    ]


def test_horaires_jours_differents_et_rendez_vous():
    lieu = factories.LieuFactory()
    _plages(lieu, [1, 2], H(9), H(12))
    _plages(lieu, [1, 2], H(14), H(17))
    _plages(lieu, [4], H(9), H(12), rdv=True)
    _plages(lieu, [6], H(9), H(12))
    assert [h.replace("\xa0", " ") for h in lieu.horaires_en_clair()] == [
        "le lundi et le mardi, 9 h – 12 h et 14 h – 17 h, sans rendez-vous",
        "le jeudi, 9 h – 12 h, sur rendez-vous",
        "le samedi, 9 h – 12 h, sans rendez-vous",
    ]


def test_sans_horaire_rien_a_dire():
    assert factories.LieuFactory().horaires_en_clair() == []


def test_ouverture_avant_fermeture_en_base_et_a_la_validation():
    lieu = factories.LieuFactory()
    horaire = Horaire(lieu=lieu, jour=1, ouverture=H(18), fermeture=H(9))
    with pytest.raises(ValidationError, match="doit précéder"):
        horaire.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        horaire.save()


@pytest.mark.parametrize("code", ["37261", "2A004", "2B033"])
def test_code_commune_valide(code):
    factories.LieuFactory.build(
        structure=factories.StructureFactory(), code_commune=code
    ).full_clean()


@pytest.mark.parametrize("code", ["3726", "Tours", "2C004", "372611"])
def test_code_commune_invalide(code):
    lieu = factories.LieuFactory.build(structure=factories.StructureFactory(), code_commune=code)
    with pytest.raises(ValidationError) as erreur:
        lieu.full_clean()
    assert "code_commune" in erreur.value.message_dict


def test_a_completer_sans_adresse_ou_sans_telephone():
    assert factories.LieuFactory(adresse="", telephone="02 47 00 00 00").a_completer
    assert factories.LieuFactory(adresse="Rue de la Victoire", telephone="").a_completer
    assert not factories.LieuFactory(
        adresse="Rue de la Victoire", telephone="02 47 00 00 00"
    ).a_completer


def test_un_lieu_publie_exige_une_structure_publiee():
    structure = factories.StructureFactory(statut=Statut.BROUILLON)
    lieu = factories.LieuFactory(structure=structure, statut=Statut.BROUILLON)
    with pytest.raises(Exception, match="faut d'abord publier"):
        lieu.publier()


def test_lieu_pour_un_quartier():
    sanitas, europe, rabiere = (factories.QuartierFactory() for _ in range(3))
    dispositif = factories.DispositifFactory(publie=True)
    du_quartier = factories.LieuFactory(structure=dispositif.porteur)
    partout = factories.LieuFactory(structure=dispositif.porteur)
    factories.AccueilFactory(dispositif=dispositif, lieu=du_quartier, quartier=sanitas)
    factories.AccueilFactory(dispositif=dispositif, lieu=partout)
    dispositif = Dispositif.objects.avec_lieux().get(pk=dispositif.pk)
    assert dispositif.lieu_pour(sanitas) == du_quartier
    assert dispositif.lieu_pour(europe) == partout
    assert dispositif.lieu_pour(None) == partout
    assert dispositif.lieu_pour(rabiere) == partout


def test_lieu_pour_sans_accueil_un_lieu_du_porteur_qui_dessert_le_quartier():
    sanitas, rabiere = factories.QuartierFactory(), factories.QuartierFactory()
    dispositif = factories.DispositifFactory(publie=True)
    lieu = factories.LieuFactory(structure=dispositif.porteur, quartiers=[sanitas])
    dispositif = Dispositif.objects.avec_lieux().get(pk=dispositif.pk)
    assert dispositif.lieu_pour(sanitas) == lieu
    assert dispositif.lieu_pour(rabiere) is None


def test_lieu_pour_ignore_les_lieux_non_publics():
    quartier = factories.QuartierFactory()
    dispositif = factories.DispositifFactory(publie=True)
    brouillon = factories.LieuFactory(statut=Statut.BROUILLON, quartiers=[quartier])
    factories.AccueilFactory(dispositif=dispositif, lieu=brouillon)
    cachee = factories.StructureFactory(statut=Statut.BROUILLON)
    lieu_cache = factories.LieuFactory(structure=cachee, statut=Statut.PUBLIE)
    factories.AccueilFactory(dispositif=dispositif, lieu=lieu_cache, quartier=quartier)
    dispositif = Dispositif.objects.avec_lieux().get(pk=dispositif.pk)
    assert dispositif.lieu_pour(quartier) is None
    assert dispositif.ou_s_adresser() == []


def test_lieux_lus_sans_requete_par_dispositif(django_assert_num_queries):
    quartier = factories.QuartierFactory()
    for _ in range(5):
        dispositif = factories.DispositifFactory(publie=True)
        lieu = factories.LieuFactory(structure=dispositif.porteur, quartiers=[quartier])
        factories.HoraireFactory(lieu=lieu)
        factories.AccueilFactory(dispositif=dispositif, lieu=lieu)
    with django_assert_num_queries(7):
        for dispositif in Dispositif.objects.publies().select_related("porteur").avec_lieux():
            assert dispositif.lieu_pour(quartier).horaires_en_clair()
            dispositif.ou_s_adresser()


def test_une_ecriture_d_un_lieu_fait_avancer_la_version(django_capture_on_commit_callbacks):
    lieu = factories.LieuFactory()
    avant = VersionDonnees.lire()
    with django_capture_on_commit_callbacks(execute=True):
        factories.HoraireFactory(lieu=lieu)
    intermediaire = VersionDonnees.lire()
    with django_capture_on_commit_callbacks(execute=True):
        lieu.telephone = "02 47 00 00 00"
        lieu.save()
    assert avant != intermediaire != VersionDonnees.lire()


# --- Pages publiques -------------------------------------------------------------------


@pytest.fixture
def demo():
    call_command("charger_demo", verbosity=0, force=True)


def test_chaque_dispositif_publie_de_la_demo_dit_ou_s_adresser(client, demo):
    for dispositif in Dispositif.objects.publies():
        reponse = client.get(dispositif.get_absolute_url())
        section = texte_de_section(reponse, "ou-s-adresser-titre")
        assert "Où s'adresser" in section, dispositif.slug
        lieux = dispositif.ou_s_adresser()
        if lieux:
            for lieu, _ in lieux:
                assert lieu.nom in section, dispositif.slug
        else:
            assert "Coordonnées à compléter" in section, dispositif.slug


def test_la_maison_des_adolescents_dit_ou_et_quand(client, demo):
    reponse = client.get("/dispositifs/maison-des-adolescents/")
    section = texte_de_section(reponse, "ou-s-adresser-titre")
    assert "Rue de la Victoire, Tours" in section
    assert "du lundi au vendredi, 13 h 30 – 18 h 30, sans rendez-vous" in section
    assert 'href="tel:0247222069"' in reponse.content.decode()
    assert "Coordonnées à compléter" not in section


def test_le_cio_de_joue_est_a_completer(client, demo):
    section = texte_de_section(client.get("/dispositifs/psad/"), "ou-s-adresser-titre")
    assert "Accueil du CIO de Joué-lès-Tours" in section
    assert "Coordonnées à compléter : adresse et téléphone non connus" in section


def test_le_pre_de_la_rabiere_est_celui_du_ccas_de_joue(client, demo):
    section = texte_de_section(
        client.get("/dispositifs/pre-joue-les-tours/"), "ou-s-adresser-titre"
    )
    assert "Coordination du programme de réussite éducative de Joué-lès-Tours" in section
    assert "Caisse des écoles de Tours" not in section
    assert "Coordination du programme de réussite éducative de Tours" not in section


def test_page_de_chaque_structure_publiee_de_la_demo(client, demo):
    for structure in Structure.objects.publies():
        reponse = client.get(f"/structures/{structure.slug}/")
        assert reponse.status_code == 200, structure.slug
        texte = texte_visible(reponse)
        assert structure.nom in texte
        assert "Où s'adresser" in texte
        for lieu in structure.lieux.publies():
            assert lieu.nom in texte
        for dispositif in structure.dispositifs_portes.publies():
            assert dispositif.nom in texte


def test_structure_non_publiee_404(client, demo):
    structure = factories.StructureFactory(statut=Statut.BROUILLON)
    assert client.get(f"/structures/{structure.slug}/").status_code == 404
    assert client.get("/structures/inconnue/").status_code == 404


def test_page_d_une_structure_sans_lieu_ni_dispositif_publie(client):
    structure = factories.StructureFactory()
    factories.LieuFactory(structure=structure, statut=Statut.BROUILLON, nom="Accueil caché")
    factories.DispositifFactory(porteur=structure, nom="Dispositif caché")
    texte = texte_visible(client.get(structure.get_absolute_url()))
    assert "Coordonnées à compléter" in texte
    assert "Accueil caché" not in texte and "Dispositif caché" not in texte


def test_le_porteur_est_un_lien_vers_sa_page(client, demo):
    page = client.get("/dispositifs/e2c/").content.decode()
    assert 'href="/structures/e2c-tours/"' in page
    annuaire = client.get("/dispositifs/").content.decode()
    assert 'href="/structures/mission-locale-touraine/"' in annuaire


def test_page_quartier_liste_les_lieux_qui_le_desservent(client, demo):
    section = texte_de_section(client.get("/quartiers/la-rabiere/"), "lieux-titre")
    assert "Coordination du programme de réussite éducative de Joué-lès-Tours" in section
    assert "Coordination du programme de réussite éducative de Tours" not in section
    vide = texte_de_section(client.get("/quartiers/vallee-violette/"), "lieux-titre")
    assert "Aucun lieu d’accueil" in vide


def test_support_filtre_par_quartier_montre_le_lieu_du_quartier(client, demo):
    page = client.get("/support/?quartier=la-rabiere").content.decode()
    carte = page[page.index('id="dispositif-pre-joue-les-tours"') :]
    carte = carte[: carte.index("</article>")]
    assert "Où s'adresser" in carte
    assert "Coordination du programme de réussite éducative de Joué-lès-Tours" in carte
    assert "Coordonnées à compléter" in carte
    mda = page[page.index('id="dispositif-maison-des-adolescents"') :]
    assert "13\xa0h\xa030 – 18\xa0h\xa030" in mda[: mda.index("</article>")]


def test_requetes_de_la_page_d_une_structure_fixes(client):
    structure = factories.StructureFactory()

    def ajouter():
        lieu = factories.LieuFactory(structure=structure, quartiers=[factories.QuartierFactory()])
        factories.HoraireFactory(lieu=lieu)
        factories.DispositifFactory(porteur=structure, publie=True)
        factories.DispositifFactory(publie=True).partenaires.add(structure)

    ajouter()
    url = structure.get_absolute_url()
    peu = nombre_de_requetes(client, url)
    for _ in range(4):
        ajouter()
    assert nombre_de_requetes(client, url) == peu


def test_requetes_de_la_page_d_un_dispositif_fixes_avec_ses_lieux(client):
    dispositif = factories.DispositifFactory(publie=True)

    def ajouter():
        lieu = factories.LieuFactory(structure=dispositif.porteur)
        factories.HoraireFactory(lieu=lieu)
        lieu.quartiers.add(factories.QuartierFactory())
        quartier = factories.QuartierFactory()
        factories.AccueilFactory(dispositif=dispositif, lieu=lieu, quartier=quartier)

    ajouter()
    url = dispositif.get_absolute_url()
    peu = nombre_de_requetes(client, url)
    for _ in range(4):
        ajouter()
    assert nombre_de_requetes(client, url) == peu


@pytest.mark.parametrize("filtre", ["", "?quartier="])
def test_requetes_du_support_fixes_avec_des_lieux(client, filtre):
    quartier = factories.QuartierFactory()
    factories.FicheFactory(code="1.2.2", publie=True)
    url = "/support/" + (filtre + quartier.slug if filtre else "")

    def ajouter():
        dispositif = factories.DispositifFactory(publie=True)
        lieu = factories.LieuFactory(structure=dispositif.porteur, quartiers=[quartier])
        factories.HoraireFactory(lieu=lieu)
        factories.AccueilFactory(dispositif=dispositif, lieu=lieu, quartier=quartier)
        factories.LieuFactory(structure=dispositif.porteur, quartiers=[quartier])

    ajouter()
    peu = nombre_de_requetes(client, url)
    for _ in range(4):
        ajouter()
    assert nombre_de_requetes(client, url) == peu


def test_requetes_de_la_page_d_un_quartier_fixes_avec_ses_lieux(client):
    quartier = factories.QuartierFactory()

    def ajouter():
        lieu = factories.LieuFactory(quartiers=[quartier, factories.QuartierFactory()])
        factories.HoraireFactory(lieu=lieu)

    ajouter()
    peu = nombre_de_requetes(client, quartier.get_absolute_url())
    for _ in range(4):
        ajouter()
    assert nombre_de_requetes(client, quartier.get_absolute_url()) == peu


def test_chargeur_de_demo_lieux_horaires_accueils(demo):
    mda = Lieu.objects.get(structure__slug="maison-des-adolescents-37")
    assert (mda.adresse, mda.code_commune, mda.telephone) == (
        "Rue de la Victoire",
        "37261",
        "02 47 22 20 69",
    )
    assert mda.horaires.count() == 5
    assert "2022" in mda.source
    cio = Lieu.objects.get(structure__slug="cio-joue-les-tours")
    assert cio.a_completer and not cio.adresse and not cio.telephone
    assert not Lieu.objects.filter(structure__slug="cio-tours").exists()
    joue = Dispositif.objects.get(slug="pre-joue-les-tours")
    assert [a.lieu.structure.slug for a in joue.accueils.all()] == ["ccas-joue-les-tours"]
    metropole = Lieu.objects.get(structure__slug="tours-metropole")
    assert "à vérifier" in metropole.notes
    e2c = Lieu.objects.get(structure__slug="e2c-tours")
    assert e2c.adresse == "Boulevard Preuilly" and "AFPP de Touraine" in e2c.notes
    # Rien d'inventé : les seuls téléphones et numéros de rue sont ceux que DOMAIN.md donne.
    assert set(Lieu.objects.exclude(telephone="").values_list("telephone", flat=True)) == {
        "02 47 22 20 69",
        "02 47 80 11 11",
    }
    numerotees = [
        a for a in Lieu.objects.values_list("adresse", flat=True) if any(map(str.isdigit, a))
    ]
    assert numerotees == ["60 avenue Marcel Dassault"]
    codes = dict(Lieu.objects.values_list("commune", "code_commune"))
    assert codes == {
        "Tours": "37261",
        "Joué-lès-Tours": "37122",
        "Saint-Pierre-des-Corps": "37233",
        "La Riche": "37195",
    }
    # Relancer le chargement ne change rien.
    nombre = (Lieu.objects.count(), Horaire.objects.count())
    call_command("charger_demo", verbosity=0, force=True)
    assert (Lieu.objects.count(), Horaire.objects.count()) == nombre


# --- Espace équipe -----------------------------------------------------------------------


def _donnees_lieu(structure, **modifications):
    donnees = {
        "structure": str(structure.pk),
        "nom": "Accueil de Tours",
        "adresse": "Rue de la Victoire",
        "commune": "Tours",
        "code_commune": "37261",
        "telephone": "02 47 22 20 69",
        "notes": "Entrée accessible en fauteuil.",
        "revision": "",
        "horaires-TOTAL_FORMS": "2",
        "horaires-INITIAL_FORMS": "0",
        "horaires-0-jour": "1",
        "horaires-0-ouverture": "13:30",
        "horaires-0-fermeture": "18:30",
        "horaires-1-jour": "2",
        "horaires-1-ouverture": "13:30",
        "horaires-1-fermeture": "18:30",
        "accueils-TOTAL_FORMS": "0",
        "accueils-INITIAL_FORMS": "0",
    }
    donnees.update(modifications)
    return donnees


@pytest.fixture
def redacteur(client):
    from tests.utils_gestion import ROLES, connecter

    return connecter(client, ROLES["redacteur"])


def test_creer_un_lieu_avec_ses_horaires_et_un_accueil(redacteur):
    structure = factories.StructureFactory()
    dispositif = factories.DispositifFactory(porteur=structure)
    quartier = factories.QuartierFactory(nom="Sanitas")
    donnees = _donnees_lieu(
        structure,
        **{
            "accueils-TOTAL_FORMS": "1",
            "accueils-0-dispositif": str(dispositif.pk),
            "accueils-0-quartier": str(quartier.pk),
        },
    )
    reponse = redacteur.post("/gestion/lieux/ajouter/", donnees)
    assert reponse.status_code == 302, texte_visible(reponse)
    lieu = Lieu.objects.get()
    assert [h.replace("\xa0", " ") for h in lieu.horaires_en_clair()] == [
        "le lundi et le mardi, 13 h 30 – 18 h 30, sans rendez-vous"
    ]
    assert lieu.statut == Statut.BROUILLON
    accueil = dispositif.accueils.get()
    assert (accueil.lieu, accueil.quartier) == (lieu, quartier)
    page = texte_visible(redacteur.get(f"/gestion/lieux/{lieu.pk}/"))
    assert "Sanitas" in page


def test_horaires_incoherents_refuses_en_francais_sans_rien_perdre(redacteur):
    structure = factories.StructureFactory()
    donnees = _donnees_lieu(structure, **{"horaires-1-fermeture": "08:00"})
    reponse = redacteur.post("/gestion/lieux/ajouter/", donnees)
    assert reponse.status_code == 200
    texte = texte_visible(reponse)
    assert "La fermeture doit venir après l'ouverture." in texte
    assert "Horaires : 1 ligne à corriger plus bas." in texte
    html = reponse.content.decode()
    assert 'value="Rue de la Victoire"' in html
    assert 'value="08:00"' in html and 'value="13:30"' in html
    assert "Entrée accessible en fauteuil." in html
    assert not Lieu.objects.exists() and not Horaire.objects.exists()


def test_code_commune_invalide_refuse_en_francais(redacteur):
    structure = factories.StructureFactory()
    reponse = redacteur.post(
        "/gestion/lieux/ajouter/", _donnees_lieu(structure, code_commune="Tours")
    )
    assert "Un code commune INSEE a cinq caractères" in texte_visible(reponse)
    assert not Lieu.objects.exists()


def test_accueil_en_double_refuse(redacteur):
    structure = factories.StructureFactory()
    dispositif = factories.DispositifFactory(porteur=structure)
    donnees = _donnees_lieu(
        structure,
        **{
            "accueils-TOTAL_FORMS": "2",
            "accueils-0-dispositif": str(dispositif.pk),
            "accueils-1-dispositif": str(dispositif.pk),
        },
    )
    reponse = redacteur.post("/gestion/lieux/ajouter/", donnees)
    assert reponse.status_code == 200
    assert "Un même dispositif figure deux fois" in texte_visible(reponse)
    assert not Lieu.objects.exists()


def test_tableau_de_bord_liste_les_coordonnees_a_completer(client):
    from tests.utils_gestion import ROLES, connecter

    complet = factories.DispositifFactory(publie=True, nom="Dispositif bien renseigné")
    lieu = factories.LieuFactory(
        structure=complet.porteur, adresse="1 rue Nationale", telephone="02 47 00 00 00"
    )
    factories.AccueilFactory(dispositif=complet, lieu=lieu)
    incomplet = factories.DispositifFactory(publie=True, nom="Dispositif sans téléphone")
    sans_tel = factories.LieuFactory(structure=incomplet.porteur, nom="Accueil sans téléphone")
    factories.AccueilFactory(dispositif=incomplet, lieu=sans_tel)
    factories.DispositifFactory(publie=True, nom="Dispositif sans lieu")
    factories.DispositifFactory(nom="Brouillon sans lieu")
    coordinateur = connecter(client, ROLES["coordinateur"])
    reponse = coordinateur.get("/gestion/")
    section = texte_de_section(reponse, "titre-lieux")
    assert "Dispositif sans téléphone" in section and "Dispositif sans lieu" in section
    assert "Dispositif bien renseigné" not in section and "Brouillon sans lieu" not in section
    assert "aucun lieu connu" in section
    html = reponse.content.decode()
    assert f'href="/gestion/lieux/{sans_tel.pk}/modifier/"' in html
    assert 'href="/gestion/lieux/ajouter/"' in html


def test_supprimer_une_structure_emporte_ses_lieux_et_les_restaure_avec_elle():
    from contrat_ville import corbeille

    agent = factories.UserFactory()
    structure = factories.StructureFactory(nom="Association de quartier")
    lieu = factories.LieuFactory(structure=structure, quartiers=[factories.QuartierFactory()])
    factories.HoraireFactory(lieu=lieu)
    corbeille.supprimer(structure, par=agent)
    assert not Lieu.objects.exists() and not Horaire.objects.exists()
    suppression = next(
        e for e in corbeille.elements_supprimes() if e.enregistrement.instance_type is Structure
    )
    corbeille.restaurer(suppression.enregistrement, par=agent)
    lieu = Lieu.objects.get()
    assert lieu.structure.nom == "Association de quartier"
    assert lieu.horaires.count() == 1 and lieu.quartiers.count() == 1
