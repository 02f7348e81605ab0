"""La commande `generer_volume` : effectifs, contraintes des modèles, lots successifs, --vider."""

import io
import re
from collections import Counter
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from actions.models import ActionEducative, Articulation
from contrat_ville.models import AxeTransversal, ContratDeVille, Pilier, Quartier, Structure
from contrat_ville.publication import Statut
from demo.volume import effectifs
from dispositifs import recherche
from dispositifs.models import (
    Dispositif,
    Echelle,
    Situation,
    Thematique,
)
from fiches.models import Fiche
from indicateurs.models import Indicateur, Mesure
from seances.models import Participation, Seance, Suite

FACTEUR = 0.05
# Volume de référence du cahier des charges, recopié ici et non importé de la commande : si la
# commande change ses effectifs, ce test doit le voir.
REFERENCE = {
    Quartier: 40,
    Structure: 200,
    Fiche: 20,
    Dispositif: 300,
    ActionEducative: 200,
    Articulation: 600,
    Seance: 1000,
    Indicateur: 60,
    Mesure: 20000,
}
PUBLIABLES = [Structure, Dispositif, Fiche, Indicateur, ActionEducative, Seance, Articulation]
SITUATIONS = {
    "scolarise",
    "scolarise-risque-decrochage",
    "sorti-sans-diplome-moins-1-an",
    "sorti-sans-diplome-plus-1-an",
    "sans-solution-rentree",
    "ni-emploi-ni-formation",
    "difficultes-personnelles",
}
THEMATIQUES = {
    "se-former--trouver-sa-formation",
    "remobilisation--bien-etre-confiance-en-soi",
    "famille--soutien-a-la-parentalite-et-a-leducation",
    "sante--sante-mentale",
}
ACCENTS = re.compile(r"[àâçéèêëîïôûùüÿœ]", re.IGNORECASE)


def attendu(modele, facteur=FACTEUR):
    return max(1, round(REFERENCE[modele] * facteur))


def generer(**options):
    options.setdefault("facteur", FACTEUR)
    # La suite tourne sans DEBUG, comme un serveur : la commande y exige --force.
    options.setdefault("force", True)
    sortie = io.StringIO()
    call_command("generer_volume", stdout=sortie, **options)
    return sortie.getvalue()


def lot(numero):
    """Les dispositifs d'un lot, dans leur ordre de création."""
    return Dispositif.objects.filter(slug__startswith=f"vol-r{numero}-").order_by("pk")


@pytest.fixture
def volume():
    return generer()


def test_le_volume_de_reference_est_celui_du_cahier_des_charges():
    assert effectifs(1) == {
        "quartiers": 40,
        "structures": 200,
        "fiches": 20,
        "dispositifs": 300,
        "actions": 200,
        "articulations": 600,
        "seances": 1000,
        "indicateurs": 60,
        "mesures": 20000,
    }
    assert effectifs(10)["mesures"] == 200_000
    assert effectifs(0.001)["fiches"] == 1  # jamais zéro


@pytest.mark.django_db
def test_chaque_effectif_vaut_la_reference_multipliee_par_le_facteur(volume):
    for modele in REFERENCE:
        assert modele.objects.count() == attendu(modele), modele.__name__
    assert ContratDeVille.objects.count() == 1
    assert Pilier.objects.count() == 3
    assert AxeTransversal.objects.count() == 2
    seances = attendu(Seance)
    assert Participation.objects.count() == 3 * seances
    assert Suite.objects.count() == seances


@pytest.mark.django_db
def test_le_resume_donne_les_effectifs_crees_et_la_duree(volume):
    assert re.search(r"Lot « vol-r1 » généré \(facteur 0,05, graine \d+\) en \d+,\d s", volume)
    lignes = dict(re.findall(r"^  (\S.*?)\s{2,}([\d\u202f]+)$", volume, re.MULTILINE))
    assert lignes["dispositifs"] == "15"
    assert lignes["mesures"] == "1\u202f000"
    assert lignes["séances"] == "50"


@pytest.mark.django_db
def test_les_donnees_generees_passent_la_validation_des_modeles(volume):
    echantillons = [
        ContratDeVille.objects.all(),
        Pilier.objects.all(),
        Quartier.objects.all(),
        Structure.objects.all(),
        Dispositif.objects.all(),
        Fiche.objects.all(),
        Indicateur.objects.all(),
        ActionEducative.objects.all(),
        Seance.objects.all(),
        Participation.objects.all(),
        Suite.objects.all(),
        Articulation.objects.all(),
        Mesure.objects.order_by("?")[:150],
    ]
    for queryset in echantillons:
        for objet in queryset:
            objet.full_clean()  # champs, choix, longueurs, unicité et contraintes de la base


@pytest.mark.django_db
def test_les_donnees_sont_vraisemblables(volume):
    for modele in (Dispositif, ActionEducative):
        for age_min, age_max in modele.objects.values_list("age_min", "age_max"):
            assert age_min is None or age_max is None or age_min <= age_max

    maintenant = timezone.now()
    passees = Counter()
    for seance in Seance.objects.all():
        assert (seance.echelle == Seance.Echelle.QUARTIER) == (seance.quartier_id is not None)
        assert 2016 <= timezone.localtime(seance.debut).year <= 2027
        assert seance.fin > seance.debut
        if seance.debut < maintenant:
            passees[seance.etat] += 1
    assert passees[Seance.Etat.TENUE] > 0.7 * sum(passees.values())

    for dispositif in Dispositif.objects.prefetch_related("quartiers", "situations"):
        quartiers = list(dispositif.quartiers.all())
        assert bool(quartiers) == (dispositif.echelle == Echelle.QUARTIERS), dispositif.nom
        assert dispositif.situations.all(), dispositif.nom
        assert len(dispositif.description) >= 150 and ACCENTS.search(dispositif.description)
        assert ACCENTS.search(dispositif.resume) or ACCENTS.search(dispositif.comment_mobiliser)

    statuts = Counter()
    for modele in PUBLIABLES:
        statuts.update(modele.objects.values_list("statut", flat=True))
    part_publiee = statuts[Statut.PUBLIE] / sum(statuts.values())
    assert 0.8 <= part_publiee <= 0.97
    assert len(statuts) > 1


@pytest.mark.django_db
def test_les_dispositifs_generes_sont_indexes_pour_la_recherche(volume):
    for dispositif in Dispositif.objects.select_related("porteur"):
        document, racines = dispositif.document, dispositif.racines
        dispositif.indexer()
        assert document and (document, racines) == (dispositif.document, dispositif.racines)

    trouves = recherche.rechercher(Dispositif.objects.all(), "décrochage scolaire")
    assert 0 < trouves.count() < Dispositif.objects.count()


@pytest.mark.django_db
def test_les_mesures_couvrent_les_annees_et_les_decoupages_sans_doublon(volume):
    cles = list(Mesure.objects.values_list("indicateur", "periode", "quartier", "dispositif"))
    assert len(set(cles)) == len(cles)
    assert {periode for _, periode, _, _ in cles} == set(range(2016, 2026))
    decoupages = Counter((q is not None, d is not None) for _, _, q, d in cles)
    assert set(decoupages) == {(False, False), (True, False), (False, True), (True, True)}
    calcules = Indicateur.objects.exclude(calcul=Indicateur.Calcul.SAISI)
    assert not Mesure.objects.filter(indicateur__in=calcules).exists()


@pytest.mark.django_db
def test_tout_objet_genere_est_reconnaissable(volume):
    for modele in (Structure, Dispositif, ActionEducative, Quartier):
        assert all(s.startswith("vol-r1-") for s in modele.objects.values_list("slug", flat=True))
    for code in Fiche.objects.values_list("code", flat=True):
        assert re.fullmatch(r"V1\.\d+", code) and len(code) <= 20
    fiches_du_lot = Fiche.objects.filter(contrat__slug="vol-r1")
    assert not Seance.objects.exclude(fiches__in=fiches_du_lot).exists()


@pytest.mark.django_db
def test_le_volume_est_signale_comme_exemple_et_jamais_verifie(volume):
    # Des données fictives : jamais présentées comme réelles, ni vérifiées par personne.
    for modele in (Dispositif, Structure):
        objets = modele.objects.filter(slug__startswith="vol-r1-")
        assert objets.exists()
        assert not objets.filter(est_exemple=False).exists()
        assert not objets.filter(verifie_le__isnull=False).exists()


@pytest.mark.django_db
def test_situations_et_thematiques_existantes_sont_reprises_telles_quelles():
    Situation.objects.create(code="scolarise", libelle="Élève scolarisé (démo)")
    Thematique.objects.create(code="numerique--acquerir-un-equipement", libelle="Équipement")

    generer()

    assert Situation.objects.get(code="scolarise").libelle == "Élève scolarisé (démo)"
    assert set(Situation.objects.values_list("code", flat=True)) >= SITUATIONS
    assert set(Thematique.objects.values_list("code", flat=True)) >= THEMATIQUES
    assert Thematique.objects.filter(code="numerique--acquerir-un-equipement").count() == 1


@pytest.mark.django_db
def test_deux_lots_successifs_cohabitent():
    generer()
    generer()

    assert set(ContratDeVille.objects.values_list("slug", flat=True)) == {"vol-r1", "vol-r2"}
    for modele in REFERENCE:
        assert modele.objects.count() == 2 * attendu(modele), modele.__name__
    assert lot(2).count() == attendu(Dispositif)


@pytest.mark.django_db
def test_la_graine_rend_un_lot_reproductible():
    generer(graine=7)
    generer(graine=7)
    generer(graine=8)

    def noms(numero):
        return [nom.rsplit(" ", 1)[0] for nom in lot(numero).values_list("nom", flat=True)]

    assert noms(1) == noms(2)
    assert noms(1) != noms(3)


@pytest.mark.django_db
def test_vider_ne_supprime_que_les_donnees_de_volume():
    contrat = ContratDeVille.objects.create(
        nom="Contrat de ville de démonstration", slug="demo", territoire="Démo", annee_debut=2015,
        annee_fin=2030,
    )  # fmt: skip
    quartier = Quartier.objects.create(nom="Sanitas", slug="sanitas")
    quartier.classements.create(contrat=contrat, categorie=Quartier.Categorie.PRIORITAIRE)
    porteur = Structure.objects.create(
        nom="Association Vol-au-vent", slug="vol-au-vent", type=Structure.Type.ASSOCIATION
    )
    dispositif = Dispositif.objects.create(
        nom="Plateforme de suivi et d'appui aux décrocheurs",
        slug="psad",
        categorie=Dispositif.Categorie.PLATEFORME,
        porteur=porteur,
        resume="Repère les jeunes sortis sans diplôme.",
        comment_mobiliser="Contacter le CIO.",
        mobilisable_par=Dispositif.MobilisablePar.PROFESSIONNELS,
        echelle=Echelle.QUARTIERS,
    )
    dispositif.quartiers.add(quartier)
    debut = timezone.make_aware(datetime(2024, 3, 12, 14))
    seance = Seance.objects.create(
        type=Seance.Type.ANIMATION_QUARTIER, titre="Séance au Sanitas", debut=debut,
        fin=debut + timedelta(hours=2), echelle=Seance.Echelle.QUARTIER, quartier=quartier,
    )  # fmt: skip
    Participation.objects.create(seance=seance, structure=porteur)
    generer()
    generer()

    sortie = generer(vider=True)

    assert "Données de volume précédentes supprimées" in sortie
    assert set(ContratDeVille.objects.values_list("slug", flat=True)) == {"demo", "vol-r1"}
    for modele in (Fiche, Indicateur, Mesure, Articulation, ActionEducative):
        assert modele.objects.count() == attendu(modele), modele.__name__
    assert Dispositif.objects.count() == attendu(Dispositif) + 1
    assert Seance.objects.count() == attendu(Seance) + 1
    assert Structure.objects.count() == attendu(Structure) + 1
    assert Quartier.objects.count() == attendu(Quartier) + 1
    dispositif.refresh_from_db()
    assert list(dispositif.quartiers.all()) == [quartier]
    assert seance.participations.get().structure == porteur


@pytest.mark.django_db
def test_ni_la_generation_ni_la_suppression_n_ecrivent_d_historique():
    generer()
    generer(vider=True)

    for modele in (Dispositif, Seance, Mesure, Participation, Structure, Quartier):
        assert not modele.history.exists(), modele.__name__


@pytest.mark.django_db
def test_un_petit_facteur_garde_des_effectifs_exacts():
    generer(facteur=0.01)

    assert Mesure.objects.count() == attendu(Mesure, 0.01)
    assert Articulation.objects.count() == attendu(Articulation, 0.01)


@pytest.mark.django_db
@pytest.mark.parametrize("facteur", [0, -1, 0.008])
def test_un_facteur_impossible_est_refuse_sans_rien_ecrire(facteur):
    with pytest.raises(CommandError):
        generer(facteur=facteur)

    assert not ContratDeVille.objects.exists()
    assert not Structure.objects.exists()


def nombres_de_lignes():
    """Nombre de lignes de chaque modèle, historiques et tables d'association compris."""
    return {
        modele._meta.label: modele.objects.count()
        for modele in apps.get_models(include_auto_created=True)
    }


@pytest.mark.django_db
def test_hors_debug_sans_force_la_commande_refuse_et_ne_change_rien():
    avant = nombres_de_lignes()

    with pytest.raises(CommandError) as refus:
        call_command("generer_volume", facteur=FACTEUR, stdout=io.StringIO())

    message = str(refus.value)
    assert "generer_volume ajouterait des données synthétiques" in message
    assert "refusé hors développement" in message
    assert "--force" in message and "DEBUG=1" in message
    assert nombres_de_lignes() == avant


@pytest.mark.django_db
def test_hors_debug_sans_force_vider_ne_supprime_rien():
    generer()
    avant = nombres_de_lignes()

    with pytest.raises(CommandError, match="supprimerait d'abord les lots de volume"):
        call_command("generer_volume", facteur=FACTEUR, vider=True, stdout=io.StringIO())

    assert nombres_de_lignes() == avant
    assert ContratDeVille.objects.filter(slug="vol-r1").exists()


@pytest.mark.django_db
def test_en_developpement_la_commande_s_execute_sans_force(settings):
    settings.DEBUG = True

    sortie = generer(force=False)

    assert "Lot « vol-r1 » généré" in sortie
