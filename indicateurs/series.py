"""Séries annuelles des indicateurs, telles que le public les lit.

Une série est la suite des valeurs d'un indicateur, année par année, pour un périmètre :
l'ensemble du territoire, un quartier, un dispositif, ou un dispositif dans un quartier.
Les valeurs viennent des mesures saisies, ou des données du portail pour les indicateurs
calculés (séances tenues, diffusions, supports, articulations), jamais saisies deux fois.

Chaque fonction publique lit la base en un nombre fixe de requêtes, quel que soit le volume :

- `dernieres_valeurs(indicateurs)` et `series_completes(indicateurs)` : au plus 2 (les mesures
  saisies, et une requête agrégée pour tous les indicateurs calculés) ;
- `series_du_quartier(quartier)` et `series_du_dispositif(dispositif)` : 1.

Les effectifs de jeunes (indicateurs saisis de type nombre) sous le seuil
`settings.SEUIL_PETITS_EFFECTIFS` ne sont jamais publiés exactement : « moins de 5 ». Ce que
vaut chaque point et comment il s'écrit : `indicateurs.valeurs` ; son diagramme :
`indicateurs.graphique`.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import ExtractYear
from django.utils import timezone

from actions.models import Articulation
from contrat_ville.francais import cle_alphabetique
from contrat_ville.models import Quartier
from dispositifs.models import Dispositif
from indicateurs import valeurs
from indicateurs.graphique import graphique_en_barres
from indicateurs.models import Indicateur, Mesure
from seances.models import Diffusion, Seance

Calcul = Indicateur.Calcul
TypeValeur = Indicateur.TypeValeur

ORIGINES = {
    Calcul.SAISI: "Valeurs saisies par l'équipe du contrat de ville.",
    Calcul.SEANCES_TENUES: (
        "Calculé à partir des séances publiées et tenues enregistrées sur le portail, "
        "par année de la séance."
    ),
    Calcul.DIFFUSIONS: (
        "Calculé à partir des diffusions de notes de résultats enregistrées sur le portail, "
        "par année de diffusion."
    ),
    Calcul.SUPPORTS: (
        "Calculé à partir des diffusions enregistrées sur le portail : « oui » les années où "
        "le support de présentation des dispositifs a été diffusé."
    ),
    Calcul.ARTICULATIONS: (
        "Calculé à partir du maillage publié sur le portail : articulations existantes en fin "
        "d'année, cumulées depuis leur création."
    ),
}


AVEC_EXEMPLES = (
    "Certaines valeurs sont des exemples illustratifs, non réels : elles sont marquées « exemple »."
)


def origine(indicateur):
    """D'où viennent les valeurs d'un indicateur, en une phrase pour le public."""
    return ORIGINES[indicateur.calcul]


def seuil_petits_effectifs():
    return settings.SEUIL_PETITS_EFFECTIFS


def est_un_effectif_de_jeunes(indicateur):
    """Les effectifs saisis comptent des jeunes ; les effectifs calculés comptent des séances,
    des diffusions ou des articulations, qui se publient exactement."""
    return indicateur.calcul == Calcul.SAISI and indicateur.type_valeur == TypeValeur.NOMBRE


# --- Points et séries -------------------------------------------------------------------------


@dataclass(frozen=True)
class Point:
    """La valeur d'une année ; `affichage` est ce que le public lit, sur la page comme en CSV."""

    annee: int
    valeur: Decimal | None
    texte: str
    type_valeur: str
    masque: bool = False
    seuil: int = 0
    est_exemple: bool = False
    source: str = ""

    @property
    def affichage(self):
        return valeurs.affichage(
            self.type_valeur, self.valeur, self.texte, masque=self.masque, seuil=self.seuil
        )

    @property
    def pour_export(self):
        """La cellule de tableur : le nombre lui-même quand il y en a un (l'unité et « % » ont
        leur colonne), pour qu'un tableur le lise comme tel ; sinon ce que le public lit."""
        return self.valeur if self.est_tracable else self.affichage

    @property
    def est_tracable(self):
        return self.valeur is not None and self.type_valeur in valeurs.TYPES_NUMERIQUES


def point(indicateur, annee, valeur, *, texte="", est_exemple=False, source=""):
    """Construit le point d'une année en appliquant le secret des petits effectifs."""
    seuil = seuil_petits_effectifs()
    masque = est_un_effectif_de_jeunes(indicateur) and valeur is not None and 0 < valeur < seuil
    return Point(
        annee=annee,
        valeur=None if masque else valeur,
        texte="" if masque else texte,
        type_valeur=indicateur.type_valeur,
        masque=masque,
        seuil=seuil,
        est_exemple=est_exemple,
        source=source,
    )


def point_de_mesure(mesure, indicateur):
    return point(
        indicateur,
        mesure.periode,
        mesure.valeur,
        texte=mesure.valeur_texte,
        est_exemple=mesure.est_exemple,
        source=mesure.source,
    )


@dataclass
class Serie:
    """Les points d'un indicateur pour un périmètre, par année croissante ; itérable."""

    indicateur: Indicateur
    points: list[Point] = field(default_factory=list)
    quartier: Quartier | None = None
    dispositif: Dispositif | None = None

    def __iter__(self):
        return iter(self.points)

    def __len__(self):
        return len(self.points)

    @property
    def derniere(self):
        return self.points[-1] if self.points else None

    @property
    def est_exemple(self):
        return any(p.est_exemple for p in self.points)

    @property
    def a_des_petits_effectifs(self):
        return any(p.masque for p in self.points)

    @property
    def seuil(self):
        return seuil_petits_effectifs()

    @property
    def unite(self):
        return self.indicateur.unite

    @property
    def perimetre(self):
        if self.dispositif and self.quartier:
            return f"{self.dispositif.nom}, {self.quartier.nom}"
        if self.dispositif:
            return self.dispositif.nom
        if self.quartier:
            return self.quartier.nom
        return "ensemble du territoire"

    @property
    def titre(self):
        return f"{self.indicateur.libelle} ({self.perimetre})"

    @cached_property
    def graphique(self):
        """Géométrie du diagramme en barres, ou None quand il n'y a rien à tracer (oui/non,
        texte, aucune valeur numérique) : le tableau suffit alors."""
        if not any(p.est_tracable or p.masque for p in self.points):
            return None
        return graphique_en_barres(self.points, titre=self.titre, unite=self.unite)


@dataclass
class Resultats:
    """Toutes les séries publiques d'un indicateur : globale et réparties."""

    indicateur: Indicateur
    globale: Serie
    par_quartier: list[Serie] = field(default_factory=list)
    par_dispositif: list[Serie] = field(default_factory=list)
    croisees: list[Serie] = field(default_factory=list)

    @property
    def origine(self):
        if any(serie.est_exemple for serie in self.toutes):
            return f"{origine(self.indicateur)} {AVEC_EXEMPLES}"
        return origine(self.indicateur)

    @property
    def est_vide(self):
        return not any(self.toutes)

    @property
    def toutes(self):
        return [self.globale, *self.par_quartier, *self.par_dispositif, *self.croisees]

    @property
    def repartition_quartiers(self):
        return TableauCroise.depuis(self.par_quartier)

    @property
    def repartition_dispositifs(self):
        return TableauCroise.depuis(self.par_dispositif + self.croisees)


@dataclass(frozen=True)
class LigneCroisee:
    serie: Serie
    cellules: list  # un Point ou None par année du tableau


@dataclass(frozen=True)
class TableauCroise:
    """Périmètres en lignes, dernières années en colonnes (« — » quand rien n'est publié)."""

    annees: list[int]
    lignes: list[LigneCroisee]

    ANNEES_AFFICHEES = 5

    @classmethod
    def depuis(cls, series, nombre_annees=ANNEES_AFFICHEES):
        annees = sorted({p.annee for serie in series for p in serie})[-nombre_annees:]
        lignes = []
        for serie in series:
            par_annee = {p.annee: p for p in serie}
            lignes.append(LigneCroisee(serie, [par_annee.get(annee) for annee in annees]))
        return cls(annees=annees, lignes=lignes)

    @property
    def est_exemple(self):
        return any(ligne.serie.est_exemple for ligne in self.lignes)

    def __bool__(self):
        return bool(self.lignes)


# --- Lecture des mesures saisies ----------------------------------------------------------------


def _cle_perimetre(serie):
    """Par dispositif, commune puis quartier, dans l'ordre alphabétique français ; l'ensemble
    (sans dispositif ni quartier) d'abord."""
    quartier, dispositif = serie.quartier, serie.dispositif
    return (
        cle_alphabetique(dispositif.nom if dispositif else ""),
        cle_alphabetique(quartier.commune if quartier else ""),
        cle_alphabetique(quartier.nom if quartier else ""),
    )


def _series_de_mesures(mesures, indicateurs_par_pk):
    """Regroupe des mesures (triées par année) en séries par indicateur et périmètre."""
    series = {}
    for mesure in mesures:
        indicateur = indicateurs_par_pk.get(mesure.indicateur_id) or mesure.indicateur
        cle = (indicateur.pk, mesure.quartier_id, mesure.dispositif_id)
        if cle not in series:
            series[cle] = Serie(indicateur, quartier=mesure.quartier, dispositif=mesure.dispositif)
        series[cle].points.append(point_de_mesure(mesure, indicateur))
    return series


def dernieres_valeurs(indicateurs):
    """{pk: Serie} réduite à la dernière valeur d'ensemble du territoire : ce qu'affichent la
    liste des indicateurs et les chiffres clés de l'accueil. Au plus 2 requêtes, et une seule
    mesure lue par indicateur saisi (par l'index unique de l'indicateur et de l'année), quel
    que soit le nombre d'années publiées."""
    indicateurs = list(indicateurs)
    saisis = [i.pk for i in indicateurs if not i.est_calcule]
    series = {}
    if saisis:
        derniere = (
            Mesure.objects.filter(
                indicateur=OuterRef("pk"), quartier__isnull=True, dispositif__isnull=True
            )
            .order_by("-periode")
            .values("pk")[:1]
        )
        dernieres = Indicateur.objects.filter(pk__in=saisis).values(mesure=Subquery(derniere))
        mesures = Mesure.objects.publiques().filter(pk__in=dernieres)
        series = _series_de_mesures(mesures, {i.pk: i for i in indicateurs})
    calcules = {i.calcul for i in indicateurs if i.est_calcule}
    comptes = _comptes_calcules(calcules) if calcules else {}
    resultat = {}
    for indicateur in indicateurs:
        if indicateur.est_calcule:
            points = _points_calcules(indicateur, comptes)[-1:]
        else:
            serie = series.get((indicateur.pk, None, None))
            points = serie.points if serie else []
        resultat[indicateur.pk] = Serie(indicateur, points=points)
    return resultat


def series_completes(indicateurs):
    """{pk: Resultats} : série globale et répartitions par quartier et par dispositif."""
    indicateurs = list(indicateurs)
    par_pk = {indicateur.pk: indicateur for indicateur in indicateurs}
    saisis = [i.pk for i in indicateurs if not i.est_calcule]
    series = {}
    if saisis:
        mesures = Mesure.objects.publiques().pour_series().filter(indicateur__in=saisis)
        series = _series_de_mesures(mesures, par_pk)
    calcules = {i.calcul for i in indicateurs if i.est_calcule}
    comptes = _comptes_calcules(calcules) if calcules else {}

    series_par_indicateur = defaultdict(list)
    for (pk, _, _), serie in series.items():
        series_par_indicateur[pk].append(serie)
    resultats = {}
    for indicateur in indicateurs:
        if indicateur.est_calcule:
            globale = Serie(indicateur, points=_points_calcules(indicateur, comptes))
            resultats[indicateur.pk] = Resultats(indicateur, globale)
            continue
        siennes = series_par_indicateur[indicateur.pk]
        globale = next(
            (s for s in siennes if s.quartier is None and s.dispositif is None),
            Serie(indicateur),
        )
        reparties = sorted((s for s in siennes if s is not globale), key=_cle_perimetre)
        resultats[indicateur.pk] = Resultats(
            indicateur,
            globale,
            par_quartier=[s for s in reparties if s.dispositif is None],
            par_dispositif=[s for s in reparties if s.dispositif and s.quartier is None],
            croisees=[s for s in reparties if s.dispositif and s.quartier],
        )
    return resultats


def _series_d_un_perimetre(mesures):
    series = list(_series_de_mesures(mesures.select_related("indicateur__fiche"), {}).values())
    # L'ordre des indicateurs (fiche, réalisations avant effets) puis celui des périmètres.
    return sorted(
        series,
        key=lambda s: (
            s.indicateur.fiche.code,
            s.indicateur.nature != Indicateur.Nature.REALISATION,
            s.indicateur.ordre,
            s.indicateur.pk,
            _cle_perimetre(s),
        ),
    )


def series_du_quartier(quartier):
    """Séries publiques des mesures saisies pour ce quartier (seul ou croisé avec un
    dispositif), par indicateur : pour la page du quartier et le support PDF."""
    return _series_d_un_perimetre(
        Mesure.objects.publiques().pour_series().filter(quartier=quartier)
    )


def series_du_dispositif(dispositif):
    """Séries publiques des mesures saisies pour ce dispositif (seul ou dans un quartier)."""
    return _series_d_un_perimetre(
        Mesure.objects.publiques().pour_series().filter(dispositif=dispositif)
    )


# --- Indicateurs calculés à partir des données du portail ----------------------------------


def _comptes_par_annee(lignes, *, origine, annee, cle=None):
    """(origine, année, clé, nombre, nombre d'exemples) de `lignes` groupées par année (et par
    clé) : une requête qui se réunit (UNION) avec les autres comptes."""
    texte = CharField()
    return (
        lignes.order_by()
        .annotate(annee=annee, cle=cle if cle is not None else Value("", output_field=texte))
        .values("annee", "cle")
        .annotate(
            origine=Value(origine, output_field=texte),
            nombre=Count("pk"),
            exemples=Count("pk", filter=Q(est_exemple=True)),
        )
        .values_list("origine", "annee", "cle", "nombre", "exemples")
    )


def _comptes_calcules(calculs):
    """Une seule requête agrégée (UNION) pour tous les indicateurs calculés demandés.

    Renvoie {(origine, année, clé): (nombre, nombre d'exemples)} ; la clé distingue les
    supports des diffusions, vide sinon."""
    fuseau = timezone.get_default_timezone()
    requetes = []
    if Calcul.SEANCES_TENUES in calculs:
        requetes.append(
            _comptes_par_annee(
                Seance.objects.publies().tenues(),
                origine="seances",
                annee=ExtractYear("debut", tzinfo=fuseau),
            )
        )
    if calculs & {Calcul.DIFFUSIONS, Calcul.SUPPORTS}:
        requetes.append(
            _comptes_par_annee(
                Diffusion.objects.all(),
                origine="diffusions",
                annee=ExtractYear("date"),
                cle=F("support"),
            )
        )
    if Calcul.ARTICULATIONS in calculs:
        requetes.append(
            _comptes_par_annee(
                Articulation.objects.publies(),
                origine="articulations",
                annee=ExtractYear("cree_le", tzinfo=fuseau),
            )
        )
    premiere, *autres = requetes
    requete = premiere.union(*autres, all=True) if autres else premiere
    return {(o, annee, cle): (n, ex) for o, annee, cle, n, ex in requete}


def _points_calcules(indicateur, comptes):
    """Les valeurs d'un indicateur calculé, année par année, sans trou entre la première année
    et la dernière (une année sans séance compte 0)."""
    origine_source, cles = {
        Calcul.SEANCES_TENUES: ("seances", None),
        Calcul.DIFFUSIONS: ("diffusions", {Diffusion.Support.RESULTATS}),
        Calcul.SUPPORTS: ("diffusions", {Diffusion.Support.PRESENTATION}),
        Calcul.ARTICULATIONS: ("articulations", None),
    }[indicateur.calcul]
    par_annee = defaultdict(lambda: [0, 0])
    for (o, annee, cle), (nombre, exemples) in comptes.items():
        if o == origine_source and (cles is None or cle in cles):
            par_annee[annee][0] += nombre
            par_annee[annee][1] += exemples
    if not par_annee:
        return []
    premiere, derniere = min(par_annee), max(par_annee)
    if indicateur.calcul == Calcul.ARTICULATIONS:
        # Une articulation publiée existe depuis sa création : le compte est cumulé jusqu'à
        # l'année en cours.
        derniere = max(derniere, timezone.localdate().year)
    source = indicateur.source or "Données du portail"
    points, cumul, cumul_exemples = [], 0, 0
    for annee in range(premiere, derniere + 1):
        nombre, exemples = par_annee.get(annee, (0, 0))
        if indicateur.calcul == Calcul.ARTICULATIONS:
            cumul, cumul_exemples = cumul + nombre, cumul_exemples + exemples
            nombre, exemples = cumul, cumul_exemples
        valeur = Decimal(nombre)
        if indicateur.calcul == Calcul.SUPPORTS:
            valeur = Decimal(1 if nombre else 0)
        points.append(point(indicateur, annee, valeur, est_exemple=exemples > 0, source=source))
    return points
