"""Les écrans de gestion des autres contenus (fiches, séances, indicateurs, structures, actions
éducatives, articulations) et des listes de référence (quartiers, situations, thématiques) :
matrice des droits, création, validation en français, lignes liées (calendrier d'une fiche,
participations et suites d'une séance), échappement, suppression confirmée, nombre de requêtes
des listes."""

import datetime
from dataclasses import dataclass, field
from html import escape

import pytest
from django import forms
from django.test import Client

from actions.models import ActionEducative, Articulation
from contrat_ville.formulaires import ListeDeChoix, ListeDeChoixMultiples
from contrat_ville.models import Lieu, Quartier, Structure
from contrat_ville.publication import Statut
from contrat_ville.registre import registre
from dispositifs.models import Situation, Thematique
from fiches.models import EtapeCalendrier, Fiche
from gestion import roles
from gestion.contenus import TYPES, ecrans_de
from indicateurs.models import Indicateur
from seances.models import Participation, Seance, Suite
from tests import factories
from tests.utils import nombre_de_requetes, texte_visible
from tests.utils_gestion import ROLES, connecter

pytestmark = pytest.mark.django_db

CONNEXION = "/comptes/connexion/?next="
A, L, R, C = "anonyme", "lecteur", "redacteur", "coordinateur"
SCRIPT = '<script>alert("x")</script> <b>gras</b>'


@pytest.fixture
def redacteur(client):
    return connecter(client, roles.REDACTEUR)


@pytest.fixture
def coordinateur(client):
    return connecter(client, roles.COORDINATEUR)


# --- Données d'un formulaire ------------------------------------------------------------------


def donnees_de(form):
    """Ce qu'un navigateur enverrait pour ce formulaire non modifié (noms préfixés compris)."""
    donnees = {}
    for nom, champ in form.fields.items():
        cle, valeur = form[nom].html_name, form[nom].value()
        if isinstance(champ.widget, forms.CheckboxInput):
            if valeur:
                donnees[cle] = "on"
        elif valeur is None:
            donnees[cle] = ""
        elif isinstance(valeur, list | tuple):
            donnees[cle] = [str(v) for v in valeur]
        else:
            donnees[cle] = str(valeur)
    return donnees


def donnees_du_formulaire_complet(form):
    """Le formulaire et ses lignes liées (formulaire de gestion du formset compris)."""
    donnees = donnees_de(form)
    for lignes in getattr(form, "lignes", {}).values():
        donnees.update(donnees_de(lignes.management_form))
        for ligne in lignes.forms:
            donnees.update(donnees_de(ligne))
    return donnees


def lignes(prefixe, *valeurs, initiales=0):
    """Les champs POST d'un jeu de lignes : formulaire de gestion puis chaque ligne."""
    donnees = {
        f"{prefixe}-TOTAL_FORMS": str(len(valeurs)),
        f"{prefixe}-INITIAL_FORMS": str(initiales),
    }
    for rang, ligne in enumerate(valeurs):
        donnees.update({f"{prefixe}-{rang}-{nom}": valeur for nom, valeur in ligne.items()})
    return donnees


# --- Chaque type : comment fabriquer un objet, des données valides, un champ de titre ----------


def fabriquer_fiche(statut):
    fiche = factories.FicheFactory(statut=statut)
    factories.EtapeCalendrierFactory(fiche=fiche)
    factories.IndicateurFactory(fiche=fiche, libelle="Nombre de jeunes repérés")
    return fiche


def fabriquer_seance(statut):
    seance = factories.SeanceFactory(statut=statut)
    factories.ParticipationFactory(seance=seance)
    factories.SuiteFactory(seance=seance)
    return seance


def donnees_fiche():
    contrat = factories.ContratDeVilleFactory()
    axe = factories.AxeFactory(pilier__contrat=contrat)
    return {
        "contrat": str(contrat.pk),
        "axe": str(axe.pk),
        "code": "1.2.9",
        "titre": "Prévenir le décrochage",
        "objectifs": "Repérer tôt\nAccompagner vers une solution",
        "revision": "",
        **lignes(
            "etapes",
            {"ordre": "1", "periode": "2016", "description": "Diffusion de l'information"},
            {"ordre": "0", "periode": "", "description": ""},
        ),
    }


def donnees_seance():
    structure = factories.StructureFactory(nom="Mission locale de Touraine")
    return {
        "type": "groupe_technique",
        "titre": "Groupe technique de rentrée",
        "debut": "2026-09-15T14:00",
        "fin": "2026-09-15T16:00",
        "lieu": "Hôtel de la métropole",
        "echelle": "agglomeration",
        "etat": "prevue",
        "ordre_du_jour": "Bilan de l'année\nCalendrier",
        "revision": "",
        **lignes(
            "participations",
            {"structure": str(structure.pk), "nombre_personnes": "2", "presence": "presente"},
        ),
        **lignes(
            "suites", {"nature": "action", "description": "Présenter le PRE", "etat": "a_faire"}
        ),
    }


def donnees_structure():
    return {"nom": "Association Jeunesse et avenir", "type": "association", "revision": ""}


def fabriquer_lieu(statut):
    lieu = factories.LieuFactory(statut=statut)
    factories.HoraireFactory(lieu=lieu)
    factories.AccueilFactory(lieu=lieu, dispositif__porteur=lieu.structure)
    return lieu


def donnees_lieu():
    structure = factories.StructureFactory(nom="Maison des adolescents")
    return {
        "structure": str(structure.pk),
        "nom": "Accueil de Tours",
        "adresse": "Rue de la Victoire",
        "commune": "Tours",
        "code_commune": "37261",
        "revision": "",
        **lignes(
            "horaires",
            {"jour": "1", "ouverture": "13:30", "fermeture": "18:30"},
            {"jour": "2", "ouverture": "13:30", "fermeture": "18:30"},
        ),
        **lignes("accueils"),
    }


def donnees_action():
    porteur = factories.StructureFactory(nom="Ligue de l'enseignement")
    return {
        "nom": "CLAS du Sanitas",
        "type": "clas",
        "porteur": str(porteur.pk),
        "public": "Collégiens du quartier",
        "description": "Aide aux devoirs, deux soirs par semaine.",
        "revision": "",
    }


def donnees_articulation():
    return {
        "action": str(factories.ActionEducativeFactory(nom="CLAS des Fontaines").pk),
        "dispositif": str(factories.DispositifFactory(nom="PSAD").pk),
        "nature": "orientation",
        "description": "Les animateurs orientent vers la plateforme.",
        "revision": "",
    }


def donnees_indicateur():
    return {
        "fiche": str(factories.FicheFactory().pk),
        "nature": "realisation",
        "ordre": "1",
        "libelle": "Nombre de séances tenues",
        "type_valeur": "nombre",
        "calcul": "saisi",
        "frequence": "annuelle",
        "source": "Comptes rendus",
        "revision": "",
    }


def donnees_quartier():
    return {
        "nom": "Sanitas",
        "commune": "Tours",
        "code_commune": "37261",
        "code_qpv": "QP037008",
        "revision": "",
        **lignes(
            "classements",
            {
                "contrat": str(factories.ContratDeVilleFactory().pk),
                "categorie": "prioritaire",
            },
        ),
    }


def donnees_situation():
    return {"libelle": "Sorti sans diplôme", "code": "sorti-sans-diplome", "ordre": "3"}


def donnees_thematique():
    return {"libelle": "Trouver sa formation", "code": "se-former--trouver-sa-formation"}


@dataclass
class Cas:
    chemin: str
    modele: type
    fabriquer: object  # statut → objet ; le statut est ignoré pour une liste de référence
    donnees: object  # () → données POST valides d'une création
    titre: str  # champ texte qui nomme l'objet dans la liste
    garde: str  # autre champ, dont la saisie doit rester affichée après une erreur
    longueur: int | None = None  # longueur maximale du champ `titre`
    lignes: dict = field(default_factory=dict)

    @property
    def publiable(self):
        return ecrans_de(self.modele).publiable

    def __str__(self):
        return self.chemin


CAS = [
    Cas("fiches", Fiche, fabriquer_fiche, donnees_fiche, "titre", "objectifs", 400),
    Cas("seances", Seance, fabriquer_seance, donnees_seance, "titre", "lieu", 250),
    Cas(
        "indicateurs",
        Indicateur,
        lambda statut: factories.IndicateurFactory(statut=statut),
        donnees_indicateur,
        "libelle",
        "source",
        400,
    ),
    Cas(
        "structures",
        Structure,
        lambda statut: factories.StructureFactory(statut=statut),
        donnees_structure,
        "nom",
        "type",
        200,
    ),
    Cas("lieux", Lieu, fabriquer_lieu, donnees_lieu, "nom", "adresse", 200),
    Cas(
        "actions",
        ActionEducative,
        lambda statut: factories.ActionEducativeFactory(statut=statut),
        donnees_action,
        "nom",
        "public",
        200,
    ),
    Cas(
        "articulations",
        Articulation,
        lambda statut: factories.ArticulationFactory(statut=statut),
        donnees_articulation,
        "description",
        "nature",
    ),
    Cas(
        "quartiers",
        Quartier,
        lambda statut: factories.QuartierFactory(),
        donnees_quartier,
        "nom",
        "code_qpv",
        150,
    ),
    Cas(
        "situations",
        Situation,
        lambda statut: factories.SituationFactory(),
        donnees_situation,
        "libelle",
        "code",
        200,
    ),
    Cas(
        "thematiques",
        Thematique,
        lambda statut: factories.ThematiqueFactory(),
        donnees_thematique,
        "libelle",
        "code",
        200,
    ),
]
PAR_CHEMIN = {cas.chemin: cas for cas in CAS}


def test_chaque_type_est_dans_la_navigation(redacteur):
    html = redacteur.get("/gestion/").content.decode()
    for cas in CAS:
        libelle = escape(str(ecrans_de(cas.modele).libelle_pluriel))
        assert f'<a class="nav-link" href="/gestion/{cas.chemin}/">{libelle}</a>' in html, cas


def test_les_ecrans_de_gestion_couvrent_exactement_les_types_du_registre():
    assert sorted(contenu.modele._meta.label for contenu in TYPES) == sorted(
        contenu.modele._meta.label for contenu in registre
    )
    for contenu in TYPES:
        assert contenu.chemin == registre.type_de(contenu.modele).chemin


def _listes_d_objets(form):
    """Les champs « un ou plusieurs objets » d'un formulaire, lignes liées comprises."""
    champs = [
        (nom, champ)
        for nom, champ in form.fields.items()
        if isinstance(champ, forms.ModelChoiceField)
    ]
    for lignes in getattr(form, "lignes", {}).values():
        champs += [
            (f"{lignes.prefix}-{nom}", champ)
            for nom, champ in lignes.empty_form.fields.items()
            if isinstance(champ, forms.ModelChoiceField) and nom not in ("id", lignes.fk.name)
        ]
    return champs


@pytest.mark.parametrize("contenu", TYPES, ids=lambda contenu: contenu.nom)
def test_chaque_liste_d_objets_est_une_liste_de_choix_legere(contenu):
    """Formulaire, lignes liées et filtres : un <select> d'objets (porteur, quartier, fiche…)
    est rendu en Python (`ListeDeChoix`), sauf les cases à cocher déclarées."""
    champs = _listes_d_objets(contenu.formulaire()) + _listes_d_objets(contenu.filtrer({}).form)
    for nom, champ in champs:
        attendu = (
            (ListeDeChoixMultiples, forms.CheckboxSelectMultiple)
            if isinstance(champ, forms.ModelMultipleChoiceField)
            else (ListeDeChoix,)
        )
        assert isinstance(champ.widget, attendu), (contenu.nom, nom, type(champ.widget))


def test_un_critere_invalide_est_ignore_les_autres_appliques_et_effacables(redacteur):
    quartier = factories.QuartierFactory(nom="Sanitas")
    factories.SeanceFactory(titre="Comité du Sanitas", echelle="quartier", quartier=quartier)
    factories.SeanceFactory(titre="Comité d'agglomération")
    response = redacteur.get(f"/gestion/seances/?annee=deux-mille&quartier={quartier.pk}")
    texte = texte_visible(response)
    assert "Certains critères n’ont pas été compris" in texte
    assert "Comité du Sanitas" in texte and "Comité d'agglomération" not in texte
    assert "Effacer les filtres" in texte
    # Un critère seul, même invalide, compte pour « des filtres sont posés » (règle du cœur).
    assert "Effacer les filtres" in texte_visible(redacteur.get("/gestion/seances/?annee=x"))
    assert "Effacer les filtres" not in texte_visible(redacteur.get("/gestion/seances/?tri="))


# --- Matrice des droits -----------------------------------------------------------------------

TOUS, REDACTION, COORDINATION = (200, 200, 200), (403, 200, 200), (403, 403, 200)

# (page, URL à partir des objets, statuts pour L, R, C d'un contenu publiable, d'une liste de
# référence) ; « publié » : un contenu publié, ou pour une liste de référence un élément (elle
# est publique dès son enregistrement).
PAGES = [
    ("liste", lambda c, o: f"/gestion/{c}/", TOUS, TOUS),
    ("création", lambda c, o: f"/gestion/{c}/ajouter/", REDACTION, REDACTION),
    ("page", lambda c, o: f"/gestion/{c}/{o['brouillon'].pk}/", TOUS, TOUS),
    (
        "modifier un brouillon",
        lambda c, o: f"/gestion/{c}/{o['brouillon'].pk}/modifier/",
        REDACTION,
        COORDINATION,
    ),
    (
        "modifier un publié",
        lambda c, o: f"/gestion/{c}/{o['publie'].pk}/modifier/",
        COORDINATION,
        COORDINATION,
    ),
    (
        "dupliquer un publié",
        lambda c, o: f"/gestion/{c}/{o['publie'].pk}/dupliquer/",
        REDACTION,
        REDACTION,
    ),
    (
        "supprimer un brouillon",
        lambda c, o: f"/gestion/{c}/{o['brouillon'].pk}/supprimer/",
        REDACTION,
        COORDINATION,
    ),
    (
        "supprimer un publié",
        lambda c, o: f"/gestion/{c}/{o['publie'].pk}/supprimer/",
        COORDINATION,
        COORDINATION,
    ),
    ("historique", lambda c, o: f"/gestion/{c}/{o['publie'].pk}/historique/", TOUS, TOUS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("cas", CAS, ids=str)
def test_matrice_des_pages(client, cas, page, role):
    nom, url, si_publiable, si_referentiel = page
    objets = {statut: cas.fabriquer(statut) for statut in (Statut.BROUILLON, Statut.PUBLIE)}
    adresse = url(cas.chemin, objets)
    connecter(client, ROLES[role])
    response = client.get(adresse)
    if role == A:
        assert response.status_code == 302
        assert response.url.startswith(CONNEXION)
        return
    statuts = si_publiable if cas.publiable else si_referentiel
    attendu = dict(zip([L, R, C], statuts, strict=True))[role]
    assert response.status_code == attendu, (nom, role)
    if attendu == 403:
        assert "Accès refusé" in texte_visible(response)
    else:
        assert "None" not in texte_visible(response)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("cas", CAS, ids=str)
def test_creer_par_post_selon_le_role(client, cas, role):
    donnees = cas.donnees()
    connecter(client, ROLES[role])
    response = client.post(f"/gestion/{cas.chemin}/ajouter/", donnees)
    assert response.status_code == {A: 302, L: 403, R: 302, C: 302}[role]
    cree = cas.modele.objects.filter(**{cas.titre: donnees[cas.titre]}).exists()
    assert cree == (role in (R, C))


@pytest.mark.parametrize(("role", "attendu"), [(L, 403), (R, 403), (C, 302)])
@pytest.mark.parametrize("chemin", ["quartiers", "situations", "thematiques"])
def test_une_liste_de_reference_n_est_modifiee_que_par_un_coordinateur(
    client, chemin, role, attendu
):
    cas = PAR_CHEMIN[chemin]
    objet = cas.fabriquer(None)
    connecter(client, ROLES[role])
    form = ecrans_de(cas.modele).formulaire(instance=objet)
    donnees = donnees_du_formulaire_complet(form) | {cas.titre: "Libellé corrigé"}
    response = client.post(f"/gestion/{chemin}/{objet.pk}/modifier/", donnees)
    assert response.status_code == attendu
    objet.refresh_from_db()
    assert (getattr(objet, cas.titre) == "Libellé corrigé") == (attendu == 302)
    if role == R:
        assert "publique dès son enregistrement" in texte_visible(response)
        assert 'value="Libellé corrigé"' in response.content.decode()  # saisie gardée


@pytest.mark.parametrize(("role", "attendu"), [(L, 403), (R, 403), (C, 302)])
def test_supprimer_un_quartier_selon_le_role(client, role, attendu):
    quartier = factories.QuartierFactory()
    connecter(client, ROLES[role])
    response = client.post(f"/gestion/quartiers/{quartier.pk}/supprimer/")
    assert response.status_code == attendu
    assert Quartier.objects.filter(pk=quartier.pk).exists() == (attendu == 403)


def test_une_liste_de_reference_n_a_ni_statut_ni_action_de_publication(coordinateur):
    quartier = factories.QuartierFactory(nom="Sanitas", commune="Tours")
    texte = texte_visible(coordinateur.get(f"/gestion/quartiers/{quartier.pk}/"))
    assert "Sanitas (Tours)" in texte
    assert "Publication" not in texte and "Publier" not in texte and "Brouillon" not in texte
    texte = texte_visible(coordinateur.get("/gestion/quartiers/"))
    assert "Statut" not in texte and "Sanitas (Tours)" in texte
    response = coordinateur.post(f"/gestion/quartiers/{quartier.pk}/statut/publier/")
    assert response.status_code == 404


# --- Création ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cas", CAS, ids=str)
def test_creer_enregistre_l_objet_son_historique_et_son_auteur(redacteur, cas):
    donnees = cas.donnees()
    response = redacteur.post(f"/gestion/{cas.chemin}/ajouter/", donnees)
    objet = cas.modele.objects.get(**{cas.titre: donnees[cas.titre]})
    assert response.status_code == 302
    assert response.url == f"/gestion/{cas.chemin}/{objet.pk}/"
    [entree] = objet.history.all()
    assert entree.history_user == redacteur.user
    assert entree.history_change_reason == "Création"
    if cas.publiable:
        assert objet.statut == Statut.BROUILLON
    texte = texte_visible(redacteur.get(response.url))
    assert f"Création enregistrée : « {objet} »" in texte


def test_creer_une_fiche_avec_son_calendrier(redacteur):
    response = redacteur.post("/gestion/fiches/ajouter/", donnees_fiche())
    fiche = Fiche.objects.get(code="1.2.9")
    assert response.status_code == 302
    # La ligne vide est ignorée ; la ligne remplie est enregistrée, avec son auteur.
    [etape] = fiche.etapes.all()
    assert (etape.periode, etape.description) == ("2016", "Diffusion de l'information")
    assert etape.history.get().history_user == redacteur.user
    assert fiche.lignes("objectifs") == ["Repérer tôt", "Accompagner vers une solution"]
    texte = texte_visible(redacteur.get(response.url))
    assert "Calendrier" in texte and "2016 : Diffusion de l'information" in texte


def test_creer_une_seance_avec_participations_et_suites(redacteur):
    response = redacteur.post("/gestion/seances/ajouter/", donnees_seance())
    seance = Seance.objects.get(titre="Groupe technique de rentrée")
    assert response.status_code == 302
    [participation] = seance.participations.all()
    assert participation.structure.nom == "Mission locale de Touraine"
    assert participation.nombre_personnes == 2
    [suite] = seance.suites.all()
    assert suite.description == "Présenter le PRE"
    texte = texte_visible(redacteur.get(response.url))
    assert "Mission locale de Touraine – Présente" in texte
    assert "Action retenue : Présenter le PRE" in texte


def test_modifier_les_lignes_d_une_seance_ajoute_modifie_et_supprime(redacteur):
    seance = factories.SeanceFactory(titre="Comité opérationnel")
    gardee = factories.ParticipationFactory(seance=seance, nombre_personnes=1)
    retiree = factories.ParticipationFactory(seance=seance)
    nouvelle = factories.StructureFactory(nom="CIO de Tours")
    form = ecrans_de(Seance).formulaire(instance=seance)
    donnees = donnees_du_formulaire_complet(form)
    rang_garde = next(
        i for i, f in enumerate(form.lignes["participations"]) if f.instance == gardee
    )
    rang_retire = 1 - rang_garde
    donnees |= {
        f"participations-{rang_garde}-nombre_personnes": "4",
        f"participations-{rang_retire}-DELETE": "on",
        "participations-2-structure": str(nouvelle.pk),
        "participations-2-nombre_personnes": "1",
    }
    response = redacteur.post(f"/gestion/seances/{seance.pk}/modifier/", donnees)
    assert response.status_code == 302
    assert not Participation.objects.filter(pk=retiree.pk).exists()
    gardee.refresh_from_db()
    assert gardee.nombre_personnes == 4
    assert set(seance.participations.values_list("structure__nom", flat=True)) == {
        gardee.structure.nom,
        "CIO de Tours",
    }
    seance.refresh_from_db()
    assert seance.revision == 1  # le verrou optimiste a été pris
    assert seance.history.latest().history_change_reason == "Modification"


def test_une_liste_de_reference_se_modifie_sans_numero_de_revision(coordinateur):
    situation = factories.SituationFactory(libelle="Décroché")
    form = ecrans_de(Situation).formulaire(instance=situation)
    donnees = donnees_du_formulaire_complet(form) | {"libelle": "Sorti sans solution"}
    response = coordinateur.post(f"/gestion/situations/{situation.pk}/modifier/", donnees)
    assert response.status_code == 302
    situation.refresh_from_db()
    assert situation.libelle == "Sorti sans solution"
    assert situation.history.latest().history_user == coordinateur.user


def test_restaurer_une_version_d_un_quartier(coordinateur):
    quartier = factories.QuartierFactory(nom="Sanitas")
    premiere = quartier.history.earliest()
    quartier.nom = "Sanitas-Rotonde"
    quartier.save()
    url = f"/gestion/quartiers/{quartier.pk}/historique/{premiere.history_id}/restaurer/"
    assert "Sanitas-Rotonde" in texte_visible(coordinateur.get(url))
    response = coordinateur.post(url, {"revision": "0"})
    assert response.status_code == 302
    quartier.refresh_from_db()
    assert quartier.nom == "Sanitas"
    texte = texte_visible(coordinateur.get(f"/gestion/quartiers/{quartier.pk}/historique/"))
    assert "Restauration de la version du" in texte


# --- Validation -------------------------------------------------------------------------------


def erreur_suit_le_champ(html, champ, message):
    """Le message figure dans le bloc du champ, après le champ lui-même."""
    bloc = html.index(f'id="div_id_{champ}"')
    return html.index(f'id="id_{champ}"', bloc) < html.index(escape(message), bloc)


@pytest.mark.parametrize("cas", [c for c in CAS if c.longueur], ids=str)
def test_texte_trop_long_refuse_en_francais_et_saisie_gardee(redacteur, cas):
    donnees = cas.donnees()
    gardee = donnees[cas.garde]
    donnees[cas.titre] = "N" * (cas.longueur + 1)
    response = redacteur.post(f"/gestion/{cas.chemin}/ajouter/", donnees)
    assert response.status_code == 200
    assert not cas.modele.objects.filter(**{cas.titre: donnees[cas.titre]}).exists()
    assert cas.modele.objects.count() == 0 or not cas.publiable
    message = (
        f"Assurez-vous que cette valeur comporte au plus {cas.longueur} caractères "
        f"(actuellement {cas.longueur + 1})."
    )
    html = response.content.decode()
    assert erreur_suit_le_champ(html, cas.titre, message)
    assert escape(gardee) in html
    assert "Erreur – Ajouter" in html


@pytest.mark.parametrize("cas", [c for c in CAS if not c.publiable], ids=str)
def test_rien_n_est_cree_d_une_liste_de_reference_invalide(redacteur, cas):
    avant = cas.modele.objects.count()
    donnees = cas.donnees() | {cas.titre: "N" * (cas.longueur + 1)}
    assert redacteur.post(f"/gestion/{cas.chemin}/ajouter/", donnees).status_code == 200
    assert cas.modele.objects.count() == avant


def test_seance_qui_finit_avant_de_commencer_refusee(redacteur):
    donnees = donnees_seance() | {"fin": "2026-09-15T13:00"}
    response = redacteur.post("/gestion/seances/ajouter/", donnees)
    assert response.status_code == 200
    assert not Seance.objects.exists() and not Participation.objects.exists()
    html = response.content.decode()
    assert erreur_suit_le_champ(html, "fin", "La fin de la séance ne peut précéder son début.")
    assert 'value="Groupe technique de rentrée"' in html
    assert 'value="2026-09-15T13:00"' in html
    assert "1 champ à corriger" in texte_visible(response)


def test_seance_de_quartier_sans_quartier_refusee(redacteur):
    donnees = donnees_seance() | {"echelle": "quartier", "quartier": ""}
    response = redacteur.post("/gestion/seances/ajouter/", donnees)
    assert response.status_code == 200
    assert not Seance.objects.exists()
    message = "Une séance à l'échelle d'un quartier indique ce quartier."
    assert erreur_suit_le_champ(response.content.decode(), "quartier", message)


def test_seance_d_agglomeration_avec_un_quartier_refusee(redacteur):
    quartier = factories.QuartierFactory()
    donnees = donnees_seance() | {"echelle": "agglomeration", "quartier": str(quartier.pk)}
    response = redacteur.post("/gestion/seances/ajouter/", donnees)
    assert response.status_code == 200
    assert not Seance.objects.exists()
    assert "Une séance d'agglomération n'indique pas de quartier" in texte_visible(response)


def test_seance_de_quartier_avec_son_quartier_acceptee(redacteur):
    quartier = factories.QuartierFactory(nom="Sanitas")
    donnees = donnees_seance() | {"echelle": "quartier", "quartier": str(quartier.pk)}
    assert redacteur.post("/gestion/seances/ajouter/", donnees).status_code == 302
    assert Seance.objects.get().quartier == quartier


def test_action_age_minimum_superieur_au_maximum_refuse(redacteur):
    donnees = donnees_action() | {"age_min": "15", "age_max": "11"}
    response = redacteur.post("/gestion/actions/ajouter/", donnees)
    assert response.status_code == 200
    assert not ActionEducative.objects.exists()
    html = response.content.decode()
    message = "L'âge minimum doit être inférieur ou égal à l'âge maximum."
    assert erreur_suit_le_champ(html, "age_max", message)
    assert 'value="Collégiens du quartier"' in html


def test_articulation_deja_existante_refusee(redacteur):
    existante = factories.ArticulationFactory()
    donnees = donnees_articulation() | {
        "action": str(existante.action_id),
        "dispositif": str(existante.dispositif_id),
    }
    response = redacteur.post("/gestion/articulations/ajouter/", donnees)
    assert response.status_code == 200
    assert Articulation.objects.count() == 1
    assert "existe déjà" in texte_visible(response)


def test_fiche_dont_l_axe_est_d_un_autre_contrat_refusee(redacteur):
    donnees = donnees_fiche() | {"axe": str(factories.AxeFactory().pk)}
    response = redacteur.post("/gestion/fiches/ajouter/", donnees)
    assert response.status_code == 200
    assert not Fiche.objects.exists()
    message = "Cet axe appartient à un autre contrat de ville."
    assert erreur_suit_le_champ(response.content.decode(), "axe", message)


def test_une_etape_invalide_n_enregistre_ni_la_fiche_ni_le_calendrier(redacteur):
    donnees = donnees_fiche() | {
        "etapes-0-date_debut": "2017-06-30",
        "etapes-0-date_fin": "2017-01-01",
        "etapes-1-description": "D" * 401,
        "etapes-1-periode": "2018",
    }
    response = redacteur.post("/gestion/fiches/ajouter/", donnees)
    assert response.status_code == 200
    assert not Fiche.objects.exists() and not EtapeCalendrier.objects.exists()
    html = response.content.decode()
    texte = texte_visible(response)
    assert "Calendrier : 2 lignes à corriger plus bas." in texte
    assert erreur_suit_le_champ(
        html, "etapes-0-date_fin", "La fin d'une étape ne peut précéder son début."
    )
    assert erreur_suit_le_champ(
        html,
        "etapes-1-description",
        "Assurez-vous que cette valeur comporte au plus 400 caractères (actuellement 401).",
    )
    assert 'value="Prévenir le décrochage"' in html  # la saisie du parent est gardée
    assert 'value="2017-06-30"' in html


def test_une_participation_sans_structure_ou_en_double_est_refusee(redacteur):
    donnees = donnees_seance()
    structure = donnees["participations-0-structure"]
    donnees |= lignes(
        "participations",
        {"structure": structure, "nombre_personnes": "2", "presence": "presente"},
        {"structure": structure, "nombre_personnes": "1", "presence": "excusee"},
        {"structure": "", "nombre_personnes": "3", "presence": "presente"},
    )
    response = redacteur.post("/gestion/seances/ajouter/", donnees)
    assert response.status_code == 200
    assert not Seance.objects.exists() and not Suite.objects.exists()
    texte = texte_visible(response)
    attendu = "Participations : 2 lignes à corriger plus bas ; Corrigez les données en double"
    assert f"{attendu} dans structure." in texte
    assert "Corrigez les valeurs en double ci-dessous." in texte
    assert erreur_suit_le_champ(
        response.content.decode(), "participations-2-structure", "Ce champ est obligatoire."
    )


# --- Échappement ------------------------------------------------------------------------------


@pytest.mark.parametrize("cas", CAS, ids=str)
def test_html_saisi_garde_tel_quel_et_affiche_echappe(redacteur, cas):
    donnees = cas.donnees() | {cas.titre: SCRIPT}
    if cas.chemin == "quartiers":
        redacteur = connecter(Client(), roles.COORDINATEUR)  # pour relire et modifier
    assert redacteur.post(f"/gestion/{cas.chemin}/ajouter/", donnees).status_code == 302
    objet = cas.modele.objects.get(**{cas.titre: SCRIPT})
    for url in (
        f"/gestion/{cas.chemin}/",
        f"/gestion/{cas.chemin}/{objet.pk}/",
        f"/gestion/{cas.chemin}/{objet.pk}/modifier/",
        f"/gestion/{cas.chemin}/{objet.pk}/historique/",
    ):
        html = redacteur.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<b>gras</b>" not in html, url
    html = redacteur.get(f"/gestion/{cas.chemin}/{objet.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_lignes_html_affichees_echappees(redacteur):
    seance = factories.SeanceFactory()
    factories.SuiteFactory(seance=seance, description=SCRIPT)
    html = redacteur.get(f"/gestion/seances/{seance.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    html = redacteur.get(f"/gestion/seances/{seance.pk}/modifier/").content.decode()
    assert "<script>alert" not in html


# --- Duplication et suppression ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("chemin", "titre"), [("fiches", "titre"), ("seances", "titre"), ("actions", "nom")]
)
def test_dupliquer_pre_remplit_et_cree_un_brouillon(redacteur, chemin, titre):
    cas = PAR_CHEMIN[chemin]
    original = cas.fabriquer(Statut.PUBLIE)
    response = redacteur.get(f"/gestion/{chemin}/{original.pk}/dupliquer/")
    form = response.context["form"]
    copie_de = f"{getattr(original, titre)} (copie)"
    assert form[titre].value() == copie_de
    donnees = donnees_du_formulaire_complet(form)
    if chemin == "fiches":
        donnees["code"] = "9.9.99"  # le code d'une fiche est unique
    response = redacteur.post(f"/gestion/{chemin}/{original.pk}/dupliquer/", donnees)
    assert response.status_code == 302
    copie = cas.modele.objects.get(**{titre: copie_de})
    assert copie.pk != original.pk
    assert copie.statut == Statut.BROUILLON
    assert copie.history.get().history_change_reason == (
        f"Création par duplication de « {original} »"
    )


def test_dupliquer_une_fiche_sans_changer_son_code_est_refuse(redacteur):
    original = fabriquer_fiche(Statut.PUBLIE)
    form = redacteur.get(f"/gestion/fiches/{original.pk}/dupliquer/").context["form"]
    response = redacteur.post(
        f"/gestion/fiches/{original.pk}/dupliquer/", donnees_du_formulaire_complet(form)
    )
    assert response.status_code == 200
    assert "Code existe déjà" in texte_visible(response)
    assert Fiche.objects.count() == 1


def test_dupliquer_une_articulation_ne_marque_pas_sa_description(redacteur):
    original = factories.ArticulationFactory(description="Orientation des collégiens")
    form = redacteur.get(f"/gestion/articulations/{original.pk}/dupliquer/").context["form"]
    assert form["description"].value() == "Orientation des collégiens"


def test_supprimer_une_seance_dit_ce_qui_part_avec_elle(redacteur):
    seance = factories.SeanceFactory(titre="Comité de rentrée")
    factories.ParticipationFactory(seance=seance, structure__nom="CIO de Tours")
    factories.SuiteFactory(seance=seance, description="Relancer les lycées")
    texte = texte_visible(redacteur.get(f"/gestion/seances/{seance.pk}/supprimer/"))
    assert "Ce qui sera aussi supprimé" in texte
    assert "Participations" in texte and "CIO de Tours – Présente" in texte
    assert "Suites données" in texte and "Relancer les lycées" in texte
    assert redacteur.post(f"/gestion/seances/{seance.pk}/supprimer/").status_code == 302
    assert not Seance.objects.exists() and not Participation.objects.exists()


def test_supprimer_une_fiche_emporte_calendrier_et_indicateurs(redacteur):
    fiche = fabriquer_fiche(Statut.BROUILLON)
    texte = texte_visible(redacteur.get(f"/gestion/fiches/{fiche.pk}/supprimer/"))
    assert "Étapes du calendrier" in texte and "2016 : Diffusion de l'information" in texte
    assert "Indicateurs" in texte and "Nombre de jeunes repérés" in texte


def test_un_quartier_cite_par_une_seance_ne_peut_pas_etre_supprime(coordinateur):
    quartier = factories.QuartierFactory(nom="Sanitas")
    factories.SeanceFactory(titre="Animation du Sanitas", echelle="quartier", quartier=quartier)
    action = factories.ActionEducativeFactory(nom="CLAS du Sanitas")
    action.quartiers.add(quartier)
    texte = texte_visible(coordinateur.get(f"/gestion/quartiers/{quartier.pk}/supprimer/"))
    assert "Suppression impossible" in texte and "Animation du Sanitas" in texte
    assert coordinateur.post(f"/gestion/quartiers/{quartier.pk}/supprimer/").status_code == 409
    assert Quartier.objects.filter(pk=quartier.pk).exists()


def test_une_structure_qui_porte_un_dispositif_ne_peut_pas_etre_supprimee(coordinateur):
    structure = factories.StructureFactory(nom="Mission locale")
    factories.DispositifFactory(nom="Garantie jeunes", porteur=structure)
    texte = texte_visible(coordinateur.get(f"/gestion/structures/{structure.pk}/supprimer/"))
    assert "Suppression impossible" in texte and "Garantie jeunes" in texte


def test_supprimer_une_situation_dit_quels_dispositifs_ne_la_citeront_plus(coordinateur):
    situation = factories.SituationFactory(libelle="Décroché")
    factories.DispositifFactory(nom="PSAD", situations=[situation])
    texte = texte_visible(coordinateur.get(f"/gestion/situations/{situation.pk}/supprimer/"))
    assert "Ce qui ne citera plus ce contenu" in texte and "PSAD" in texte
    assert coordinateur.post(f"/gestion/situations/{situation.pk}/supprimer/").status_code == 302
    assert not Situation.objects.filter(pk=situation.pk).exists()


# --- Listes : recherche, filtres, pagination --------------------------------------------------


def test_liste_des_seances_filtree_par_type_quartier_annee_et_recherche(redacteur):
    quartier = factories.QuartierFactory(nom="Sanitas")
    debut = datetime.datetime(2025, 3, 4, 14, tzinfo=datetime.UTC)
    factories.SeanceFactory(
        titre="Animation du Sanitas",
        type="animation_quartier",
        echelle="quartier",
        quartier=quartier,
        debut=debut,
    )
    factories.SeanceFactory(titre="Comité de pilotage", type="comite_operationnel", debut=debut)
    factories.SeanceFactory(titre="Groupe technique 2024", debut=debut.replace(year=2024))
    texte = texte_visible(redacteur.get(f"/gestion/seances/?quartier={quartier.pk}"))
    assert "Animation du Sanitas" in texte and "Comité de pilotage" not in texte
    texte = texte_visible(redacteur.get("/gestion/seances/?type=comite_operationnel"))
    assert "Comité de pilotage" in texte and "Animation du Sanitas" not in texte
    texte = texte_visible(redacteur.get("/gestion/seances/?annee=2024"))
    assert "Groupe technique 2024" in texte and "1 résultat" in texte
    texte = texte_visible(redacteur.get("/gestion/seances/?q=pilotage"))
    assert "Comité de pilotage" in texte and "1 résultat" in texte


def test_liste_des_actions_filtree_par_quartier_et_porteur(redacteur):
    quartier = factories.QuartierFactory(nom="Fontaines")
    porteur = factories.StructureFactory(nom="Ligue de l'enseignement")
    dans_le_quartier = factories.ActionEducativeFactory(nom="CLAS des Fontaines", porteur=porteur)
    dans_le_quartier.quartiers.add(quartier)
    factories.ActionEducativeFactory(nom="PRE de Joué")
    texte = texte_visible(redacteur.get(f"/gestion/actions/?quartier={quartier.pk}"))
    assert "CLAS des Fontaines" in texte and "PRE de Joué" not in texte
    assert "Fontaines" in texte  # colonne « Quartiers »
    texte = texte_visible(redacteur.get(f"/gestion/actions/?porteur={porteur.pk}"))
    assert "CLAS des Fontaines" in texte and "PRE de Joué" not in texte


def test_recherche_dans_les_listes_de_reference(redacteur):
    factories.QuartierFactory(nom="Sanitas", code_qpv="QP037008")
    factories.QuartierFactory(nom="Rabière", commune="Joué-lès-Tours")
    texte = texte_visible(redacteur.get("/gestion/quartiers/?q=QP037"))
    assert "Sanitas" in texte and "Rabière" not in texte
    texte = texte_visible(redacteur.get("/gestion/quartiers/?q=joué"))
    assert "Rabière" in texte and "Sanitas" not in texte


def test_liste_des_indicateurs_filtree_par_fiche_et_nature(redacteur):
    fiche = factories.FicheFactory(code="1.2.2")
    factories.IndicateurFactory(fiche=fiche, libelle="Jeunes repérés", nature="realisation")
    factories.IndicateurFactory(fiche=fiche, libelle="Taux de retour", nature="effet")
    factories.IndicateurFactory(libelle="Autre fiche")
    texte = texte_visible(redacteur.get(f"/gestion/indicateurs/?fiche={fiche.pk}&nature=effet"))
    assert "Taux de retour" in texte and "1 résultat" in texte


def test_un_filtre_invalide_est_signale_et_ignore(redacteur):
    factories.SeanceFactory(titre="Comité de rentrée")
    texte = texte_visible(redacteur.get("/gestion/seances/?annee=deux-mille&quartier=abc"))
    assert "Certains critères n’ont pas été compris" in texte
    assert "Comité de rentrée" in texte


def test_pagination_des_structures_par_vingt_cinq(redacteur):
    for numero in range(30):
        factories.StructureFactory(nom=f"Structure {numero:02d}")
    texte = texte_visible(redacteur.get("/gestion/structures/"))
    assert "30 résultats – page 1 sur 2" in texte
    assert "Structure 24" in texte and "Structure 25" not in texte
    texte = texte_visible(redacteur.get("/gestion/structures/?page=2"))
    assert "Structure 25" in texte and "Structure 29" in texte


# --- Nombre de requêtes des listes ------------------------------------------------------------


def peupler(chemin, nombre):
    """`nombre` objets dont chaque objet lié est distinct, pour qu'une requête par ligne se
    voie."""
    for _ in range(nombre):
        if chemin == "fiches":
            factories.EtapeCalendrierFactory(fiche=factories.FicheFactory())
        elif chemin == "seances":
            seance = factories.SeanceFactory(
                echelle="quartier", quartier=factories.QuartierFactory()
            )
            factories.ParticipationFactory(seance=seance)
        elif chemin == "indicateurs":
            factories.IndicateurFactory()
        elif chemin == "structures":
            factories.StructureFactory()
        elif chemin == "lieux":
            fabriquer_lieu(Statut.PUBLIE)
        elif chemin == "actions":
            action = factories.ActionEducativeFactory()
            action.quartiers.add(factories.QuartierFactory(), factories.QuartierFactory())
        elif chemin == "articulations":
            factories.ArticulationFactory(seance=factories.SeanceFactory())
        elif chemin == "quartiers":
            factories.QuartierFactory()
        elif chemin == "situations":
            factories.SituationFactory()
        elif chemin == "thematiques":
            factories.ThematiqueFactory()


# session, utilisateur, rôle, comptage, page (+ 2 savepoints d'ATOMIC_REQUESTS), puis les
# listes de choix des filtres et les préchargements propres à chaque type.
REQUETES_DES_LISTES = {
    "fiches": 8,  # + filtre « axe »
    "seances": 8,  # + filtre « quartier »
    "indicateurs": 8,  # + filtre « fiche »
    "structures": 7,
    "lieux": 8,  # + filtre « structure »
    "actions": 10,  # + filtres « porteur » et « quartier », + quartiers des actions
    "articulations": 7,
    "quartiers": 9,  # + filtre « contrat », + classements des quartiers
    "situations": 7,
    "thematiques": 7,
}


@pytest.mark.parametrize("cas", CAS, ids=str)
def test_la_liste_a_un_nombre_de_requetes_fixe(coordinateur, cas):
    url = f"/gestion/{cas.chemin}/"
    peupler(cas.chemin, 2)
    peu = nombre_de_requetes(coordinateur, url)
    peupler(cas.chemin, 30)
    assert nombre_de_requetes(coordinateur, url) == peu
    assert nombre_de_requetes(coordinateur, url + "?page=2") == peu
    assert peu == REQUETES_DES_LISTES[cas.chemin]


def test_la_liste_filtree_a_un_nombre_de_requetes_fixe(coordinateur):
    quartier = factories.QuartierFactory()
    url = f"/gestion/actions/?q=action&statut=brouillon&tri=modifie&quartier={quartier.pk}"
    for _ in range(2):
        factories.ActionEducativeFactory().quartiers.add(quartier, factories.QuartierFactory())
    peu = nombre_de_requetes(coordinateur, url)
    for _ in range(20):
        factories.ActionEducativeFactory().quartiers.add(quartier, factories.QuartierFactory())
    assert nombre_de_requetes(coordinateur, url) == peu


def test_un_envoi_perime_n_enregistre_ni_la_seance_ni_ses_lignes(client):
    seance = factories.SeanceFactory(titre="Comité de rentrée")
    premier = connecter(client, roles.REDACTEUR)
    second = connecter(Client(), roles.REDACTEUR)
    url = f"/gestion/seances/{seance.pk}/modifier/"
    donnees = donnees_du_formulaire_complet(ecrans_de(Seance).formulaire(instance=seance))
    assert second.post(url, donnees | {"titre": "Comité de la rentrée"}).status_code == 302

    structure = factories.StructureFactory(nom="CIO de Tours")
    response = premier.post(
        url,
        donnees
        | {
            "lieu": "Salle du conseil",
            "participations-0-structure": str(structure.pk),
            "participations-0-nombre_personnes": "2",
        },
    )
    assert response.status_code == 409
    assert "Conflit : enregistrement refusé" in texte_visible(response)
    seance.refresh_from_db()
    assert seance.titre == "Comité de la rentrée" and seance.lieu != "Salle du conseil"
    assert not seance.participations.exists()
    # La saisie refusée reste affichée, lignes comprises.
    html = response.content.decode()
    assert 'value="Salle du conseil"' in html
    assert f'<option value="{structure.pk}" selected>' in html


def completer_seance(seance, nombre):
    for _ in range(nombre):
        factories.ParticipationFactory(seance=seance)
        factories.SuiteFactory(seance=seance, responsable=factories.StructureFactory())
    seance.fiches.add(factories.FicheFactory())
    seance.dispositifs.add(factories.DispositifFactory())


@pytest.mark.parametrize("vue", ["", "modifier/"])
def test_page_et_formulaire_d_une_seance_en_nombre_de_requetes_fixe(coordinateur, vue):
    peu, beaucoup = factories.SeanceFactory(), factories.SeanceFactory()
    completer_seance(peu, 1)
    completer_seance(beaucoup, 12)
    assert nombre_de_requetes(coordinateur, f"/gestion/seances/{peu.pk}/{vue}") == (
        nombre_de_requetes(coordinateur, f"/gestion/seances/{beaucoup.pk}/{vue}")
    )


@pytest.mark.parametrize("vue", ["", "modifier/"])
def test_page_et_formulaire_d_une_fiche_en_nombre_de_requetes_fixe(coordinateur, vue):
    peu, beaucoup = factories.FicheFactory(), factories.FicheFactory()
    factories.EtapeCalendrierFactory(fiche=peu)
    for _ in range(12):
        factories.EtapeCalendrierFactory(fiche=beaucoup)
        factories.AxeFactory(pilier__contrat=beaucoup.contrat)
    assert nombre_de_requetes(coordinateur, f"/gestion/fiches/{peu.pk}/{vue}") == (
        nombre_de_requetes(coordinateur, f"/gestion/fiches/{beaucoup.pk}/{vue}")
    )
