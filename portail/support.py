"""Le support de présentation des dispositifs (comité opérationnel) : son contenu, la version
des données qu'il montre, et son PDF.

Le même contenu sert l'aperçu HTML (`/support/`) et le PDF (`/support/pdf/`) ; un quartier le
restreint à ce qui y est accessible, comme sa page publique. Le chargement se fait en un nombre
fixe de requêtes, quel que soit le nombre de dispositifs.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from actions.maillage import construire_maillage
from actions.models import ActionEducative, Articulation
from contrat_ville.francais import cle_alphabetique
from contrat_ville.models import ContratDeVille
from dispositifs.models import Dispositif
from fiches.models import Fiche
from indicateurs import series
from indicateurs.models import Indicateur
from portail import cache, pdf
from seances.models import Seance

# Change quand la mise en page du support change : les PDF gardés en cache sont alors refaits.
FORMAT = 1

# Le contenu du support, et ses deux cadres : la page du site et le PDF.
GABARIT = "portail/support/support.html"
CADRE_APERCU = "portail/support/apercu.html"
CADRE_PDF = "portail/support/support_pdf.html"


@dataclass(frozen=True)
class VersionDuSupport:
    """« 20250614-3f9a2c1d » : le jour et une empreinte de la version des données
    (`VersionDonnees`, la même que celle du cache des pages) et du format du support."""

    jour: date
    empreinte: str

    def __str__(self):
        return f"{self.jour:%Y%m%d}-{self.empreinte}"


def jour_des_donnees():
    """Le jour que le support dit « à jour au » : ses données sont lues à la demande. Les liens
    de téléchargement le donnent sans lire la version (aucune requête)."""
    return timezone.localdate()


def version_des_donnees(request=None):
    """La version des données que montre le support, lue une fois par requête."""
    empreinte = hashlib.sha256(f"{FORMAT}:{cache.version_des_donnees(request)}".encode())
    return VersionDuSupport(jour=jour_des_donnees(), empreinte=empreinte.hexdigest()[:8])


def _fiches_presentees(fiches):
    """Les fiches de `settings.SUPPORT_FICHES` publiées, sinon toutes les fiches publiées."""
    choisies = [fiche for fiche in fiches if fiche.code in settings.SUPPORT_FICHES]
    return choisies or fiches


def contenu(request, quartier=None, *, version=None, cadre=CADRE_APERCU):
    """Le contexte des gabarits du support (aperçu et PDF), en un nombre fixe de requêtes."""
    fiches = _fiches_presentees(
        list(Fiche.objects.publies().select_related("contrat").order_by("code"))
    )
    # Le comité opérationnel est celui du contrat en vigueur, même quand la fiche présentée
    # vient du contrat précédent (la 1.2.2 de 2017).
    contrat = ContratDeVille.objects.courant()

    dispositifs = Dispositif.objects.publies()
    actions = ActionEducative.objects.publies()
    seances = Seance.objects.publies().tenues()
    if quartier is not None:
        dispositifs = dispositifs.dans_quartier(quartier)
        actions = actions.dans_quartier(quartier)
        seances = seances.filter(quartier=quartier)
    seances = list(seances.pour_liste().order_by("-debut", "-pk"))
    dispositifs = sorted(dispositifs.pour_support(), key=lambda d: cle_alphabetique(d.nom))
    for dispositif in dispositifs:
        # Filtré par quartier : le lieu de ce quartier ; sinon, chaque lieu où s'adresser.
        dispositif.lieux_du_support = (
            dispositif.lieux_pour(quartier)
            if quartier is not None
            else [lieu for lieu, _ in dispositif.ou_s_adresser()]
        )
    actions = list(actions.select_related("porteur"))
    articulations = Articulation.objects.visibles().order_by()
    if quartier is not None:
        articulations = articulations.filter(action__quartiers=quartier)
    lignes = construire_maillage(actions, dispositifs, list(articulations))
    maillage = [ligne for ligne in lignes if ligne.articulations]

    indicateurs = list(Indicateur.objects.visibles().filter(fiche__in=fiches).pour_liste())
    if quartier is None:
        resultats = series.series_completes(indicateurs)
        resultats = [resultats[indicateur.pk] for indicateur in indicateurs]
        series_du_quartier = []
    else:
        resultats = []
        codes = {fiche.code for fiche in fiches}
        series_du_quartier = [
            serie
            for serie in series.series_du_quartier(quartier)
            if serie.indicateur.fiche.code in codes
        ]

    version = version or version_des_donnees(request)
    return {
        "cadre": cadre,
        "quartier": quartier,
        "contrat": contrat,
        "fiches": fiches,
        "version": str(version),
        "a_jour_au": version.jour,
        "origine": request.build_absolute_uri("/").rstrip("/"),
        "dispositifs": dispositifs,
        "maillage": maillage,
        "nb_articulations": sum(len(ligne.articulations) for ligne in maillage),
        # La couverture dit combien de ces contenus sont illustratifs (ils restent dans le
        # support, chacun marqué « exemple »).
        "exemples": {
            "dispositifs": sum(d.est_illustratif for d in dispositifs),
            "articulations": sum(
                articulation.est_exemple or ligne.action.est_exemple
                for ligne in maillage
                for _, articulation in ligne.articulations
            ),
            "seances": sum(s.est_exemple for s in seances),
        },
        "nb_actions_sans_articulation": len(lignes) - len(maillage),
        "resultats": resultats,
        "series_du_quartier": series_du_quartier,
        "seances": seances,
        "seances_par_annee": [
            (annee, list(groupe))
            for annee, groupe in groupby(seances, key=lambda s: timezone.localtime(s.debut).year)
        ],
    }


def nom_du_pdf(quartier, version):
    suffixe = f"-{quartier.slug}" if quartier else ""
    return f"support-dispositifs{suffixe}-{version}.pdf"


def cle_du_pdf(request, quartier, version):
    """La clé de cache d'un PDF : version des données, quartier, et adresse du portail (les
    liens du PDF sont absolus)."""
    origine = hashlib.sha256(request.build_absolute_uri("/").encode()).hexdigest()[:12]
    return f"support-pdf:{version}:{quartier.slug if quartier else '-'}:{origine}"


def pdf_du_support(request, quartier=None, *, utiliser_cache=True, recuperateur=None):
    """(octets du PDF, version des données) ; le PDF est gardé en cache sous `cle_du_pdf`.

    Lève `pdf.RenduImpossible` si le rendu échoue ou dépasse `settings.PDF_TIMEOUT`."""
    version = version_des_donnees(request)
    cle = cle_du_pdf(request, quartier, version) if utiliser_cache else None
    if cle and (garde := pdf.pdf_garde(cle)) is not None:
        return garde, version
    # Les données sont lues dans une transaction (une vue cohérente) que le rendu, long, ne
    # garde pas ouverte.
    with transaction.atomic():
        html = render_to_string(
            GABARIT, contenu(request, quartier, version=version, cadre=CADRE_PDF), request=request
        )
    contenu_pdf = pdf.html_vers_pdf(
        html, base_url=request.build_absolute_uri("/"), recuperateur=recuperateur, garder_sous=cle
    )
    return contenu_pdf, version
