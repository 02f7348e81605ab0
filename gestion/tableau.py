"""Le tableau de bord de l'espace équipe : ce qui attend quelqu'un, en un nombre fixe de requêtes
(deux par type de contenu, une par autre rubrique), quel que soit le volume des données."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F
from django.utils import timezone
from django.utils.text import capfirst

from contrat_ville.models import Lieu
from contrat_ville.publication import Statut
from contrat_ville.registre import registre
from dispositifs.models import Dispositif
from gestion.historique import auteur, operation
from indicateurs.models import Indicateur
from seances.models import Seance

LIMITE = 10


@dataclass
class Element:
    type: str
    libelle: str
    url: str
    date: datetime | None = None
    par: str = ""
    precision: str = ""


def _url(objet):
    contenu = registre.type_de(type(objet))
    return contenu.url_gestion("detail", objet.pk) if contenu else ""


def _element(objet, *, date, par="", precision=""):
    return Element(
        type=capfirst(objet._meta.verbose_name),
        libelle=str(objet),
        url=_url(objet),
        date=date,
        par=par,
        precision=precision,
    )


def _nom(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def _publiables():
    return [contenu.modele for contenu in registre.publiables()]


def totaux_par_statut():
    """{statut: nombre} tous contenus confondus, en une requête (UNION ALL)."""
    requetes = [
        modele.objects.filter(statut__in=[Statut.RELECTURE, Statut.BROUILLON])
        .order_by()
        .values("statut")
        .annotate(nombre=Count("pk"))
        .values_list("statut", "nombre")
        for modele in _publiables()
    ]
    totaux = {Statut.RELECTURE: 0, Statut.BROUILLON: 0}
    for statut, nombre in requetes[0].union(*requetes[1:], all=True):
        totaux[statut] += nombre
    return totaux


def en_attente(statut):
    """Les contenus les plus récemment modifiés dans ce statut, tous types confondus."""
    objets = []
    for contenu in registre.publiables():
        objets += (
            contenu.modele.objects.filter(statut=statut)
            .select_related("statut_modifie_par", *contenu.lies)
            .order_by("-modifie_le")[:LIMITE]
        )
    objets.sort(key=lambda o: o.modifie_le, reverse=True)
    if statut == Statut.RELECTURE:
        return [
            _element(o, date=o.statut_modifie_le or o.modifie_le, par=_nom(o.statut_modifie_par))
            for o in objets[:LIMITE]
        ]
    return [_element(o, date=o.modifie_le) for o in objets[:LIMITE]]


def dispositifs_a_verifier():
    dispositifs = (
        Dispositif.objects.publies()
        .a_verifier()
        .order_by(F("verifie_le").asc(nulls_first=True), "nom")
    )
    elements = [
        _element(
            d,
            date=None,
            precision=f"vérifié le {d.verifie_le:%d/%m/%Y}" if d.verifie_le else "jamais vérifié",
        )
        for d in dispositifs[:LIMITE]
    ]
    return elements, dispositifs.count()


def dispositifs_sans_lieu_complet():
    """Les dispositifs publiés dont aucun lieu où s'adresser n'a adresse et téléphone
    (« coordonnées à compléter » sur leur page). Le lien mène au lieu à compléter, ou à la création
    d'un lieu quand il n'y en a aucun. Nombre de requêtes fixe (lieux lus en groupe)."""
    lieux = registre.type_de(Lieu)
    elements = []
    for dispositif in Dispositif.objects.publies().select_related("porteur").avec_lieux():
        connus = [lieu for lieu, _ in dispositif.ou_s_adresser()]
        if connus and not all(lieu.a_completer for lieu in connus):
            continue
        element = _element(dispositif, date=None, precision="aucun lieu connu")
        if connus:
            element.url = lieux.url_gestion("update", connus[0].pk)
            element.precision = f"{connus[0].nom} : adresse ou téléphone à compléter"
        else:
            element.url = lieux.url_gestion("create")
        elements.append(element)
    return elements[:LIMITE], len(elements)


def seances_sans_compte_rendu():
    seances = Seance.objects.sans_compte_rendu().order_by("-debut")[:LIMITE]
    return [_element(s, date=s.debut, precision=s.get_etat_display().lower()) for s in seances]


def indicateurs_sans_valeur(annee):
    indicateurs = (
        Indicateur.objects.sans_valeur_pour(annee).select_related("fiche").order_by("fiche__code")
    )
    return [_element(i, date=None, precision=f"fiche {i.fiche.code}") for i in indicateurs[:LIMITE]]


def _instance(enregistrement):
    """L'objet tel qu'il était, sans requête : champs suivis de l'entrée d'historique (pas
    `enregistrement.instance`, qui relit en base les champs exclus de l'historique), et objets
    liés déjà chargés par select_related, pour que son `__str__` n'en refasse pas."""
    modele = enregistrement.instance_type
    instance = modele(
        **{
            champ.attname: getattr(enregistrement, champ.attname)
            for champ in enregistrement.tracked_fields
        }
    )
    instance._state.adding = False
    instance._state.fields_cache.update(
        (nom, valeur)
        for nom, valeur in enregistrement._state.fields_cache.items()
        if nom != "history_user"
    )
    return instance


def modifications_recentes():
    enregistrements = []
    for contenu in registre.publiables():
        enregistrements += contenu.modele.history.select_related(
            "history_user", *contenu.lies
        ).order_by("-history_date")[:LIMITE]
    enregistrements.sort(key=lambda e: e.history_date, reverse=True)
    elements = []
    for enregistrement in enregistrements[:LIMITE]:
        instance = _instance(enregistrement)
        element = _element(
            instance,
            date=enregistrement.history_date,
            par=auteur(enregistrement),
            precision=operation(enregistrement),
        )
        if enregistrement.history_type == "-":
            element.url = ""
        elements.append(element)
    return elements


def tableau_de_bord():
    annee = timezone.localdate().year - 1
    a_verifier, nombre_a_verifier = dispositifs_a_verifier()
    sans_lieu, nombre_sans_lieu = dispositifs_sans_lieu_complet()
    return {
        "totaux": totaux_par_statut(),
        "en_relecture": en_attente(Statut.RELECTURE),
        "brouillons": en_attente(Statut.BROUILLON),
        "a_verifier": a_verifier,
        "nombre_a_verifier": nombre_a_verifier,
        "sans_lieu": sans_lieu,
        "nombre_sans_lieu": nombre_sans_lieu,
        "seances_sans_compte_rendu": seances_sans_compte_rendu(),
        "annee_indicateurs": annee,
        "indicateurs_sans_valeur": indicateurs_sans_valeur(annee),
        "modifications_recentes": modifications_recentes(),
    }
