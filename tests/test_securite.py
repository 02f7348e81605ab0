"""En-têtes de sécurité et politique de contenu (CSP) sur les pages servies."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

GABARITS = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize("url", ["/", "/dispositifs/", "/fiches/", "/sante/"])
def test_en_tetes_de_securite(client, url):
    reponse = client.get(url)
    csp = reponse["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert reponse["X-Content-Type-Options"] == "nosniff"
    assert reponse["Referrer-Policy"] == "same-origin"
    assert reponse["X-Frame-Options"] == "DENY"


# Les capacités du navigateur que le portail n'utilise pas et refuse à tout cadre.
REFUSEES = {"camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"}


@pytest.mark.parametrize("url", ["/", "/dispositifs/", "/sante/", "/page-qui-n-existe-pas/"])
def test_permissions_policy_sur_chaque_reponse(client, url):
    for _ in range(2):  # la seconde réponse vient du cache des pages anonymes
        valeur = client.get(url)["Permissions-Policy"]
        # Syntaxe d'un dictionnaire de champs structurés (RFC 8941) : `nom=()`, séparés par « , ».
        directives = dict(d.strip().split("=", 1) for d in valeur.split(","))
        assert all(re.fullmatch(r"[a-z-]+", nom) for nom in directives), valeur
        assert {nom for nom, origines in directives.items() if origines == "()"} >= REFUSEES


def test_aucun_script_ni_gestionnaire_d_evenement_en_ligne_dans_les_gabarits():
    """La CSP interdit les scripts en ligne : aucun gabarit ne doit en dépendre."""
    fautifs = []
    for gabarit in GABARITS.rglob("*.html"):
        texte = gabarit.read_text(encoding="utf-8")
        for balise in re.findall(r"<script\b[^>]*>", texte):
            if "src=" not in balise:
                fautifs.append(f"{gabarit.name}: {balise}")
        fautifs += [f"{gabarit.name}: {m}" for m in re.findall(r"\son[a-z]+\s*=\s*[\"']", texte)]
        fautifs += [f"{gabarit.name}: style=" for _ in re.findall(r"\sstyle\s*=", texte)]
    # Les gabarits du support PDF (WeasyPrint) ne sont pas servis en HTML avec la CSP du site.
    assert [f for f in fautifs if "support" not in f] == []


def test_cookies_securises_et_hsts_hors_debug():
    """Vérifié aussi par `check --deploy` (tests/test_reglages.py) ; ici les valeurs."""
    import subprocess
    import sys

    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_SSL_REDIRECT)"
    )
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "portail.example.org",
        "DJANGO_SETTINGS_MODULE": "contrat_ville.settings",
        "PATH": "/usr/bin:/bin",
    }
    sortie = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sortie.stdout.split() == ["True", "True", "True", "True"], sortie.stderr
