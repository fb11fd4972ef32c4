"""Countries for VAT: the EU member states (one-stop shop, reverse charge between them)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

EU_MEMBER_STATES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
# A buyer outside every scheme the shop charges VAT for (ISO 3166's "unknown" code).
ELSEWHERE = "ZZ"

NAMES = {
    "AT": "Austria",
    "BE": "Belgium",
    "BG": "Bulgaria",
    "CH": "Switzerland",
    "CY": "Cyprus",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "EE": "Estonia",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "GR": "Greece",
    "HR": "Croatia",
    "HU": "Hungary",
    "IE": "Ireland",
    "IT": "Italy",
    "LT": "Lithuania",
    "LU": "Luxembourg",
    "LV": "Latvia",
    "MT": "Malta",
    "NL": "Netherlands",
    "NO": "Norway",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SE": "Sweden",
    "SI": "Slovenia",
    "SK": "Slovakia",
    ELSEWHERE: "Elsewhere",
}


# Where an Elsewhere buyer lives, as staff and invoices read it: the countries above are the
# only ones a VAT rule may name (the tax rules form refuses others).
OUTSIDE_EVERY_SCHEME = "outside the EU, the UK, Norway and Switzerland"
ELSEWHERE_SHOWN = f"Elsewhere ({OUTSIDE_EVERY_SCHEME})"


def country_name(code: str) -> str:
    return NAMES.get(code, code)


# Names a sentence puts "the" before: "a consumer in the Netherlands" (outside probe CY-3).
NAMED_WITH_THE = {"NL", "GB"}


def country_in_words(code: str) -> str:
    """The name as a sentence writes it: "the Netherlands", "France"."""
    name = country_name(code)
    return f"the {name}" if code in NAMED_WITH_THE else name


def country_shown(code: str) -> str:
    """By name and code, "Germany (DE)"; Elsewhere as what it means."""
    return ELSEWHERE_SHOWN if code == ELSEWHERE else f"{country_name(code)} ({code})"


def country_code_shown(code: str) -> str:
    """The code, "DE", where staff read a short text; Elsewhere as what it means."""
    return ELSEWHERE_SHOWN if code == ELSEWHERE else code


def default_country_check() -> None:
    """Refuses to start with a TAX_DEFAULT_COUNTRY the shop charges no VAT for: a mistyped
    code, or Elsewhere, would sell VAT-free to every buyer who declared no country; nor with
    a TAX_SELLER_COUNTRY none of them (outside probe FY-3: `XX` started, and every business
    of the seller's own country would have bought by reverse charge)."""
    charged = sorted(NAMES.keys() - {ELSEWHERE})
    if settings.TAX_MODE != "oss":
        return
    for name in ("TAX_DEFAULT_COUNTRY", "TAX_SELLER_COUNTRY"):
        if getattr(settings, name) not in charged:
            raise ImproperlyConfigured(
                f"{name} must be one of {', '.join(charged)}, got {getattr(settings, name)!r}."
            )
