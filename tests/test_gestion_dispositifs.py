"""Les écrans de gestion des dispositifs : liste filtrée et paginée, création, validation,
duplication, suppression confirmée, cycle de publication, tableau de bord, nombre de requêtes."""

import datetime

import pytest
from django.utils import timezone

from actions.models import Articulation
from contrat_ville.publication import Statut
from dispositifs.models import Dispositif
from gestion import roles
from indicateurs.models import Indicateur
from seances.models import Seance
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible
from tests.utils_gestion import connecter, donnees_dispositif, texte_de_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def redacteur(client):
    return connecter(client, roles.REDACTEUR)


@pytest.fixture
def coordinateur(client):
    return connecter(client, roles.COORDINATEUR)


# --- Liste ------------------------------------------------------------------------------------


def test_la_liste_montre_tous_les_statuts_avec_leur_libelle(redacteur):
    factories.DispositifFactory(nom="Plateforme de suivi", publie=True)
    factories.DispositifFactory(nom="Réseau FOQUALE")
    texte = texte_visible(redacteur.get("/gestion/dispositifs/"))
    assert "Plateforme de suivi" in texte and "Réseau FOQUALE" in texte
    assert "Publié" in texte and "Brouillon" in texte
    assert "2 résultats" in texte
    assert "None" not in texte


def test_recherche_sans_accents_et_par_morceau_de_nom(redacteur):
    factories.DispositifFactory(nom="Mission de lutte contre le décrochage", sigle="MLDS")
    factories.DispositifFactory(nom="Assure ta rentrée")
    texte = texte_visible(redacteur.get("/gestion/dispositifs/?q=decrochage"))
    assert "Mission de lutte" in texte and "Assure ta rentrée" not in texte
    texte = texte_visible(redacteur.get("/gestion/dispositifs/?q=rentr"))
    assert "Assure ta rentrée" in texte and "Mission de lutte" not in texte


def test_filtres_statut_categorie_porteur_et_a_verifier(redacteur):
    porteur = factories.StructureFactory(nom="Rectorat")
    ancien = timezone.localdate() - datetime.timedelta(days=400)
    factories.DispositifFactory(
        nom="Réseau vérifié il y a longtemps",
        porteur=porteur,
        categorie="reseau",
        publie=True,
        verifie_le=ancien,
    )
    factories.DispositifFactory(
        nom="Réseau vérifié récemment",
        porteur=porteur,
        categorie="reseau",
        publie=True,
        verifie_le=timezone.localdate(),
    )
    factories.DispositifFactory(nom="Brouillon de réseau", porteur=porteur, categorie="reseau")
    factories.DispositifFactory(nom="Autre plateforme", publie=True, categorie="plateforme")

    url = f"/gestion/dispositifs/?statut=publie&categorie=reseau&porteur={porteur.pk}"
    texte = texte_visible(redacteur.get(url))
    assert "Réseau vérifié il y a longtemps" in texte and "Réseau vérifié récemment" in texte
    assert "Brouillon de réseau" not in texte and "Autre plateforme" not in texte

    texte = texte_visible(redacteur.get(url + "&a_verifier=on"))
    assert "Réseau vérifié il y a longtemps" in texte
    assert "Réseau vérifié récemment" not in texte


def test_un_filtre_invalide_est_signale_et_ignore(redacteur):
    factories.DispositifFactory(nom="Plateforme de suivi")
    response = redacteur.get("/gestion/dispositifs/?statut=nimporte&porteur=abc")
    texte = texte_visible(response)
    assert response.status_code == 200
    assert "Certains critères n’ont pas été compris" in texte
    assert "Plateforme de suivi" in texte


def test_pagination_par_vingt_cinq(redacteur):
    porteur = factories.StructureFactory()
    for numero in range(30):
        factories.DispositifFactory(nom=f"Dispositif {numero:02d}", porteur=porteur)
    texte = texte_visible(redacteur.get("/gestion/dispositifs/"))
    assert "30 résultats – page 1 sur 2" in texte
    assert "Dispositif 24" in texte and "Dispositif 25" not in texte
    texte = texte_visible(redacteur.get("/gestion/dispositifs/?page=2"))
    assert "Dispositif 25" in texte and "Dispositif 29" in texte


def creer_dispositifs(nombre):
    situation = factories.SituationFactory()
    for _ in range(nombre):
        factories.DispositifFactory(porteur=factories.StructureFactory(), situations=[situation])


def test_la_liste_a_un_nombre_de_requetes_fixe(coordinateur):
    creer_dispositifs(2)
    url = "/gestion/dispositifs/?q=dispositif&statut=brouillon&tri=modifie"
    peu = nombre_de_requetes(coordinateur, url)
    creer_dispositifs(30)
    assert nombre_de_requetes(coordinateur, url) == peu
    # session, utilisateur, rôle, filtre « porteur », comptage, page (+ savepoints)
    assert nombre_de_requetes(coordinateur, "/gestion/dispositifs/") == 8


# --- Création, validation, échappement -----------------------------------------------------


def test_creer_un_dispositif_en_brouillon_avec_son_historique(redacteur):
    situation = factories.SituationFactory(libelle="Sorti sans diplôme")
    response = redacteur.post(
        "/gestion/dispositifs/ajouter/",
        donnees_dispositif(situations=[str(situation.pk)]),
    )
    dispositif = Dispositif.objects.get(nom="Parcours de remobilisation")
    assert response.status_code == 302
    assert response.url == f"/gestion/dispositifs/{dispositif.pk}/"
    assert dispositif.statut == Statut.BROUILLON
    assert dispositif.slug == "parcours-de-remobilisation"
    assert list(dispositif.situations.all()) == [situation]
    # Une seule entrée d'historique, qui photographie aussi la liste des situations.
    [entree] = dispositif.history.all()
    assert entree.history_user == redacteur.user
    assert entree.history_change_reason == "Création"
    assert list(entree.situations.values_list("situation", flat=True)) == [situation.pk]
    texte = texte_visible(redacteur.get(response.url))
    assert "Création enregistrée : « Parcours de remobilisation », en brouillon." in texte


def test_identifiant_d_url_unique_deduit_du_nom(redacteur):
    factories.DispositifFactory(slug="parcours-de-remobilisation")
    redacteur.post("/gestion/dispositifs/ajouter/", donnees_dispositif())
    assert Dispositif.objects.filter(slug="parcours-de-remobilisation-2").exists()


def test_identifiant_d_url_saisi_deja_pris_refuse(redacteur):
    factories.DispositifFactory(slug="psad")
    response = redacteur.post("/gestion/dispositifs/ajouter/", donnees_dispositif(slug="psad"))
    assert response.status_code == 200
    assert "Un objet Dispositif avec ce champ Identifiant d’URL existe déjà." in (
        texte_visible(response).replace("'", "’")
    )
    assert Dispositif.objects.count() == 1


def test_age_minimum_superieur_au_maximum_refuse_a_cote_du_champ(redacteur):
    response = redacteur.post(
        "/gestion/dispositifs/ajouter/",
        donnees_dispositif(age_min="25", age_max="16", contact="Service jeunesse"),
    )
    assert response.status_code == 200
    assert not Dispositif.objects.exists()
    html = response.content.decode()
    erreur = "L&#x27;âge minimum doit être inférieur ou égal à l&#x27;âge maximum."
    # Le message suit le champ « âge maximum », pas un bandeau général seulement.
    assert html.index('id="id_age_max"') < html.index(erreur, html.index('id="div_id_age_max"'))
    assert 'value="Service jeunesse"' in html
    assert 'value="Parcours de remobilisation"' in html
    assert "1 champ à corriger" in texte_visible(response)
    assert "Erreur – Ajouter un dispositif" in html


def test_texte_trop_long_refuse_en_francais_et_saisie_gardee(redacteur):
    response = redacteur.post(
        "/gestion/dispositifs/ajouter/",
        donnees_dispositif(nom="N" * 201, contact="Accueil de la mission locale"),
    )
    assert response.status_code == 200
    assert not Dispositif.objects.exists()
    texte = texte_visible(response)
    assert "Assurez-vous que cette valeur comporte au plus 200 caractères (actuellement 201)" in (
        texte
    )
    assert 'value="Accueil de la mission locale"' in response.content.decode()


def test_periode_d_ouverture_incomplete_et_quartiers_manquants(redacteur):
    response = redacteur.post(
        "/gestion/dispositifs/ajouter/",
        donnees_dispositif(mois_debut="8", mois_fin="", echelle="quartiers"),
    )
    texte = texte_visible(response)
    assert "Indiquez les deux mois de la période d'ouverture, ou aucun des deux." in texte
    assert "Un dispositif limité à certains quartiers doit en indiquer au moins un." in texte
    assert not Dispositif.objects.exists()


def test_html_saisi_garde_tel_quel_et_affiche_echappe(redacteur):
    script = '<script>alert("x")</script> <b>gras</b>'
    redacteur.post(
        "/gestion/dispositifs/ajouter/",
        donnees_dispositif(nom="Dispositif <i>test</i>", description=script),
    )
    dispositif = Dispositif.objects.get()
    assert dispositif.description == script
    assert dispositif.nom == "Dispositif <i>test</i>"
    for url in (
        f"/gestion/dispositifs/{dispositif.pk}/",
        "/gestion/dispositifs/",
        f"/gestion/dispositifs/{dispositif.pk}/historique/",
        "/gestion/",
    ):
        html = redacteur.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<i>test</i>" not in html, url
    html = redacteur.get(f"/gestion/dispositifs/{dispositif.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- Duplication, suppression --------------------------------------------------------------


def test_dupliquer_pre_remplit_le_formulaire_et_cree_un_brouillon(redacteur):
    situation = factories.SituationFactory()
    original = factories.DispositifFactory(
        nom="Assure ta rentrée", publie=True, situations=[situation], age_min=15
    )
    response = redacteur.get(f"/gestion/dispositifs/{original.pk}/dupliquer/")
    html = response.content.decode()
    assert 'value="Assure ta rentrée (copie)"' in html
    assert 'name="slug" value=' not in html  # identifiant à recalculer
    donnees = donnees_dispositif(original, nom="Assure ta rentrée (copie)", slug="", revision="")
    response = redacteur.post(f"/gestion/dispositifs/{original.pk}/dupliquer/", donnees)
    copie = Dispositif.objects.get(nom="Assure ta rentrée (copie)")
    assert response.status_code == 302
    assert copie.pk != original.pk
    assert copie.statut == Statut.BROUILLON
    assert copie.age_min == 15
    assert list(copie.situations.all()) == [situation]
    assert copie.history.get().history_change_reason == (
        "Création par duplication de « Assure ta rentrée »"
    )


def test_la_confirmation_de_suppression_dit_ce_qui_sera_touche(redacteur):
    dispositif = factories.DispositifFactory(nom="PSAD")
    factories.ArticulationFactory(
        dispositif=dispositif, action=factories.ActionEducativeFactory(nom="CLAS du Sanitas")
    )
    factories.MesureFactory(dispositif=dispositif, periode=2022)
    fiche = factories.FicheFactory(code="1.2.2", titre="Décrochage")
    fiche.dispositifs.add(dispositif)
    seance = factories.SeanceFactory(titre="Comité de rentrée")
    seance.dispositifs.add(dispositif)

    texte = texte_visible(redacteur.get(f"/gestion/dispositifs/{dispositif.pk}/supprimer/"))
    assert "Ce qui sera aussi supprimé" in texte
    assert "Articulations" in texte and "CLAS du Sanitas ↔ PSAD (Orientation)" in texte
    assert "Mesures" in texte
    assert "Ce qui ne citera plus ce contenu" in texte
    assert "Fiche 1.2.2 – Décrochage" in texte
    assert "Comité de rentrée" in texte
    assert Dispositif.objects.filter(pk=dispositif.pk).exists()

    response = redacteur.post(f"/gestion/dispositifs/{dispositif.pk}/supprimer/")
    assert response.status_code == 302
    assert not Dispositif.objects.filter(pk=dispositif.pk).exists()
    assert not Articulation.objects.exists()
    assert fiche.dispositifs.count() == 0
    suppression = Dispositif.history.filter(id=dispositif.pk).latest()
    assert suppression.history_type == "-"
    assert suppression.history_user == redacteur.user


def test_suppression_sans_consequence(redacteur):
    dispositif = factories.DispositifFactory()
    texte = texte_visible(redacteur.get(f"/gestion/dispositifs/{dispositif.pk}/supprimer/"))
    assert "Aucun autre contenu n’est touché par cette suppression." in texte


# --- Cycle de publication --------------------------------------------------------------------


def agir(client, dispositif, action, commentaire=""):
    dispositif.refresh_from_db()
    return client.post(
        f"/gestion/dispositifs/{dispositif.pk}/statut/{action}/",
        {"revision": dispositif.revision, "commentaire": commentaire},
        follow=True,
    )


def test_cycle_complet_avec_auteur_date_et_commentaire(client):
    from django.test import Client

    redacteur = connecter(client, roles.REDACTEUR)
    coordinateur = connecter(Client(), roles.COORDINATEUR)
    dispositif = factories.DispositifFactory(nom="PSAD")

    texte = texte_visible(agir(redacteur, dispositif, "soumettre", "Prêt à relire"))
    assert "Envoi en relecture fait : un coordinateur peut maintenant publier « PSAD »." in texte
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.RELECTURE
    assert dispositif.statut_modifie_par == redacteur.user
    assert dispositif.statut_commentaire == "Prêt à relire"
    assert timezone.now() - dispositif.statut_modifie_le < datetime.timedelta(minutes=1)

    texte = texte_visible(agir(coordinateur, dispositif, "publier", "Relu, conforme"))
    assert "Publication faite : « PSAD » est visible de tous." in texte
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.PUBLIE
    assert dispositif.statut_modifie_par == coordinateur.user
    assert dispositif.publie_le is not None
    assert "Relu, conforme" in texte  # le commentaire figure sur la page

    agir(coordinateur, dispositif, "archiver")
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.ARCHIVE
    assert dispositif.statut_commentaire == ""

    motifs = list(
        dispositif.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert motifs[-3:] == [
        "Soumettre à la relecture : Prêt à relire",
        "Publier : Relu, conforme",
        "Archiver",
    ]


def test_confirmer_l_exactitude_note_la_date_et_l_auteur(coordinateur):
    dispositif = factories.DispositifFactory(publie=True, verifie_le=None)
    texte = texte_visible(agir(coordinateur, dispositif, "confirmer", "Vu avec le rectorat"))
    dispositif.refresh_from_db()
    assert dispositif.verifie_le == timezone.localdate()
    assert dispositif.verifie_par == coordinateur.user
    assert "confirmée à la date du jour" in texte
    derniere = dispositif.history.latest()
    assert derniere.history_change_reason == "Confirmer l'exactitude : Vu avec le rectorat"


def test_confirmer_l_exactitude_garde_qui_a_soumis_le_contenu():
    """Le tableau de bord nomme qui a envoyé en relecture : une confirmation d'exactitude par
    un coordinateur ne doit pas remplacer ce nom par le sien."""
    from django.test import Client

    redacteur = connecter(Client(), roles.REDACTEUR)
    coordinateur = connecter(Client(), roles.COORDINATEUR)
    dispositif = factories.DispositifFactory(nom="Dispositif à relire")
    agir(redacteur, dispositif, "soumettre", "Prêt à relire")
    agir(coordinateur, dispositif, "confirmer", "")
    dispositif.refresh_from_db()
    assert dispositif.statut_modifie_par == redacteur.user
    assert dispositif.verifie_par == coordinateur.user
    texte = texte_visible(coordinateur.get("/gestion/"))
    relecture = texte[texte.index("À relire et publier") : texte.index("Brouillons")]
    assert "Dispositif à relire" in relecture
    assert "Camille Rédacteur" in relecture and "Camille Coordinateur" not in relecture


def test_une_action_impossible_depuis_ce_statut_est_refusee_avec_un_message(coordinateur):
    dispositif = factories.DispositifFactory(publie=True)
    texte = texte_visible(agir(coordinateur, dispositif, "soumettre"))
    assert "« Soumettre à la relecture » n'est pas possible pour un contenu « publié »." in texte
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.PUBLIE


def test_une_action_sur_une_version_perimee_est_refusee(coordinateur):
    dispositif = factories.DispositifFactory(en_relecture=True)
    revision_affichee = dispositif.revision
    dispositif.nom = "Changé par quelqu'un d'autre"
    dispositif.prendre_revision(dispositif.revision)
    dispositif.save()
    response = coordinateur.post(
        f"/gestion/dispositifs/{dispositif.pk}/statut/publier/",
        {"revision": revision_affichee},
        follow=True,
    )
    assert "a été modifié depuis que vous l'avez affiché" in texte_visible(response)
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.RELECTURE


def test_un_commentaire_trop_long_est_refuse(coordinateur):
    dispositif = factories.DispositifFactory(en_relecture=True)
    texte = texte_visible(agir(coordinateur, dispositif, "publier", "x" * 501))
    assert "Action non faite" in texte and "au plus 500 caractères" in texte
    dispositif.refresh_from_db()
    assert dispositif.statut == Statut.RELECTURE


def test_publie_par_la_gestion_visible_du_public(coordinateur, client):
    dispositif = factories.DispositifFactory(nom="Assure ta rentrée", en_relecture=True)
    assert client.get(f"/dispositifs/{dispositif.slug}/").status_code == 404
    agir(coordinateur, dispositif, "publier")
    client.logout()
    assert client.get(f"/dispositifs/{dispositif.slug}/").status_code == 200


# --- Tableau de bord -------------------------------------------------------------------------


def peupler_tableau(numero):
    """Un contenu de chaque rubrique ; le reste est publié pour ne pas encombrer les
    brouillons."""
    redacteur = factories.UserFactory(first_name="Rédactrice", last_name=f"n° {numero}")
    soumis = factories.DispositifFactory(nom=f"Dispositif soumis {numero}")
    soumis.soumettre(par=redacteur)
    factories.DispositifFactory(nom=f"Dispositif en cours {numero}")
    factories.DispositifFactory(
        nom=f"Dispositif ancien {numero}",
        publie=True,
        verifie_le=timezone.localdate() - datetime.timedelta(days=400),
    )
    factories.SeanceFactory(
        titre=f"Séance sans compte rendu {numero}",
        publie=True,
        etat=Seance.Etat.TENUE,
        debut=timezone.now() - datetime.timedelta(days=3),
    )
    factories.IndicateurFactory(
        libelle=f"Indicateur muet {numero}", publie=True, fiche__statut=Statut.PUBLIE
    )
    factories.ArticulationFactory(
        en_relecture=True,
        action__statut=Statut.PUBLIE,
        dispositif__statut=Statut.PUBLIE,
        dispositif__verifie_le=timezone.localdate(),
    )
    factories.StructureFactory(statut=Statut.BROUILLON, nom=f"Structure en cours {numero}")


def test_le_tableau_de_bord_montre_ce_qui_attend(client):
    coordinateur = connecter(client, roles.COORDINATEUR)
    peupler_tableau(1)
    annee = timezone.localdate().year - 1
    mesure = factories.IndicateurFactory(libelle="Indicateur renseigné", publie=True)
    factories.MesureFactory(indicateur=mesure, periode=annee)
    factories.IndicateurFactory(
        libelle="Indicateur calculé", publie=True, calcul=Indicateur.Calcul.DIFFUSIONS
    )
    factories.DispositifFactory(nom="Dispositif vérifié", publie=True, verifie_le=timezone.now())
    factories.SeanceFactory(
        titre="Séance avec compte rendu",
        publie=True,
        etat=Seance.Etat.TENUE,
        compte_rendu="Fait.",
        debut=timezone.now() - datetime.timedelta(days=3),
    )

    response = coordinateur.get("/gestion/")
    assert "None" not in texte_visible(response)
    relecture = texte_de_section(response, "titre-relecture")
    assert "Dispositif soumis 1" in relecture and "par Rédactrice n° 1" in relecture
    assert "Dispositif en cours 1" not in relecture
    assert "À relire et publier (2)" in texte_visible(response)
    brouillons = texte_de_section(response, "titre-brouillons")
    assert "Dispositif en cours 1" in brouillons and "Structure en cours 1" in brouillons
    assert "Dispositif soumis 1" not in brouillons
    a_verifier = texte_de_section(response, "titre-verifier")
    assert "Dispositif ancien 1" in a_verifier and "Dispositif vérifié" not in a_verifier
    assert "non vérifiés depuis plus de 12 mois (1)" in texte_visible(response)
    seances = texte_de_section(response, "titre-seances")
    assert "Séance sans compte rendu 1" in seances and "Séance avec compte rendu" not in seances
    indicateurs = texte_de_section(response, "titre-indicateurs")
    assert f"Indicateurs sans valeur pour {annee}" in texte_visible(response)
    assert "Indicateur muet 1" in indicateurs
    assert "Indicateur renseigné" not in indicateurs and "Indicateur calculé" not in indicateurs
    recentes = texte_de_section(response, "titre-modifications")
    assert "Dispositif vérifié" in recentes and "Création" in recentes


def test_le_tableau_de_bord_dit_qui_a_modifie(client):
    redacteur = connecter(client, roles.REDACTEUR)
    redacteur.post("/gestion/dispositifs/ajouter/", donnees_dispositif())
    response = redacteur.get("/gestion/")
    assert "En relecture (0)" in texte_visible(response)  # libellé des non-coordinateurs
    recentes = texte_de_section(response, "titre-modifications")
    assert "Parcours de remobilisation – Création" in recentes
    assert f"par {redacteur.user.get_full_name()}" in recentes


def test_le_tableau_de_bord_a_un_nombre_de_requetes_fixe(client):
    coordinateur = connecter(client, roles.COORDINATEUR)
    peupler_tableau(1)
    peu = nombre_de_requetes(coordinateur, "/gestion/")
    for numero in range(2, 15):
        peupler_tableau(numero)
    assert nombre_de_requetes(coordinateur, "/gestion/") == peu


# --- Éligibilité : diplômes, handicap, portes d'entrée ----------------------------------------


def test_eligibilite_et_porte_d_entree_saisies_sur_la_page_du_dispositif(redacteur):
    sorti = factories.SituationFactory(libelle="Sorti sans diplôme")
    aucun = factories.NiveauDiplomeFactory(code="aucun", libelle="Aucun diplôme")
    response = redacteur.post(
        "/gestion/dispositifs/ajouter/",
        donnees_dispositif(
            situations=[str(sorti.pk)],
            diplomes_acceptes=[str(aucun.pk)],
            age_max_handicap="29",
            **{
                "portes_entree-TOTAL_FORMS": "1",
                "portes_entree-0-situation": str(sorti.pk),
                "portes_entree-0-rang": "1",
            },
        ),
    )
    assert response.status_code == 302
    dispositif = Dispositif.objects.get(nom="Parcours de remobilisation")
    assert dispositif.age_max_handicap == 29
    assert list(dispositif.diplomes_acceptes.all()) == [aucun]
    assert [(p.situation, p.rang) for p in dispositif.portes_entree.all()] == [(sorti, 1)]
    texte = texte_visible(redacteur.get(response.url))
    assert "Sorti sans diplôme : Parcours de remobilisation (rang 1)" in texte


def test_une_porte_d_entree_hors_des_situations_visees_est_refusee(redacteur):
    sorti = factories.SituationFactory(libelle="Sorti sans diplôme")
    autre = factories.SituationFactory(libelle="Scolarisé")
    response = redacteur.post(
        "/gestion/dispositifs/ajouter/",
        donnees_dispositif(
            situations=[str(sorti.pk)],
            age_max_handicap="20",
            **{
                "portes_entree-TOTAL_FORMS": "1",
                "portes_entree-0-situation": str(autre.pk),
                "portes_entree-0-rang": "1",
            },
        ),
    )
    assert response.status_code == 200
    texte = texte_visible(response)
    assert "« Scolarisé » n'est pas une situation visée par ce dispositif" in texte
    assert "L'âge maximum avec une reconnaissance de handicap" in texte
    assert not Dispositif.objects.exists()
