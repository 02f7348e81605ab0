"""Les actions éducatives hors temps scolaire conduites dans les quartiers, et le maillage qui
les relie aux dispositifs de droit commun."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contrat_ville.models import Quartier, Structure, TrancheAge
from contrat_ville.publication import Publiable, PubliableQuerySet, Statut, publie_ou_rien
from dispositifs.models import Dispositif


class ActionEducativeQuerySet(PubliableQuerySet):
    def filtrer(self, *, quartier=None, type=""):
        """Critères de la liste publique ; un critère vide ne restreint rien."""
        actions = self
        if quartier is not None:
            actions = actions.dans_quartier(quartier)
        if type:
            actions = actions.filter(type=type)
        return actions

    def dans_quartier(self, quartier):
        return self.filter(quartiers=quartier)

    def pour_liste(self):
        """Ce qu'une liste d'actions affiche (porteur, quartiers), en deux requêtes."""
        return self.select_related("porteur").prefetch_related(
            models.Prefetch("quartiers", queryset=Quartier.objects.order_by("commune", "nom"))
        )

    def pour_page(self):
        """La page d'une action : porteur, quartiers et articulations publiques, en trois
        requêtes."""
        return self.pour_liste().prefetch_related(
            models.Prefetch(
                "articulations",
                queryset=Articulation.objects.visibles()
                .select_related("dispositif")
                .order_by("dispositif__nom"),
                to_attr="articulations_visibles",
            )
        )


class ActionEducative(Publiable, TrancheAge):
    """Action éducative hors temps scolaire conduite dans les quartiers (PRE, CLAS…)."""

    class Type(models.TextChoices):
        PRE = "pre", "Programme de réussite éducative"
        CLAS = "clas", "Accompagnement à la scolarité (CLAS)"
        ACCOMPAGNEMENT = "accompagnement", "Accompagnement scolaire associatif"
        LOISIRS = "loisirs", "Loisirs éducatifs"
        PARENTALITE = "parentalite", "Soutien à la parentalité"
        AUTRE = "autre", "Autre"

    nom = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    type = models.CharField("type", max_length=20, choices=Type.choices)
    porteur = models.ForeignKey(
        Structure, verbose_name="porteur", on_delete=models.PROTECT, related_name="actions"
    )
    quartiers = models.ManyToManyField(
        Quartier, verbose_name="quartiers", blank=True, related_name="actions"
    )
    public = models.CharField("public", max_length=300)
    description = models.TextField("description")
    periode = models.CharField("période", max_length=200, blank=True)
    est_exemple = models.BooleanField(
        "exemple illustratif", default=False, help_text="Donnée de démonstration, non réelle."
    )

    history = HistoricalRecords()
    exige_publie = ("porteur",)
    objects = ActionEducativeQuerySet.as_manager()

    class Meta(Publiable.Meta):
        verbose_name = "action éducative"
        verbose_name_plural = "actions éducatives"
        ordering = ["nom"]
        constraints = list(TrancheAge.CONTRAINTES)

    def __str__(self):
        return self.nom

    def get_absolute_url(self):
        return reverse("actions:action-detail", args=[self.slug])

    @property
    def porteur_public(self):
        return publie_ou_rien(self.porteur)


class ArticulationQuerySet(PubliableQuerySet):
    def visibles(self):
        """Ce que le public peut voir du maillage : une articulation publiée entre une action
        publiée et un dispositif publié."""
        return self.publies().filter(action__statut=Statut.PUBLIE, dispositif__statut=Statut.PUBLIE)

    def dispositifs(self):
        """Les dispositifs reliés par ces articulations, chacun une fois, dans l'ordre du
        répertoire."""
        return Dispositif.objects.filter(pk__in=self.values("dispositif_id"))


class Articulation(Publiable):
    """Le maillage : une action éducative reliée à un dispositif de droit commun."""

    class Nature(models.TextChoices):
        ORIENTATION = "orientation", "Orientation"
        RELAIS = "relais", "Relais"
        COMPLEMENTARITE = "complementarite", "Complémentarité"
        CO_ANIMATION = "co_animation", "Co-animation"

    action = models.ForeignKey(
        ActionEducative,
        verbose_name="action éducative",
        on_delete=models.CASCADE,
        related_name="articulations",
    )
    dispositif = models.ForeignKey(
        Dispositif,
        verbose_name="dispositif",
        on_delete=models.CASCADE,
        related_name="articulations",
    )
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    description = models.TextField("description", blank=True)
    seance = models.ForeignKey(
        "seances.Seance",
        verbose_name="séance où elle a été identifiée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articulations",
    )
    est_exemple = models.BooleanField("exemple illustratif", default=False)

    history = HistoricalRecords()
    objects = ArticulationQuerySet.as_manager()

    class Meta(Publiable.Meta):
        verbose_name = "articulation"
        ordering = ["action__nom", "dispositif__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "dispositif"], name="articulation_action_dispositif_unique"
            ),
        ]

    def __str__(self):
        return f"{self.action} ↔ {self.dispositif} ({self.get_nature_display()})"
