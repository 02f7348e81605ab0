"""Charge les données de démonstration décrites dans les fichiers TOML de `fixtures/`.

Relançable à volonté : chaque ligne est retrouvée par sa clé naturelle (slug, code, numéro,
titre…), créée si elle manque, mise à jour si elle diffère des fichiers, laissée telle quelle
sinon (ni date de modification ni historique ne bougent alors). Les relations
plusieurs-à-plusieurs sont remplacées par `.set()` ; les lignes qui n'existent que dans une
séance ou une fiche (étapes du calendrier, participations, suites) et qui ont disparu des
fichiers sont supprimées. Un champ absent des fichiers reprend sa valeur par défaut, pour que
la base reflète exactement les fichiers.

Tout tient dans une transaction : un fichier incohérent n'écrit rien.
"""

import tomllib
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from actions.models import ActionEducative, Articulation
from contrat_ville.models import (
    Axe,
    AxeTransversal,
    ContratDeVille,
    Pilier,
    Publiable,
    Quartier,
    Statut,
    Structure,
)
from contrat_ville.registre import donnees_modifiees
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

    def enregistrer(self, modele, cles, valeurs):
        """Crée ou met à jour la ligne de clé naturelle `cles` ; ne l'écrit que si elle change."""
        pour = f"{modele._meta.verbose_name} {' / '.join(str(v) for v in cles.values())}"
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
            objet = modele.objects.get(**cles)
        except ObjectDoesNotExist:
            objet, evenement = modele(**cles, **valeurs), "creations"
        else:
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
        objet.save()
        self._compter(modele, evenement)
        return objet

    def enregistrer_enfants(self, modele, parent, lignes):
        """Les lignes d'un parent sont celles des fichiers, ni plus ni moins."""
        gardes = [
            self.enregistrer(modele, {**parent, **cles}, valeurs).pk for cles, valeurs in lignes
        ]
        _, par_modele = modele.objects.filter(**parent).exclude(pk__in=gardes).delete()
        if par_modele.get(modele._meta.label):
            self._compter(modele, "suppressions", par_modele[modele._meta.label])

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
                getattr(dispositif, champ).set(cibles)
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
            fiche.dispositifs.set(dispositifs)
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
            fiche.fiches_liees.set(self.refs(Fiche, fiches_liees, pour=pour))
            fiche.axes_transversaux.set(
                [self.ref(AxeTransversal, (contrat, axe), pour=pour) for axe in axes_transversaux]
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
            action.quartiers.set(quartiers)
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
            seance.fiches.set(fiches)
            seance.dispositifs.set(dispositifs)
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


def _pluriel(nombre, singulier, pluriel):
    return f"{nombre} {singulier if nombre <= 1 else pluriel}"


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration (fichiers TOML de fixtures/) : contrat, quartiers, "
        "structures, dispositifs, fiches, indicateurs, séances et mesures d'exemple. Relançable."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            type=Path,
            help="Dossier des fichiers TOML (par défaut : fixtures/ à la racine du projet).",
        )

    def handle(self, *args, dossier=None, verbosity=1, **options):
        dossier = dossier or Path(settings.BASE_DIR) / "fixtures"
        fichiers, donnees = lire_fixtures(dossier)
        with transaction.atomic():
            bilan = Chargeur(donnees, aujourd_hui=timezone.localdate()).charger()
            donnees_modifiees()  # pages en cache obsolètes, même pour une écriture sans signal
        if verbosity < 1:
            return
        noms = ", ".join(fichier.name for fichier in fichiers)
        self.stdout.write(f"Données de démonstration chargées depuis {dossier} ({noms}).")
        total = Counter()
        for modele, compte in bilan.items():
            total.update(compte)
            lignes = compte["creations"] + compte["mises_a_jour"] + compte["inchanges"]
            detail = [
                _pluriel(compte["creations"], "création", "créations"),
                _pluriel(compte["mises_a_jour"], "mise à jour", "mises à jour"),
            ]
            if compte["suppressions"]:
                detail.append(_pluriel(compte["suppressions"], "suppression", "suppressions"))
            self.stdout.write(
                f"  {modele._meta.verbose_name_plural} : {lignes} ({', '.join(detail)})"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Terminé : {_pluriel(total['creations'], 'création', 'créations')}, "
                f"{_pluriel(total['mises_a_jour'], 'mise à jour', 'mises à jour')}, "
                f"{_pluriel(total['suppressions'], 'suppression', 'suppressions')}, "
                f"{total['inchanges']} sans changement."
            )
        )
