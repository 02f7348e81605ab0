"""Où un dispositif reçoit le public : pour un quartier (ou pour tous), un lieu d'accueil."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from contrat_ville.models import Lieu, Quartier
from dispositifs.models import Dispositif


class AccueilQuerySet(models.QuerySet):
    def publics(self):
        """Vers un lieu public (publié, d'une structure publiée), lu pour l'affichage."""
        lieux = Lieu.objects.publics()
        return (
            self.filter(lieu__in=lieux.values("pk"))
            .select_related("lieu__structure", "quartier")
            .prefetch_related(
                "lieu__horaires",
                models.Prefetch(
                    "lieu__quartiers", queryset=Quartier.objects.order_by("commune", "nom")
                ),
            )
            .order_by("quartier__commune", "quartier__nom", "lieu__nom", "pk")
        )


class Accueil(models.Model):
    """Le lieu où un dispositif reçoit le public d'un quartier (de tous, sans quartier)."""

    dispositif = models.ForeignKey(
        Dispositif, verbose_name="dispositif", on_delete=models.CASCADE, related_name="accueils"
    )
    lieu = models.ForeignKey(
        Lieu, verbose_name="lieu", on_delete=models.CASCADE, related_name="accueils"
    )
    quartier = models.ForeignKey(
        Quartier,
        verbose_name="quartier",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="accueils",
        help_text="Vide : le lieu reçoit le public de tous les quartiers.",
    )

    history = HistoricalRecords()
    objects = AccueilQuerySet.as_manager()

    class Meta:
        verbose_name = "accueil"
        ordering = ["dispositif", "quartier", "lieu", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispositif", "quartier", "lieu"],
                name="accueil_unique",
                violation_error_message="Ce lieu reçoit déjà le public de ce quartier.",
            ),
            models.UniqueConstraint(
                fields=["dispositif", "lieu"],
                condition=Q(quartier__isnull=True),
                name="accueil_tous_quartiers_unique",
                violation_error_message="Ce lieu reçoit déjà le public de tous les quartiers.",
            ),
        ]

    def __str__(self):
        quartier = self.quartier.nom if self.quartier_id else "tous les quartiers"
        return f"{self.dispositif} : {self.lieu.nom} ({quartier})"


def prefetch_des_lieux():
    """Les lectures groupées de `Dispositif.ou_s_adresser()` et `lieu_pour()`."""
    return [
        models.Prefetch("accueils", queryset=Accueil.objects.publics(), to_attr="accueils_publics"),
        models.Prefetch(
            "porteur__lieux",
            queryset=Lieu.objects.publics().pour_affichage(),
            to_attr="lieux_publics",
        ),
    ]
