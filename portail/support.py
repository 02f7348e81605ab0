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
from django.db.models import CharField, DateTimeField, F, Func, IntegerField, Value
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils import timezone

from actions.maillage import construire_maillage
from actions.models import ActionEducative, Articulation
from contrat_ville.francais import cle_alphabetique
from contrat_ville.models import ContratDeVille, Quartier, Structure
from dispositifs.models import Dispositif, Situation
from fiches.models import Fiche
from indicateurs import series
from indicateurs.models import Indicateur, Mesure
from portail import pdf
from seances.models import Diffusion, Seance

# Change quand la mise en page du support change : les PDF gardés en cache sont alors refaits.
FORMAT = 1

# Tout ce que le support montre. Pour chaque table : nombre de lignes et plus grand identifiant
# (ajouts et suppressions, même en masse), date de dernière modification quand elle existe, et
# la même chose pour son historique (toute modification enregistrée, même sans `modifie_le`).
MODELES_SUIVIS = [
    ContratDeVille,
    Quartier,
    Structure,
    Fiche,
    Dispositif,
    Situation,
    ActionEducative,
    Articulation,
    Seance,
    Indicateur,
    Mesure,
    Diffusion,
]
# Les relations plusieurs-à-plusieurs affichées n'ont pas d'historique : leurs tables de liaison
# sont suivies à part.
LIAISONS_SUIVIES = [
    Dispositif.situations.through,
    Dispositif.quartiers.through,
    ActionEducative.quartiers.through,
    Fiche.dispositifs.through,
]


def _etat_table(modele, champ_date=None):
    """Une ligne « modèle, nombre, plus grand identifiant, dernière date » pour toute la table.

    COUNT et MAX sont écrits comme des fonctions, pas des agrégats Django : la requête reste
    une ligne unique sans GROUP BY, que l'on peut réunir (UNION ALL) avec les autres.
    """
    date_max = (
        Func(F(champ_date), function="MAX", output_field=DateTimeField())
        if champ_date
        # Typé explicitement : PostgreSQL refuse de réunir un NULL texte et une date.
        else Cast(Value(None), output_field=DateTimeField())
    )
    return (
        modele.objects.order_by()
        .annotate(
            table=Value(modele._meta.label, output_field=CharField()),
            nombre=Func(F("pk"), function="COUNT", output_field=IntegerField()),
            dernier=Func(F("pk"), function="MAX", output_field=IntegerField()),
            date_max=date_max,
        )
        .values_list("table", "nombre", "dernier", "date_max")
    )


@dataclass(frozen=True)
class VersionDonnees:
    """« 20250614-3f9a2c1d » : le jour et une empreinte de l'état des données montrées."""

    jour: date
    empreinte: str

    def __str__(self):
        return f"{self.jour:%Y%m%d}-{self.empreinte}"


def version_des_donnees():
    """La version des données du support, en une requête : toute publication, modification,
    création ou suppression d'un contenu montré la change, et le jour aussi."""
    etats = [
        _etat_table(modele, "modifie_le" if hasattr(modele, "modifie_le") else None)
        for modele in MODELES_SUIVIS
    ]
    etats += [_etat_table(modele.history.model, "history_date") for modele in MODELES_SUIVIS]
    etats += [_etat_table(liaison) for liaison in LIAISONS_SUIVIES]
    premier, *autres = etats
    lignes = sorted(premier.union(*autres, all=True), key=lambda ligne: ligne[0])
    empreinte = hashlib.sha256(repr((FORMAT, lignes)).encode()).hexdigest()[:8]
    return VersionDonnees(jour=timezone.localdate(), empreinte=empreinte)


def _fiches_presentees(fiches):
    """Les fiches de `settings.SUPPORT_FICHES` publiées, sinon toutes les fiches publiées."""
    choisies = [fiche for fiche in fiches if fiche.code in settings.SUPPORT_FICHES]
    return choisies or fiches


def contenu(request, quartier=None, *, version=None):
    """Le contexte des gabarits du support (aperçu et PDF), en un nombre fixe de requêtes."""
    fiches = _fiches_presentees(
        list(Fiche.objects.publies().select_related("contrat").order_by("code"))
    )
    if quartier is not None:
        contrat = quartier.contrat
    elif fiches:
        contrat = fiches[0].contrat
    else:
        contrat = ContratDeVille.objects.order_by("-annee_debut").first()

    dispositifs = Dispositif.objects.publies()
    actions = ActionEducative.objects.publies()
    seances = Seance.objects.publies().tenues()
    if quartier is not None:
        dispositifs = dispositifs.dans_quartier(quartier)
        actions = actions.dans_quartier(quartier)
        seances = seances.filter(quartier=quartier)
    seances = list(seances.pour_liste().order_by("-debut", "-pk"))
    dispositifs = sorted(dispositifs.pour_support(), key=lambda d: cle_alphabetique(d.nom))
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

    version = version or version_des_donnees()
    return {
        "quartier": quartier,
        "contrat": contrat,
        "fiches": fiches,
        "version": str(version),
        "a_jour_au": version.jour,
        "origine": request.build_absolute_uri("/").rstrip("/"),
        "dispositifs": dispositifs,
        "maillage": maillage,
        "nb_articulations": sum(len(ligne.articulations) for ligne in maillage),
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
    version = version_des_donnees()
    cle = cle_du_pdf(request, quartier, version) if utiliser_cache else None
    if cle and (garde := pdf.pdf_garde(cle)) is not None:
        return garde, version
    # Les données sont lues dans une transaction (une vue cohérente) que le rendu, long, ne
    # garde pas ouverte.
    with transaction.atomic():
        html = render_to_string(
            "portail/support/support_pdf.html",
            contenu(request, quartier, version=version),
            request=request,
        )
    contenu_pdf = pdf.html_vers_pdf(
        html, base_url=request.build_absolute_uri("/"), recuperateur=recuperateur, garder_sous=cle
    )
    return contenu_pdf, version
