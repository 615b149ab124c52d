"""Directory records for tests, made through the same services as the pages use."""

from datetime import time

from linkwork.directory import services
from linkwork.places.demo import load_synthetic_centroids

GOVAN = "G51 1EN"  # in the synthetic centroid table (places/data)


def centroids():
    load_synthetic_centroids()


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
