import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

CHROMIUM = "/usr/bin/chromium"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(autouse=True)
def _cache_vide():
    """Chaque test part d'un cache vide : les échecs comptés par adresse (gestion/limites.py) y
    restent quinze minutes et passeraient sinon d'un test à l'autre."""
    cache.clear()


def _outil_manquant(message):
    """Sans navigateur, un test de navigateur est sauté en local mais échoue en CI."""
    if os.environ.get("PORTAIL_EXIGER_NAVIGATEUR") == "1":
        pytest.fail(f"{message} (PORTAIL_EXIGER_NAVIGATEUR=1)")
    pytest.skip(f"{message} : installez-le (voir README) pour exécuter ce test.")


@pytest.fixture(scope="session")
def navigateur():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _outil_manquant("Chromium de Debian introuvable dans /usr/bin/chromium")
    from playwright.sync_api import sync_playwright

    # Playwright (synchrone) fait tourner une boucle asyncio dans ce fil : l'ORM doit l'accepter.
    avant = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    if avant is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(navigateur):
    # bypass_csp : seul l'injection d'axe-core (script en ligne) en a besoin ; la politique
    # elle-même est vérifiée par tests/test_securite.py.
    context = navigateur.new_context(locale="fr-FR", timezone_id="Europe/Paris", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        _outil_manquant("axe-core introuvable dans node_modules (lancer `make install`)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def verifier_axe(axe_source):
    """Injecte axe-core dans la page et renvoie les violations WCAG 2.1 A/AA."""

    def verifier(page):
        page.add_script_tag(content=axe_source)
        resultat = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_21_AA,
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "aide": v["help"],
                "noeuds": [n["target"] for n in v["nodes"]][:5],
            }
            for v in resultat["violations"]
        ]

    return verifier
