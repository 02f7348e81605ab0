"""Le territoire du contrat de ville et le cycle de publication partagé par tout le contenu."""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Statut(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    RELECTURE = "relecture", "En relecture"
    PUBLIE = "publie", "Publié"
    ARCHIVE = "archive", "Archivé"


class PubliableQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(statut=Statut.PUBLIE)

    def en_relecture(self):
        return self.filter(statut=Statut.RELECTURE)

    def brouillons(self):
        return self.filter(statut=Statut.BROUILLON)

    def a_verifier(self, *, le=None):
        """Jamais confirmés exacts, ou pas depuis plus de douze mois."""
        il_y_a_un_an = (le or timezone.localdate()) - datetime.timedelta(days=365)
        return self.filter(Q(verifie_le__isnull=True) | Q(verifie_le__lt=il_y_a_un_an))


class TransitionInterdite(Exception):
    """Changement de statut que le cycle de publication n'autorise pas."""


class ConflitDeRevision(Exception):
    """Quelqu'un d'autre a enregistré l'objet depuis qu'il a été chargé (verrou optimiste)."""


class Publiable(models.Model):
    """Contenu soumis au cycle brouillon → en relecture → publié → archivé.

    Seules les lignes publiées sont visibles du public ; les transitions sont des méthodes
    (`fiche.publier(par=utilisateur)`) pour que l'auteur et la date soient toujours notés.
    """

    TRANSITIONS = {
        Statut.BROUILLON: {Statut.RELECTURE, Statut.PUBLIE, Statut.ARCHIVE},
        Statut.RELECTURE: {Statut.BROUILLON, Statut.PUBLIE, Statut.ARCHIVE},
        Statut.PUBLIE: {Statut.BROUILLON, Statut.ARCHIVE},
        Statut.ARCHIVE: {Statut.BROUILLON},
    }

    statut = models.CharField(
        "statut", max_length=12, choices=Statut.choices, default=Statut.BROUILLON, db_index=True
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now, editable=False)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    publie_le = models.DateTimeField("publié le", null=True, blank=True, editable=False)
    statut_modifie_le = models.DateTimeField(
        "statut modifié le", null=True, blank=True, editable=False
    )
    statut_modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="statut modifié par",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    statut_commentaire = models.CharField(
        "commentaire du dernier changement de statut", max_length=500, blank=True
    )
    verifie_le = models.DateField(
        "vérifié le",
        null=True,
        blank=True,
        help_text="Date à laquelle un coordinateur a confirmé que le contenu est exact.",
    )
    # Numéro de révision du verrou optimiste. Il ne s'appelle pas `version` : `Fiche.version`
    # (« 2017 ») porte déjà ce nom et masquerait ce champ hérité.
    revision = models.PositiveIntegerField("révision", default=0, editable=False)

    objects = PubliableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def est_publie(self):
        return self.statut == Statut.PUBLIE

    def prendre_revision(self, revision_chargee):
        """Réserve l'enregistrement de l'objet tel qu'il était à `revision_chargee`.

        Un seul UPDATE conditionnel : de deux enregistrements simultanés partis de la même
        révision, un seul trouve encore la ligne à cette révision, l'autre reçoit
        `ConflitDeRevision`. À appeler dans la transaction qui enregistre ensuite l'objet.
        """
        prise = (
            type(self)
            ._base_manager.filter(pk=self.pk, revision=revision_chargee)
            .update(revision=revision_chargee + 1)
        )
        if not prise:
            raise ConflitDeRevision(
                f"« {self} » a été modifié par quelqu'un d'autre depuis son chargement."
            )
        self.revision = revision_chargee + 1

    def _enregistrer_revision(self, **kwargs):
        with transaction.atomic():
            if not self._state.adding:
                self.prendre_revision(self.revision)
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = [*kwargs["update_fields"], "revision"]
            self.save(**kwargs)

    def _changer_statut(self, nouveau, *, par=None, commentaire=""):
        if nouveau not in self.TRANSITIONS[Statut(self.statut)]:
            raise TransitionInterdite(
                f"Passage de « {self.get_statut_display()} » à « {Statut(nouveau).label} » "
                "non autorisé."
            )
        maintenant = timezone.now()
        self.statut = nouveau
        self.statut_modifie_le = maintenant
        self.statut_modifie_par = par
        self.statut_commentaire = commentaire
        if nouveau == Statut.PUBLIE:
            self.publie_le = maintenant
        self._enregistrer_revision()

    def soumettre(self, *, par=None, commentaire=""):
        self._changer_statut(Statut.RELECTURE, par=par, commentaire=commentaire)

    def publier(self, *, par=None, commentaire=""):
        self._changer_statut(Statut.PUBLIE, par=par, commentaire=commentaire)

    def depublier(self, *, par=None, commentaire=""):
        self._changer_statut(Statut.BROUILLON, par=par, commentaire=commentaire)

    def remettre_en_brouillon(self, *, par=None, commentaire=""):
        """Retour au brouillon d'un contenu en relecture (renvoyé au rédacteur) ou archivé."""
        self._changer_statut(Statut.BROUILLON, par=par, commentaire=commentaire)

    def archiver(self, *, par=None, commentaire=""):
        self._changer_statut(Statut.ARCHIVE, par=par, commentaire=commentaire)

    def confirmer_exactitude(self, *, par=None, le=None):
        self.verifie_le = le or timezone.localdate()
        self.statut_modifie_par = par
        self._enregistrer_revision(update_fields=["verifie_le", "statut_modifie_par", "modifie_le"])


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

    history = HistoricalRecords()

    class Meta:
        verbose_name = "structure"
        ordering = ["nom"]

    def __str__(self):
        return f"{self.nom} ({self.sigle})" if self.sigle else self.nom

    @property
    def nom_court(self):
        return self.sigle or self.nom


class VersionDonnees(models.Model):
    """Numéro de version des données publiques : une seule ligne, incrémentée à chaque écriture.

    Le cache des pages anonymes met ce numéro dans ses clés (voir `portail.cache`) : une
    publication le fait avancer et toutes les pages en cache deviennent obsolètes d'un coup, sur
    chaque processus et chaque machine, puisque tous lisent la même ligne.
    """

    numero = models.PositiveBigIntegerField("numéro", default=1)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "version des données publiques"
        verbose_name_plural = "versions des données publiques"
        ordering = ["pk"]

    def __str__(self):
        return f"Version {self.numero}"
