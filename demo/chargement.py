"""Les données de démonstration décrites dans les fichiers TOML de `fixtures/`, écrites en base
(commande `charger_demo`).

Relançable à volonté : chaque ligne est retrouvée par sa clé naturelle (slug, code, numéro,
titre…) et créée si elle manque. Une ligne qui existe suit les fichiers tant qu'elle est à la
démonstration (`demo.provenance`) : mise à jour si elle en diffère, laissée telle quelle sinon
(ni date de modification ni historique ne bougent alors) ; ses relations plusieurs-à-plusieurs
sont remplacées par `.set()`, et un champ absent des fichiers reprend sa valeur par défaut.

Une ligne que quelqu'un a changée depuis (publiée, archivée, corrigée dans l'espace équipe)
n'est jamais récrite : elle est laissée telle quelle et signalée. Renommée (sa clé naturelle a
changé), elle est retrouvée par son historique plutôt que recréée à côté ; supprimée, elle est
recréée, puisque les fichiers la décrivent, et signalée. Les lignes qui n'existent que dans une
séance ou une fiche (étapes du calendrier, participations, suites) et qui ont disparu des
fichiers sont supprimées si elles sont à la démonstration, gardées et signalées sinon (une
suite ajoutée par l'équipe, par exemple).

L'appelant tient le tout dans une transaction : un fichier incohérent n'écrit rien.
"""

import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from actions.models import ActionEducative, Articulation
from contrat_ville.models import Axe, AxeTransversal, ContratDeVille, Pilier, Quartier, Structure
from contrat_ville.publication import Publiable, Statut
from demo.provenance import Provenance, ancienne_ligne, avec_provenance, signer
from dispositifs.models import Dispositif, Situation, Thematique
from fiches.models import EtapeCalendrier, Fiche
from indicateurs.models import Indicateur, Mesure
from seances.models import Diffusion, Participation, Seance, Suite

SECTIONS = (
    "contrat",
    "structure",
    "situation",
    "thematique",
    "dispositif",
    "fiche",
    "action",
    "articulation",
    "seance",
    "diffusion",
    "serie",
)

# Champs tenus par le cycle de publication ou par l'espace de gestion, jamais par les fichiers.
CHAMPS_HORS_FICHIERS = {"statut_commentaire", "fichier", "empreinte", "enregistree_par"}
# Ce que la démonstration a fait d'une ligne qui n'est plus la sienne.
LAISSE = "laisse"  # modifiée par quelqu'un : laissée telle quelle
INCONNU = "inconnu"  # sans historique : laissée telle quelle
GARDE = "garde"  # ligne d'une séance ou d'une fiche absente des fichiers, gardée
RECREE = "recree"  # supprimée par quelqu'un, recréée car les fichiers la décrivent toujours


@dataclass(frozen=True)
class LigneSignalee:
    quoi: str  # dispositif « Mission de lutte contre le décrochage scolaire »
    etat: str
    provenance: Provenance

    def __str__(self):
        return f"{self.quoi} ({self.provenance.details()})"


def lire_fixtures(dossier):
    """Fusionne les tableaux `[[section]]` de tous les fichiers TOML du dossier."""
    fichiers = sorted(dossier.glob("*.toml"))
    if not fichiers:
        raise CommandError(f"Aucun fichier TOML dans {dossier}.")
    donnees = {section: [] for section in SECTIONS}
    for fichier in fichiers:
        try:
            with fichier.open("rb") as flux:
                contenu = tomllib.load(flux)
        except tomllib.TOMLDecodeError as erreur:
            raise CommandError(f"{fichier.name} : TOML invalide ({erreur}).") from erreur
        for section, entrees in contenu.items():
            if section not in donnees or not isinstance(entrees, list):
                raise CommandError(
                    f"{fichier.name} : section « {section} » inconnue ; attendu des tableaux "
                    f"[[…]] parmi : {', '.join(SECTIONS)}."
                )
            donnees[section].extend(entrees)
    return fichiers, donnees


class Chargeur:
    def __init__(self, donnees, *, aujourd_hui):
        self.donnees = donnees
        self.aujourd_hui = aujourd_hui
        self.maintenant = timezone.now()
        self.index = {}
        self.bilan = {}
        self.signalees = []
        self._intouchables = set()  # (modèle, pk) des lignes laissées telles quelles

    # -- mécanique générique ---------------------------------------------------------------

    def _compter(self, modele, evenement, nombre=1):
        self.bilan.setdefault(modele, Counter())[evenement] += nombre

    def _retenir(self, modele, cle, objet):
        self.index.setdefault(modele, {})[cle] = objet
        return objet

    def ref(self, modele, cle, *, pour):
        try:
            return self.index[modele][cle]
        except KeyError:
            raise CommandError(
                f"{pour} : {modele._meta.verbose_name} « {cle} » introuvable dans les fichiers."
            ) from None

    def refs(self, modele, cles, *, pour):
        return [self.ref(modele, cle, pour=pour) for cle in cles]

    def _signaler(self, objet, etat, provenance, *, dans_les_fichiers=""):
        quoi = f"{objet._meta.verbose_name} « {objet} »"
        if dans_les_fichiers:
            quoi += f", « {dans_les_fichiers} » dans les fichiers"
        self.signalees.append(LigneSignalee(quoi, etat, provenance))

    def _laisser(self, objet, etat, provenance, **signalement):
        if etat == LAISSE and provenance.date is None:
            etat = INCONNU
        self._compter(type(objet), "gardees" if etat == GARDE else "laissees")
        self._intouchables.add((type(objet), objet.pk))
        self._signaler(objet, etat, provenance, **signalement)

    def lier(self, objet, relation, cibles):
        """Remplace une liste (plusieurs-à-plusieurs) d'une ligne, si elle est à la démo."""
        if (type(objet), objet.pk) not in self._intouchables:
            getattr(objet, relation).set(cibles)

    def enregistrer(self, modele, cles, valeurs):
        """Crée la ligne de clé naturelle `cles` si elle manque ; la met à jour si elle est à la
        démonstration et diffère des fichiers ; la laisse telle quelle si quelqu'un l'a changée."""
        cle = " / ".join(str(valeur) for valeur in cles.values() if valeur is not None)
        pour = f"{modele._meta.verbose_name} {cle}"
        noms = {champ.name for champ in modele._meta.concrete_fields}
        inconnus = set(valeurs) - noms
        if inconnus:
            raise CommandError(f"{pour} : champ(s) inconnu(s) {', '.join(sorted(inconnus))}.")
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

        try:
            objet = avec_provenance(modele.objects).get(**cles)
        except ObjectDoesNotExist:
            # Absente sous cette clé : peut-être renommée par quelqu'un, ou supprimée.
            ancienne, provenance = ancienne_ligne(modele, cles) or (None, None)
            if ancienne is not None:
                self._laisser(ancienne, LAISSE, provenance, dans_les_fichiers=cle)
                return ancienne
            suppression = provenance
            objet, evenement = modele(**cles, **valeurs), "creations"
        else:
            suppression = None
            provenance = Provenance.de(objet)
            if not provenance.de_la_demo:
                self._laisser(objet, LAISSE, provenance)
                return objet
            # Signée même sans changement : les listes remplacées ensuite le seront par la démo.
            signer(objet)
            modifies = [nom for nom, valeur in valeurs.items() if _differe(objet, nom, valeur)]
            if not modifies and not _a_dater(objet):
                self._compter(modele, "inchanges")
                return objet
            for nom in modifies:
                setattr(objet, nom, valeurs[nom])
            evenement = "mises_a_jour"
        if _a_dater(objet):
            objet.publie_le = self.maintenant
        try:
            objet.full_clean()
        except ValidationError as erreur:
            raise CommandError(f"{pour} : {'; '.join(erreur.messages)}") from erreur
        signer(objet)
        objet.save()
        self._compter(modele, evenement)
        if suppression:
            self._signaler(objet, RECREE, suppression)
        return objet

    def enregistrer_enfants(self, modele, parent, lignes):
        """Les lignes d'un parent sont celles des fichiers, plus celles que quelqu'un a ajoutées
        ou changées : une ligne à la démonstration absente des fichiers est supprimée."""
        dans_les_fichiers = [
            self.enregistrer(modele, {**parent, **cles}, valeurs).pk for cles, valeurs in lignes
        ]
        absentes = modele.objects.filter(**parent).exclude(pk__in=dans_les_fichiers)
        for objet in avec_provenance(absentes.order_by("pk")):
            provenance = Provenance.de(objet)
            if provenance.de_la_demo:
                signer(objet)
                objet.delete()
                self._compter(modele, "suppressions")
            else:
                self._laisser(objet, GARDE, provenance)

    # -- les données, dans l'ordre des dépendances -------------------------------------------

    def charger(self):
        self.charger_contrats()
        self.charger_simples(Structure, "structure", "slug")
        self.charger_simples(Situation, "situation", "code")
        self.charger_simples(Thematique, "thematique", "code")
        self.charger_dispositifs()
        self.charger_fiches()
        self.charger_actions()
        self.charger_seances()
        self.charger_articulations()
        self.charger_diffusions()
        self.charger_series()
        return self.bilan

    def charger_contrats(self):
        for entree in self.donnees["contrat"]:
            entree = dict(entree)
            piliers = entree.pop("piliers", [])
            axes_transversaux = entree.pop("axes_transversaux", [])
            quartiers = entree.pop("quartiers", [])
            slug = entree.pop("slug")
            contrat = self.enregistrer(ContratDeVille, {"slug": slug}, entree)
            self._retenir(ContratDeVille, slug, contrat)
            for pilier_entree in piliers:
                pilier_entree = dict(pilier_entree)
                axes = pilier_entree.pop("axes", [])
                cles = {"contrat": contrat, "numero": pilier_entree.pop("numero")}
                pilier = self.enregistrer(Pilier, cles, pilier_entree)
                for axe_entree in axes:
                    axe_entree = dict(axe_entree)
                    cles = {"pilier": pilier, "numero": axe_entree.pop("numero")}
                    axe = self.enregistrer(Axe, cles, axe_entree)
                    self._retenir(Axe, (slug, f"{pilier.numero}.{axe.numero}"), axe)
            for axe_entree in axes_transversaux:
                axe_entree = dict(axe_entree)
                code = axe_entree.pop("code")
                axe = self.enregistrer(
                    AxeTransversal, {"contrat": contrat, "code": code}, axe_entree
                )
                self._retenir(AxeTransversal, (slug, code), axe)
            for quartier_entree in quartiers:
                quartier_entree = dict(quartier_entree, contrat=contrat)
                cle = quartier_entree.pop("slug")
                quartier = self.enregistrer(Quartier, {"slug": cle}, quartier_entree)
                self._retenir(Quartier, cle, quartier)

    def charger_simples(self, modele, section, champ_cle):
        for entree in self.donnees[section]:
            entree = dict(entree)
            cle = entree.pop(champ_cle)
            self._retenir(modele, cle, self.enregistrer(modele, {champ_cle: cle}, entree))

    def charger_dispositifs(self):
        for entree in self.donnees["dispositif"]:
            entree = dict(entree)
            slug = entree.pop("slug")
            pour = f"dispositif {slug}"
            relations = {
                "partenaires": self.refs(Structure, entree.pop("partenaires", []), pour=pour),
                "situations": self.refs(Situation, entree.pop("situations", []), pour=pour),
                "thematiques": self.refs(Thematique, entree.pop("thematiques", []), pour=pour),
                "quartiers": self.refs(Quartier, entree.pop("quartiers", []), pour=pour),
            }
            entree["porteur"] = self.ref(Structure, entree["porteur"], pour=pour)
            dispositif = self.enregistrer(Dispositif, {"slug": slug}, entree)
            for champ, cibles in relations.items():
                self.lier(dispositif, champ, cibles)
            self._retenir(Dispositif, slug, dispositif)

    def charger_fiches(self):
        liens = []
        for entree in self.donnees["fiche"]:
            entree = dict(entree)
            code = entree.pop("code")
            pour = f"fiche {code}"
            contrat = entree.pop("contrat")
            etapes = entree.pop("etapes", [])
            indicateurs = entree.pop("indicateurs", [])
            dispositifs = self.refs(Dispositif, entree.pop("dispositifs", []), pour=pour)
            liens.append(
                (code, contrat, entree.pop("fiches_liees", []), entree.pop("axes_transversaux", []))
            )
            entree["contrat"] = self.ref(ContratDeVille, contrat, pour=pour)
            entree["axe"] = self.ref(Axe, (contrat, entree["axe"]), pour=pour)
            fiche = self._retenir(Fiche, code, self.enregistrer(Fiche, {"code": code}, entree))
            self.lier(fiche, "dispositifs", dispositifs)
            self.enregistrer_enfants(
                EtapeCalendrier,
                {"fiche": fiche},
                [({"ordre": rang}, dict(etape)) for rang, etape in enumerate(etapes, start=1)],
            )
            rangs = Counter()
            for indicateur_entree in indicateurs:
                indicateur_entree = dict(indicateur_entree)
                cle = indicateur_entree.pop("cle")
                rangs[indicateur_entree["nature"]] += 1
                indicateur_entree["ordre"] = rangs[indicateur_entree["nature"]]
                cles = {"fiche": fiche, "libelle": indicateur_entree.pop("libelle")}
                indicateur = self.enregistrer(Indicateur, cles, indicateur_entree)
                self._retenir(Indicateur, (code, cle), indicateur)
        # Les liens entre fiches supposent toutes les fiches chargées.
        for code, contrat, fiches_liees, axes_transversaux in liens:
            fiche, pour = self.index[Fiche][code], f"fiche {code}"
            self.lier(fiche, "fiches_liees", self.refs(Fiche, fiches_liees, pour=pour))
            self.lier(
                fiche,
                "axes_transversaux",
                [self.ref(AxeTransversal, (contrat, axe), pour=pour) for axe in axes_transversaux],
            )

    def charger_actions(self):
        for entree in self.donnees["action"]:
            entree = dict(entree)
            slug = entree.pop("slug")
            pour = f"action {slug}"
            quartiers = self.refs(Quartier, entree.pop("quartiers", []), pour=pour)
            entree["porteur"] = self.ref(Structure, entree["porteur"], pour=pour)
            entree.setdefault("est_exemple", True)
            action = self.enregistrer(ActionEducative, {"slug": slug}, entree)
            self.lier(action, "quartiers", quartiers)
            self._retenir(ActionEducative, slug, action)

    def _dates_seance(self, entree):
        """Date fixe (`debut`), ou `dans_jours` à `heure` à partir du jour du chargement."""
        duree = timedelta(minutes=entree.pop("duree_minutes"))
        if "debut" in entree:
            debut = entree.pop("debut")
        else:
            jour = self.aujourd_hui + timedelta(days=entree.pop("dans_jours"))
            while jour.weekday() >= 5:  # pas de séance le week-end
                jour += timedelta(days=1)
            debut = datetime.combine(jour, entree.pop("heure"))
        if timezone.is_naive(debut):
            debut = timezone.make_aware(debut)
        return debut, debut + duree

    def charger_seances(self):
        for entree in self.donnees["seance"]:
            entree = dict(entree)
            titre = entree.pop("titre")
            pour = f"séance « {titre} »"
            fiches = self.refs(Fiche, entree.pop("fiches", []), pour=pour)
            dispositifs = self.refs(Dispositif, entree.pop("dispositifs", []), pour=pour)
            participations = entree.pop("participations", [])
            suites = entree.pop("suites", [])
            entree["debut"], entree["fin"] = self._dates_seance(entree)
            entree["animateur"] = self.ref(Structure, entree["animateur"], pour=pour)
            if "quartier" in entree:
                entree["quartier"] = self.ref(Quartier, entree["quartier"], pour=pour)
            entree.setdefault("est_exemple", True)
            seance = self.enregistrer(Seance, {"titre": titre}, entree)
            self.lier(seance, "fiches", fiches)
            self.lier(seance, "dispositifs", dispositifs)
            self._retenir(Seance, titre, seance)
            self.enregistrer_enfants(
                Participation,
                {"seance": seance},
                [
                    (
                        {"structure": self.ref(Structure, ligne["structure"], pour=pour)},
                        {
                            "nombre_personnes": ligne.get("personnes", 1),
                            "presence": ligne.get("presence", Participation.Presence.PRESENTE),
                        },
                    )
                    for ligne in participations
                ],
            )
            lignes_suites = []
            for suite in suites:
                suite = dict(suite)
                if "responsable" in suite:
                    suite["responsable"] = self.ref(Structure, suite["responsable"], pour=pour)
                lignes_suites.append(({"description": suite.pop("description")}, suite))
            self.enregistrer_enfants(Suite, {"seance": seance}, lignes_suites)

    def charger_articulations(self):
        for entree in self.donnees["articulation"]:
            entree = dict(entree)
            pour = f"articulation {entree['action']} ↔ {entree['dispositif']}"
            cles = {
                "action": self.ref(ActionEducative, entree.pop("action"), pour=pour),
                "dispositif": self.ref(Dispositif, entree.pop("dispositif"), pour=pour),
            }
            if "seance" in entree:
                entree["seance"] = self.ref(Seance, entree["seance"], pour=pour)
            entree.setdefault("est_exemple", True)
            self.enregistrer(Articulation, cles, entree)

    def charger_diffusions(self):
        for entree in self.donnees["diffusion"]:
            entree = dict(entree)
            pour = f"diffusion du {entree['date']}"
            cles = {
                "support": entree.pop("support"),
                "destinataire": entree.pop("destinataire"),
                "date": entree.pop("date"),
                "fiche": self.ref(Fiche, entree.pop("fiche"), pour=pour)
                if "fiche" in entree
                else None,
                "quartier": self.ref(Quartier, entree.pop("quartier"), pour=pour)
                if "quartier" in entree
                else None,
            }
            entree.setdefault("est_exemple", True)
            self.enregistrer(Diffusion, cles, entree)

    def charger_series(self):
        for entree in self.donnees["serie"]:
            entree = dict(entree)
            pour = f"série {entree['fiche']} / {entree['indicateur']}"
            indicateur = self.ref(
                Indicateur, (entree.pop("fiche"), entree.pop("indicateur")), pour=pour
            )
            quartier = entree.pop("quartier", None)
            dispositif = entree.pop("dispositif", None)
            cles = {
                "indicateur": indicateur,
                "quartier": self.ref(Quartier, quartier, pour=pour) if quartier else None,
                "dispositif": self.ref(Dispositif, dispositif, pour=pour) if dispositif else None,
            }
            valeurs = entree.pop("valeurs")
            entree.setdefault("est_exemple", True)
            for annee, valeur in valeurs.items():
                self.enregistrer(
                    Mesure,
                    {**cles, "periode": int(annee)},
                    {**entree, "valeur": Decimal(str(valeur))},
                )


def _differe(objet, nom, valeur):
    champ = objet._meta.get_field(nom)
    if champ.is_relation:
        return getattr(objet, champ.attname) != (valeur.pk if valeur is not None else None)
    return champ.to_python(valeur) != getattr(objet, nom)


def _a_dater(objet):
    """Une ligne publiée sans date de publication reçoit celle du chargement."""
    return isinstance(objet, Publiable) and objet.statut == Statut.PUBLIE and not objet.publie_le
