"""Les données de démonstration décrites dans les fichiers TOML de `fixtures/`, écrites en base
(commande `charger_demo`), dans l'ordre de leurs dépendances.

Relançable à volonté : chaque ligne est retrouvée par sa clé naturelle (slug, code, numéro,
titre…) et créée si elle manque. Une ligne qui existe suit les fichiers tant qu'elle est à la
démonstration (`demo.provenance`) : mise à jour si elle en diffère, laissée telle quelle sinon
(ni date de modification ni historique ne bougent alors) ; ses relations plusieurs-à-plusieurs
sont remplacées par `.set()`, et un champ absent des fichiers reprend sa valeur par défaut.

Une ligne que quelqu'un a changée depuis (publiée, archivée, corrigée dans l'espace équipe)
n'est jamais récrite : elle est laissée telle quelle et signalée. Renommée (sa clé naturelle a
changé), elle est retrouvée par son historique plutôt que recréée à côté ; supprimée, elle le
reste, et ce qui la cite dans les fichiers s'en passe ou n'est pas chargé (`demo.ecriture`).
Les lignes qui n'existent que dans une séance ou une fiche (étapes du calendrier,
participations, suites) et qui ont disparu des fichiers sont supprimées si elles sont à la
démonstration, gardées et signalées sinon (une suite ajoutée par l'équipe, par exemple).

L'appelant tient le tout dans une transaction : un fichier incohérent n'écrit rien.
"""

import tomllib
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone

from actions.models import ActionEducative, Articulation
from contrat_ville.models import (
    Axe,
    AxeTransversal,
    ClassementQuartier,
    ContratDeVille,
    Horaire,
    Lieu,
    Pilier,
    Quartier,
    Structure,
)
from demo.ecriture import Ecriture
from dispositifs.models import (
    Accueil,
    Dispositif,
    NiveauDiplome,
    PorteDEntree,
    Situation,
    Thematique,
)
from fiches.models import EtapeCalendrier, Fiche
from indicateurs.models import Indicateur, Mesure
from seances.models import Diffusion, Participation, Seance, Suite

SECTIONS = (
    "contrat",
    "quartier",
    "structure",
    "lieu",
    "situation",
    "niveau_diplome",
    "thematique",
    "dispositif",
    "fiche",
    "action",
    "articulation",
    "seance",
    "diffusion",
    "serie",
)


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


class Chargeur(Ecriture):
    def __init__(self, donnees, *, aujourd_hui):
        super().__init__()
        self.donnees = donnees
        self.aujourd_hui = aujourd_hui

    # -- les données, dans l'ordre des dépendances -------------------------------------------

    def charger(self):
        self.charger_contrats()
        self.charger_quartiers()
        self.charger_simples(Structure, "structure", "slug")
        self.charger_lieux()
        self.charger_simples(Situation, "situation", "code")
        self.charger_simples(NiveauDiplome, "niveau_diplome", "code")
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
            slug = entree.pop("slug")
            contrat = self.enregistrer(ContratDeVille, {"slug": slug}, entree)
            self._retenir(ContratDeVille, slug, contrat)
            for pilier_entree in piliers:
                pilier_entree = dict(pilier_entree)
                axes = pilier_entree.pop("axes", [])
                numero = pilier_entree.pop("numero")
                cles = {"contrat": contrat, "numero": numero}
                pilier = self.enregistrer(Pilier, cles, pilier_entree)
                for axe_entree in axes:
                    axe_entree = dict(axe_entree)
                    cles = {"pilier": pilier, "numero": axe_entree.pop("numero")}
                    axe = self.enregistrer(Axe, cles, axe_entree)
                    self._retenir(Axe, (slug, f"{numero}.{cles['numero']}"), axe)
            for axe_entree in axes_transversaux:
                axe_entree = dict(axe_entree)
                code = axe_entree.pop("code")
                axe = self.enregistrer(
                    AxeTransversal, {"contrat": contrat, "code": code}, axe_entree
                )
                self._retenir(AxeTransversal, (slug, code), axe)

    def charger_quartiers(self):
        """Les quartiers, et leur classement dans chaque contrat dont ils font partie."""
        for entree in self.donnees["quartier"]:
            entree = dict(entree)
            slug = entree.pop("slug")
            pour = f"quartier {slug}"
            classements = entree.pop("classements", [])
            quartier = self._retenir(
                Quartier, slug, self.enregistrer(Quartier, {"slug": slug}, entree)
            )
            self.enregistrer_enfants(
                ClassementQuartier,
                {"quartier": quartier},
                [
                    (
                        {"contrat": self.ref(ContratDeVille, ligne["contrat"], pour=pour)},
                        {"categorie": ligne["categorie"]},
                    )
                    for ligne in classements
                ],
            )

    def charger_simples(self, modele, section, champ_cle):
        for entree in self.donnees[section]:
            entree = dict(entree)
            cle = entree.pop(champ_cle)
            self._retenir(modele, cle, self.enregistrer(modele, {champ_cle: cle}, entree))

    def charger_lieux(self):
        """Un lieu est nommé dans les fichiers par sa `cle` (les accueils des dispositifs la
        citent) ; ses horaires : un sous-tableau par plage, `jours` de 1 (lundi) à 7."""
        for entree in self.donnees["lieu"]:
            entree = dict(entree)
            cle = entree.pop("cle")
            pour = f"lieu {cle}"
            quartiers = self.refs(Quartier, entree.pop("quartiers", []), pour=pour)
            horaires = entree.pop("horaires", [])
            cles = {
                "structure": self.ref(Structure, entree.pop("structure"), pour=pour),
                "nom": entree.pop("nom"),
            }
            lieu = self._retenir(Lieu, cle, self.enregistrer(Lieu, cles, entree))
            self.lier(lieu, "quartiers", quartiers)
            lignes = [
                (
                    {"jour": jour, "ouverture": plage["ouverture"]},
                    {cle: v for cle, v in plage.items() if cle not in ("jours", "ouverture")},
                )
                for plage in horaires
                for jour in plage["jours"]
            ]
            self.enregistrer_enfants(Horaire, {"lieu": lieu}, lignes)

    def charger_dispositifs(self):
        for entree in self.donnees["dispositif"]:
            entree = dict(entree)
            slug = entree.pop("slug")
            pour = f"dispositif {slug}"
            relations = {
                "partenaires": self.refs(Structure, entree.pop("partenaires", []), pour=pour),
                "situations": self.refs(Situation, entree.pop("situations", []), pour=pour),
                "situations_exclues": self.refs(
                    Situation, entree.pop("situations_exclues", []), pour=pour
                ),
                "diplomes_acceptes": self.refs(
                    NiveauDiplome, entree.pop("diplomes_acceptes", []), pour=pour
                ),
                "thematiques": self.refs(Thematique, entree.pop("thematiques", []), pour=pour),
                "quartiers": self.refs(Quartier, entree.pop("quartiers", []), pour=pour),
            }
            accueils = entree.pop("accueils", [])
            portes = entree.pop("portes_entree", [])
            entree["porteur"] = self.ref(Structure, entree["porteur"], pour=pour)
            dispositif = self.enregistrer(Dispositif, {"slug": slug}, entree)
            for champ, cibles in relations.items():
                self.lier(dispositif, champ, cibles)
            self.enregistrer_enfants(
                PorteDEntree,
                {"dispositif": dispositif},
                [
                    (
                        {"situation": self.ref(Situation, porte["situation"], pour=pour)},
                        {"rang": porte.get("rang", 1)},
                    )
                    for porte in portes
                ],
            )
            self._retenir(Dispositif, slug, dispositif)
            self.enregistrer_enfants(
                Accueil,
                {"dispositif": dispositif},
                [
                    (
                        {
                            "lieu": self.ref(Lieu, accueil["lieu"], pour=pour),
                            "quartier": self.ref(Quartier, accueil["quartier"], pour=pour)
                            if "quartier" in accueil
                            else None,
                        },
                        {},
                    )
                    for accueil in accueils
                ],
            )

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
