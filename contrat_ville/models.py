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

from contrat_ville import francais
from contrat_ville.publication import Publiable, PubliableQuerySet, Statut

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


class ContratDeVille(models.Model):
    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    territoire = models.CharField("territoire (EPCI)", max_length=200)
    pilotes = models.CharField("pilotes", max_length=300, blank=True)
    signe_le = models.DateField("signé le", null=True, blank=True)
    annee_debut = models.PositiveSmallIntegerField("première année")
    annee_fin = models.PositiveSmallIntegerField("dernière année")
    presentation = models.TextField("présentation", blank=True)

    history = HistoricalRecords()

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


class Quartier(models.Model):
    class Categorie(models.TextChoices):
        PRIORITAIRE = "prioritaire", "Quartier prioritaire (QPV)"
        VEILLE = "veille", "Quartier en veille active"

    contrat = models.ForeignKey(
        ContratDeVille, verbose_name="contrat", on_delete=models.CASCADE, related_name="quartiers"
    )
    nom = models.CharField("nom", max_length=150)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    commune = models.CharField("commune", max_length=120)
    code_qpv = models.CharField(
        "code QPV",
        max_length=12,
        blank=True,
        help_text="Code officiel du quartier prioritaire, laissé vide s'il n'est pas connu.",
    )
    categorie = models.CharField(
        "catégorie", max_length=12, choices=Categorie.choices, default=Categorie.PRIORITAIRE
    )
    depuis = models.PositiveSmallIntegerField(
        "dans la géographie prioritaire depuis", null=True, blank=True
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)

    history = HistoricalRecords()

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

    @property
    def est_en_veille(self):
        return self.categorie == self.Categorie.VEILLE


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


CODE_COMMUNE = RegexValidator(
    r"^(\d{5}|2[AB]\d{3})$",
    "Un code commune INSEE a cinq caractères : cinq chiffres (37261 pour Tours), ou 2A ou 2B "
    "suivi de trois chiffres en Corse.",
)


class LieuQuerySet(PubliableQuerySet):
    def publics(self):
        """Publiés, d'une structure publiée : les seuls lieux que le public voit."""
        return self.publies().filter(structure__statut=Statut.PUBLIE)

    def pour_affichage(self):
        """Ce que `contrat_ville/_lieu.html` lit d'un lieu : horaires et quartiers desservis."""
        return self.select_related("structure").prefetch_related(
            "horaires",
            models.Prefetch("quartiers", queryset=Quartier.objects.order_by("commune", "nom")),
        )


class Lieu(Publiable):
    """Où une structure reçoit le public : adresse, téléphone, horaires, quartiers desservis."""

    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.CASCADE, related_name="lieux"
    )
    nom = models.CharField("nom", max_length=200, help_text="Par exemple « Accueil de Tours ».")
    adresse = models.CharField(
        "adresse",
        max_length=250,
        blank=True,
        help_text="Seulement ce qu'une source donne : une rue sans numéro plutôt qu'un numéro "
        "deviné.",
    )
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    commune = models.CharField("commune", max_length=120, blank=True)
    code_commune = models.CharField(
        "code commune (INSEE)", max_length=5, blank=True, validators=[CODE_COMMUNE]
    )
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    courriel = models.EmailField(
        "courriel générique",
        blank=True,
        help_text="L'adresse d'un accueil ou d'un service, jamais celle d'une personne.",
    )
    quartiers = models.ManyToManyField(
        Quartier, verbose_name="quartiers desservis", blank=True, related_name="lieux"
    )
    notes = models.TextField(
        "notes", blank=True, help_text="Rendez-vous, accessibilité, ce qui reste à vérifier."
    )
    source = models.CharField(
        "source de l'information",
        max_length=500,
        blank=True,
        help_text="D'où viennent ces coordonnées, et à quelle date la source a été lue.",
    )

    history = HistoricalRecords(m2m_fields=["quartiers"])
    exige_publie = ("structure",)
    objects = LieuQuerySet.as_manager()

    class Meta(Publiable.Meta):
        verbose_name = "lieu d'accueil"
        verbose_name_plural = "lieux d'accueil"
        ordering = ["nom", "pk"]

    def __str__(self):
        return f"{self.nom} ({self.commune})" if self.commune else self.nom

    @property
    def a_completer(self):
        """Il manque l'adresse ou le téléphone : « coordonnées à compléter »."""
        return not self.adresse or not self.telephone

    @property
    def adresse_complete(self):
        ville = " ".join(partie for partie in (self.code_postal, self.commune) if partie)
        return ", ".join(partie for partie in (self.adresse, ville) if partie)

    def horaires_en_clair(self):
        """Les horaires en français, une phrase par groupe de jours aux mêmes plages :
        « du lundi au vendredi, 13 h 30 – 18 h 30, sans rendez-vous »."""
        return francais.horaires(
            (h.jour, h.ouverture, h.fermeture, h.sur_rendez_vous) for h in self.horaires.all()
        )


class Horaire(models.Model):
    """Une plage d'ouverture d'un lieu, un jour de la semaine."""

    class Jour(models.IntegerChoices):
        LUNDI = 1, "lundi"
        MARDI = 2, "mardi"
        MERCREDI = 3, "mercredi"
        JEUDI = 4, "jeudi"
        VENDREDI = 5, "vendredi"
        SAMEDI = 6, "samedi"
        DIMANCHE = 7, "dimanche"

    lieu = models.ForeignKey(
        Lieu, verbose_name="lieu", on_delete=models.CASCADE, related_name="horaires"
    )
    jour = models.PositiveSmallIntegerField("jour", choices=Jour.choices)
    ouverture = models.TimeField("ouverture")
    fermeture = models.TimeField("fermeture")
    sur_rendez_vous = models.BooleanField("sur rendez-vous", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "horaire"
        ordering = ["lieu", "jour", "ouverture", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ouverture__lt=F("fermeture")),
                name="horaire_ouverture_avant_fermeture",
                violation_error_message="L'heure d'ouverture doit précéder l'heure de fermeture.",
            ),
            models.CheckConstraint(
                condition=Q(jour__gte=1, jour__lte=7),
                name="horaire_jour_valide",
                violation_error_message="Un jour s'écrit de 1 (lundi) à 7 (dimanche).",
            ),
        ]

    def __str__(self):
        return francais.plage_horaire(
            self.get_jour_display(), self.ouverture, self.fermeture, self.sur_rendez_vous
        )


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
