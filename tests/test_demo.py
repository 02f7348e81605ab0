"""Les données de démonstration (`manage.py charger_demo`) : fidèles à la fiche source,
relançables sans doublon, honnêtes sur ce qui est illustratif, et sans jamais écraser ni
republier ce que quelqu'un a changé depuis leur chargement."""

import hashlib
import re
import unicodedata
from collections import defaultdict
from datetime import date
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from simple_history.manager import HistoryManager

from actions.models import Articulation
from contrat_ville.models import AxeTransversal, ContratDeVille, Quartier, Structure
from contrat_ville.publication import Statut
from demo.provenance import MOTIF_DEMO
from dispositifs.models import Dispositif, Echelle, Thematique
from fiches.models import EtapeCalendrier, Fiche
from gestion import roles
from gestion.historique import noter_motif
from indicateurs.models import Indicateur, Mesure
from seances.models import Diffusion, Participation, Seance, Suite
from tests import factories
from tests.utils_gestion import connecter, donnees_dispositif

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed" / "fiche-1.2.2.txt"
ARTEFACT_WORD = "[bookmark: _GoBack]"
PUCES = "·•"

LES_21_DISPOSITIFS = [
    "psad",
    "foquale",
    "referents-decrochage-gpds",
    "perseverance-scolaire",
    "mlds",
    "siei",
    "droit-au-retour-en-formation",
    "ma-seconde-chance",
    "assure-ta-rentree",
    "obligation-de-formation",
    "mission-locale",
    "pre",
    "cordees-de-la-reussite",
    "clas",
    "e2c",
    "epide",
    "service-civique",
    "cej",
    "prevention-specialisee",
    "maison-des-adolescents",
    "spro",
]
# Le PRE de la fiche (« pre », celui de Tours) a un porteur par commune (DOMAIN.md).
PRE_DES_AUTRES_COMMUNES = ["pre-saint-pierre-des-corps", "pre-joue-les-tours", "pre-la-riche"]


def charger(**options):
    # La suite tourne sans DEBUG, comme un serveur : la commande y exige --force.
    options.setdefault("force", True)
    sortie = StringIO()
    call_command("charger_demo", stdout=sortie, **options)
    return sortie.getvalue()


@pytest.fixture
def demo():
    charger(verbosity=0)


def normaliser(texte):
    """Sans accents ni casse ; tout ce qui n'est ni lettre ni chiffre devient une espace."""
    texte = unicodedata.normalize("NFKD", texte)
    texte = "".join(c for c in texte if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[\W_]+", " ", texte).split())


def lignes_seed():
    lignes = []
    for ligne in SEED.read_text(encoding="utf-8").splitlines():
        ligne = ligne.replace(ARTEFACT_WORD, "").strip().lstrip(PUCES)
        if normaliser(ligne):
            lignes.append(ligne)
    return lignes


def texte_visible(html):
    html = re.sub(r"<(head|script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def indicateurs_du_seed():
    """Libellés des indicateurs du texte source, par nature, tels qu'ils y sont écrits."""
    par_nature, nature = defaultdict(list), None
    for ligne in SEED.read_text(encoding="utf-8").splitlines():
        titre = normaliser(ligne)
        if titre == "indicateurs de realisation":
            nature = Indicateur.Nature.REALISATION
        elif titre == "indicateurs d effets":
            nature = Indicateur.Nature.EFFET
        elif titre.startswith("liens autres enjeux"):
            nature = None
        elif nature and ligne.strip().startswith("·"):
            par_nature[nature].append(ligne.strip().lstrip(PUCES).strip())
    return par_nature


def nombres_de_lignes():
    """Nombre de lignes de chaque modèle, historiques compris."""
    return {modele._meta.label: modele.objects.count() for modele in apps.get_models()}


def fixtures_modifiees(tmp_path, *remplacements):
    """Copie de fixtures/ dans `tmp_path`, chaque (avant, après) remplacé dans chaque fichier."""
    for fichier in (Path(settings.BASE_DIR) / "fixtures").glob("*.toml"):
        texte = fichier.read_text(encoding="utf-8")
        for avant, apres in remplacements:
            texte = texte.replace(avant, apres)
        (tmp_path / fichier.name).write_text(texte, encoding="utf-8")
    return tmp_path


def ecrire_comme_l_equipe(objet, user, motif):
    """Ce que l'espace équipe enregistre : l'auteur (posé par le middleware de
    django-simple-history pendant une requête) et le motif de l'entrée d'historique."""
    objet._history_user = user
    noter_motif(objet, motif)
    objet.save()


def supprimer_comme_l_equipe(objet, user):
    """Ce que la suppression confirmée de l'espace équipe enregistre : l'auteur et le motif
    « Suppression » de l'entrée d'historique."""
    objet._history_user = user
    noter_motif(objet, "Suppression")
    objet.delete()


def supprimer_dans_l_espace_equipe(client, chemin, objet):
    response = client.post(f"/gestion/{chemin}/{objet.pk}/supprimer/")
    assert response.status_code == 302, texte_visible(response.content.decode())


def comptes_et_valeurs():
    """Nombre de lignes de chaque modèle (historiques compris) et leurs valeurs."""
    return {
        modele._meta.label: list(modele.objects.order_by("pk").values())
        for modele in apps.get_models()
    }


def test_la_copie_du_seed_est_celle_de_reference():
    empreinte = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert empreinte == "b9e775691ef3918acb8fe2251ff8e8347703926fd67472f4c3d0480cd665ca24"
    assert len(lignes_seed()) == 50


def test_charger_deux_fois_ne_change_ni_les_comptes_ni_les_valeurs():
    premier = charger()
    apres_un = comptes_et_valeurs()
    second = charger()
    apres_deux = comptes_et_valeurs()

    assert {label: len(lignes) for label, lignes in apres_deux.items()} == {
        label: len(lignes) for label, lignes in apres_un.items()
    }
    assert apres_deux == apres_un
    assert len(apres_un["dispositifs.Dispositif"]) == 25
    # Une création par dispositif ; ses listes (situations, quartiers…) ont aussi leur
    # historique, d'où les entrées « ~ » qui suivent.
    historique = apres_un["dispositifs.HistoricalDispositif"]
    assert len([entree for entree in historique if entree["history_type"] == "+"]) == 25
    assert premier.splitlines()[-1].endswith(", 0 sans changement.")
    assert "Terminé : 0 création, 0 mise à jour, 0 suppression" in second


def test_un_changement_dans_les_fichiers_met_a_jour_sans_dupliquer(demo, tmp_path):
    dossier = fixtures_modifiees(
        tmp_path,
        ('intitule = "Jeunesse"', 'intitule = "Jeunesse et citoyenneté"'),
        ('    { structure = "villes-au-carre" },\n', ""),
    )

    sortie = charger(dossier=dossier)

    axe = apps.get_model("contrat_ville", "AxeTransversal").objects.get()
    assert axe.intitule == "Jeunesse et citoyenneté"
    assert "axes transversaux : 1 (0 création, 1 mise à jour)" in sortie
    assert "participations : 61 (0 création, 0 mise à jour, 1 suppression)" in sortie
    assert not Seance.objects.filter(participations__structure__slug="villes-au-carre").exists()


def test_la_page_de_la_fiche_reprend_chaque_ligne_du_seed_dans_l_ordre(client, demo):
    response = client.get("/fiches/1.2.2/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "None" not in html

    page = f" {normaliser(texte_visible(html))} "
    position = 0
    for ligne in lignes_seed():
        cherche = f" {normaliser(ligne)} "
        trouve = page.find(cherche, position)
        assert trouve >= 0, (
            f"Ligne du seed absente de la page (ou pas à sa place) : {ligne!r}\n"
            f"Suite de la page : {page[position : position + 300]!r}"
        )
        position = trouve + len(cherche) - 1


def test_la_fiche_1_2_2_est_structuree_comme_le_seed(demo):
    fiche = apps.get_model("fiches", "Fiche").objects.get(code="1.2.2")
    assert fiche.statut == Statut.PUBLIE
    assert fiche.version == "2017"
    assert (fiche.axe.pilier.numero, fiche.axe.numero) == (1, 2)
    assert len(fiche.lignes("contexte")) == 2
    assert len(fiche.lignes("objectifs")) == 4
    assert len(fiche.lignes("realisations_attendues")) == 5
    assert len(fiche.lignes("effets_attendus")) == 2
    assert len(fiche.lignes("echelles")) == 2
    assert len(fiche.lignes("animateurs")) == 2
    assert len(fiche.lignes("liens")) == 2
    assert fiche.financements_mobilisables == ""
    assert [e.periode for e in fiche.etapes.all()] == ["2016", "2017 et ensuite"]
    assert [f.code for f in fiche.fiches_liees.all()] == ["1.2.3"]
    assert [a.code for a in fiche.axes_transversaux.all()] == ["T.2"]
    assert {"assure-ta-rentree", "mlds", "ma-seconde-chance", "droit-au-retour-en-formation"} <= {
        d.slug for d in fiche.dispositifs.all()
    }
    assert "[bookmark" not in " ".join(
        getattr(fiche, champ.name)
        for champ in fiche._meta.fields
        if champ.get_internal_type() == "TextField"
    )


def test_les_six_indicateurs_du_seed_existent_avec_leur_libelle_exact(demo):
    attendus = indicateurs_du_seed()
    assert len(attendus[Indicateur.Nature.REALISATION]) == 4
    assert len(attendus[Indicateur.Nature.EFFET]) == 2

    indicateurs = Indicateur.objects.filter(fiche__code="1.2.2").publies()
    for nature, libelles in attendus.items():
        assert [i.libelle for i in indicateurs.filter(nature=nature).order_by("ordre")] == libelles

    calculs = {
        "Existence de supports": ("supports", "oui_non", ""),
        "Diffusion d’informations": ("diffusions", "nombre", "diffusions"),
        "Séances de travail": ("seances_tenues", "nombre", "séances"),
        "Nombre de jeunes": ("saisi", "nombre", "jeunes"),
        "Connaissance des actions": ("saisi", "pourcentage", "% des acteurs interrogés"),
        "Existence d’actions maillant": ("articulations", "nombre", "articulations"),
    }
    for debut, attendu in calculs.items():
        indicateur = indicateurs.get(libelle__startswith=debut)
        assert (indicateur.calcul, indicateur.type_valeur, indicateur.unite) == attendu


def test_seances_diffusions_et_mesures_de_demo_sont_marquees_exemple(demo):
    assert Seance.objects.count() >= 10
    assert not Seance.objects.filter(est_exemple=False).exists()
    assert Mesure.objects.count() >= 9 * 2
    assert not Mesure.objects.filter(est_exemple=False).exists()
    assert Diffusion.objects.exists()
    assert not Diffusion.objects.filter(est_exemple=False).exists()
    assert Seance.objects.publies().a_venir().count() >= 2
    assert Seance.objects.filter(compte_rendu_publie=True).exists()


def test_les_mesures_sont_coherentes_entre_total_quartiers_et_dispositifs(demo):
    jeunes = Indicateur.objects.get(libelle__startswith="Nombre de jeunes")
    annees = sorted(set(jeunes.mesures.values_list("periode", flat=True)))
    assert annees == list(range(2016, 2025))
    for annee in annees:
        mesures = jeunes.mesures.filter(periode=annee)
        total = mesures.get(quartier=None, dispositif=None).valeur
        par_quartier = sum(m.valeur for m in mesures.filter(quartier__isnull=False))
        assert 0 < par_quartier <= total
        for dispositif in mesures.filter(dispositif__isnull=False):
            assert dispositif.valeur <= total
    connaissance = Indicateur.objects.get(libelle__startswith="Connaissance")
    assert all(0 <= m.valeur <= 100 for m in connaissance.mesures.all())


def test_les_21_dispositifs_existent_et_sont_publies(demo):
    publies = set(
        Dispositif.objects.filter(slug__in=LES_21_DISPOSITIFS)
        .publies()
        .values_list("slug", flat=True)
    )
    assert publies == set(LES_21_DISPOSITIFS)
    assert Dispositif.objects.filter(slug__in=PRE_DES_AUTRES_COMMUNES).publies().count() == 3
    brouillons = Dispositif.objects.exclude(slug__in=LES_21_DISPOSITIFS + PRE_DES_AUTRES_COMMUNES)
    assert [d.statut for d in brouillons] == [Statut.BROUILLON]


def test_les_thematiques_sont_celles_de_data_inclusion(demo):
    from data_inclusion.schema import v1

    referentiel = {t.value for t in v1.Thematique}
    codes = set(Thematique.objects.values_list("code", flat=True))
    assert codes
    assert codes <= referentiel


def _classes(contrat, categorie):
    return set(
        Quartier.objects.filter(
            classements__contrat__slug=contrat, classements__categorie=categorie
        ).values_list("slug", flat=True)
    )


def test_deux_geographies_sans_code_qpv_invente(demo):
    prioritaires_2015 = _classes("tours", Quartier.Categorie.PRIORITAIRE)
    assert len(prioritaires_2015) == 10
    assert _classes("tours", Quartier.Categorie.VEILLE) == {"morier", "vallee-violette"}
    prioritaires_2024 = _classes("tours-eq2030", Quartier.Categorie.PRIORITAIRE)
    assert len(prioritaires_2024) == 13
    assert prioritaires_2024 - prioritaires_2015 == {"les-tourettes", "morier", "la-galboisiere"}
    assert not _classes("tours-eq2030", Quartier.Categorie.VEILLE)
    assert not Quartier.objects.exclude(code_qpv="").exists()


def test_la_geographie_en_vigueur_depend_du_jour(demo):
    morier = Quartier.objects.avec_classements().get(slug="morier")
    assert not morier.est_prioritaire_le(date(2023, 12, 31))
    assert morier.est_prioritaire_le(date(2024, 1, 1))
    assert set(
        Quartier.objects.prioritaires_le(date(2026, 12, 1)).values_list("slug", flat=True)
    ) == (_classes("tours-eq2030", Quartier.Categorie.PRIORITAIRE))
    assert ContratDeVille.objects.courant(date(2026, 12, 1)).slug == "tours-eq2030"
    assert ContratDeVille.objects.courant(date(2020, 6, 1)).slug == "tours"


def test_codes_insee_des_communes(demo):
    codes = dict(Quartier.objects.values_list("commune", "code_commune").distinct())
    assert codes == {
        "Tours": "37261",
        "Joué-lès-Tours": "37122",
        "Saint-Pierre-des-Corps": "37233",
        "La Riche": "37195",
    }


def eligibles(*, age, situation, quartier=None, mois=10, diplome_qualifiant=False):
    """Les règles d'éligibilité du DOMAIN.md, appliquées aux seules données des dispositifs."""
    quartier = Quartier.objects.get(slug=quartier) if quartier else None
    slugs = set()
    for d in Dispositif.objects.publies().pour_age(age).filter(situations__code=situation):
        if d.reserve_qpv and quartier and not quartier.est_prioritaire_le():
            continue
        if d.echelle == Echelle.QUARTIERS and quartier and quartier not in d.quartiers.all():
            continue
        acceptes = set(d.diplomes_acceptes.values_list("code", flat=True))
        if acceptes and diplome_qualifiant and "cap-bep" not in acceptes:
            continue
        if d.mois_debut and d.mois_fin and not d.mois_debut <= mois <= d.mois_fin:
            continue
        slugs.add(d.slug)
    return slugs


@pytest.mark.parametrize(
    ("criteres", "attendus"),
    [
        (
            {"age": 14, "situation": "scolarise", "quartier": "sanitas"},
            {"referents-decrochage-gpds", "pre", "clas", "maison-des-adolescents"}
            | {"prevention-specialisee"},
        ),
        (
            {"age": 17, "situation": "scolarise-risque-decrochage"},
            {"referents-decrochage-gpds", "mlds"},
        ),
        (
            {"age": 17, "situation": "sorti-sans-diplome-moins-1-an"},
            {"obligation-de-formation", "psad", "mission-locale", "foquale", "mlds"}
            | {"droit-au-retour-en-formation", "service-civique", "cej"},
        ),
        (
            {"age": 21, "situation": "sorti-sans-diplome-plus-1-an"},
            {"droit-au-retour-en-formation", "mission-locale", "cej", "e2c", "epide"},
        ),
        (
            {"age": 17, "situation": "sans-solution-rentree", "mois": 9},
            {"assure-ta-rentree"},
        ),
        ({"age": 15, "situation": "difficultes-personnelles"}, {"maison-des-adolescents"}),
    ],
)
def test_les_donnees_suivent_les_regles_d_orientation(demo, criteres, attendus):
    assert attendus <= eligibles(**criteres)


def test_ce_qui_ne_se_mobilise_pas_n_est_jamais_propose(demo):
    assert "assure-ta-rentree" not in eligibles(age=17, situation="sans-solution-rentree", mois=3)
    assert "pre" not in eligibles(age=14, situation="scolarise", quartier="morier")
    assert "obligation-de-formation" not in eligibles(age=18, situation="ni-emploi-ni-formation")
    for slug in ("siei", "perseverance-scolaire"):
        assert not Dispositif.objects.get(slug=slug).situations.exists()


# --- Ce que quelqu'un a changé depuis le chargement ---------------------------------------------


def test_chaque_ligne_ecrite_par_la_demo_porte_son_motif_et_aucun_auteur(demo):
    historises = [
        m for m in apps.get_models() if isinstance(getattr(m, "history", None), HistoryManager)
    ]
    assert len(historises) > 10
    for modele in historises:
        entrees = modele.history.all()
        assert not entrees.exclude(history_change_reason=MOTIF_DEMO).exists(), modele
        assert not entrees.exclude(history_user=None).exists(), modele
    assert Dispositif.history.filter(history_type="+").count() == 25


@pytest.mark.parametrize(
    ("slug", "methode", "statut"),
    [
        ("psad", "archiver", Statut.ARCHIVE),
        ("exemple-pass-retour", "publier", Statut.PUBLIE),  # le brouillon de la démo
    ],
)
def test_un_statut_change_par_un_coordinateur_n_est_jamais_defait(demo, slug, methode, statut):
    coordinatrice = factories.UserFactory(username="coordinatrice", role=roles.COORDINATEUR)
    dispositif = Dispositif.objects.get(slug=slug)
    noter_motif(dispositif, f"{methode.capitalize()} : décidé en comité de pilotage")
    getattr(dispositif, methode)(par=coordinatrice)
    entrees = dispositif.history.count()

    sortie = charger()

    dispositif.refresh_from_db()
    assert dispositif.statut == statut
    assert dispositif.statut_modifie_par == coordinatrice
    assert dispositif.history.count() == entrees
    assert "dispositifs : 25 (0 création, 0 mise à jour, 1 laissé tel quel)" in sortie
    assert (
        "Laissé tel quel : modifié depuis le chargement de la démonstration (1) :\n"
        f"  dispositif « {dispositif.nom} » (« {methode.capitalize()} : décidé en comité de "
        "pilotage », le "
    ) in sortie
    assert "1 laissé tel quel" in sortie.splitlines()[-1]


def test_une_modification_faite_dans_l_espace_equipe_reste_listes_comprises(client, demo):
    coordinateur = connecter(client, roles.COORDINATEUR)
    dispositif = Dispositif.objects.get(slug="mlds")
    [gardee, *_] = dispositif.situations.order_by("pk")
    response = client.post(
        f"/gestion/dispositifs/{dispositif.pk}/modifier/",
        donnees_dispositif(
            dispositif, resume="Résumé relu par l'équipe.", situations=[str(gardee.pk)]
        ),
    )
    assert response.status_code == 302
    assert dispositif.history.latest().history_user == coordinateur.user

    sortie = charger()

    dispositif.refresh_from_db()
    assert dispositif.resume == "Résumé relu par l'équipe."
    assert list(dispositif.situations.all()) == [gardee]
    auteur = coordinateur.user.username
    assert f"  dispositif « {dispositif.nom} » (« Modification », par {auteur}, le " in sortie


def test_ce_qui_manque_est_recree_et_le_reste_n_est_pas_recrit(demo):
    Diffusion.objects.order_by("pk").first().delete()
    fiche_etapes = EtapeCalendrier.objects.filter(fiche__code="1.2.2")
    fiche_etapes.order_by("ordre").last().delete()
    entrees = Dispositif.history.count()

    sortie = charger()

    assert "diffusions : 3 (1 création, 0 mise à jour)" in sortie
    assert "étapes du calendrier : 2 (1 création, 0 mise à jour)" in sortie
    assert [e.periode for e in fiche_etapes.order_by("ordre")] == ["2016", "2017 et ensuite"]
    assert Dispositif.history.count() == entrees
    assert "Terminé : 2 créations, 0 mise à jour, 0 suppression, 0 laissé tel quel" in sortie


def test_une_ligne_ajoutee_par_l_equipe_reste_meme_absente_des_fichiers(demo):
    agent = factories.UserFactory(role=roles.REDACTEUR)
    seance = Seance.objects.filter(suites__isnull=False).order_by("pk").first()
    ajoutee = Suite(seance=seance, nature=Suite.Nature.ACTION, description="Rappeler le collège")
    ecrire_comme_l_equipe(ajoutee, agent, "Création")
    suites = set(seance.suites.values_list("pk", flat=True))

    sortie = charger()

    assert set(seance.suites.values_list("pk", flat=True)) == suites
    assert (
        "Gardé bien qu'absent des fichiers : ajouté ou modifié depuis le chargement de la "
        "démonstration (1) :\n"
        "  suite donnée « Action retenue : Rappeler le collège » "
        f"(« Création », par {agent.username}, le "
    ) in sortie
    assert "suites données : 9 (0 création, 0 mise à jour, 1 gardé)" in sortie


def test_une_ligne_renommee_par_l_equipe_n_est_pas_recreee_a_cote(demo):
    agent = factories.UserFactory(role=roles.COORDINATEUR)
    seance = Seance.objects.filter(est_exemple=True).order_by("pk").first()
    ancien_titre = seance.titre
    seance.titre = f"{ancien_titre} (reportée)"
    ecrire_comme_l_equipe(seance, agent, "Modification")
    seances = Seance.objects.count()

    sortie = charger()

    assert Seance.objects.count() == seances
    assert not Seance.objects.filter(titre=ancien_titre).exists()
    assert (
        f"  séance « {seance} », « {ancien_titre} » dans les fichiers (« Modification », par "
    ) in sortie


def test_une_ligne_supprimee_par_l_equipe_n_est_pas_recreee_et_le_chargement_le_dit(demo):
    agent = factories.UserFactory(role=roles.COORDINATEUR)
    diffusion = Diffusion.objects.order_by("pk").first()
    diffusions = Diffusion.objects.count()
    supprimer_comme_l_equipe(diffusion, agent)

    sortie = charger()

    assert Diffusion.objects.count() == diffusions - 1
    assert (
        "Laissé supprimé : supprimé depuis le chargement de la démonstration (1) :\n"
        f"  diffusion « {diffusion} » (« Suppression », par {agent.username}, le "
    ) in sortie
    assert f"diffusions : {diffusions - 1} (0 création, 0 mise à jour, 1 laissé supprimé)" in sortie
    assert "Terminé : 0 création, 0 mise à jour, 0 suppression" in sortie
    assert "1 laissé supprimé, 0 non chargé" in sortie.splitlines()[-1]


def test_un_dispositif_supprime_dans_l_espace_equipe_n_est_pas_recree_et_les_fichiers_s_en_passent(
    client, demo
):
    coordinateur = connecter(client, roles.COORDINATEUR)
    mlds = Dispositif.objects.get(slug="mlds")
    articulation = Articulation.objects.get(dispositif=mlds)
    mesures_du_dispositif = Mesure.objects.filter(dispositif=mlds).count()
    fiche = Fiche.objects.get(code="1.2.2")
    dispositifs_de_la_fiche = set(fiche.dispositifs.values_list("slug", flat=True))
    entrees_de_la_fiche = fiche.history.count()
    supprimer_dans_l_espace_equipe(client, "dispositifs", mlds)
    mesures = Mesure.objects.count()

    sortie = charger()

    assert not Dispositif.objects.filter(slug="mlds").exists()
    assert Dispositif.history.filter(slug="mlds", history_type="+").count() == 1
    # La fiche qui le cite dans les fichiers se charge sans lui, et reste à la démonstration.
    assert set(fiche.dispositifs.values_list("slug", flat=True)) == dispositifs_de_la_fiche - {
        "mlds"
    }
    assert fiche.history.count() == entrees_de_la_fiche
    assert not Seance.objects.filter(dispositifs__slug="mlds").exists()
    # Ce que la suppression a emporté avec lui ne peut pas revenir sans lui.
    assert not Articulation.objects.filter(pk=articulation.pk).exists()
    assert Mesure.objects.count() == mesures
    auteur = coordinateur.user.username
    assert (
        "Laissé supprimé : supprimé depuis le chargement de la démonstration (1) :\n"
        f"  dispositif « {mlds.nom} » (« Suppression », par {auteur}, le "
    ) in sortie
    assert "dispositifs : 24 (0 création, 0 mise à jour, 1 laissé supprimé)" in sortie
    assert "articulations : 8 (0 création, 0 mise à jour, 1 non chargé)" in sortie
    assert (
        f"mesures : {mesures} (0 création, 0 mise à jour, {mesures_du_dispositif} non chargés)"
        in sortie
    )
    assert (
        f"  articulation « {articulation.action} / {mlds.nom} », dépend de dispositif "
        f"« {mlds.nom} » (« Suppression », par {auteur}, le "
    ) in sortie
    assert "Terminé : 0 création, 0 mise à jour, 0 suppression" in sortie

    # Relancé, le chargement ne trouve rien de plus à faire et le redit.
    avant = comptes_et_valeurs()
    assert charger() == sortie
    assert comptes_et_valeurs() == avant


def test_une_structure_supprimee_n_est_pas_recreee_ni_ce_qui_ne_peut_exister_sans_elle(
    client, demo, tmp_path
):
    coordinateur = connecter(client, roles.COORDINATEUR)
    onisep = Structure.objects.get(slug="onisep")
    e2c = Dispositif.objects.get(slug="e2c")
    # L'ONISEP porte « Ma seconde chance » : l'équipe supprime d'abord le dispositif.
    supprimer_dans_l_espace_equipe(client, "dispositifs", Dispositif.objects.get(porteur=onisep))
    supprimer_dans_l_espace_equipe(client, "structures", onisep)
    # Les fichiers décrivent un dispositif que la base n'a jamais eu, porté par l'ONISEP, et
    # font porter par elle un dispositif qui existe.
    dossier = fixtures_modifiees(
        tmp_path,
        ('"ma-seconde-chance"', '"ma-seconde-chance-2026"'),
        ('porteur = "e2c-tours"', 'porteur = "onisep"'),
    )

    sortie = charger(dossier=dossier)

    assert not Structure.objects.filter(slug="onisep").exists()
    assert not Dispositif.objects.filter(slug__startswith="ma-seconde-chance").exists()
    # Un dispositif qui existe n'est jamais supprimé pour autant : il reste tel quel.
    e2c.refresh_from_db()
    assert e2c.porteur.slug == "e2c-tours"
    # Celui qui ne la cite que parmi ses partenaires se charge sans elle.
    spro = Dispositif.objects.get(slug="spro")
    assert set(spro.partenaires.values_list("slug", flat=True)) == {
        "cio-joue-les-tours",
        "mission-locale-touraine",
        "france-travail",
    }
    auteur = coordinateur.user.username
    supprimee = f"structure « {onisep} » (« Suppression », par {auteur}, le "
    assert (
        f"Laissé supprimé : supprimé depuis le chargement de la démonstration (1) :\n  {supprimee}"
    ) in sortie
    assert (
        "Non chargés : dépendent d'une ligne supprimée depuis le chargement de la "
        "démonstration (2) :\n"
    ) in sortie
    assert f"  dispositif « ma-seconde-chance-2026 », dépend de {supprimee}" in sortie
    assert f"  dispositif « {e2c.nom} », laissé tel quel, dépend de {supprimee}" in sortie
    assert "dispositifs : 24 (0 création, 0 mise à jour, 1 laissé tel quel, 1 non chargé)" in sortie
    assert "Terminé : 0 création, 0 mise à jour, 0 suppression" in sortie

    avant = comptes_et_valeurs()
    assert charger(dossier=dossier) == sortie
    assert comptes_et_valeurs() == avant


def test_une_cle_etrangere_facultative_vers_une_ligne_supprimee_reste_vide(demo, tmp_path):
    agent = factories.UserFactory(role=roles.COORDINATEUR)
    joue = Structure.objects.get(slug="ville-de-joue-les-tours")
    for participation in Participation.objects.filter(structure=joue):
        supprimer_comme_l_equipe(participation, agent)
    supprimer_comme_l_equipe(joue, agent)
    europe = Quartier.objects.get(slug="europe")
    supprimer_comme_l_equipe(Seance.objects.get(quartier=europe), agent)
    for mesure in Mesure.objects.filter(quartier=europe):
        supprimer_comme_l_equipe(mesure, agent)
    supprimer_comme_l_equipe(europe, agent)
    # Deux séances que la base n'a jamais eues : l'une animée par la structure supprimée, l'autre
    # dans le quartier supprimé.
    rabiere = "Animation du quartier de La Rabière : le décrochage scolaire"
    dossier = fixtures_modifiees(
        tmp_path,
        (f'"{rabiere}"', f'"{rabiere} (reprise)"'),
        ("quartier Europe : actions éducatives", "quartier Europe (reprise) : actions éducatives"),
    )

    sortie = charger(dossier=dossier)

    # Sans animateur, la séance tient : elle est créée, le champ vide.
    reprise = Seance.objects.get(titre=f"{rabiere} (reprise)")
    assert reprise.animateur is None
    assert reprise.quartier.slug == "la-rabiere"
    # Sans son quartier, une séance de quartier ne tient pas : elle n'est pas créée.
    assert not Seance.objects.filter(titre__contains="Europe (reprise)").exists()
    assert (
        "  séance « Animation du quartier Europe (reprise) : actions éducatives et droit commun », "
        f"dépend de quartier « {europe} » (« Suppression », par {agent.username}, le "
    ) in sortie
    assert "séances : 12 (1 création, 0 mise à jour, 1 non chargé)" in sortie
    assert "Terminé : 1 création, 0 mise à jour, 0 suppression" in sortie


def test_une_ligne_que_la_demo_a_supprimee_revient_quand_les_fichiers_la_decrivent(demo, tmp_path):
    sans_elle = fixtures_modifiees(tmp_path, ('    { structure = "villes-au-carre" },\n', ""))
    charger(dossier=sans_elle)
    assert not Participation.objects.filter(structure__slug="villes-au-carre").exists()

    sortie = charger()

    assert Participation.objects.filter(structure__slug="villes-au-carre").count() == 1
    assert "participations : 62 (1 création, 0 mise à jour)" in sortie
    assert "supprimé depuis le chargement" not in sortie


def test_une_ligne_de_l_ancien_chargeur_sans_motif_suit_encore_les_fichiers(demo, tmp_path):
    # L'ancien chargeur n'écrivait aucun motif : ses lignes restent celles de la démonstration.
    AxeTransversal.history.all().update(history_change_reason=None)
    dossier = fixtures_modifiees(
        tmp_path, ('intitule = "Jeunesse"', 'intitule = "Jeunesse et citoyenneté"')
    )

    sortie = charger(dossier=dossier)

    assert AxeTransversal.objects.get().intitule == "Jeunesse et citoyenneté"
    assert "axes transversaux : 1 (0 création, 1 mise à jour)" in sortie


def test_la_liste_des_lignes_laissees_est_bornee(demo):
    coordinatrice = factories.UserFactory(role=roles.COORDINATEUR)
    for dispositif in Dispositif.objects.filter(slug__in=LES_21_DISPOSITIFS):
        noter_motif(dispositif, "Archiver")
        dispositif.archiver(par=coordinatrice)

    sortie = charger()
    toutes = charger(verbosity=2)

    assert "Laissés tels quels : modifiés depuis le chargement de la démonstration (21) :" in sortie
    assert sortie.count("(« Archiver », le ") == 20
    assert "… et 1 autre (--verbosity 2 pour tout lister)." in sortie
    assert toutes.count("(« Archiver », le ") == 21


def test_un_fichier_incoherent_n_ecrit_rien(demo, tmp_path):
    # L'axe est écrit au début du chargement, la série fautive lue à la fin.
    dossier = fixtures_modifiees(
        tmp_path,
        ('intitule = "Jeunesse"', 'intitule = "Jeunesse et citoyenneté"'),
        ('quartier = "la-rabaterie"\nsource', 'quartier = "quartier-inconnu"\nsource'),
    )
    avant = nombres_de_lignes()

    with pytest.raises(CommandError, match="quartier-inconnu"):
        charger(dossier=dossier)

    assert nombres_de_lignes() == avant
    assert AxeTransversal.objects.get().intitule == "Jeunesse"


# --- Hors développement -------------------------------------------------------------------------


def test_hors_debug_sans_force_la_commande_refuse_et_ne_change_rien():
    avant = nombres_de_lignes()

    with pytest.raises(CommandError) as refus:
        call_command("charger_demo", stdout=StringIO())

    message = str(refus.value)
    assert "charger_demo écrirait les données de démonstration" in message
    assert "refusé hors développement" in message
    assert "--force" in message and "DEBUG=1" in message
    assert nombres_de_lignes() == avant
    assert not Dispositif.history.exists()


def test_hors_debug_le_refus_protege_aussi_une_base_deja_chargee(demo):
    noter_motif(dispositif := Dispositif.objects.get(slug="psad"), "Archiver")
    dispositif.archiver()
    avant = nombres_de_lignes()

    with pytest.raises(CommandError, match="--force"):
        call_command("charger_demo", "--dossier", str(Path(settings.BASE_DIR) / "fixtures"))

    assert nombres_de_lignes() == avant


def test_en_developpement_la_commande_s_execute_sans_force(settings):
    settings.DEBUG = True

    sortie = charger(force=False)

    assert sortie.splitlines()[-1].startswith("Terminé : ")
    assert Dispositif.objects.count() == 25
