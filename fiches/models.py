"""Les fiches « orientations opérationnelles » du contrat de ville, section par section."""

import re

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contrat_ville.francais import replier
from contrat_ville.models import Axe, AxeTransversal, ContratDeVille
from contrat_ville.publication import Publiable, PubliableQuerySet


def lignes(texte):
    """Une section à puces est saisie comme un élément par ligne."""
    return [ligne.strip() for ligne in (texte or "").splitlines() if ligne.strip()]


class Fiche(Publiable):
    contrat = models.ForeignKey(
        ContratDeVille, verbose_name="contrat", on_delete=models.PROTECT, related_name="fiches"
    )
    axe = models.ForeignKey(
        Axe, verbose_name="axe", on_delete=models.PROTECT, related_name="fiches"
    )
    code = models.CharField(
        "code", max_length=20, unique=True, help_text="Numéro de la fiche, par exemple « 1.2.2 »."
    )
    version = models.CharField("version", max_length=20, blank=True)
    titre = models.CharField("titre", max_length=400)
    sous_titre = models.CharField("second intitulé", max_length=400, blank=True)
    enjeu = models.TextField("enjeu", blank=True)
    contexte = models.TextField("contexte", blank=True, help_text="Un paragraphe par ligne.")
    objectifs = models.TextField("objectifs et dynamiques", blank=True, help_text="Un par ligne.")
    realisations_attendues = models.TextField(
        "réalisations attendues", blank=True, help_text="Une par ligne."
    )
    effets_attendus = models.TextField("effets attendus", blank=True, help_text="Un par ligne.")
    echelles = models.TextField("échelle territoriale", blank=True, help_text="Une par ligne.")
    animateurs = models.TextField("animateurs", blank=True, help_text="Un par ligne.")
    partenaires_mobilisables = models.TextField(
        "partenaires mobilisables (dont habitants)", blank=True, help_text="Un groupe par ligne."
    )
    acteurs_a_informer = models.TextField("acteurs à informer", blank=True)
    outil_de_reperage = models.TextField("outil de repérage", blank=True)
    dispositifs_concernes = models.TextField(
        "dispositifs concernés",
        blank=True,
        help_text="Texte de la fiche ; les dispositifs du répertoire sont liés ci-dessous.",
    )
    dispositifs = models.ManyToManyField(
        "dispositifs.Dispositif",
        verbose_name="dispositifs du répertoire concernés",
        blank=True,
        related_name="fiches",
    )
    financements_mobilisables = models.TextField("financements mobilisables", blank=True)
    liens = models.TextField(
        "liens avec d'autres enjeux et fiches", blank=True, help_text="Un lien par ligne."
    )
    fiches_liees = models.ManyToManyField(
        "self", verbose_name="fiches liées", blank=True, symmetrical=False
    )
    axes_transversaux = models.ManyToManyField(
        AxeTransversal, verbose_name="axes transversaux", blank=True, related_name="fiches"
    )

    history = HistoricalRecords()
    objects = PubliableQuerySet.as_manager()

    class Meta(Publiable.Meta):
        verbose_name = "fiche"
        ordering = ["code"]

    def __str__(self):
        return f"Fiche {self.code} – {self.titre}"

    def get_absolute_url(self):
        return reverse("fiches:fiche-detail", args=[self.code])

    def lignes(self, champ):
        return lignes(getattr(self, champ))

    def formulations_de_l_enjeu(self):
        """L'enjeu tel que la fiche l'écrit en tête, puis chaque autre façon dont elle l'écrit
        quand ses liens le citent (« Enjeu 1.2.2. Éviter … ; Fiche … »)."""
        citation = re.compile(rf"\bEnjeu\s+{re.escape(self.code)}\.?\s+([^;]+)")
        formulations = [self.enjeu.strip()] if self.enjeu.strip() else []
        for ligne in self.lignes("liens"):
            for trouvee in citation.findall(ligne):
                trouvee = trouvee.strip()
                if trouvee and _sans_ponctuation_finale(trouvee) not in {
                    _sans_ponctuation_finale(f) for f in formulations
                }:
                    formulations.append(trouvee)
        return formulations


def _sans_ponctuation_finale(texte):
    """Deux formulations qui ne diffèrent que par la typographie sont la même."""
    return replier(texte).rstrip(" .…").strip()


class EtapeCalendrier(models.Model):
    fiche = models.ForeignKey(
        Fiche, verbose_name="fiche", on_delete=models.CASCADE, related_name="etapes"
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    periode = models.CharField("période", max_length=60, help_text="Par exemple « 2016 ».")
    date_debut = models.DateField("début", null=True, blank=True)
    date_fin = models.DateField("fin", null=True, blank=True)
    description = models.CharField("étape", max_length=400)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "étape du calendrier"
        verbose_name_plural = "étapes du calendrier"
        ordering = ["fiche", "ordre", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_debut__isnull=True)
                | models.Q(date_fin__isnull=True)
                | models.Q(date_debut__lte=models.F("date_fin")),
                name="etape_dates_ordonnees",
                violation_error_message="La fin d'une étape ne peut précéder son début.",
            ),
        ]

    def __str__(self):
        return f"{self.periode} : {self.description}"
