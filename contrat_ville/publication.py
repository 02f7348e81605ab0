"""Le cycle de publication partagé par tout le contenu : statuts, table des étapes et la
classe abstraite `Publiable` (verrou optimiste compris)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator, capfirst


class Statut(models.TextChoices):
    BROUILLON = "brouillon", "Brouillon"
    RELECTURE = "relecture", "En relecture"
    PUBLIE = "publie", "Publié"
    ARCHIVE = "archive", "Archivé"


class PubliableQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(statut=Statut.PUBLIE)

    def a_verifier(self, *, le=None):
        """Jamais confirmés exacts, ou pas depuis plus de douze mois."""
        il_y_a_un_an = (le or timezone.localdate()) - datetime.timedelta(days=365)
        return self.filter(Q(verifie_le__isnull=True) | Q(verifie_le__lt=il_y_a_un_an))


def publie_ou_rien(objet):
    """`objet` s'il est publié, sinon None : ce qu'un contenu publié cite (son porteur) n'est
    montré au public que publié lui-même ; un brouillon cité reste invisible, même renommé."""
    return objet if objet is not None and objet.statut == Statut.PUBLIE else None


class TransitionInterdite(Exception):
    """Changement de statut que le cycle de publication n'autorise pas."""


class ConflitDeRevision(Exception):
    """Quelqu'un d'autre a enregistré l'objet depuis qu'il a été chargé (verrou optimiste)."""


# --- Le cycle de publication -------------------------------------------------------------------
# Une seule table : pour chaque étape, les statuts d'où elle part, chacun avec la permission
# Django qu'elle y demande (« change » : celle de qui rédige ; « publish » : celle de qui
# décide de ce qui est public), et le statut où elle mène. L'espace équipe, l'admin et les
# méthodes des modèles la lisent tous.

REDIGER, PUBLIER = "change", "publish"
LISTE_DES_DEPENDANTS = 10  # contenus nommés au plus dans un refus


@dataclass(frozen=True)
class Transition:
    nom: str  # segment d'URL : /gestion/<type>/<pk>/statut/<nom>/
    libelle: str
    methode: str  # méthode du modèle qui l'exécute : `objet.publier(par=…)`
    depuis: dict  # {statut de départ: permission demandée}
    vers: str | None  # None : le statut ne change pas (confirmer l'exactitude)
    message: str  # ce que la personne lit une fois l'étape faite

    def possible(self, objet):
        return Statut(objet.statut) in self.depuis

    def permission(self, objet):
        """« dispositifs.publish_dispositif » : la permission que l'étape demande depuis le
        statut actuel de l'objet (None si elle n'en part pas)."""
        action = self.depuis.get(Statut(objet.statut))
        if action is None:
            return None
        return f"{objet._meta.app_label}.{action}_{objet._meta.model_name}"

    def permise(self, user, objet):
        permission = self.permission(objet)
        return permission is not None and user.has_perm(permission)

    def executer(self, objet, *, par, commentaire=""):
        """Fait l'étape sur `objet` au nom de `par`, et donne son motif à l'entrée d'historique
        qu'elle crée (« Publier : relu, conforme »). Le commentaire est aussi noté sur l'objet
        quand le statut change (`statut_commentaire`). La permission se vérifie avant
        (`permise`) ; lève `TransitionInterdite` ou `ConflitDeRevision`."""
        motif = f"{self.libelle} : {commentaire}" if commentaire else self.libelle
        longueur = objet.history.model._meta.get_field("history_change_reason").max_length
        objet._change_reason = Truncator(motif).chars(longueur)
        arguments = {"par": par}
        if self.vers is not None:
            arguments["commentaire"] = commentaire
        getattr(objet, self.methode)(**arguments)


B, R, P, A = Statut.BROUILLON, Statut.RELECTURE, Statut.PUBLIE, Statut.ARCHIVE

SOUMETTRE = Transition(
    nom="soumettre",
    libelle="Soumettre à la relecture",
    methode="soumettre",
    depuis={B: REDIGER},
    vers=R,
    message="Envoi en relecture fait : un coordinateur peut maintenant publier « {objet} ».",
)
PUBLICATION = Transition(
    nom="publier",
    libelle="Publier",
    methode="publier",
    depuis={B: PUBLIER, R: PUBLIER},
    vers=P,
    message="Publication faite : « {objet} » est visible de tous.",
)
DEPUBLICATION = Transition(
    nom="depublier",
    libelle="Dépublier",
    methode="depublier",
    depuis={P: PUBLIER},
    vers=B,
    message="Dépublication faite : « {objet} » n'est plus public et redevient un brouillon.",
)
RETOUR_AU_BROUILLON = Transition(
    nom="remettre-en-brouillon",
    libelle="Remettre en brouillon",
    methode="remettre_en_brouillon",
    depuis={R: REDIGER, A: PUBLIER},
    vers=B,
    message="Retour au brouillon fait pour « {objet} ».",
)
ARCHIVAGE = Transition(
    nom="archiver",
    libelle="Archiver",
    methode="archiver",
    depuis={B: PUBLIER, R: PUBLIER, P: PUBLIER},
    vers=A,
    message="Archivage fait : « {objet} » n'est plus visible du public.",
)
CONFIRMATION = Transition(
    nom="confirmer",
    libelle="Confirmer l'exactitude",
    methode="confirmer_exactitude",
    depuis={B: PUBLIER, R: PUBLIER, P: PUBLIER},
    vers=None,
    message="Exactitude de « {objet} » confirmée à la date du jour.",
)

CYCLE_DE_PUBLICATION = (SOUMETTRE, PUBLICATION, DEPUBLICATION, RETOUR_AU_BROUILLON, ARCHIVAGE)


class Publiable(models.Model):
    """Contenu soumis au cycle brouillon → en relecture → publié → archivé.

    Seules les lignes publiées sont visibles du public ; les transitions sont des méthodes
    (`fiche.publier(par=utilisateur)`) pour que l'auteur et la date soient toujours notés, et
    suivent la table `CYCLE_DE_PUBLICATION`. Chaque modèle publiable a, en plus des permissions
    de Django, `publish_<modèle>` : publier, dépublier, archiver, confirmer l'exactitude et
    modifier ce qui est public.
    """

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
        editable=False,
        help_text="Date à laquelle une personne de l'équipe a confirmé que le contenu est exact.",
    )
    verifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vérifié par",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Numéro de révision du verrou optimiste. Il ne s'appelle pas `version` : `Fiche.version`
    # (« 2017 ») porte déjà ce nom et masquerait ce champ hérité.
    revision = models.PositiveIntegerField("révision", default=0, editable=False)

    # Clés étrangères vers un contenu publiable qui doit être public pour que celui-ci le soit
    # (le porteur d'un dispositif) : sa publication est refusée tant qu'il ne l'est pas, et
    # lui ne quitte pas « publié » tant qu'un contenu publié le cite ainsi.
    exige_publie = ()

    objects = PubliableQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("add", "change", "delete", "view", PUBLIER)

    @property
    def est_publie(self):
        return self.statut == Statut.PUBLIE

    def _cites_non_publies(self):
        """{champ: objet cité} parmi `exige_publie`, pour ceux qui ne sont pas publiés."""
        cites = {}
        for nom in self.exige_publie:
            champ = self._meta.get_field(nom)
            if getattr(self, champ.attname) is not None:
                cite = getattr(self, nom)
                if not cite.est_publie:
                    cites[champ] = cite
        return cites

    def _publies_qui_en_dependent(self):
        """Les contenus publiés qui citent celui-ci dans un champ de leur `exige_publie`."""
        dependants = []
        for relation in self._meta.related_objects:
            modele = relation.related_model
            if relation.many_to_many or not issubclass(modele, Publiable):
                continue
            if relation.field.name in modele.exige_publie:
                dependants += modele._base_manager.filter(
                    **{relation.field.name: self}, statut=Statut.PUBLIE
                ).order_by("pk")[:LISTE_DES_DEPENDANTS]
        return dependants

    def empechement(self, transition):
        """Pourquoi `transition` ne peut pas se faire sur cet objet (phrase en français), ou
        "". Lu par `_changer_statut`, où passent l'espace équipe, l'admin et tout script."""
        publier = transition.vers == Statut.PUBLIE
        if publier and (cites := self._cites_non_publies()):
            champ, cite = next(iter(cites.items()))
            # Sans accord : le genre du champ (porteur, structure…) n'est pas connu ici.
            return (
                f"il faut d'abord publier « {cite} » ({champ.verbose_name}) : un contenu "
                "publié ne cite que des contenus publiés."
            )
        # Quitter « publié » (dépublier, archiver) ; confirmer l'exactitude (`vers` None) non.
        quitter = self.est_publie and transition.vers not in (None, Statut.PUBLIE)
        if quitter and (dependants := self._publies_qui_en_dependent()):
            noms = " ; ".join(f"« {d} » ({d._meta.verbose_name})" for d in dependants)
            return (
                f"des contenus publiés dépendent de « {self} » : {noms}. Dépubliez-les ou "
                "changez-en le porteur d'abord."
            )
        return ""

    def clean(self):
        super().clean()
        if self.est_publie:
            erreurs = {
                champ.name: f"« {cite} » n'est pas encore en ligne : un contenu publié ne cite "
                "que des contenus publiés."
                for champ, cite in self._cites_non_publies().items()
            }
            if erreurs:
                raise ValidationError(erreurs)

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

    def _changer_statut(self, transition, *, par=None, commentaire=""):
        if not transition.possible(self):
            raise TransitionInterdite(
                f"Passage de « {self.get_statut_display()} » à « {Statut(transition.vers).label} »"
                " non autorisé."
            )
        if raison := self.empechement(transition):
            raise TransitionInterdite(capfirst(raison))
        maintenant = timezone.now()
        self.statut = transition.vers
        self.statut_modifie_le = maintenant
        self.statut_modifie_par = par
        self.statut_commentaire = commentaire
        if transition.vers == Statut.PUBLIE:
            self.publie_le = maintenant
        self._enregistrer_revision()

    def soumettre(self, *, par=None, commentaire=""):
        self._changer_statut(SOUMETTRE, par=par, commentaire=commentaire)

    def publier(self, *, par=None, commentaire=""):
        self._changer_statut(PUBLICATION, par=par, commentaire=commentaire)

    def depublier(self, *, par=None, commentaire=""):
        self._changer_statut(DEPUBLICATION, par=par, commentaire=commentaire)

    def remettre_en_brouillon(self, *, par=None, commentaire=""):
        """Retour au brouillon d'un contenu en relecture (renvoyé au rédacteur) ou archivé."""
        self._changer_statut(RETOUR_AU_BROUILLON, par=par, commentaire=commentaire)

    def archiver(self, *, par=None, commentaire=""):
        self._changer_statut(ARCHIVAGE, par=par, commentaire=commentaire)

    def confirmer_exactitude(self, *, par=None, le=None):
        """Une personne confirme que le contenu est exact : qui et quand, sans toucher à qui a
        changé son statut en dernier (le tableau de bord le montre pour la relecture)."""
        self.verifie_le = le or timezone.localdate()
        self.verifie_par = par
        self._enregistrer_revision(update_fields=["verifie_le", "verifie_par", "modifie_le"])
