"""Comment la démonstration écrit une ligne des fichiers : créée si elle manque, mise à jour si
elle est la sienne (`demo.provenance`), laissée telle quelle et signalée sinon.

Une ligne que quelqu'un a supprimée depuis le chargement n'est pas recréée : `enregistrer` rend
à sa place une `Absente`, que les fichiers citent ensuite comme ils citeraient la ligne. Dans une
liste (plusieurs-à-plusieurs), elle est omise ; dans une clé étrangère facultative, le champ reste
vide, si la ligne tient sans lui ; une ligne qu'elle identifie (clé naturelle) ou qui ne peut s'en
passer n'est pas créée, et une ligne qui existe déjà est laissée telle quelle, jamais supprimée
pour autant. Une ligne que la démonstration a supprimée elle-même est recréée si les fichiers la
décrivent à nouveau : c'était la sienne.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.db import models
from django.utils import timezone

from contrat_ville.publication import Publiable, Statut
from demo.provenance import Provenance, ancienne_ligne, avec_provenance, signer

# Champs tenus par le cycle de publication ou par l'espace de gestion, jamais par les fichiers.
CHAMPS_HORS_FICHIERS = {"statut_commentaire", "fichier", "empreinte", "enregistree_par"}
# « Vérifié le » est l'acte d'une personne dans l'espace équipe : des fichiers ne le posent pas.
CHAMPS_DE_VERIFICATION = {"verifie_le", "verifie_par"}
# Ce que la démonstration a fait d'une ligne qui n'est plus la sienne.
LAISSE = "laisse"  # modifiée par quelqu'un : laissée telle quelle
INCONNU = "inconnu"  # sans historique : laissée telle quelle
GARDE = "garde"  # ligne d'une séance ou d'une fiche absente des fichiers, gardée
SUPPRIME = "supprime"  # supprimée par quelqu'un : laissée supprimée
NON_CHARGE = "non_charge"  # dépend d'une ligne supprimée par quelqu'un : pas écrite


@dataclass(frozen=True)
class LigneSignalee:
    quoi: str  # dispositif « Mission de lutte contre le décrochage scolaire »
    etat: str
    provenance: Provenance

    def __str__(self):
        return f"{self.quoi} ({self.provenance.details()})"


@dataclass(frozen=True)
class Absente:
    """Ce que rend `enregistrer` pour une ligne des fichiers supprimée par quelqu'un depuis le
    chargement, ou qui en dépend, même de loin : elle nomme toujours la ligne supprimée."""

    modele: type[models.Model]
    libelle: str  # son nom dans sa dernière version (« Mission de lutte contre… »)
    provenance: Provenance  # sa suppression : par qui, quand

    def __str__(self):
        return self.libelle

    @property
    def quoi(self):
        return f"{self.modele._meta.verbose_name} « {self.libelle} »"


def _absente(valeurs):
    return next((valeur for valeur in valeurs if isinstance(valeur, Absente)), None)


class Ecriture:
    """Les écritures d'un chargement, ce qu'elles ont fait (`bilan`, par modèle) et les lignes
    qu'elles n'ont pas écrites (`signalees`)."""

    def __init__(self):
        self.maintenant = timezone.now()
        self.index = {}
        self.bilan = {}
        self.signalees = []
        self._intouchables = set()  # (modèle, pk) des lignes laissées telles quelles

    def _compter(self, modele, evenement, nombre=1):
        self.bilan.setdefault(modele, Counter())[evenement] += nombre

    def _retenir(self, modele, cle, objet):
        self.index.setdefault(modele, {})[cle] = objet
        return objet

    def ref(self, modele, cle, *, pour):
        """La ligne (ou l'`Absente`) que les fichiers nomment `cle`, déjà enregistrée."""
        try:
            return self.index[modele][cle]
        except KeyError:
            raise CommandError(
                f"{pour} : {modele._meta.verbose_name} « {cle} » introuvable dans les fichiers."
            ) from None

    def refs(self, modele, cles, *, pour):
        return [self.ref(modele, cle, pour=pour) for cle in cles]

    def _signaler(self, modele, libelle, etat, provenance, *, precision=""):
        quoi = f"{modele._meta.verbose_name} « {libelle} »"
        if precision:
            quoi += f", {precision}"
        self.signalees.append(LigneSignalee(quoi, etat, provenance))

    def _laisser(self, objet, etat, provenance, *, precision=""):
        if etat == LAISSE and provenance.date is None:
            etat = INCONNU
        self._compter(type(objet), "gardees" if etat == GARDE else "laissees")
        self._intouchables.add((type(objet), objet.pk))
        self._signaler(type(objet), objet, etat, provenance, precision=precision)

    def _laisser_supprimee(self, modele, derniere_version, cle, provenance):
        try:
            libelle = str(derniere_version)
        except ObjectDoesNotExist:  # son nom cite une ligne supprimée avec elle
            libelle = cle
        self._compter(modele, "laissees_supprimees")
        self._signaler(modele, libelle, SUPPRIME, provenance)
        return Absente(modele, libelle, provenance)

    def _sans(self, absente, modele, cle, existante=None):
        """La ligne `cle` dépend de `absente` : pas créée, ou laissée telle quelle si elle
        existe. Rend ce que les fichiers citeront à sa place."""
        precision = f"dépend de {absente.quoi}"
        if existante is None:
            self._compter(modele, "non_chargees")
            self._signaler(modele, cle, NON_CHARGE, absente.provenance, precision=precision)
            return absente
        existante.refresh_from_db()  # rien de ce que les fichiers y ont mis en mémoire
        precision = f"laissé tel quel, {precision}"
        self._laisser(existante, NON_CHARGE, absente.provenance, precision=precision)
        return existante

    def lier(self, objet, relation, cibles):
        """Remplace une liste (plusieurs-à-plusieurs) d'une ligne, si elle est à la démo ; une
        ligne supprimée depuis n'y figure plus."""
        if isinstance(objet, Absente) or (type(objet), objet.pk) in self._intouchables:
            return
        getattr(objet, relation).set([cible for cible in cibles if not isinstance(cible, Absente)])

    def enregistrer(self, modele, cles, valeurs):
        """Crée la ligne de clé naturelle `cles` si elle manque ; la met à jour si elle est à la
        démonstration et diffère des fichiers ; la laisse telle quelle si quelqu'un l'a changée.
        Rend l'`Absente` d'une ligne supprimée par quelqu'un, ou qui ne peut exister sans elle."""
        cle = " / ".join(str(valeur) for valeur in cles.values() if valeur is not None)
        pour = f"{modele._meta.verbose_name} {cle}"
        _completer(modele, cles, valeurs, pour=pour)
        # Ce que les fichiers citent et que quelqu'un a supprimé (voir plus haut) : une ligne
        # qu'il identifie n'existe pas ; une clé étrangère facultative reste vide.
        if absente := _absente(cles.values()):
            return self._sans(absente, modele, cle)
        videe = None
        for nom, valeur in valeurs.items():
            if isinstance(valeur, Absente) and modele._meta.get_field(nom).null:
                videe, valeurs[nom] = valeur, None
        requise = _absente(valeurs.values())

        try:
            objet = avec_provenance(modele.objects).get(**cles)
        except ObjectDoesNotExist:
            # Pas sous cette clé : peut-être renommée par quelqu'un, ou supprimée.
            ancienne, provenance, supprimee = ancienne_ligne(modele, cles) or (None, None, False)
            if supprimee:
                return self._laisser_supprimee(modele, ancienne, cle, provenance)
            if ancienne is not None:
                self._laisser(
                    ancienne, LAISSE, provenance, precision=f"« {cle} » dans les fichiers"
                )
                return ancienne
            if requise:
                return self._sans(requise, modele, cle)
            objet, existante, evenement = modele(**cles, **valeurs), None, "creations"
        else:
            provenance = Provenance.de(objet)
            if not provenance.de_la_demo:
                self._laisser(objet, LAISSE, provenance)
                return objet
            if requise:
                return self._sans(requise, modele, cle, objet)
            # Signée même sans changement : les listes remplacées ensuite le seront par la démo.
            signer(objet)
            modifies = [nom for nom, valeur in valeurs.items() if _differe(objet, nom, valeur)]
            sans_personne = _verifie_sans_personne(objet)
            if not modifies and not _a_dater(objet) and not sans_personne:
                self._compter(modele, "inchanges")
                return objet
            for nom in modifies:
                setattr(objet, nom, valeurs[nom])
            if sans_personne:  # posée par un ancien chargement : personne n'a rien vérifié
                objet.verifie_le = None
            existante, evenement = objet, "mises_a_jour"
        if _a_dater(objet):
            objet.publie_le = self.maintenant
        try:
            objet.full_clean()
        except ValidationError as erreur:
            if videe:  # la ligne ne tient pas sans la clé étrangère laissée vide
                return self._sans(videe, modele, cle, existante)
            raise CommandError(f"{pour} : {'; '.join(erreur.messages)}") from erreur
        signer(objet)
        objet.save()
        self._compter(modele, evenement)
        return objet

    def enregistrer_enfants(self, modele, parent, lignes):
        """Les lignes d'un parent sont celles des fichiers, plus celles que quelqu'un a ajoutées
        ou changées : une ligne à la démonstration absente des fichiers est supprimée."""
        enregistrees = [
            self.enregistrer(modele, {**parent, **cles}, valeurs) for cles, valeurs in lignes
        ]
        if _absente(parent.values()):
            return  # parent supprimé : ses lignes, non chargées, ne sont nulle part
        dans_les_fichiers = [objet.pk for objet in enregistrees if not isinstance(objet, Absente)]
        hors_fichiers = modele.objects.filter(**parent).exclude(pk__in=dans_les_fichiers)
        for objet in avec_provenance(hors_fichiers.order_by("pk")):
            provenance = Provenance.de(objet)
            if provenance.de_la_demo:
                signer(objet)
                objet.delete()
                self._compter(modele, "suppressions")
            else:
                self._laisser(objet, GARDE, provenance)


def _completer(modele, cles, valeurs, *, pour):
    """Refuse un champ que le modèle n'a pas ; un champ que les fichiers taisent reprend sa
    valeur par défaut, un contenu publiable est publié."""
    inconnus = set(valeurs) - {champ.name for champ in modele._meta.concrete_fields}
    if inconnus:
        raise CommandError(f"{pour} : champ(s) inconnu(s) {', '.join(sorted(inconnus))}.")
    if CHAMPS_DE_VERIFICATION & set(valeurs):
        raise CommandError(
            f"{pour} : « vérifié le » ne se charge pas ; seule une personne le pose, en "
            "confirmant l'exactitude du contenu dans l'espace équipe (/gestion/)."
        )
    if issubclass(modele, Publiable):
        valeurs.setdefault("statut", Statut.PUBLIE)
    for champ in modele._meta.concrete_fields:
        if (
            champ.editable
            and not champ.primary_key
            and champ.name not in cles
            and champ.name not in valeurs
            and champ.name not in CHAMPS_HORS_FICHIERS
        ):
            valeurs[champ.name] = champ.get_default()


def _differe(objet, nom, valeur):
    champ = objet._meta.get_field(nom)
    if champ.is_relation:
        return getattr(objet, champ.attname) != (valeur.pk if valeur is not None else None)
    return champ.to_python(valeur) != getattr(objet, nom)


def _verifie_sans_personne(objet):
    """Une date de vérification sans la personne qui l'a faite : un chargement l'a posée."""
    return isinstance(objet, Publiable) and objet.verifie_le and not objet.verifie_par_id


def _a_dater(objet):
    """Une ligne publiée sans date de publication reçoit celle du chargement."""
    return isinstance(objet, Publiable) and objet.statut == Statut.PUBLIE and not objet.publie_le
