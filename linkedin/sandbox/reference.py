"""Standardized data the demographic pivots point at: titles, functions, seniorities, industries,
geos, organizations and company-size buckets, with a name for every URN.

The lists are fixed (not seeded), so a URN means the same thing in every sandbox, like on
LinkedIn. Names deliberately include accents, CJK, Hangul, RTL scripts and emoji: the app
stores and draws them, and a sandbox with only ASCII names would hide encoding and
column-width bugs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SENIORITIES: dict[int, str] = {
    1: "Unpaid",
    2: "Training",
    3: "Entry",
    4: "Senior",
    5: "Manager",
    6: "Director",
    7: "VP",
    8: "CXO",
    9: "Partner",
    10: "Owner",
}

FUNCTIONS: dict[int, str] = {
    1: "Accounting",
    2: "Administrative",
    3: "Arts and Design",
    4: "Business Development",
    5: "Community and Social Services",
    6: "Consulting",
    7: "Education",
    8: "Engineering",
    9: "Entrepreneurship",
    10: "Finance",
    11: "Healthcare Services",
    12: "Human Resources",
    13: "Information Technology",
    14: "Legal",
    15: "Marketing",
    16: "Media and Communication",
    17: "Military and Protective Services",
    18: "Operations",
    19: "Product Management",
    20: "Program and Project Management",
    21: "Purchasing",
    22: "Quality Assurance",
    23: "Real Estate",
    24: "Research",
    25: "Sales",
    26: "Customer Success and Support",
}

INDUSTRIES: dict[int, str] = {
    3: "Defense and Space Manufacturing",
    4: "Software Development",
    6: "Technology, Information and Internet",
    8: "Telecommunications",
    9: "Law Practice",
    11: "Business Consulting and Services",
    14: "Hospitals and Health Care",
    15: "Pharmaceutical Manufacturing",
    25: "Manufacturing",
    27: "Retail",
    31: "Hospitality",
    34: "Food and Beverage Services",
    41: "Banking",
    42: "Insurance",
    43: "Financial Services",
    44: "Real Estate",
    47: "Accounting",
    48: "Construction",
    53: "Motor Vehicle Manufacturing",
    68: "Higher Education",
    69: "Primary and Secondary Education",
    80: "Advertising Services",
    94: "Airlines and Aviation",
    96: "IT Services and IT Consulting",
    104: "Human Resources Services",
    116: "Transportation, Logistics, Supply Chain and Storage",
    118: "Computer and Network Security",
    133: "Wholesale",
    137: "Staffing and Recruiting",
    1594: "Technology, Information and Media",
    1810: "Professional Training and Coaching",
    3131: "Mobile Gaming Apps",
}

# id -> (name, function id). 68 "Marketing Manager" is the docs' example.
_TITLE_ROOTS: tuple[tuple[str, int], ...] = (
    ("Marketing Manager", 15),
    ("Software Engineer", 8),
    ("Data Scientist", 24),
    ("Account Executive", 25),
    ("Sales Manager", 25),
    ("Product Manager", 19),
    ("Project Manager", 20),
    ("Financial Analyst", 10),
    ("Accountant", 1),
    ("HR Business Partner", 12),
    ("Recruiter", 12),
    ("Operations Manager", 18),
    ("Chief Executive Officer", 9),
    ("Chief Marketing Officer", 15),
    ("Chief Technology Officer", 8),
    ("Founder", 9),
    ("Consultant", 6),
    ("Business Analyst", 4),
    ("Customer Success Manager", 26),
    ("Graphic Designer", 3),
    ("Content Strategist", 16),
    ("Legal Counsel", 14),
    ("Nurse", 11),
    ("Teacher", 7),
    ("Purchasing Manager", 21),
    ("QA Engineer", 22),
    ("IT Administrator", 13),
    ("Real Estate Agent", 23),
    ("Office Manager", 2),
    ("Social Worker", 5),
    ("Security Officer", 17),
    ("Research Scientist", 24),
    ("Directeur Général", 9),
    ("Geschäftsführer", 9),
    ("Ingénieur logiciel", 8),
    ("Jefe de Ventas", 25),
    ("Responsable Marketing Communication", 15),
    ("プロダクトマネージャー", 19),
    ("软件工程师", 8),
    ("마케팅 매니저", 15),
    ("מנהל מוצר", 19),
    ("مدير التسويق", 15),
    ("Growth Hacker 🚀", 15),
    ("Data Engineer 📊", 8),
)
_TITLE_PREFIXES = ("", "Senior ", "Lead ", "Associate ")


def _titles() -> dict[int, tuple[str, int]]:
    """Root titles and their seniority variants; id 68 stays "Marketing Manager" (the docs')."""
    entries = [
        (prefix + root, function)
        for prefix in _TITLE_PREFIXES
        for root, function in _TITLE_ROOTS
        if not prefix or root.isascii()
    ]
    ids = [title_id for title_id in range(1, len(entries) + 1) if title_id != 68]
    return {68: entries[0], **dict(zip(ids, entries[1:], strict=True))}


TITLES: dict[int, tuple[str, int]] = _titles()


@dataclass(frozen=True, slots=True)
class Geo:
    id: int
    name: str
    kind: str  # "country" | "region" | "county"
    country: str  # ISO code of the country it is in


_COUNTRIES: tuple[tuple[int, str, str], ...] = (
    (103644278, "United States", "US"),
    (101165590, "United Kingdom", "GB"),
    (101282230, "Germany", "DE"),
    (105015875, "France", "FR"),
    (101174742, "Canada", "CA"),
    (101452733, "Australia", "AU"),
    (102890719, "Netherlands", "NL"),
    (105646813, "Spain", "ES"),
    (103350119, "Italy", "IT"),
    (102713980, "India", "IN"),
    (101355337, "Japan", "JP"),
    (106057199, "Brazil", "BR"),
    (105117694, "Sweden", "SE"),
    (106693272, "Switzerland", "CH"),
    (104738515, "Ireland", "IE"),
    (102454443, "Singapore", "SG"),
    (105763813, "Türkiye", "TR"),
    (106155005, "Égypte", "EG"),
    (101620260, "ישראל", "IL"),
    (105149562, "대한민국", "KR"),
    (103323778, "México", "MX"),
    (104514075, "Danmark", "DK"),
    (103819153, "Norge", "NO"),
    (100565514, "België", "BE"),
)
_REGIONS: tuple[tuple[int, str, str], ...] = (
    (102095887, "California", "US"),
    (105080838, "New York", "US"),
    (102748797, "Texas", "US"),
    (101318387, "Illinois", "US"),
    (100356971, "Washington", "US"),
    (102299470, "England", "GB"),
    (101080250, "Scotland", "GB"),
    (100165006, "Bayern", "DE"),
    (106430557, "Berlin", "DE"),
    (102878766, "Nordrhein-Westfalen", "DE"),
    (104246759, "Île-de-France", "FR"),
    (103293144, "Provence-Alpes-Côte d'Azur", "FR"),
    (105149290, "Ontario", "CA"),
    (104227226, "Québec", "CA"),
    (104769905, "New South Wales", "AU"),
    (105226981, "Noord-Holland", "NL"),
    (100994331, "Comunidad de Madrid", "ES"),
    (104688944, "Cataluña", "ES"),
    (101962284, "Lombardia", "IT"),
    (106164952, "Maharashtra", "IN"),
    (104866308, "Karnataka", "IN"),
    (103689695, "東京都", "JP"),
    (102890902, "大阪府", "JP"),
    (104746682, "São Paulo", "BR"),
    (100907646, "Stockholms län", "SE"),
    (106140913, "Zürich", "CH"),
    (100538914, "Dublin", "IE"),
    (101403773, "İstanbul", "TR"),
    (100893012, "القاهرة", "EG"),
    (100707216, "תל אביב", "IL"),
    (105071092, "서울", "KR"),
)
_COUNTIES: tuple[tuple[int, str, str], ...] = (
    (100809221, "Los Angeles County", "US"),
    (104063219, "San Francisco County", "US"),
    (105359089, "Santa Clara County", "US"),
    (104916493, "King County", "US"),
    (103112676, "Cook County", "US"),
    (100654393, "Harris County", "US"),
    (106250049, "Travis County", "US"),
    (102571732, "New York County", "US"),
    (101651951, "Kings County", "US"),
    (104383890, "Greater London", "GB"),
    (105734258, "Greater Manchester", "GB"),
)


def _geos() -> dict[int, Geo]:
    geos: dict[int, Geo] = {}
    for kind, rows in (("country", _COUNTRIES), ("region", _REGIONS), ("county", _COUNTIES)):
        for geo_id, name, country in rows:
            geos[geo_id] = Geo(geo_id, name, kind, country)
    return geos


GEOS: dict[int, Geo] = _geos()

_ORGANIZATION_NAMES: tuple[str, ...] = (
    "Acme Analytics",
    "Nordlicht Energie GmbH",
    "Société Lumière",
    "Øresund Logistics",
    "株式会社サクラ技研",
    "서울 데이터랩",
    "Café Olé S.A.",
    "شركة الواحة",
    "אור טכנולוגיות",
    "🚀 Rocket Labs",
    "Zürcher Versicherungen AG",
    "Škoda Parts s.r.o.",
    "Ελληνικά Λιμάνια",
    "Bäckerei Müller & Söhne",
    "上海云帆科技",
    "Ñandú Software",
    "Crème de la Crème Agency",
    "Łódź Robotics",
    "Fjörður Fisheries",
    "🌱 GreenLeaf Co.",
)
_ORG_STEMS = (
    "Blue",
    "Summit",
    "Harbor",
    "Quantum",
    "Cedar",
    "Atlas",
    "Nova",
    "Vertex",
    "Maple",
    "Aurora",
    "Falcon",
    "Granite",
    "Lumen",
    "Orbit",
    "Pioneer",
)
_ORG_SUFFIXES = ("Systems", "Health", "Capital", "Foods", "Labs", "Partners", "Retail")


def _organizations() -> dict[int, str]:
    names = list(_ORGANIZATION_NAMES)
    names += [f"{stem} {suffix}" for suffix in _ORG_SUFFIXES for stem in _ORG_STEMS]
    return {1000 + 37 * index: name for index, name in enumerate(names)}


ORGANIZATIONS: dict[int, str] = _organizations()

# The MEMBER_COMPANY_SIZE pivot values are enum strings, not URNs (contract §4.6.3).
COMPANY_SIZES: dict[str, tuple[int, int]] = {
    "SIZE_1": (1, 1),
    "SIZE_2_TO_10": (2, 10),
    "SIZE_11_TO_50": (11, 50),
    "SIZE_51_TO_200": (51, 200),
    "SIZE_201_TO_500": (201, 500),
    "SIZE_501_TO_1000": (501, 1000),
    "SIZE_1001_TO_5000": (1001, 5000),
    "SIZE_5001_TO_10000": (5001, 10000),
    "SIZE_10001_OR_MORE": (10001, 2147483647),
}

# Targeting facet URN of each kind of demographic URN (adTargetingEntities `facetUrn`).
FACET_OF_KIND: dict[str, str] = {
    "title": "urn:li:adTargetingFacet:titles",
    "seniority": "urn:li:adTargetingFacet:seniorities",
    "function": "urn:li:adTargetingFacet:jobFunctions",
    "industry": "urn:li:adTargetingFacet:industries",
    "geo": "urn:li:adTargetingFacet:locations",
    "organization": "urn:li:adTargetingFacet:employers",
    "staffCountRange": "urn:li:adTargetingFacet:staffCountRanges",
}


def staff_count_urn(size: str) -> str:
    low, high = COMPANY_SIZES[size]
    return f"urn:li:staffCountRange:({low},{high})"


def _staff_count_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for size, (low, high) in COMPANY_SIZES.items():
        label = f"{low}+ employees" if size.endswith("OR_MORE") else f"{low}-{high} employees"
        names[staff_count_urn(size)] = "Myself only" if size == "SIZE_1" else label
    return names


def _urn_names() -> dict[str, str]:
    names: dict[str, str] = {}
    names.update({f"urn:li:title:{i}": title for i, (title, _f) in TITLES.items()})
    names.update({f"urn:li:seniority:{i}": name for i, name in SENIORITIES.items()})
    names.update({f"urn:li:function:{i}": name for i, name in FUNCTIONS.items()})
    names.update({f"urn:li:industry:{i}": name for i, name in INDUSTRIES.items()})
    names.update({f"urn:li:geo:{i}": geo.name for i, geo in GEOS.items()})
    names.update({f"urn:li:organization:{i}": name for i, name in ORGANIZATIONS.items()})
    names.update(_staff_count_names())
    return names


URN_NAMES: Mapping[str, str] = _urn_names()


def urn_kind(urn: str) -> str:
    """``urn:li:title:68`` -> ``title`` (empty for anything that is not a ``urn:li:`` URN)."""
    parts = urn.split(":", 3)
    return parts[2] if len(parts) == 4 and parts[:2] == ["urn", "li"] else ""
