"""Le territoire du contrat de ville (contrats, piliers, axes, quartiers, structures), la
tranche d'âge commune aux publics, et la version des données publiques. Le cycle de
publication est dans `contrat_ville.publication`."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contrat_ville.publication import Publiable

AGES_DESORDONNES = "L'âge minimum doit être inférieur ou égal à l'âge maximum."


class TrancheAge(models.Model):
    """Un public défini par un âge minimum et un âge maximum, chacun facultatif (dispositifs,
    actions éducatives) : la règle « minimum ≤ maximum » est ici, en base et à la validation."""

    age_min = models.PositiveSmallIntegerField("âge minimum", null=True, blank=True)
    age_max = models.PositiveSmallIntegerField("âge maximum", null=True, blank=True)

    class Meta:
        abstract = True
        # Un modèle qui déclare ses propres contraintes les reprend : `*TrancheAge.CONTRAINTES`.
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
                name="%(class)s_ages_ordonnes",
                violation_error_message=AGES_DESORDONNES,
            ),
        ]

    CONTRAINTES = Meta.constraints

    def clean(self):
        super().clean()
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": AGES_DESORDONNES})

    @property
    def tranche_age(self):
        if self.age_min is not None and self.age_max is not None:
            return f"de {self.age_min} à {self.age_max} ans"
        if self.age_min is not None:
            return f"à partir de {self.age_min} ans"
        if self.age_max is not None:
            return f"jusqu'à {self.age_max} ans"
        return "sans condition d'âge"


class ContratQuerySet(models.QuerySet):
    def en_vigueur(self, jour=None):
        """Les contrats dont la période couvre l'année du jour donné (aujourd'hui par défaut)."""
        annee = (jour or timezone.localdate()).year
        return self.filter(annee_debut__lte=annee, annee_fin__gte=annee)

    def courant(self, jour=None):
        """Le contrat qui s'applique le jour donné : le plus récent de ceux qui sont en vigueur,
        sinon le dernier commencé avant ce jour, sinon le premier à venir ; None sans contrat."""
        annee = (jour or timezone.localdate()).year
        commences = self.filter(annee_debut__lte=annee).order_by("-annee_debut", "-pk")
        return commences.first() or self.order_by("annee_debut", "pk").first()


class ContratDeVille(models.Model):
    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    territoire = models.CharField("territoire (EPCI)", max_length=200)
    siren = models.CharField(
        "SIREN de l'EPCI",
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", "Un SIREN s'écrit avec 9 chiffres.")],
    )
    pilotes = models.CharField("pilotes", max_length=300, blank=True)
    signe_le = models.DateField("signé le", null=True, blank=True)
    annee_debut = models.PositiveSmallIntegerField("première année")
    annee_fin = models.PositiveSmallIntegerField("dernière année")
    presentation = models.TextField("présentation", blank=True)

    history = HistoricalRecords()
    objects = ContratQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat de ville"
        verbose_name_plural = "contrats de ville"
        ordering = ["-annee_debut", "nom"]
        constraints = [
            models.CheckConstraint(
                condition=Q(annee_debut__lte=F("annee_fin")),
                name="contrat_periode_ordonnee",
                violation_error_message="La première année doit précéder la dernière.",
            ),
        ]

    def __str__(self):
        return self.nom

    @property
    def periode(self):
        return f"{self.annee_debut}–{self.annee_fin}"

    def couvre(self, jour):
        return self.annee_debut <= jour.year <= self.annee_fin


class Pilier(models.Model):
    contrat = models.ForeignKey(
        ContratDeVille, verbose_name="contrat", on_delete=models.CASCADE, related_name="piliers"
    )
    numero = models.PositiveSmallIntegerField("numéro")
    intitule = models.CharField("intitulé", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "pilier"
        ordering = ["contrat", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["contrat", "numero"], name="pilier_numero_unique"),
        ]

    def __str__(self):
        return f"Pilier {self.numero} – {self.intitule}"


class Axe(models.Model):
    pilier = models.ForeignKey(
        Pilier, verbose_name="pilier", on_delete=models.CASCADE, related_name="axes"
    )
    numero = models.PositiveSmallIntegerField("numéro")
    intitule = models.CharField("intitulé", max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "axe"
        ordering = ["pilier__numero", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["pilier", "numero"], name="axe_numero_unique"),
        ]

    def __str__(self):
        return f"Axe {self.code} – {self.intitule}"

    @property
    def code(self):
        return f"{self.pilier.numero}.{self.numero}"


class AxeTransversal(models.Model):
    contrat = models.ForeignKey(
        ContratDeVille,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        related_name="axes_transversaux",
    )
    code = models.CharField("code", max_length=10, help_text="Par exemple « T.2 ».")
    intitule = models.CharField("intitulé", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "axe transversal"
        verbose_name_plural = "axes transversaux"
        ordering = ["contrat", "code"]
        constraints = [
            models.UniqueConstraint(fields=["contrat", "code"], name="axe_transversal_code_unique"),
        ]

    def __str__(self):
        return f"Axe transversal {self.code} {self.intitule}"


CODE_COMMUNE = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$",
    "Un code commune INSEE a cinq caractères : cinq chiffres (37261 pour Tours), ou 2A ou 2B "
    "suivi de trois chiffres en Corse.",
)


class CategorieQuartier(models.TextChoices):
    PRIORITAIRE = "prioritaire", "Quartier prioritaire (QPV)"
    VEILLE = "veille", "Quartier en veille active"


class QuartierQuerySet(models.QuerySet):
    def avec_classements(self):
        """Chaque quartier avec ses classements et leurs contrats, lus en une requête : les
        méthodes `categorie_le()`, `periodes`… n'en font plus aucune."""
        return self.prefetch_related(
            models.Prefetch(
                "classements",
                queryset=ClassementQuartier.objects.select_related("contrat").order_by(
                    "contrat__annee_debut", "contrat__pk"
                ),
            )
        )

    def du_contrat(self, contrat):
        """Les quartiers classés dans ce contrat (ou dans l'un de ces contrats)."""
        if isinstance(contrat, models.QuerySet):
            return self.filter(classements__contrat__in=contrat).distinct()
        return self.filter(classements__contrat=contrat)

    def courants(self, jour=None):
        """Les quartiers de la géographie du contrat qui s'applique ce jour-là."""
        contrat = ContratDeVille.objects.courant(jour)
        return self.du_contrat(contrat) if contrat else self.none()

    def prioritaires_le(self, jour=None):
        """Les quartiers prioritaires (QPV) de la géographie en vigueur ce jour-là."""
        return self.filter(
            classements__contrat__in=ContratDeVille.objects.en_vigueur(jour),
            classements__categorie=CategorieQuartier.PRIORITAIRE,
        ).distinct()


class Quartier(models.Model):
    """Un quartier et sa commune. Son statut (prioritaire, en veille) dépend de la période : il
    est porté par ses classements, un par contrat de ville (`ClassementQuartier`)."""

    Categorie = CategorieQuartier

    nom = models.CharField("nom", max_length=150)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    commune = models.CharField("commune", max_length=120)
    code_commune = models.CharField(
        "code INSEE de la commune", max_length=5, blank=True, validators=[CODE_COMMUNE]
    )
    code_qpv = models.CharField(
        "code QPV",
        max_length=12,
        blank=True,
        help_text="Code officiel du quartier prioritaire, laissé vide s'il n'est pas connu.",
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)

    history = HistoricalRecords()
    objects = QuartierQuerySet.as_manager()

    class Meta:
        verbose_name = "quartier"
        ordering = ["commune", "nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["code_qpv"],
                condition=~Q(code_qpv=""),
                name="quartier_code_qpv_unique",
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.commune})"

    def get_absolute_url(self):
        return reverse("quartiers:quartier-detail", args=[self.slug])

    # Lus sur `classements.all()` : préchargés par `avec_classements()`, sans requête.

    def classement_le(self, jour=None):
        """Le classement du contrat qui s'applique ce jour-là (le plus récent s'il y en a deux),
        None si le quartier n'est pas dans sa géographie."""
        jour = jour or timezone.localdate()
        en_vigueur = [c for c in self.classements.all() if c.contrat.couvre(jour)]
        return max(en_vigueur, key=lambda c: c.contrat.annee_debut, default=None)

    def categorie_le(self, jour=None):
        classement = self.classement_le(jour)
        return classement.categorie if classement else ""

    def est_prioritaire_le(self, jour=None):
        return self.categorie_le(jour) == CategorieQuartier.PRIORITAIRE

    @property
    def statut_actuel(self):
        """Le classement d'aujourd'hui, ou None : « hors géographie prioritaire actuelle »."""
        return self.classement_le()

    @property
    def est_en_veille(self):
        return self.categorie_le() == CategorieQuartier.VEILLE

    @property
    def periodes(self):
        """Les classements, du plus ancien au plus récent."""
        return sorted(self.classements.all(), key=lambda c: c.contrat.annee_debut)

    @property
    def prioritaire_depuis(self):
        """Première année où le quartier est prioritaire, None s'il ne l'a jamais été."""
        annees = [
            c.contrat.annee_debut
            for c in self.classements.all()
            if c.categorie == CategorieQuartier.PRIORITAIRE
        ]
        return min(annees, default=None)


class ClassementQuartier(models.Model):
    """Le statut d'un quartier dans la géographie d'un contrat de ville, pour sa période :
    prioritaire (QPV) de 2015 à 2023 par le décret n° 2014-1750, depuis 2024 par le décret
    n° 2023-1314, ou en veille active."""

    Categorie = CategorieQuartier

    quartier = models.ForeignKey(
        Quartier, verbose_name="quartier", on_delete=models.CASCADE, related_name="classements"
    )
    contrat = models.ForeignKey(
        ContratDeVille,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        related_name="classements",
    )
    categorie = models.CharField("catégorie", max_length=12, choices=CategorieQuartier.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "classement d'un quartier"
        verbose_name_plural = "classements des quartiers"
        ordering = ["contrat__annee_debut", "quartier__commune", "quartier__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "contrat"], name="classement_quartier_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_categorie_display()} {self.periode_lisible}"

    @property
    def est_en_veille(self):
        return self.categorie == CategorieQuartier.VEILLE

    @property
    def periode_lisible(self):
        """« depuis 2024 » pour le contrat en cours, « de 2015 à 2023 » pour un contrat passé."""
        contrat = self.contrat
        if contrat.annee_fin >= timezone.localdate().year >= contrat.annee_debut:
            return f"depuis {contrat.annee_debut}"
        return f"de {contrat.annee_debut} à {contrat.annee_fin}"


class Structure(Publiable):
    """Une organisation (jamais une personne) : porteur, partenaire, animateur."""

    class Type(models.TextChoices):
        ETAT = "etat", "État"
        EDUCATION_NATIONALE = "education_nationale", "Éducation nationale"
        REGION = "region", "Région"
        DEPARTEMENT = "departement", "Département"
        COMMUNE = "commune", "Commune ou EPCI"
        MISSION_LOCALE = "mission_locale", "Mission locale"
        CAF = "caf", "Caisse d'allocations familiales"
        ETABLISSEMENT = "etablissement", "Établissement public"
        ASSOCIATION = "association", "Association"
        AUTRE = "autre", "Autre"

    nom = models.CharField("nom", max_length=200)
    sigle = models.CharField("sigle", max_length=30, blank=True)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    type = models.CharField("type", max_length=24, choices=Type.choices)
    description = models.TextField("présentation", blank=True)
    site_web = models.URLField("site web", blank=True)
    contact = models.CharField(
        "contact (fonction, jamais un nom de personne)", max_length=200, blank=True
    )
    courriel = models.EmailField("courriel de contact", blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    adresse = models.CharField("adresse", max_length=250, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=120, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    est_exemple = models.BooleanField(
        "exemple illustratif",
        default=False,
        help_text="Structure fictive ou de statut non vérifié : signalée comme exemple et "
        "jamais exportée en données ouvertes.",
    )

    history = HistoricalRecords()

    class Meta(Publiable.Meta):
        verbose_name = "structure"
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.sigle})" if self.sigle else self.nom

    def get_absolute_url(self):
        return reverse("structure-detail", args=[self.slug])

    @property
    def nom_court(self):
        return self.sigle or self.nom


class VersionDonnees(models.Model):
    """Numéro de version des données publiques : une seule ligne, avancée à chaque écriture.

    Le cache des pages anonymes et le support de présentation mettent cette version dans leurs
    clés : une publication la fait avancer et toutes les pages et tous les PDF gardés
    deviennent obsolètes d'un coup, sur chaque processus et chaque machine, puisque tous lisent
    la même ligne. Les écritures des modèles inscrits au registre la font avancer
    (`contrat_ville.registre`).
    """

    numero = models.PositiveBigIntegerField("numéro", default=1)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "version des données publiques"
        verbose_name_plural = "versions des données publiques"
        ordering = ["pk"]

    def __str__(self):
        return f"Version {self.numero}"

    @classmethod
    def lire(cls):
        """La version courante en une requête : numéro et instant du dernier changement. Une
        base vidée puis rechargée recommence à 1, jamais au même instant : une page gardée
        avant (dans Redis, ou par un processus resté en service) ne peut pas resservir."""
        ligne = cls.objects.filter(pk=1).values_list("numero", "modifie_le").first()
        return f"{ligne[0]}.{ligne[1].timestamp():.6f}" if ligne else "0"

    @classmethod
    def avancer(cls):
        """`UPDATE … SET numero = numero + 1` : une requête, atomique entre processus."""
        versions = cls.objects.filter(pk=1)
        if not versions.update(numero=F("numero") + 1, modifie_le=timezone.now()):
            # Ligne absente (base vidée par `flush`) : la recréer vaut changement de version.
            _, creee = cls.objects.get_or_create(pk=1, defaults={"numero": 1})
            if not creee:
                versions.update(numero=F("numero") + 1, modifie_le=timezone.now())


# Les lieux d'accueil des structures, dans leur propre module (taille des modules).
from contrat_ville.lieux import Horaire, Lieu  # noqa: E402, F401
