"""Mesure le rendu du support de présentation : PDF (WeasyPrint) contre HTML seul.

    DEBUG=1 .venv/bin/python manage.py bench_support --rendus 3 [--quartier sanitas]

Chaque rendu ignore le cache et suit le chemin de la vue : lecture des données, gabarit, puis
PDF dans le fil de travail borné par le délai. La commande affiche la médiane des rendus, au
total et par page (durée écoulée, et temps processeur, moins sensible à une machine chargée),
le rapport PDF / HTML, puis le temps d'une demande servie par le cache.
"""

import statistics
import time
from io import BytesIO

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings

from contrat_ville import francais
from contrat_ville.models import Quartier
from portail import pdf, support


def _duree(secondes):
    return f"{francais.nombre(secondes, decimales=3)} s"


def _rapport(valeur):
    return f"{francais.nombre(valeur, decimales=1)}×"


class Command(BaseCommand):
    help = "Temps de rendu du support de présentation : PDF, HTML seul, rapport, par page."

    def add_arguments(self, parser):
        parser.add_argument("--rendus", type=int, default=3, help="Nombre de rendus (médiane).")
        parser.add_argument("--quartier", default="", help="Slug d'un quartier (facultatif).")
        parser.add_argument(
            "--hote",
            default="",
            help="Nom d'hôte des liens du PDF (par défaut le premier d'ALLOWED_HOSTS).",
        )
        parser.add_argument(
            "--delai", type=int, default=None, help="Délai de rendu en secondes (PDF_TIMEOUT)."
        )

    def handle(self, *args, rendus, quartier, hote, delai, **options):
        try:
            from pypdf import PdfReader  # dépendance de développement, comme cette commande
        except ImportError as erreur:
            raise CommandError("pypdf est nécessaire : pip install -e '.[dev]'.") from erreur
        if rendus < 1:
            raise CommandError("--rendus doit valoir au moins 1.")
        quartier_choisi = None
        if quartier:
            quartier_choisi = Quartier.objects.avec_classements().filter(slug=quartier)
            quartier_choisi = quartier_choisi.first()
            if quartier_choisi is None:
                raise CommandError(f"Quartier inconnu : « {quartier} ».")
        hote = hote or next(
            (h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")), "localhost"
        )
        request = RequestFactory().get("/support/pdf/", HTTP_HOST=hote)

        def rendre_html():
            contexte = support.contenu(request, quartier_choisi, cadre=support.CADRE_PDF)
            return render_to_string(support.GABARIT, contexte, request=request)

        temps_html, temps_pdf, processeur_pdf, contenu_pdf = [], [], [], b""
        with override_settings(PDF_TIMEOUT=delai or settings.PDF_TIMEOUT):
            for _ in range(rendus):
                debut = time.perf_counter()
                rendre_html()
                temps_html.append(time.perf_counter() - debut)

                debut, debut_processeur = time.perf_counter(), time.process_time()
                try:
                    contenu_pdf, version = support.pdf_du_support(
                        request, quartier_choisi, utiliser_cache=False
                    )
                except pdf.RenduImpossible as erreur:
                    raise CommandError(f"Rendu impossible : {erreur} (voir --delai).") from erreur
                temps_pdf.append(time.perf_counter() - debut)
                processeur_pdf.append(time.process_time() - debut_processeur)

        # Une demande servie par le cache : la version des données, puis la lecture du cache.
        cle = support.cle_du_pdf(request, quartier_choisi, version)
        cache.set(cle, contenu_pdf, timeout=60)
        debut = time.perf_counter()
        support.pdf_du_support(request, quartier_choisi)
        temps_cache = time.perf_counter() - debut
        cache.delete(cle)

        pages = len(PdfReader(BytesIO(contenu_pdf)).pages)
        nombre = len(support.contenu(request, quartier_choisi)["dispositifs"])
        pdf_median, html_median = statistics.median(temps_pdf), statistics.median(temps_html)
        portee = f"quartier {quartier_choisi.slug}" if quartier_choisi else "tous les quartiers"
        sortie = [
            f"Support de présentation ({portee}) : {nombre} dispositifs, {pages} pages, "
            f"{len(contenu_pdf) // 1024} Kio ; médiane de {rendus} rendu(s), cache ignoré.",
            f"{'':22}{'total':>12}{'par page':>12}",
            f"{'PDF (WeasyPrint)':22}{_duree(pdf_median):>12}{_duree(pdf_median / pages):>12}",
            f"{'  temps processeur':22}{_duree(statistics.median(processeur_pdf)):>12}"
            f"{_duree(statistics.median(processeur_pdf) / pages):>12}",
            f"{'HTML seul':22}{_duree(html_median):>12}{_duree(html_median / pages):>12}",
            f"{'rapport PDF / HTML':22}{_rapport(pdf_median / html_median):>12}",
            f"{'PDF servi du cache':22}{_duree(temps_cache):>12}"
            f"   ({_rapport(pdf_median / temps_cache)} plus rapide)",
            f"Rendus PDF : {', '.join(_duree(t) for t in temps_pdf)}",
        ]
        self.stdout.write("\n".join(sortie))
