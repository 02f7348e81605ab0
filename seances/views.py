import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.views.decorators.http import require_GET, require_safe
from icalendar import Calendar, Event, Timezone

from contrat_ville.models import Structure
from dispositifs.models import Dispositif
from fiches.models import Fiche, lignes
from seances.forms import FiltreSeancesForm
from seances.models import Participation, Seance, Suite

SEANCES_PASSEES_PAR_PAGE = 20


@require_GET
def seance_list(request):
    publiees = Seance.objects.publies()
    form = FiltreSeancesForm(request.GET, annees=publiees.annees())
    # Un critère invalide est signalé sur la page ; les critères valides restent appliqués.
    form.is_valid()
    seances = publiees.pour_liste().filtrer(**form.cleaned_data)
    passees = Paginator(seances.passees(), SEANCES_PASSEES_PAR_PAGE).get_page(
        request.GET.get("page")
    )
    return TemplateResponse(
        request,
        "seances/seance_list.html",
        {
            "form": form,
            "a_venir": seances.a_venir(),
            "passees": passees,
            "lien_agenda": lien_agenda(form),
            "agenda_filtre": bool(_filtres_valides(form)),
        },
    )


def seances_pour_page():
    """Tout ce que la page d'une séance affiche, en un nombre fixe de requêtes ; les
    structures, fiches et dispositifs non publiés restent invisibles du public."""
    return (
        Seance.objects.publies()
        .select_related("quartier", "animateur", "lieu_accueil__structure")
        .prefetch_related(
            models.Prefetch(
                "participations",
                queryset=Participation.objects.filter(structure__in=Structure.objects.publies())
                .select_related("structure")
                .order_by("structure__nom"),
            ),
            models.Prefetch("suites", queryset=Suite.objects.select_related("responsable")),
            models.Prefetch("fiches", queryset=Fiche.objects.publies().order_by("code")),
            models.Prefetch("dispositifs", queryset=Dispositif.objects.publies().order_by("nom")),
        )
    )


@require_GET
def seance_detail(request, pk):
    seance = get_object_or_404(seances_pour_page(), pk=pk)
    participations = seance.participations.all()
    return TemplateResponse(
        request,
        "seances/seance_detail.html",
        {
            "seance": seance,
            "lieu_accueil": lieu_accueil_public(seance),
            "presentes": [
                p for p in participations if p.presence == Participation.Presence.PRESENTE
            ],
            "excusees": [p for p in participations if p.presence == Participation.Presence.EXCUSEE],
        },
    )


def _filtres_valides(form):
    """Les critères compris de la liste (un critère invalide n'est pas dans `cleaned_data`),
    tels qu'ils s'écrivent dans l'URL."""
    valeurs = {}
    for nom, valeur in form.cleaned_data.items():
        if valeur in (None, ""):
            continue
        valeurs[nom] = valeur.slug if nom == "quartier" else valeur
    return valeurs


def lien_agenda(form):
    """L'URL du flux iCalendar restreint aux critères compris de la liste."""
    filtres = _filtres_valides(form)
    url = reverse("seances:agenda")
    return f"{url}?{urlencode(filtres)}" if filtres else url


@require_safe  # les logiciels d'agenda sondent parfois le flux par HEAD avant de le lire
def agenda(request):
    """Flux iCalendar (RFC 5545) des séances publiées, auquel un agenda peut s'abonner ; il
    accepte les critères de la liste (type, échelle, quartier, année) et, comme elle, ignore
    ceux qu'il ne comprend pas."""
    publiees = Seance.objects.publies()
    # Les années ne sont lues que si le critère est demandé : le flux sans filtre reste léger.
    annees = publiees.annees() if request.GET.get("annee") else ()
    form = FiltreSeancesForm(request.GET, annees=annees)
    form.is_valid()
    seances = list(publiees.filtrer(**form.cleaned_data).pour_agenda())
    return _reponse_ical(request, seances, nom_fichier="seances.ics")


@require_safe
def seance_agenda(request, pk):
    """Une séance seule, en iCalendar : un événement à ajouter à son agenda."""
    seance = get_object_or_404(Seance.objects.publies().pour_agenda(), pk=pk)
    return _reponse_ical(
        request,
        [seance],
        nom_fichier=f"seance-{seance.pk}.ics",
        nom=seance.titre,
    )


def _reponse_ical(request, seances, *, nom_fichier, nom="Séances du contrat de ville"):
    fuseau = timezone.get_default_timezone()
    hote, _port = split_domain_port(request.get_host())

    calendrier = Calendar()
    calendrier.add("prodid", "-//Portail du contrat de ville//Séances//FR")
    calendrier.add("version", "2.0")
    calendrier.add("calscale", "GREGORIAN")
    calendrier.add("x-wr-calname", nom)
    calendrier.add("x-wr-caldesc", "Séances partenariales sur le décrochage scolaire.")
    calendrier.add("x-wr-timezone", settings.TIME_ZONE)
    calendrier.add(
        "refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"}
    )
    calendrier.add("x-published-ttl", "PT6H")
    # Le VTIMEZONE couvre toutes les séances du flux (et figure même dans un flux vide).
    aujourd_hui = timezone.localdate()
    premiere = min((s.debut for s in seances), default=timezone.now()).astimezone(fuseau)
    derniere = max((s.fin for s in seances), default=timezone.now()).astimezone(fuseau)
    calendrier.add_component(
        Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=datetime.date(min(premiere.year, aujourd_hui.year), 1, 1),
            last_date=datetime.date(max(derniere.year, aujourd_hui.year) + 2, 1, 1),
        )
    )
    for seance in seances:
        calendrier.add_component(_evenement(request, seance, hote=hote, fuseau=fuseau))

    return HttpResponse(
        calendrier.to_ical(),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(False, nom_fichier)},
    )


def lieu_accueil_public(seance):
    """Le lieu d'accueil de la séance s'il est public (publié, d'une structure publiée)."""
    lieu = seance.lieu_accueil
    return lieu if lieu is not None and lieu.est_public else None


def adresse_seance(seance):
    """Le lieu de la séance et l'adresse complète de son lieu d'accueil s'il est public ; à
    défaut, son quartier et sa commune, sans répéter ce que le texte du lieu dit déjà ; vide si
    rien n'est renseigné (rien n'est deviné)."""
    lieu = lieu_accueil_public(seance)
    if lieu is not None:
        texte = seance.lieu or lieu.nom
        adresse = lieu.adresse_complete
        return f"{texte}, {adresse}" if adresse and adresse not in texte else texte
    if not seance.lieu:
        return ""
    parties = [seance.lieu]
    if seance.quartier:
        for partie in (seance.quartier.nom, seance.quartier.commune):
            if partie and partie.casefold() not in ", ".join(parties).casefold():
                parties.append(partie)
    return ", ".join(parties)


def _evenement(request, seance, *, hote, fuseau):
    url = request.build_absolute_uri(seance.get_absolute_url())
    resume = seance.titre
    if seance.est_exemple:
        resume += " (exemple illustratif)"

    description = [seance.get_type_display()]
    if seance.est_exemple:
        description.append("Exemple illustratif : donnée de démonstration, non réelle.")
    if seance.quartier:
        description.append(f"Quartier : {seance.quartier.nom} ({seance.quartier.commune})")
    if seance.est_annulee:
        description.append("Séance annulée.")
    points = lignes(seance.ordre_du_jour)
    if points:
        description += ["", "Ordre du jour :", *(f"- {point}" for point in points)]
    description += ["", url]

    evenement = Event()
    evenement.add("uid", f"seance-{seance.pk}@{hote}")
    # Sans METHOD, DTSTAMP est la date de dernière révision de la séance (RFC 5545, 3.8.7.2).
    evenement.add("dtstamp", seance.modifie_le.astimezone(datetime.UTC))
    evenement.add("last-modified", seance.modifie_le.astimezone(datetime.UTC))
    evenement.add("dtstart", seance.debut.astimezone(fuseau))
    evenement.add("dtend", seance.fin.astimezone(fuseau))
    evenement.add("summary", resume)
    adresse = adresse_seance(seance)
    if adresse:
        evenement.add("location", adresse)
    evenement.add("description", "\n".join(description))
    evenement.add("categories", [seance.get_type_display()])
    evenement.add("url", url)
    evenement.add("status", "CANCELLED" if seance.est_annulee else "CONFIRMED")
    return evenement
