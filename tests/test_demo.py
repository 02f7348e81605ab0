"""Les données de démonstration (`manage.py charger_demo`) : fidèles à la fiche source,
relançables sans doublon, et honnêtes sur ce qui est illustratif."""

import hashlib
import re
import unicodedata
from collections import defaultdict
from html import unescape
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from contrat_ville.models import Quartier, Statut
from dispositifs.models import Dispositif, Echelle, Thematique
from indicateurs.models import Indicateur, Mesure
from seances.models import Diffusion, Seance

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


def charger(**options):
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
    assert len(apres_un["dispositifs.Dispositif"]) == 22
    # Une création par dispositif ; ses listes (situations, quartiers…) ont aussi leur
    # historique, d'où les entrées « ~ » qui suivent.
    historique = apres_un["dispositifs.HistoricalDispositif"]
    assert len([entree for entree in historique if entree["history_type"] == "+"]) == 22
    assert premier.splitlines()[-1].endswith(", 0 sans changement.")
    assert "Terminé : 0 création, 0 mise à jour, 0 suppression" in second


def test_un_changement_dans_les_fichiers_met_a_jour_sans_dupliquer(demo, tmp_path):
    dossier = Path(settings.BASE_DIR) / "fixtures"
    for fichier in dossier.glob("*.toml"):
        texte = fichier.read_text(encoding="utf-8")
        texte = texte.replace('intitule = "Jeunesse"', 'intitule = "Jeunesse et citoyenneté"')
        texte = texte.replace('    { structure = "villes-au-carre" },\n', "")
        (tmp_path / fichier.name).write_text(texte, encoding="utf-8")

    sortie = charger(dossier=tmp_path)

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
    brouillons = Dispositif.objects.exclude(slug__in=LES_21_DISPOSITIFS)
    assert [d.statut for d in brouillons] == [Statut.BROUILLON]


def test_les_thematiques_sont_celles_de_data_inclusion(demo):
    from data_inclusion.schema import v1

    referentiel = {t.value for t in v1.Thematique}
    codes = set(Thematique.objects.values_list("code", flat=True))
    assert codes
    assert codes <= referentiel


def test_les_quartiers_de_2015_sans_code_qpv_invente(demo):
    quartiers = Quartier.objects.all()
    assert quartiers.filter(categorie=Quartier.Categorie.PRIORITAIRE).count() == 10
    assert set(
        quartiers.filter(categorie=Quartier.Categorie.VEILLE).values_list("slug", flat=True)
    ) == {"morier", "vallee-violette"}
    assert not quartiers.exclude(code_qpv="").exists()


def eligibles(*, age, situation, quartier=None, mois=10, diplome_qualifiant=False):
    """Les règles d'éligibilité du DOMAIN.md, appliquées aux seules données des dispositifs."""
    quartier = Quartier.objects.get(slug=quartier) if quartier else None
    slugs = set()
    for d in Dispositif.objects.publies().pour_age(age).filter(situations__code=situation):
        if d.reserve_qpv and quartier and quartier.categorie != Quartier.Categorie.PRIORITAIRE:
            continue
        if d.echelle == Echelle.QUARTIERS and quartier and quartier not in d.quartiers.all():
            continue
        if d.diplome == Dispositif.Diplome.SANS_DIPLOME and diplome_qualifiant:
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
            {"referents-decrochage-gpds", "mlds", "cordees-de-la-reussite"},
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
    assert "e2c" not in eligibles(age=17, situation="sorti-sans-diplome-moins-1-an")
    for slug in ("siei", "perseverance-scolaire"):
        assert not Dispositif.objects.get(slug=slug).situations.exists()
