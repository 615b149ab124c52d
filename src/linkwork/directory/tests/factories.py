"""Directory records for tests, made through the same services as the pages use."""

import csv
from datetime import time

from django.utils import timezone

from linkwork.demo.places import SYNTHETIC_CENTROIDS, load_synthetic_centroids
from linkwork.directory import services
from linkwork.places.centroids import rebuild_area_centroids
from linkwork.places.geocoding import area_of
from linkwork.places.models import PostcodeCentroid

GOVAN = "G51 1EN"  # in the synthetic centroid table (demo/data)


def centroids(districts=("G51", "G45")):
    """Synthetic postcode centroids: of a few districts (fast), or all of them (None)."""
    if districts is None:
        load_synthetic_centroids()
        return
    now = timezone.now()
    with SYNTHETIC_CENTROIDS.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["PostcodeDistrict"] in districts]
    PostcodeCentroid.objects.bulk_create(
        PostcodeCentroid(
            postcode=row["Postcode"],
            district=row["PostcodeDistrict"],
            area=area_of(row["PostcodeDistrict"]),
            latitude=float(row["Latitude"]),
            longitude=float(row["Longitude"]),
            source_name="synthetic",
            loaded_at=now,
            is_synthetic=True,
        )
        for row in rows
    )
    rebuild_area_centroids()


def service(
    organisation,
    name="Govan walking group",
    *,
    needs=("physical_activity",),
    postcode=GOVAN,
    days=("TU",),
    by=None,
    **fields,
):
    return services.create_service(
        organisation=organisation,
        name=name,
        needs=needs,
        by=by,
        location=services.LocationDetails(
            address_1="1 Langlands Road", city="Glasgow", postcode=postcode, name=name
        )
        if postcode
        else None,
        hours=[services.WeeklyHours(days=list(days), opens_at=time(10), closes_at=time(12))],
        **fields,
    )
