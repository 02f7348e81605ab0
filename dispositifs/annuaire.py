"""L'annuaire des dispositifs : recherche, filtres combinés et facettes avec leurs effectifs.

Dans une facette, plusieurs valeurs cochées s'additionnent (OU) ; entre facettes, elles se
combinent (ET). L'effectif affiché à côté d'une valeur est le nombre de résultats qu'on
obtiendrait en la cochant, les autres facettes restant appliquées. Chaque facette coûte une
requête (deux pour les quartiers), quel que soit le volume.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Count, Q

from contrat_ville.models import Quartier
from contrat_ville.publication import Statut
from dispositifs import recherche
from dispositifs.models import Dispositif, Echelle, Situation, Thematique

FACETTES_MULTIPLES = ["situation", "thematique", "categorie", "porteur", "mobilisable_par"]


class Public(models.TextChoices):
    """Les valeurs de la facette « Mobilisable par » (paramètre `mobilisable_par`)."""

    PROFESSIONNELS = "professionnels", "Les professionnels"
    JEUNES = "jeunes", "Les jeunes et leurs familles"


# « Mobilisable par les professionnels » inclut ce qui l'est par les deux publics.
MOBILISABLE = {
    Public.PROFESSIONNELS: [
        Dispositif.MobilisablePar.PROFESSIONNELS,
        Dispositif.MobilisablePar.LES_DEUX,
    ],
    Public.JEUNES: [Dispositif.MobilisablePar.JEUNES, Dispositif.MobilisablePar.LES_DEUX],
}
PORTEURS_PROPOSES = 15


@dataclass
class Option:
    valeur: str
    libelle: str
    nombre: int
    coche: bool


@dataclass
class Facette:
    nom: str
    libelle: str
    options: list = field(default_factory=list)
    autres: int = 0  # valeurs non proposées (porteurs les moins représentés)


def _filtrer(queryset, criteres, sauf=None):
    through = Dispositif.situations.through
    if criteres.get("situation") and sauf != "situation":
        lignes = through.objects.filter(situation__in=criteres["situation"])
        queryset = queryset.filter(pk__in=lignes.values("dispositif_id"))
    if criteres.get("thematique") and sauf != "thematique":
        lignes = Dispositif.thematiques.through.objects.filter(
            thematique__in=criteres["thematique"]
        )
        queryset = queryset.filter(pk__in=lignes.values("dispositif_id"))
    if criteres.get("categorie") and sauf != "categorie":
        queryset = queryset.filter(categorie__in=criteres["categorie"])
    if criteres.get("porteur") and sauf != "porteur":
        queryset = queryset.filter(porteur__in=criteres["porteur"])
    if criteres.get("quartier") and sauf != "quartier":
        queryset = queryset.dans_quartier(criteres["quartier"])
    if criteres.get("mobilisable_par") and sauf != "mobilisable_par":
        valeurs = {v for cle in criteres["mobilisable_par"] for v in MOBILISABLE[cle]}
        queryset = queryset.filter(mobilisable_par__in=valeurs)
    return queryset


@dataclass
class Annuaire:
    criteres: dict

    def __post_init__(self):
        # Les facettes comptent sur `trouves` (recherche et âge appliqués, sans annotation) ;
        # les résultats l'annotent en plus de leur pertinence.
        self.trouves = recherche.filtrer(Dispositif.objects.publies(), self.criteres.get("q"))
        if self.criteres.get("age") is not None:
            self.trouves = self.trouves.pour_age(self.criteres["age"])
        self.recherche_active = bool(recherche.termes_de_recherche(self.criteres.get("q")))

    def resultats(self):
        tri = self.criteres.get("tri") or ("pertinence" if self.recherche_active else "nom")
        ordre = {
            "pertinence": ["-pertinence", "nom"] if self.recherche_active else ["nom"],
            "nom": ["nom"],
            "maj": ["-modifie_le", "nom"],
        }[tri]
        base = recherche.annoter_pertinence(self.trouves, self.criteres.get("q"))
        return _filtrer(base, self.criteres).pour_annuaire().order_by(*ordre, "pk")

    def _ids(self, sauf):
        """Les dispositifs trouvés, toutes facettes appliquées sauf `sauf` : une requête sur la
        table des dispositifs, que chaque facette groupe ou joint directement."""
        return _filtrer(self.trouves, self.criteres, sauf=sauf).order_by()

    def facettes(self):
        return [
            self._facette_modele("situation", "Situation du jeune", Situation, "code"),
            self._facette_modele("thematique", "Thématique", Thematique, "code"),
            self._facette_categorie(),
            self._facette_porteur(),
            self._facette_mobilisable(),
        ]

    def _facette_modele(self, nom, libelle, modele, cle):
        coches = {getattr(o, cle) for o in self.criteres.get(nom) or []}
        ids = self._ids(nom)
        lignes = modele.objects.annotate(
            nombre=Count("dispositifs", filter=Q(dispositifs__in=ids))
        ).order_by(*modele._meta.ordering)
        options = [
            Option(getattr(o, cle), o.libelle, o.nombre, getattr(o, cle) in coches)
            for o in lignes
            if o.nombre or getattr(o, cle) in coches
        ]
        return Facette(nom, libelle, options)

    def _facette_categorie(self):
        coches = set(self.criteres.get("categorie") or [])
        nombres = dict(
            self._ids("categorie").values_list("categorie").annotate(n=Count("pk")).order_by()
        )
        options = [
            Option(valeur, libelle, nombres.get(valeur, 0), valeur in coches)
            for valeur, libelle in Dispositif.Categorie.choices
            if nombres.get(valeur) or valeur in coches
        ]
        return Facette("categorie", "Catégorie", options)

    def _facette_porteur(self):
        coches = {s.slug for s in self.criteres.get("porteur") or []}
        lignes = (
            self._ids("porteur")
            .filter(porteur__statut=Statut.PUBLIE)
            .values("porteur__slug", "porteur__nom", "porteur__sigle")
            .annotate(n=Count("pk"))
            .order_by("porteur__nom")
        )
        options = [
            Option(
                ligne["porteur__slug"],
                ligne["porteur__sigle"] or ligne["porteur__nom"],
                ligne["n"],
                ligne["porteur__slug"] in coches,
            )
            for ligne in lignes
        ]
        # Les porteurs les plus représentés, et ceux déjà cochés : une case par structure
        # ferait des centaines de cases (la moitié du poids de la page sur un grand
        # territoire) ; les autres se trouvent par la recherche, qui lit le nom du porteur.
        proposes = sorted(options, key=lambda o: (-o.nombre, o.libelle))[:PORTEURS_PROPOSES]
        proposes = {o.valeur for o in proposes} | coches
        autres = sum(1 for o in options if o.valeur not in proposes)
        options = [o for o in options if o.valeur in proposes]
        vus = {o.valeur for o in options}
        options += [
            Option(s.slug, s.nom_court, 0, True)
            for s in self.criteres.get("porteur") or []
            if s.slug not in vus
        ]
        return Facette("porteur", "Porteur", options, autres=autres)

    def _facette_mobilisable(self):
        coches = set(self.criteres.get("mobilisable_par") or [])
        nombres = dict(
            self._ids("mobilisable_par")
            .values_list("mobilisable_par")
            .annotate(n=Count("pk"))
            .order_by()
        )
        options = [
            Option(
                cle,
                Public(cle).label,
                sum(nombres.get(v, 0) for v in valeurs),
                cle in coches,
            )
            for cle, valeurs in MOBILISABLE.items()
        ]
        return Facette("mobilisable_par", "Mobilisable par", options)

    def quartiers(self):
        """Le choix de quartier avec, pour chacun, le nombre de dispositifs accessibles."""
        ids = self._ids("quartier")
        generaux = ids.exclude(echelle=Echelle.QUARTIERS).count()
        locaux = ids.filter(echelle=Echelle.QUARTIERS)
        lignes = (
            Quartier.objects.annotate(nombre=Count("dispositifs", filter=Q(dispositifs__in=locaux)))
            .order_by("commune", "nom")
            .values_list("slug", "nom", "commune", "nombre")
        )
        choisi = getattr(self.criteres.get("quartier"), "slug", None)
        return [
            Option(slug, f"{nom} ({commune})", nombre + generaux, slug == choisi)
            for slug, nom, commune, nombre in lignes
        ]
