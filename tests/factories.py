"""Fabriques factory_boy pour chaque modèle ; le trait `publie` rend un contenu public."""

import datetime

import factory
from django.apps import apps
from django.contrib.auth.models import Group, User
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
from contrat_ville.publication import Statut
from dispositifs.models import (
    Accueil,
    Dispositif,
    NiveauDiplome,
    PorteDEntree,
    Situation,
    Thematique,
)
from fiches.models import EtapeCalendrier, Fiche
from gestion import roles
from indicateurs.models import Indicateur, Mesure
from seances.models import Diffusion, Participation, Seance, Suite


class PubliableFactory(factory.django.DjangoModelFactory):
    statut = Statut.BROUILLON

    class Params:
        publie = factory.Trait(statut=Statut.PUBLIE, publie_le=factory.LazyFunction(timezone.now))
        en_relecture = factory.Trait(statut=Statut.RELECTURE)
        archive = factory.Trait(statut=Statut.ARCHIVE)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"agent{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("mot-de-passe-de-test")

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        """`UserFactory(role=roles.COORDINATEUR)` place l'agent dans le groupe du rôle.

        Un test transactionnel vide toutes les tables en fin de test, groupes créés par la
        migration compris : le groupe manquant est recréé avec ses permissions, par la même
        fonction que la migration."""
        if create and extracted:
            if not Group.objects.filter(name=extracted).exists():
                roles.appliquer(apps)
            self.groups.add(Group.objects.get(name=extracted))


class ContratDeVilleFactory(factory.django.DjangoModelFactory):
    nom = factory.Sequence(lambda n: f"Contrat de ville de l'agglomération n° {n}")
    slug = factory.Sequence(lambda n: f"contrat-{n}")
    territoire = "Métropole de test"
    annee_debut = 2024
    annee_fin = 2030

    class Meta:
        model = ContratDeVille


class PilierFactory(factory.django.DjangoModelFactory):
    contrat = factory.SubFactory(ContratDeVilleFactory)
    numero = factory.Sequence(lambda n: n + 1)
    intitule = "Cohésion sociale"

    class Meta:
        model = Pilier


class AxeFactory(factory.django.DjangoModelFactory):
    pilier = factory.SubFactory(PilierFactory)
    numero = factory.Sequence(lambda n: n + 1)
    intitule = "Favoriser le développement scolaire et éducatif"

    class Meta:
        model = Axe


class AxeTransversalFactory(factory.django.DjangoModelFactory):
    contrat = factory.SubFactory(ContratDeVilleFactory)
    code = factory.Sequence(lambda n: f"T.{n + 1}")
    intitule = "Jeunesse"

    class Meta:
        model = AxeTransversal


_COURANT = object()  # valeur par défaut de `contrat` : le contrat courant


class QuartierFactory(factory.django.DjangoModelFactory):
    """Un quartier classé dans un contrat (`contrat`, `categorie`) : prioritaire dans un contrat
    en vigueur par défaut. `contrat=None` : un quartier sans classement."""

    nom = factory.Sequence(lambda n: f"Quartier {n}")
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    commune = "Tours"

    class Meta:
        model = Quartier

    @classmethod
    def _create(cls, model_class, *args, contrat=_COURANT, categorie=None, **kwargs):
        quartier = super()._create(model_class, *args, **kwargs)
        if contrat is _COURANT:
            contrat = ContratDeVille.objects.courant() or ContratDeVilleFactory()
        if contrat is not None:
            ClassementQuartier.objects.create(
                quartier=quartier,
                contrat=contrat,
                categorie=categorie or Quartier.Categorie.PRIORITAIRE,
            )
        return quartier


class StructureFactory(PubliableFactory):
    nom = factory.Sequence(lambda n: f"Structure {n}")
    slug = factory.Sequence(lambda n: f"structure-{n}")
    type = Structure.Type.ASSOCIATION
    statut = Statut.PUBLIE

    class Meta:
        model = Structure


class LieuFactory(PubliableFactory):
    structure = factory.SubFactory(StructureFactory)
    nom = factory.Sequence(lambda n: f"Accueil n° {n}")
    commune = "Tours"
    code_commune = "37261"
    statut = Statut.PUBLIE

    class Meta:
        model = Lieu
        skip_postgeneration_save = True

    @factory.post_generation
    def quartiers(self, create, extracted, **kwargs):
        if create and extracted:
            self.quartiers.set(extracted)


class HoraireFactory(factory.django.DjangoModelFactory):
    lieu = factory.SubFactory(LieuFactory)
    jour = Horaire.Jour.LUNDI
    ouverture = datetime.time(9)
    fermeture = datetime.time(12)

    class Meta:
        model = Horaire


class SituationFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"situation-{n}")
    libelle = factory.Sequence(lambda n: f"Situation {n}")

    class Meta:
        model = Situation
        django_get_or_create = ["code"]


class NiveauDiplomeFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"niveau-{n}")
    libelle = factory.Sequence(lambda n: f"Niveau {n}")
    ordre = factory.Sequence(lambda n: n)

    class Meta:
        model = NiveauDiplome
        django_get_or_create = ["code"]


class PorteDEntreeFactory(factory.django.DjangoModelFactory):
    dispositif = factory.SubFactory("tests.factories.DispositifFactory")
    situation = factory.SubFactory(SituationFactory)
    rang = 1

    class Meta:
        model = PorteDEntree


class ThematiqueFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"se-former--theme-{n}")
    libelle = factory.Sequence(lambda n: f"Thématique {n}")

    class Meta:
        model = Thematique
        django_get_or_create = ["code"]


class DispositifFactory(PubliableFactory):
    nom = factory.Sequence(lambda n: f"Dispositif {n}")
    slug = factory.Sequence(lambda n: f"dispositif-{n}")
    categorie = Dispositif.Categorie.ACCOMPAGNEMENT
    porteur = factory.SubFactory(StructureFactory)
    resume = "Un accompagnement vers une solution de formation."
    comment_mobiliser = "Appeler le service jeunesse."
    mobilisable_par = Dispositif.MobilisablePar.LES_DEUX
    echelle = "agglomeration"
    age_min = 16
    age_max = 25

    class Meta:
        model = Dispositif
        skip_postgeneration_save = True

    @factory.post_generation
    def situations(self, create, extracted, **kwargs):
        if create and extracted:
            self.situations.set(extracted)

    @factory.post_generation
    def quartiers(self, create, extracted, **kwargs):
        if create and extracted:
            self.quartiers.set(extracted)


class AccueilFactory(factory.django.DjangoModelFactory):
    dispositif = factory.SubFactory(DispositifFactory)
    lieu = factory.SubFactory(LieuFactory)
    quartier = None

    class Meta:
        model = Accueil


class ActionEducativeFactory(PubliableFactory):
    nom = factory.Sequence(lambda n: f"Action éducative {n}")
    slug = factory.Sequence(lambda n: f"action-{n}")
    type = ActionEducative.Type.CLAS
    porteur = factory.SubFactory(StructureFactory)
    public = "Collégiens du quartier"
    description = "Aide aux devoirs et ouverture culturelle, hors temps scolaire."

    class Meta:
        model = ActionEducative


class FicheFactory(PubliableFactory):
    contrat = factory.SubFactory(ContratDeVilleFactory)
    axe = factory.SubFactory(AxeFactory, pilier__contrat=factory.SelfAttribute("...contrat"))
    code = factory.Sequence(lambda n: f"9.9.{n}")
    version = "2017"
    titre = factory.Sequence(lambda n: f"Fiche de test {n}")
    enjeu = "Prévenir le décrochage scolaire."

    class Meta:
        model = Fiche


class EtapeCalendrierFactory(factory.django.DjangoModelFactory):
    fiche = factory.SubFactory(FicheFactory)
    periode = "2016"
    description = "Diffusion de l'information"

    class Meta:
        model = EtapeCalendrier


class SeanceFactory(PubliableFactory):
    type = Seance.Type.GROUPE_TECHNIQUE
    titre = factory.Sequence(lambda n: f"Séance de travail {n}")
    debut = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    fin = factory.LazyAttribute(lambda s: s.debut + datetime.timedelta(hours=2))
    echelle = Seance.Echelle.AGGLOMERATION
    lieu = "Hôtel de la métropole"

    class Meta:
        model = Seance


class ArticulationFactory(PubliableFactory):
    action = factory.SubFactory(ActionEducativeFactory)
    dispositif = factory.SubFactory(DispositifFactory)
    nature = Articulation.Nature.ORIENTATION

    class Meta:
        model = Articulation


class ParticipationFactory(factory.django.DjangoModelFactory):
    seance = factory.SubFactory(SeanceFactory)
    structure = factory.SubFactory(StructureFactory)
    nombre_personnes = 2

    class Meta:
        model = Participation


class SuiteFactory(factory.django.DjangoModelFactory):
    seance = factory.SubFactory(SeanceFactory)
    nature = Suite.Nature.ACTION
    description = "Présenter le PRE aux référents décrochage."

    class Meta:
        model = Suite


class DiffusionFactory(factory.django.DjangoModelFactory):
    support = Diffusion.Support.PRESENTATION
    destinataire = Diffusion.Destinataire.COMITE_OPERATIONNEL

    class Meta:
        model = Diffusion


class IndicateurFactory(PubliableFactory):
    fiche = factory.SubFactory(FicheFactory)
    nature = Indicateur.Nature.REALISATION
    libelle = factory.Sequence(lambda n: f"Indicateur {n}")

    class Meta:
        model = Indicateur


class MesureFactory(factory.django.DjangoModelFactory):
    indicateur = factory.SubFactory(IndicateurFactory)
    periode = 2020
    valeur = 12

    class Meta:
        model = Mesure
