"""Le nombre de requêtes de chaque page publique ne dépend pas du volume de données : mesuré
sur la démo, puis après `generer_volume --facteur 1` (300 dispositifs, 20 000 mesures…)."""

import pytest
from django.core.management import call_command

from indicateurs.models import Indicateur
from seances.models import Seance
from tests.utils import nombre_de_requetes

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/fiches/",
    "/fiches/1.2.2/",
    "/dispositifs/",
    "/dispositifs/?q=formation&situation=scolarise&mobilisable_par=jeunes&age=15",
    "/dispositifs/?page=2",
    "/dispositifs/psad/",
    "/dispositifs/maison-des-adolescents/",
    "/structures/maison-des-adolescents-37/",
    "/support/?quartier=la-rabiere",
    "/dispositifs/orientation/?age=17&situation=sorti-sans-diplome-moins-1-an&quartier=sanitas",
    "/dispositifs/orientation/?age=22&situation=sorti-sans-diplome-plus-1-an"
    "&situation=ni-emploi-ni-formation&handicap=1&diplome=aucun&quartier=sanitas",
    "/dispositifs/orientation/?age=14&situation=sorti-sans-diplome-moins-1-an&diplome=brevet_cfg",
    "/quartiers/",
    "/quartiers/sanitas/",
    "/actions/",
    "/maillage/",
    "/seances/",
    "/seances/?type=comite_operationnel&page=2",
    "/seances/agenda.ics",
    "/indicateurs/",
    "/indicateurs/export.csv",
    "/accessibilite/",
    "/plan-du-site/",
]


def _pages_de_detail():
    seance = Seance.objects.publies().filter(compte_rendu_publie=True).order_by("pk").first()
    saisi = Indicateur.objects.publies().filter(calcul="saisi").order_by("pk").first()
    calcule = Indicateur.objects.publies().exclude(calcul="saisi").order_by("pk").first()
    return [seance.get_absolute_url(), saisi.get_absolute_url(), calcule.get_absolute_url()]


def test_nombre_de_requetes_identique_avec_la_demo_et_avec_le_volume(client):
    call_command("charger_demo", verbosity=0, force=True)
    pages = PAGES + _pages_de_detail()
    avec_la_demo = {page: nombre_de_requetes(client, page) for page in pages}
    call_command("generer_volume", facteur=1, force=True, verbosity=0)
    avec_le_volume = {page: nombre_de_requetes(client, page) for page in pages}
    assert avec_le_volume == avec_la_demo
