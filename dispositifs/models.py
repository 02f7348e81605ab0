"""Le répertoire des dispositifs : situations visées, thématiques et dispositifs."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from contrat_ville import francais
from contrat_ville.models import Quartier, Structure, TrancheAge
from contrat_ville.publication import Publiable, PubliableQuerySet, publie_ou_rien
from dispositifs import recherche

AGE_MAX_HANDICAP = (
    "L'âge maximum avec une reconnaissance de handicap suppose un âge maximum et ne peut "
    "lui être inférieur."
)


class Situation(models.Model):
    """Situation d'un jeune à laquelle un dispositif répond (critère d'éligibilité)."""

    code = models.SlugField("code", max_length=60, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    scolarise = models.BooleanField(
        "concerne un jeune encore scolarisé",
        null=True,
        blank=True,
        help_text="Vide quand la situation vaut qu'il soit scolarisé ou non.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "situation"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle


class NiveauDiplome(models.Model):
    """Le plus haut diplôme d'un jeune (référentiel) : la condition de diplôme des dispositifs."""

    code = models.SlugField("code", max_length=30, unique=True)
    libelle = models.CharField("libellé", max_length=200)
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "niveau de diplôme"
        verbose_name_plural = "niveaux de diplôme"
        ordering = ["ordre", "libelle"]

    def __str__(self):
        return self.libelle


class PorteDEntree(models.Model):
    """Qui contacter d'abord pour une situation : le dispositif par lequel commencer (rang 1),
    puis les suivants."""

    dispositif = models.ForeignKey(
        "Dispositif",
        verbose_name="dispositif",
        on_delete=models.CASCADE,
        related_name="portes_entree",
    )
    situation = models.ForeignKey(
        Situation,
        verbose_name="situation",
        on_delete=models.CASCADE,
        related_name="portes_entree",
    )
    rang = models.PositiveSmallIntegerField(
        "rang", default=1, help_text="1 : le premier à contacter pour cette situation."
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "porte d'entrée"
        verbose_name_plural = "portes d'entrée"
        ordering = ["situation", "rang", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "situation"], name="porte_entree_unique"),
        ]

    def __str__(self):
        return f"{self.situation} : {self.dispositif} (rang {self.rang})"


class Thematique(models.Model):
    """Thématique du référentiel data·inclusion v1 (« se-former--trouver-sa-formation »…)."""

    code = models.CharField("code", max_length=120, unique=True)
    libelle = models.CharField("libellé", max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thématique"
        ordering = ["libelle"]

    def __str__(self):
        return self.libelle


class Echelle(models.TextChoices):
    QUARTIERS = "quartiers", "Certains quartiers"
    AGGLOMERATION = "agglomeration", "Agglomération"
    DEPARTEMENT = "departement", "Département"
    REGION = "region", "Région"
    NATIONAL = "national", "National"


class DispositifQuerySet(PubliableQuerySet):
    def pour_age(self, age, *, handicap=False):
        """Les dispositifs ouverts à cet âge ; `handicap` : avec l'âge maximum porté par une
        reconnaissance de handicap (`age_max_handicap`)."""
        plafond = Q(age_max__isnull=True) | Q(age_max__gte=age)
        if handicap:
            plafond |= Q(age_max_handicap__gte=age)
        return self.filter(Q(age_min__isnull=True) | Q(age_min__lte=age), plafond)

    def hors_exemples(self):
        """Sans les dispositifs illustratifs (`Dispositif.est_illustratif`)."""
        return self.filter(est_exemple=False, porteur__est_exemple=False)

    def pour_annuaire(self):
        return self.select_related("porteur").prefetch_related("situations")

    def avec_lieux(self):
        """Les lieux publics où s'adresser (`Dispositif.ou_s_adresser()`, `lieu_pour()`) : au
        plus six requêtes (accueils et lieux des porteurs, leurs horaires et leurs quartiers)
        quel que soit le nombre de dispositifs, au lieu de plusieurs par dispositif."""
        return self.prefetch_related(*prefetch_des_lieux())

    def pour_orientation(self):
        return (
            self.select_related("porteur").prefetch_related("situations", "quartiers").avec_lieux()
        )

    def pour_support(self):
        """Ce que la carte d'un dispositif montre dans le support de présentation (PDF)."""
        return (
            self.select_related("porteur")
            .prefetch_related(
                "situations",
                "diplomes_acceptes",
                models.Prefetch("quartiers", queryset=Quartier.objects.order_by("commune", "nom")),
            )
            .avec_lieux()
        )

    def pour_donnees(self):
        """Ce que l'export en données ouvertes (data·inclusion) lit de chaque dispositif."""
        return (
            self.select_related("porteur")
            .prefetch_related(
                "situations",
                "diplomes_acceptes",
                models.Prefetch("quartiers", queryset=Quartier.objects.order_by("commune", "nom")),
                "thematiques",
            )
            .order_by("nom", "pk")
        )

    def reindexer(self):
        """Recalcule les colonnes de recherche (le nom du porteur en fait partie), en une
        lecture et une écriture groupée ; PostgreSQL refait le vecteur par son déclencheur."""
        dispositifs = list(self.select_related("porteur"))
        for dispositif in dispositifs:
            dispositif.indexer()
        self.model.objects.bulk_update(dispositifs, ["document", "racines"], batch_size=500)

    def dans_quartier(self, quartier):
        """Dispositifs accessibles dans un quartier : ceux qui le couvrent et ceux de plus
        grande échelle."""
        couverts = Dispositif.quartiers.through.objects.filter(quartier=quartier)
        return self.filter(
            ~Q(echelle=Echelle.QUARTIERS) | Q(pk__in=couverts.values("dispositif_id"))
        )


class Dispositif(Publiable, TrancheAge):
    class Categorie(models.TextChoices):
        PLATEFORME = "plateforme", "Plateforme"
        RESEAU = "reseau", "Réseau"
        REFERENT = "referent", "Référent"
        OPERATION = "operation", "Opération"
        DROIT = "droit", "Droit"
        SERVICE_EN_LIGNE = "service_en_ligne", "Service en ligne"
        MISSION = "mission", "Mission"
        EVENEMENT = "evenement", "Événement"
        OUTIL_REPERAGE = "outil_reperage", "Outil de repérage"
        ACCOMPAGNEMENT = "accompagnement", "Accompagnement"
        PROGRAMME = "programme", "Programme"

    class MobilisablePar(models.TextChoices):
        PROFESSIONNELS = "professionnels", "Les professionnels"
        JEUNES = "jeunes", "Les jeunes et leurs familles"
        LES_DEUX = "les_deux", "Les professionnels, les jeunes et leurs familles"

    nom = models.CharField("nom", max_length=200)
    sigle = models.CharField("sigle", max_length=30, blank=True)
    slug = models.SlugField("identifiant d'URL", max_length=80, unique=True)
    categorie = models.CharField("catégorie", max_length=20, choices=Categorie.choices)
    porteur = models.ForeignKey(
        Structure,
        verbose_name="porteur",
        on_delete=models.PROTECT,
        related_name="dispositifs_portes",
    )
    partenaires = models.ManyToManyField(
        Structure, verbose_name="partenaires", blank=True, related_name="dispositifs_partenaires"
    )
    resume = models.CharField("en quelques mots", max_length=400)
    description = models.TextField("description", blank=True)

    # Éligibilité, sous forme de données : l'aide à l'orientation ne connaît que ces champs.
    situations = models.ManyToManyField(
        Situation, verbose_name="situations visées", blank=True, related_name="dispositifs"
    )
    situations_exclues = models.ManyToManyField(
        Situation,
        verbose_name="jamais proposé pour ces situations",
        blank=True,
        related_name="dispositifs_exclus",
        help_text="Situations auxquelles il ne répond pas, même s'il sert une autre situation "
        "du jeune (un programme d'ambition scolaire pour un élève qui décroche).",
    )
    diplomes_acceptes = models.ManyToManyField(
        NiveauDiplome,
        verbose_name="diplômes acceptés",
        blank=True,
        related_name="dispositifs",
        help_text="Le plus haut diplôme que le jeune peut avoir ; aucun coché : sans condition.",
    )
    age_max_handicap = models.PositiveSmallIntegerField(
        "âge maximum avec une reconnaissance de handicap",
        null=True,
        blank=True,
        help_text="Vide : le même âge maximum.",
    )
    reserve_qpv = models.BooleanField(
        "réservé aux habitants des quartiers prioritaires", default=False
    )
    mois_debut = models.PositiveSmallIntegerField(
        "mobilisable à partir du mois",
        null=True,
        blank=True,
        help_text="Pour un dispositif saisonnier : 8 pour août.",
    )
    mois_fin = models.PositiveSmallIntegerField(
        "mobilisable jusqu'au mois", null=True, blank=True, help_text="12 pour décembre."
    )
    conditions_acces = models.TextField("conditions d'accès", blank=True)

    comment_mobiliser = models.TextField("comment le mobiliser")
    mobilisable_par = models.CharField(
        "mobilisable par", max_length=20, choices=MobilisablePar.choices
    )
    contact = models.CharField("contact (fonction ou service)", max_length=300, blank=True)
    telephone = models.CharField("téléphone", max_length=30, blank=True)
    courriel = models.EmailField("courriel", blank=True)
    site_web = models.URLField("site web", blank=True)

    echelle = models.CharField("échelle", max_length=20, choices=Echelle.choices)
    quartiers = models.ManyToManyField(
        Quartier,
        verbose_name="quartiers couverts",
        blank=True,
        related_name="dispositifs",
        help_text="Seulement pour un dispositif limité à certains quartiers.",
    )
    date_creation = models.DateField("date de création", null=True, blank=True)
    base_legale = models.TextField("base légale", blank=True)
    thematiques = models.ManyToManyField(
        Thematique, verbose_name="thématiques", blank=True, related_name="dispositifs"
    )
    source = models.CharField("source de l'information", max_length=500, blank=True)
    source_consultee_le = models.DateField(
        "source consultée le",
        null=True,
        blank=True,
        help_text="Le jour où quelqu'un a lu la source ; vide s'il n'est pas connu.",
    )
    est_exemple = models.BooleanField(
        "exemple illustratif",
        default=False,
        help_text="Dispositif fictif ou de statut non vérifié : signalé comme exemple et "
        "jamais exporté en données ouvertes.",
    )

    # Colonnes dérivées pour la recherche (voir dispositifs/recherche.py), recalculées à chaque
    # enregistrement à partir des champs ci-dessus : jamais saisies.
    document = models.TextField("texte indexé", blank=True, editable=False)
    racines = models.TextField("racines indexées", blank=True, editable=False)
    # PostgreSQL : `document` déjà passé par to_tsvector('french'), tenu à jour par un
    # déclencheur et servi par un index GIN (migration 0006) : la recherche ne réanalyse aucun
    # texte. Toujours vide sur SQLite, qui lit `racines`.
    vecteur = SearchVectorField("vecteur de recherche", null=True, editable=False)

    # Les listes (situations, quartiers…) font partie de ce qui est publié : leur historique
    # permet de comparer et de restaurer une version entière, pas seulement ses champs simples.
    history = HistoricalRecords(
        excluded_fields=["document", "racines", "vecteur"],
        m2m_fields=[
            "partenaires",
            "situations",
            "situations_exclues",
            "diplomes_acceptes",
            "quartiers",
            "thematiques",
        ],
    )
    exige_publie = ("porteur",)
    objects = DispositifQuerySet.as_manager()

    class Meta(Publiable.Meta):
        verbose_name = "dispositif"
        ordering = ["nom"]
        constraints = [
            *TrancheAge.CONTRAINTES,
            models.CheckConstraint(
                condition=Q(age_max_handicap__isnull=True)
                | Q(age_max__isnull=False, age_max_handicap__gte=F("age_max")),
                name="dispositif_age_max_handicap",
                violation_error_message=AGE_MAX_HANDICAP,
            ),
            models.CheckConstraint(
                condition=(Q(mois_debut__isnull=True) | Q(mois_debut__gte=1, mois_debut__lte=12))
                & (Q(mois_fin__isnull=True) | Q(mois_fin__gte=1, mois_fin__lte=12)),
                name="dispositif_mois_valides",
                violation_error_message="Un mois s'écrit de 1 (janvier) à 12 (décembre).",
            ),
        ]
        # Chaque filtre et chaque tri de l'annuaire (dispositifs/annuaire.py) sur les
        # dispositifs publiés ; porteur, situations, thématiques et quartiers passent par les
        # index des clés étrangères, la recherche par l'index GIN de `vecteur`.
        indexes = [
            models.Index(fields=["statut", "nom", "id"], name="dispositif_statut_nom"),
            models.Index(fields=["statut", "-modifie_le"], name="dispositif_statut_maj"),
            models.Index(fields=["statut", "categorie"], name="dispositif_statut_categorie"),
            models.Index(fields=["statut", "mobilisable_par"], name="dispositif_statut_public"),
            models.Index(fields=["statut", "echelle"], name="dispositif_statut_echelle"),
            models.Index(fields=["age_min", "age_max"], name="dispositif_ages"),
        ]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        self.indexer()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "document", "racines"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dispositifs:dispositif-detail", args=[self.slug])

    @property
    def porteur_public(self):
        return publie_ou_rien(self.porteur)

    def textes_indexes(self):
        # Le nom d'un porteur non publié ne fait pas trouver le dispositif.
        porteur = self.porteur_public if self.porteur_id else None
        return [
            self.nom,
            self.sigle,
            self.resume,
            self.description,
            self.conditions_acces,
            self.comment_mobiliser,
            self.contact,
            self.base_legale,
            porteur.nom if porteur else "",
            porteur.sigle if porteur else "",
        ]

    def indexer(self):
        textes = self.textes_indexes()
        self.document = recherche.document(*textes)
        self.racines = recherche.document_racines(*textes)

    @property
    def est_illustratif(self):
        """Exemple lui-même, ou porté par une structure d'exemple : jamais présenté comme un
        service réel (données ouvertes, compte du support)."""
        return self.est_exemple or self.porteur.est_exemple

    def clean(self):
        super().clean()
        if self.age_max_handicap is not None and (
            self.age_max is None or self.age_max_handicap < self.age_max
        ):
            raise ValidationError({"age_max_handicap": AGE_MAX_HANDICAP})

    def age_max_pour(self, *, handicap=False):
        """L'âge maximum, porté à `age_max_handicap` pour un jeune reconnu handicapé."""
        if handicap and self.age_max_handicap is not None:
            return self.age_max_handicap
        return self.age_max

    @property
    def condition_de_diplome(self):
        """« Plus haut diplôme accepté : aucun diplôme, brevet ou CFG », vide sans condition
        (lit `diplomes_acceptes.all()`, à précharger dans une liste)."""
        niveaux = [niveau.libelle for niveau in self.diplomes_acceptes.all()]
        if not niveaux:
            return ""
        return f"Plus haut diplôme accepté : {francais.enumeration(niveaux, 'ou')}"

    @property
    def est_local(self):
        """Limité à certains quartiers (ceux de `quartiers`)."""
        return self.echelle == Echelle.QUARTIERS

    def _accueils_publics(self):
        if not hasattr(self, "accueils_publics"):
            self.accueils_publics = list(Accueil.objects.publics().filter(dispositif=self))
        return self.accueils_publics

    def _lieux_du_porteur(self):
        porteur = self.porteur_public
        if porteur is None:
            return []
        if not hasattr(porteur, "lieux_publics"):
            porteur.lieux_publics = list(porteur.lieux.publics().pour_affichage())
        return porteur.lieux_publics

    def lieux_pour(self, quartier):
        """Où s'adresser depuis `quartier` : les lieux de ses accueils, sinon ceux des accueils
        « tous les quartiers », sinon les lieux du porteur qui desservent ce quartier ([] :
        coordonnées à compléter). Sans quartier : les accueils « tous les quartiers »."""
        accueils = self._accueils_publics()
        quartier_id = quartier.pk if quartier is not None else None
        for cle in (quartier_id, None):
            if lieux := [a.lieu for a in accueils if a.quartier_id == cle]:
                return lieux
        if quartier is None:
            return []
        return [
            lieu
            for lieu in self._lieux_du_porteur()
            if any(q.pk == quartier_id for q in lieu.quartiers.all())
        ]

    def lieu_pour(self, quartier):
        """Le premier lieu où s'adresser depuis `quartier`, ou None."""
        return next(iter(self.lieux_pour(quartier)), None)

    def ou_s_adresser(self):
        """[(lieu, quartiers)] pour la page du dispositif : chaque lieu de ses accueils avec
        les quartiers qu'il reçoit ([] : tous) ; sans accueil, les lieux du porteur."""
        par_lieu = {}
        for accueil in self._accueils_publics():
            quartiers = par_lieu.setdefault(accueil.lieu, [])
            if accueil.quartier is None:
                par_lieu[accueil.lieu] = None
            elif quartiers is not None:
                quartiers.append(accueil.quartier)
        if not par_lieu:
            return [(lieu, []) for lieu in self._lieux_du_porteur()]
        # « Tous les quartiers » d'abord, puis les lieux dans l'ordre de leur premier quartier.
        groupes = [(lieu, quartiers or []) for lieu, quartiers in par_lieu.items()]
        return sorted(groupes, key=lambda g: [(q.commune, q.nom) for q in g[1]])

    @property
    def periode_ouverture(self):
        if self.mois_debut is None or self.mois_fin is None:
            return ""
        return f"de {francais.mois(self.mois_debut)} à {francais.mois(self.mois_fin)}"


def reindexer_les_dispositifs_du_porteur(sender, instance, raw=False, **kwargs):
    """Une structure renommée (gestion, admin, restauration d'une version…) : ses dispositifs
    sont retrouvés sous son nouveau nom. Branché sur `post_save` de Structure par
    `DispositifsConfig.ready()` : le cœur, qui définit Structure, ne connaît pas le répertoire.
    Comme le cache, c'est un index à tenir à jour, pas une règle métier."""
    if not raw:
        instance.dispositifs_portes.all().reindexer()


# Les lieux où chaque dispositif reçoit le public, dans leur propre module (taille des modules).
from dispositifs.accueils import Accueil, prefetch_des_lieux  # noqa: E402, F401
