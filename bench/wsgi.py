"""Application WSGI du banc de charge (bench/load.py) : le portail, plus la vue nue de
bench/urls.py qui sert d'étalon. Jamais utilisée en production : la vue nue n'existe que
dans les URL du banc."""

import os
import sys
from pathlib import Path

BANC = Path(__file__).resolve().parent
sys.path[:0] = [str(BANC.parent), str(BANC)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contrat_ville.settings")

from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
settings.ROOT_URLCONF = "urls"  # bench/urls.py : celles du portail et /_banc/nue/
