"""Postcode -> latitude and longitude, from tables in the database; never the network.

`locate` answers a full postcode from its own centroid; an unknown postcode falls back to
the mean centroid of its sector ("G51 3", the postcodes held that share it), then of its
district, then its area (a bare district like "G51" starts at the district), and says so,
so a search can mark its distances "approximate" and say where they are measured from.
"""

import math
import re
from dataclasses import dataclass

from django.db.models import Avg

from linkwork.core.postcodes import is_valid_postcode, normalise_postcode
from linkwork.places.models import AreaCentroid, PostcodeCentroid

EARTH_RADIUS_KM = 6371.0088
DISTRICT_PATTERN = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


class Precision:
    POSTCODE = "postcode"
    SECTOR = "sector"
    DISTRICT = "district"
    AREA = "area"


@dataclass(frozen=True)
class Located:
    latitude: float
    longitude: float
    precision: str
    label: str  # what was found: the postcode, sector, district or area

    @property
    def approximate(self) -> bool:
        return self.precision != Precision.POSTCODE


def district_of(postcode: str) -> str:
    """The outward code of a full postcode ("G51 3HR" -> "G51"), or of a bare district."""
    normal = normalise_postcode(postcode)
    outward = normal.split(" ")[0] if is_valid_postcode(normal) else normal
    return outward if DISTRICT_PATTERN.match(outward) else ""


def sector_of(postcode: str) -> str:
    """A full postcode's sector: the outward code and the inward code's digit ("G51 3")."""
    normal = normalise_postcode(postcode)
    return normal[:-2] if is_valid_postcode(normal) else ""


def area_of(district: str) -> str:
    return re.match(r"^[A-Z]*", district).group(0)


def looks_like_postcode(value: str) -> bool:
    """A full postcode, or a bare district such as G51."""
    return is_valid_postcode(value) or bool(district_of(value))


def locate(value: str) -> Located | None:
    """Where a postcode (or district) is, as precisely as the tables know; None if unknown."""
    normal = normalise_postcode(value)
    if is_valid_postcode(normal):
        row = PostcodeCentroid.objects.filter(pk=normal).first()
        if row is not None:
            return Located(row.latitude, row.longitude, Precision.POSTCODE, normal)
        sector = sector_of(normal)
        mean = PostcodeCentroid.objects.filter(postcode__startswith=f"{sector}").aggregate(
            lat=Avg("latitude"), lng=Avg("longitude")
        )  # the primary key's index answers the prefix; a sector holds a few hundred
        if mean["lat"] is not None:
            return Located(mean["lat"], mean["lng"], Precision.SECTOR, sector)
    district = district_of(normal)
    for code, precision in ((district, Precision.DISTRICT), (area_of(district), Precision.AREA)):
        if not code:
            continue
        found = AreaCentroid.objects.filter(pk=code).first()
        if found is not None:
            return Located(found.latitude, found.longitude, precision, code)
    return None


def distance_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle (haversine) distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(lat: float, lng: float, radius_km: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) enclosing a circle: the indexed prefilter before the
    exact distance. Generous near the poles; Scotland is far from them."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    dlng = math.degrees(radius_km / (EARTH_RADIUS_KM * max(math.cos(math.radians(lat)), 0.01)))
    return lat - dlat, lat + dlat, lng - dlng, lng + dlng
