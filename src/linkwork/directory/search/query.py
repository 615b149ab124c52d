"""A directory search as the worker asks it, and what it found."""

from dataclasses import asdict, dataclass, field

from linkwork.places.geocoding import Located

DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
DEFAULT_RADIUS_KM = 5.0
# A distance asked for with no place to measure it from (page and API).
DISTANCE_WITHOUT_PLACE = (
    "A distance needs a place to measure from: enter a postcode (or a district like G51) "
    "to search near, or choose any distance"
)


@dataclass
class Query:
    text: str = ""
    need: str = ""
    postcode: str = ""  # a full postcode or a district; or the person's home postcode
    radius_km: float | None = DEFAULT_RADIUS_KM
    day: str = ""  # MO ... SU
    free_only: bool = False
    age: int | None = None
    gender: str = ""  # "women" or "men": services open to them
    include_full: bool = False  # full and paused services are hidden unless asked for
    language: str = ""
    format: str = ""  # in_person, phone or online
    public_only: bool = False  # the open ORUK API shows only services marked public

    def describe(self) -> dict:
        """The search as plain values, for an unmet need's evidence (no personal data:
        a postcode is cut to its district by the caller)."""
        return {key: value for key, value in asdict(self).items() if value not in ("", None)}


@dataclass
class Hit:
    service: object
    relevance: float
    distance_km: float | None
    location: object | None = None


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    origin: Located | None = None
    unknown_postcode: bool = False
    full_hidden: int = 0  # matching services hidden because they are full or paused

    @property
    def approximate(self) -> bool:
        return self.origin is not None and self.origin.approximate
