"""Loading postcode centroids from the published postcode directories (CSV), offline.

Two layouts are understood, told apart by their header (any case):
- NRS Scottish Postcode Directory (SmallUser.csv / LargeUser.csv): `Postcode`, `Latitude`,
  `Longitude`, and `DateOfDeletion` (a deleted postcode is skipped).
- ONS Postcode Directory (ONSPD) / National Statistics Postcode Lookup: `pcds` (or `pcd`,
  `pcd7`, `pcd8`), `lat`, `long`, and `doterm` (a terminated postcode is skipped). ONSPD
  marks a postcode with no grid reference as latitude 99.999999: those rows are rejected.
Both are published under the Open Government Licence v3.0.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone

from linkwork.core.postcodes import is_valid_postcode, normalise_postcode
from linkwork.places.geocoding import area_of, district_of
from linkwork.places.models import AreaCentroid, PostcodeCentroid
from linkwork.places.services import (
    BATCH_SIZE,
    HEADER_SEARCH_ROWS,
    LoadReport,
    RowOutcome,
    SimdFileError,
    _batches,
    _cell,
    _first,
    _tables,
    _text,
    _unreadable,
)

CENTROID_ATTRIBUTION = (
    "Contains National Records of Scotland and Office for National Statistics data "
    "© Crown copyright and database right, licensed under the Open Government Licence v3.0"
)
# Scotland and its neighbours, generously: a coordinate outside is a column mix-up.
LATITUDES, LONGITUDES = (49.0, 61.5), (-9.5, 2.5)


@dataclass(frozen=True)
class CentroidLayout:
    name: str
    postcode: tuple[str, ...]
    latitude: str
    longitude: str
    deleted: str

    def columns_in(self, header) -> dict[str, int] | None:
        positions = {_text(cell).lower(): i for i, cell in reversed(list(enumerate(header)))}
        wanted = {"latitude": (self.latitude,), "longitude": (self.longitude,)}
        found = {"postcode": next((positions[n] for n in self.postcode if n in positions), None)}
        found |= {key: positions.get(names[0]) for key, names in wanted.items()}
        if None in found.values():
            return None
        found["deleted"] = positions.get(self.deleted)
        return found


NRS_SPD = CentroidLayout(
    "NRS Scottish Postcode Directory", ("postcode",), "latitude", "longitude", "dateofdeletion"
)
ONSPD = CentroidLayout(
    "ONS Postcode Directory", ("pcds", "pcd", "pcd7", "pcd8"), "lat", "long", "doterm"
)
CENTROID_LAYOUTS = [NRS_SPD, ONSPD]


class CentroidFileError(SimdFileError):
    """The file as a whole cannot be loaded."""


def load_centroid_file(
    *, path: str | Path, source_name: str | None = None, synthetic: bool = False
) -> LoadReport:
    """Upsert every live postcode's centroid, then rebuild district and area centroids."""
    path = Path(path)
    report = LoadReport(source_name=source_name or path.name)
    loaded_at = timezone.now()
    try:
        with _tables(path) as tables, transaction.atomic():
            layout, columns, rows = _header(tables, path)
            report.layout = layout
            for batch in _batches(_parsed(rows, columns, report), BATCH_SIZE):
                _upsert(batch, report, loaded_at=loaded_at, synthetic=synthetic)
            rebuild_area_centroids()
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise CentroidFileError(_unreadable(path, error)) from error
    return report


def _header(tables, path: Path):
    for table in tables:
        rows = enumerate(table, start=1)
        for _number, cells in _first(rows, HEADER_SEARCH_ROWS):
            for layout in CENTROID_LAYOUTS:
                if (columns := layout.columns_in(cells)) is not None:
                    return layout, columns, rows
    expected = " or ".join(
        f"the {lay.name} ({'/'.join(lay.postcode)}, {lay.latitude}, {lay.longitude})"
        for lay in CENTROID_LAYOUTS
    )
    raise CentroidFileError(f"{path} has no header we recognise: expected {expected}.")


def _parsed(rows, columns, report: LoadReport):
    for number, cells in rows:
        if not any(_text(cell) for cell in cells):
            continue
        postcode = _cell(cells, columns["postcode"])
        if columns["deleted"] is not None and _cell(cells, columns["deleted"]):
            continue  # deleted or terminated: no longer anyone's address
        try:
            yield number, _row(postcode, cells, columns)
        except ValueError as rejection:
            report.rejected.append(RowOutcome(number, postcode, str(rejection)))


def _row(postcode: str, cells, columns) -> dict:
    normal = normalise_postcode(postcode)
    if not is_valid_postcode(normal):
        raise ValueError(f"postcode '{postcode}' is not a valid postcode")
    latitude = _coordinate(_cell(cells, columns["latitude"]), "latitude", LATITUDES)
    longitude = _coordinate(_cell(cells, columns["longitude"]), "longitude", LONGITUDES)
    district = district_of(normal)
    return {
        "postcode": normal,
        "district": district,
        "area": area_of(district),
        "latitude": latitude,
        "longitude": longitude,
    }


def _coordinate(text: str, what: str, bounds: tuple[float, float]) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} '{text}' is not a number") from None
    if not bounds[0] <= value <= bounds[1]:
        raise ValueError(f"{what} '{text}' is outside Great Britain (no grid reference?)")
    return value


def _upsert(batch, report: LoadReport, *, loaded_at, synthetic: bool) -> None:
    keys = [fields["postcode"] for _, fields in batch]
    existing = dict(PostcodeCentroid.objects.filter(pk__in=keys).values_list("pk", "is_synthetic"))
    rows = []
    for number, fields in batch:
        was_synthetic = existing.get(fields["postcode"])
        if synthetic and was_synthetic is False:
            reason = f"{fields['postcode']} already has a real centroid"
            report.rejected.append(RowOutcome(number, fields["postcode"], reason))
            continue
        outcomes = report.created if was_synthetic is None else report.updated
        outcomes.append(RowOutcome(number, fields["postcode"]))
        rows.append(
            PostcodeCentroid(
                **fields,
                source_name=report.source_name,
                loaded_at=loaded_at,
                is_synthetic=synthetic,
            )
        )
    PostcodeCentroid.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["postcode"],
        update_fields=["latitude", "longitude", "source_name", "loaded_at", "is_synthetic"],
    )


def rebuild_area_centroids() -> None:
    """District and area means, from every postcode centroid held."""
    AreaCentroid.objects.all().delete()
    rows = []
    for field, kind in (("district", AreaCentroid.Kind.DISTRICT), ("area", AreaCentroid.Kind.AREA)):
        means = PostcodeCentroid.objects.values(field).annotate(
            lat=Avg("latitude"), lng=Avg("longitude"), n=Count("pk")
        )
        rows += [
            AreaCentroid(
                code=m[field], kind=kind, latitude=m["lat"], longitude=m["lng"], postcodes=m["n"]
            )
            for m in means
        ]
    AreaCentroid.objects.bulk_create(rows)
