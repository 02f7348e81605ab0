"""Le travail partenarial : séances, participations, suites, et diffusions de supports."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from contrat_ville.models import Quartier, Structure
from contrat_ville.publication import Publiable, PubliableQuerySet, Statut


class SeanceQuerySet(PubliableQuerySet):
    def a_venir(self):
        return self.filter(debut__gte=timezone.now()).order_by("debut")

    def passees(self):
        return self.filter(debut__lt=timezone.now()).order_by("-debut")

    def tenues(self):
        return self.filter(etat=Seance.Etat.TENUE)

    def sans_compte_rendu(self):
        """Séances tenues, ou terminées et encore marquées « prévue », dont le compte rendu
        reste à écrire (hors archives)."""
        terminees = Q(etat=Seance.Etat.TENUE) | Q(etat=Seance.Etat.PREVUE, fin__lt=timezone.now())
        return self.filter(terminees, compte_rendu="").exclude(statut=Statut.ARCHIVE)

    def filtrer(self, *, type=None, echelle=None, quartier=None, annee=None):
        """Critères de la liste publique ; un critère vide ne filtre pas."""
        criteres = {"type": type, "echelle": echelle, "quartier": quartier, "debut__year": annee}
        return self.filter(**{champ: valeur for champ, valeur in criteres.items() if valeur})

    def annees(self):
        """Années (heure de Paris) où une séance commence, de la plus récente à la plus ancienne."""
        return [jour.year for jour in self.datetimes("debut", "year", order="DESC")]

    def pour_liste(self):
        """Ce que la liste des séances affiche pour chacune, sans requête par séance."""
        return self.select_related("quartier")

    def pour_agenda(self):
        """Les séances du flux iCalendar, dans l'ordre chronologique."""
        return self.select_related("quartier", "lieu_accueil__structure").order_by("debut", "pk")


class EchelleSeance(models.TextChoices):
    AGGLOMERATION = "agglomeration", "Agglomération"
    QUARTIER = "quartier", "Quartier"


class Seance(Publiable):
    class Type(models.TextChoices):
        GROUPE_TECHNIQUE = "groupe_technique", "Groupe de travail technique"
        COMITE_OPERATIONNEL = "comite_operationnel", "Comité opérationnel"
        POLE_RESSOURCE = "pole_ressource", "Séance partenariale du pôle ressource agglomération"
        ANIMATION_QUARTIER = "animation_quartier", "Séance d'animation par quartier"
        PERSEVERANCE = "perseverance", "Journée de la persévérance scolaire"

    Echelle = EchelleSeance

    class Etat(models.TextChoices):
        PREVUE = "prevue", "Prévue"
        TENUE = "tenue", "Tenue"
        ANNULEE = "annulee", "Annulée"

    type = models.CharField("type de séance", max_length=24, choices=Type.choices)
    titre = models.CharField("titre", max_length=250)
    debut = models.DateTimeField("début")
    fin = models.DateTimeField("fin")
    lieu = models.CharField("lieu", max_length=250, blank=True)
    lieu_accueil = models.ForeignKey(
        "contrat_ville.Lieu",
        verbose_name="lieu d'accueil du répertoire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seances",
        help_text="Si la séance se tient dans un lieu d'accueil du répertoire : son adresse "
        "complète est donnée aux agendas.",
    )
    echelle = models.CharField("échelle", max_length=16, choices=Echelle.choices)
    quartier = models.ForeignKey(
        Quartier,
        verbose_name="quartier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seances",
    )
    fiches = models.ManyToManyField(
        "fiches.Fiche", verbose_name="fiches", blank=True, related_name="seances"
    )
    dispositifs = models.ManyToManyField(
        "dispositifs.Dispositif",
        verbose_name="dispositifs abordés",
        blank=True,
        related_name="seances",
    )
    animateur = models.ForeignKey(
        Structure,
        verbose_name="animée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seances_animees",
    )
    ordre_du_jour = models.TextField("ordre du jour", blank=True, help_text="Un point par ligne.")
    etat = models.CharField("état", max_length=10, choices=Etat.choices, default=Etat.PREVUE)
    compte_rendu = models.TextField("compte rendu", blank=True)
    compte_rendu_publie = models.BooleanField(
        "compte rendu publié",
        default=False,
        help_text="Le compte rendu est publié séparément de la séance.",
    )
    est_exemple = models.BooleanField(
        "exemple illustratif", default=False, help_text="Donnée de démonstration, non réelle."
    )

    history = HistoricalRecords()
    objects = SeanceQuerySet.as_manager()

    class Meta(Publiable.Meta):
        verbose_name = "séance"
        ordering = ["-debut"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gte=F("debut")),
                name="seance_fin_apres_debut",
                violation_error_message="La fin de la séance ne peut précéder son début.",
            ),
            models.CheckConstraint(
                condition=Q(echelle=EchelleSeance.QUARTIER, quartier__isnull=False)
                | Q(echelle=EchelleSeance.AGGLOMERATION, quartier__isnull=True),
                name="seance_quartier_selon_echelle",
                violation_error_message=(
                    "Une séance à l'échelle d'un quartier indique ce quartier ; "
                    "une séance d'agglomération n'en indique pas."
                ),
            ),
        ]
        # La liste publique : par date (année comprise), et par type, échelle ou quartier.
        indexes = [
            models.Index(fields=["statut", "debut"], name="seance_statut_debut"),
            models.Index(fields=["type", "debut"], name="seance_type_debut"),
            models.Index(fields=["echelle", "debut"], name="seance_echelle_debut"),
            models.Index(fields=["quartier", "debut"], name="seance_quartier_debut"),
        ]

    def __str__(self):
        return f"{self.titre} ({timezone.localtime(self.debut):%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("seances:seance-detail", args=[self.pk])

    @property
    def est_annulee(self):
        return self.etat == self.Etat.ANNULEE


class Participation(models.Model):
    class Presence(models.TextChoices):
        PRESENTE = "presente", "Présente"
        EXCUSEE = "excusee", "Excusée"

    seance = models.ForeignKey(
        Seance, verbose_name="séance", on_delete=models.CASCADE, related_name="participations"
    )
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.PROTECT, related_name="participations"
    )
    nombre_personnes = models.PositiveSmallIntegerField("nombre de personnes", default=1)
    presence = models.CharField(
        "présence", max_length=10, choices=Presence.choices, default=Presence.PRESENTE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "participation"
        ordering = ["seance", "structure__nom"]
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "structure"], name="participation_structure_unique"
            ),
        ]

    def __str__(self):
        return f"{self.structure} – {self.get_presence_display()}"


class Suite(models.Model):
    class Nature(models.TextChoices):
        COMPLEMENTARITE = "complementarite", "Complémentarité identifiée"
        ACTION = "action", "Action retenue"
        DECISION = "decision", "Décision"

    class Etat(models.TextChoices):
        A_FAIRE = "a_faire", "À faire"
        EN_COURS = "en_cours", "En cours"
        FAITE = "faite", "Faite"
        ABANDONNEE = "abandonnee", "Abandonnée"

    seance = models.ForeignKey(
        Seance, verbose_name="séance", on_delete=models.CASCADE, related_name="suites"
    )
    nature = models.CharField("nature", max_length=20, choices=Nature.choices)
    description = models.TextField("description")
    responsable = models.ForeignKey(
        Structure,
        verbose_name="structure responsable",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suites",
    )
    echeance = models.DateField("échéance", null=True, blank=True)
    etat = models.CharField("état", max_length=12, choices=Etat.choices, default=Etat.A_FAIRE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "suite donnée"
        verbose_name_plural = "suites données"
        ordering = ["seance", "echeance", "pk"]

    def __str__(self):
        return f"{self.get_nature_display()} : {self.description[:60]}"


def chemin_support(instance, filename):
    return f"diffusions/{timezone.now():%Y/%m}/{filename}"


class Diffusion(models.Model):
    """Trace de la transmission d'un support, avec le fichier exact qui a été envoyé."""

    class Support(models.TextChoices):
        PRESENTATION = "presentation", "Support de présentation des dispositifs"
        RESULTATS = "resultats", "Note de résultats"

    class Destinataire(models.TextChoices):
        COMITE_OPERATIONNEL = "comite_operationnel", "Comité opérationnel du contrat de ville"
        ACTEURS_QUARTIER = "acteurs_quartier", "Acteurs impliqués au sein des quartiers"

    support = models.CharField("support", max_length=20, choices=Support.choices)
    destinataire = models.CharField("destinataire", max_length=24, choices=Destinataire.choices)
    quartier = models.ForeignKey(
        Quartier,
        verbose_name="quartier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="diffusions",
    )
    fiche = models.ForeignKey(
        "fiches.Fiche",
        verbose_name="fiche",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="diffusions",
    )
    date = models.DateField("date de diffusion", default=timezone.localdate)
    commentaire = models.TextField("commentaire", blank=True)
    fichier = models.FileField("fichier transmis", upload_to=chemin_support, blank=True)
    empreinte = models.CharField("empreinte SHA-256 du fichier", max_length=64, blank=True)
    enregistree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enregistrée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    est_exemple = models.BooleanField("exemple illustratif", default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "diffusion"
        ordering = ["-date", "-pk"]

    def __str__(self):
        support, destinataire = self.get_support_display(), self.get_destinataire_display()
        return f"{support} → {destinataire} ({self.date:%d/%m/%Y})"
