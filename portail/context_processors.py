from types import SimpleNamespace


def navigation(request):
    """La rubrique courante pour le menu, même sur une page d'erreur (sans vue résolue)."""
    vue = getattr(request, "resolver_match", None)
    return {
        "navigation": SimpleNamespace(
            app_name=getattr(vue, "app_name", "") or "",
            url_name=getattr(vue, "url_name", "") or "",
        )
    }
