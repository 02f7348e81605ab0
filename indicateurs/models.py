"""Indicateurs de réalisation et d'effets d'une fiche, et leurs mesures agrégées.

Jamais de donnée individuelle sur un jeune : seulement des effectifs agrégés.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contrat_ville.models import Quartier
from contrat_ville.publication import Publiable, PubliableQuerySet, Statut


class IndicateurQuerySet(PubliableQuerySet):
    def visibles(self):
        """Ce que le public voit : l'indicateur publié, et la fiche où il figure aussi."""
        return self.publies().filter(fiche__statut=Statut.PUBLIE)

    def sans_valeur_pour(self, annee):
        """Indicateurs saisis (non archivés) sans aucune mesure pour l'année `annee` ; ceux que
        le portail calcule n'attendent pas de saisie."""
        return (
            self.filter(calcul=Indicateur.Calcul.SAISI)
            .exclude(statut=Statut.ARCHIVE)
            .exclude(mesures__periode=annee)
        )

    def avec_valeur(self):
        """Les indicateurs calculés, et les saisis qui ont au moins une valeur d'ensemble du
        territoire (un EXISTS par l'index unique de l'indicateur et de l'année)."""
        globales = Mesure.objects.filter(
            indicateur=OuterRef("pk"), quartier__isnull=True, dispositif__isnull=True
        )
        return self.filter(~Q(calcul=Indicateur.Calcul.SAISI) | Exists(globales))

    def pour_liste(self):
        """La page des indicateurs et l'export : par fiche, réalisations avant effets. Les
        longs textes de la fiche (contexte, objectifs…), que ces listes n'affichent jamais, ne
        sont pas lus : ils pesaient plus que tout le reste pour 600 indicateurs."""
        fiche = self.model._meta.get_field("fiche").related_model
        textes = [
            f"fiche__{champ.name}"
            for champ in fiche._meta.concrete_fields
            if isinstance(champ, models.TextField)
        ]
        return (
            self.select_related("fiche")
            .defer(*textes)
            .order_by(
                "fiche__code",
                Case(When(nature=Indicateur.Nature.REALISATION, then=Value(0)), default=Value(1)),
                "ordre",
                "pk",
            )
        )

    def pour_page(self):
        """La page d'un indicateur ; ses valeurs viennent de `indicateurs.series`."""
        return self.select_related("fiche")


class MesureQuerySet(models.QuerySet):
    def publiques(self):
        """Mesures d'indicateurs saisis visibles du public ; celles d'un dispositif non publié
        restent internes, pour ne pas révéler son nom. Les mesures d'un indicateur calculé
        sont ignorées : ses valeurs viennent des données du portail."""
        return self.filter(
            Q(dispositif__isnull=True) | Q(dispositif__statut=Statut.PUBLIE),
            indicateur__statut=Statut.PUBLIE,
            indicateur__fiche__statut=Statut.PUBLIE,
            indicateur__calcul=Indicateur.Calcul.SAISI,
        )

    def pour_series(self):
        return self.select_related("quartier", "dispositif").order_by("periode", "pk")


class Indicateur(Publiable):
    class Nature(models.TextChoices):
        REALISATION = "realisation", "Indicateur de réalisation"
        EFFET = "effet", "Indicateur d'effets"

    class TypeValeur(models.TextChoices):
        NOMBRE = "nombre", "Nombre"
        POURCENTAGE = "pourcentage", "Pourcentage"
        OUI_NON = "oui_non", "Oui / non"
        TEXTE = "texte", "Texte"

    class Calcul(models.TextChoices):
        SAISI = "saisi", "Saisi par l'équipe"
        SEANCES_TENUES = "seances_tenues", "Calculé : séances partenariales tenues"
        DIFFUSIONS = "diffusions", "Calculé : diffusions de résultats"
        SUPPORTS = "supports", "Calculé : supports d'information diffusés"
        ARTICULATIONS = "articulations", "Calculé : articulations publiées"

    fiche = models.ForeignKey(
        "fiches.Fiche", verbose_name="fiche", on_delete=models.CASCADE, related_name="indicateurs"
    )
    nature = models.CharField("nature", max_length=12, choices=Nature.choices)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    libelle = models.CharField("libellé", max_length=400)
    type_valeur = models.CharField(
        "type de valeur", max_length=12, choices=TypeValeur.choices, default=TypeValeur.NOMBRE
    )
    unite = models.CharField("unité", max_length=60, blank=True)
    calcul = models.CharField(
        "origine des valeurs", max_length=16, choices=Calcul.choices, default=Calcul.SAISI
    )
    source = models.CharField("source", max_length=300, blank=True)
    frequence = models.CharField("fréquence", max_length=60, blank=True, default="annuelle")
    cible = models.CharField("cible", max_length=200, blank=True)
    definition = models.TextField("définition et mode de calcul", blank=True)

    history = HistoricalRecords()
    objects = IndicateurQuerySet.as_manager()

    class Meta(Publiable.Meta):
        verbose_name = "indicateur"
        ordering = ["fiche", "nature", "ordre", "pk"]

    def __str__(self):
        return self.libelle

    def get_absolute_url(self):
        return reverse("indicateurs:indicateur-detail", args=[self.pk])

    @property
    def est_calcule(self):
        return self.calcul != self.Calcul.SAISI


class Mesure(models.Model):
    indicateur = models.ForeignKey(
        Indicateur, verbose_name="indicateur", on_delete=models.CASCADE, related_name="mesures"
    )
    periode = models.PositiveSmallIntegerField(
        "année",
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text="Année scolaire ou civile à laquelle se rapporte la valeur.",
    )
    quartier = models.ForeignKey(
        Quartier,
        verbose_name="quartier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mesures",
    )
    dispositif = models.ForeignKey(
        "dispositifs.Dispositif",
        verbose_name="dispositif",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="mesures",
    )
    valeur = models.DecimalField("valeur", max_digits=14, decimal_places=2, null=True, blank=True)
    valeur_texte = models.CharField("valeur (texte)", max_length=300, blank=True)
    source = models.CharField("source", max_length=300, blank=True)
    commentaire = models.TextField("commentaire", blank=True)
    est_exemple = models.BooleanField(
        "exemple illustratif", default=False, help_text="Donnée de démonstration, non réelle."
    )

    history = HistoricalRecords()
    objects = MesureQuerySet.as_manager()

    class Meta:
        verbose_name = "mesure"
        ordering = ["indicateur", "periode", "quartier", "dispositif"]
        permissions = [("import_mesure", "Peut importer des valeurs d'indicateurs (CSV ou XLSX)")]
        # Une seule mesure par indicateur, période, quartier et dispositif ; les NULL étant
        # distincts en SQL, chaque combinaison de « vide » a son index unique partiel.
        constraints = [
            models.UniqueConstraint(
                fields=["indicateur", "periode"],
                condition=Q(quartier__isnull=True, dispositif__isnull=True),
                name="mesure_unique_globale",
                violation_error_message=(
                    "Une valeur existe déjà pour cet indicateur et cette année."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicateur", "periode", "quartier"],
                condition=Q(quartier__isnull=False, dispositif__isnull=True),
                name="mesure_unique_quartier",
                violation_error_message=(
                    "Une valeur existe déjà pour cet indicateur, cette année et ce quartier."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicateur", "periode", "dispositif"],
                condition=Q(quartier__isnull=True, dispositif__isnull=False),
                name="mesure_unique_dispositif",
                violation_error_message=(
                    "Une valeur existe déjà pour cet indicateur, cette année et ce dispositif."
                ),
            ),
            models.UniqueConstraint(
                fields=["indicateur", "periode", "quartier", "dispositif"],
                condition=Q(quartier__isnull=False, dispositif__isnull=False),
                name="mesure_unique_quartier_dispositif",
                violation_error_message=(
                    "Une valeur existe déjà pour cet indicateur, cette année, ce quartier "
                    "et ce dispositif."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.indicateur} – {self.periode}"
