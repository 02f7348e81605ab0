"""Les lieux d'accueil d'une structure (où aller, qui appeler) et leurs horaires."""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from contrat_ville import francais
from contrat_ville.models import CODE_COMMUNE, Quartier, Structure
from contrat_ville.publication import Publiable, PubliableQuerySet, Statut


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
    def est_public(self):
        """Publié, d'une structure publiée : la règle de `LieuQuerySet.publics()`, pour un lieu
        déjà chargé."""
        return self.statut == Statut.PUBLIE and self.structure.statut == Statut.PUBLIE

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
