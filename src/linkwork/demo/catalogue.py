"""What the demo directory is made of: kinds of organisation and of service per need
(data/demo_services.csv). All invented; names are plausible for Glasgow and Inverclyde,
none is a real body."""

import csv
from pathlib import Path

DATA = Path(__file__).parent / "data" / "demo_services.csv"


def _services() -> dict[str, list[tuple[str, str, str, str, str]]]:
    """need -> [(name, description, formats, charge, how to refer)], from the CSV."""
    found: dict[str, list] = {}
    with DATA.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            found.setdefault(row["need"], []).append(
                (
                    row["name"],
                    row["description"],
                    row["formats"],
                    row["charge"],
                    row["how_to_refer"],
                )
            )
    return found


SERVICES = _services()
ORGANISATION_KINDS = [
    "Community Trust",
    "Advice Centre",
    "Community Centre",
    "Housing Association",
    "Church",
    "Community Projects",
    "Wellbeing Hub",
    "Development Trust",
    "Citizens Advice Bureau",
    "Carers Centre",
    "Food Network",
    "Men's Shed",
    "Recovery Network",
    "Youth and Family",
    "Community Garden",
    "Library",
]
AREAS = {
    "Govan": "G51",
    "Ibrox": "G51",
    "Cardonald": "G52",
    "Pollok": "G53",
    "Nitshill": "G53",
    "Castlemilk": "G45",
    "Parkhead": "G31",
    "Dennistoun": "G31",
    "Shettleston": "G32",
    "Easterhouse": "G34",
    "Springburn": "G21",
    "Possilpark": "G22",
    "Maryhill": "G20",
    "Partick": "G11",
    "Drumchapel": "G15",
    "Gorbals": "G5",
    "Govanhill": "G42",
    "Pollokshields": "G41",
    "Bridgeton": "G40",
    "Calton": "G40",
    "Toryglen": "G42",
    "Rutherglen": "G73",
    "Cambuslang": "G72",
    "Clydebank": "G81",
    "Paisley": "PA1",
    "Ferguslie": "PA3",
    "Renfrew": "PA4",
    "Greenock": "PA15",
    "Gourock": "PA19",
    "Port Glasgow": "PA16",
    "City Centre": "G1",
    "Anderston": "G3",
    "Townhead": "G4",
}
STREETS = [
    "Main Street",
    "High Street",
    "Church Street",
    "Station Road",
    "Victoria Road",
    "Paisley Road",
    "Shettleston Road",
    "Langlands Road",
    "Burleigh Street",
    "Duke Street",
    "Gallowgate",
    "Springburn Way",
    "Crown Street",
    "Dumbarton Road",
]
LANGUAGES = [
    ("Polish", "pl"),
    ("Urdu", "ur"),
    ("Arabic", "ar"),
    ("Romanian", "ro"),
    ("Punjabi", "pa"),
    ("Farsi", "fa"),
    ("Mandarin", "zh"),
]
DAY_PATTERNS = [
    ["TU"],
    ["MO", "WE"],
    ["TH"],
    ["MO", "TU", "WE", "TH", "FR"],
    ["FR"],
    ["WE"],
    ["SA"],
    ["TU", "TH"],
]
HOURS = [(10, 12), (13, 15), (9, 17), (18, 20), (11, 14), (10, 16)]
UNMET = [
    ("legal_immigration", "none_exists", "G51"),
    ("trauma", "wait_too_long", "G53"),
    ("housing", "full", "G45"),
    ("mental_wellbeing", "wait_too_long", "G51"),
    ("transport", "not_accessible", "G34"),
    ("relationships", "cost", "G31"),
    ("digital", "none_exists", "PA15"),
    ("bereavement", "full", "G51"),
    ("alcohol_drugs", "not_eligible", "G45"),
    ("carers", "not_accessible", "G53"),
    ("social_isolation", "none_exists", "G52"),
    ("debt", "wait_too_long", "G31"),
]
