"""Corpus partagé d'entrées hostiles, poussé dans chaque formulaire et chaque paramètre."""

CHAINES = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "javascript:alert(1)",
    "'; DROP TABLE dispositifs_dispositif; --",
    "1 OR 1=1",
    "%' OR '1'='1",
    "\x00nul",
    "a\u202eb\u202dc",  # contrôle bidirectionnel (RTL)
    "zéro\u200blargeur\ufeff",
    "😀👩‍👩‍👧‍👦🇫🇷",
    "=SUM(A1:A9)",
    "+33 6 00 00 00 00",
    "-1+1",
    "@import",
    "../../etc/passwd",
    "file:///etc/passwd",
    "http://169.254.169.254/latest/meta-data/",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "\r\nSet-Cookie: x=1",
    "x" * 10_000,
]
NOMBRES = ["-1", "0", "-99999999999999999999", "99999999999999999999", "1e309", "NaN", "3.5", "١٧"]
DATES = ["2026-02-30", "0000-00-00", "9999-12-31", "31/12/2026", "hier", "2026-13-01"]
GROS = "é" * 1_000_000  # 1 Mo (2 octets par caractère en UTF-8)

TOUT = [*CHAINES, *NOMBRES, *DATES]
