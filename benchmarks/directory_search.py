"""Directory search at national scale: seed N services, time typical searches.

    .venv/bin/python benchmarks/directory_search.py                  # SQLite, 50,000 services
    .venv/bin/python benchmarks/directory_search.py --database postgres --sizes 10000 50000 200000

Each size gets a fresh database (a file under /tmp for SQLite; `dirwt_bench` for
PostgreSQL, dropped and created again), is migrated, and is seeded in bulk with services
spread over Scotland's towns (denser in the cities), each with a location, a need, opening
days and indexed text. Then it times `--searches` typical worker searches through the same
`search()` the pages and API call, with words (one in eight misspelt), a need, a postcode,
a 5 km radius and a day open, and prints p50, p95 and p99 in milliseconds, beside two
references timed in the same run on the same connection: a bare `SELECT 1` round trip and
a plain lookup of one service by primary key (what the machine and database cost at all).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "linkwork-bench"
sys.path.insert(0, str(ROOT / "src"))

TOWNS = [  # (latitude, longitude, weight): Scotland's larger places, roughly
    (55.861, -4.251, 30),
    (55.953, -3.188, 25),
    (57.149, -2.094, 12),
    (56.462, -2.970, 10),
    (57.477, -4.225, 5),
    (56.117, -3.936, 4),
    (56.396, -3.437, 4),
    (55.458, -4.629, 4),
    (55.070, -3.605, 3),
    (55.846, -4.423, 5),
    (55.947, -4.765, 3),
    (55.777, -4.057, 4),
    (56.071, -3.452, 4),
    (55.611, -2.807, 2),
    (58.209, -6.386, 1),
    (56.415, -5.472, 1),
]
SEARCHES = [  # (words, need)
    ("walking group", "physical_activity"),
    ("walkng group", "physical_activity"),
    ("debt advice", "debt"),
    ("benefits help", "money_benefits"),
    ("benifits", "money_benefits"),
    ("food bank", "food"),
    ("befriending", "social_isolation"),
    ("lunch club older people", "social_isolation"),
    ("anxiety group", "mental_wellbeing"),
    ("carers support", "carers"),
    ("energy advice", "fuel"),
    ("esol english class", "learning_skills"),
    ("digital help", "digital"),
    ("housing advice", "housing"),
    ("bereavment", "bereavement"),
    ("recovery cafe", "alcohol_drugs"),
]
DAYS = ["MO", "TU", "WE", "TH", "FR"]
SYLLABLES = [
    "bal",
    "dun",
    "kirk",
    "inver",
    "ach",
    "glen",
    "strath",
    "bran",
    "loch",
    "mor",
    "car",
    "air",
    "ton",
    "ford",
    "side",
    "haugh",
    "law",
    "muir",
    "cross",
    "hill",
]


def configure(database: str, size: int) -> None:
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ["DEBUG"] = "0"
    os.environ["LINKWORK_DEMO"] = "1"  # the demo's catalogue names the services
    os.environ["LINKWORK_DATA_DIR"] = str(WORK)
    if database == "sqlite":
        path = WORK / f"directory-{size}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        base = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute("DROP DATABASE IF EXISTS dirwt_bench")
            connection.execute("CREATE DATABASE dirwt_bench")
        os.environ["DATABASE_URL"] = f"{base}/dirwt_bench"
    os.environ["DJANGO_SETTINGS_MODULE"] = "linkwork.config.settings"


def place(rng: random.Random) -> tuple[float, float]:
    lat, lng, _ = rng.choices(TOWNS, weights=[t[2] for t in TOWNS])[0]
    return lat + rng.gauss(0, 0.06), lng + rng.gauss(0, 0.1)


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randrange(2, 4)))


def _postcode(index: int) -> str:
    letters = "ABDEFGHJLN"[index % 10] + "PQRSTUWXYZ"[index // 10 % 10]
    return f"G{index % 90 + 1} {index % 9 + 1}{letters}"


def seed(size: int, rng: random.Random) -> None:
    from django.utils import timezone

    from linkwork.demo.catalogue import SERVICES
    from linkwork.directory import models as m
    from linkwork.directory.models import DAY_BITS
    from linkwork.directory.search.index import weights_for
    from linkwork.places.centroids import rebuild_area_centroids
    from linkwork.places.models import PostcodeCentroid

    today, batch = timezone.localdate(), 5000
    organisations = m.Organisation.objects.bulk_create(
        m.Organisation(name=f"{word(rng).title()} Community Trust") for _ in range(size // 3 + 1)
    )
    needs = list(SERVICES)
    for start in range(0, size, batch):
        count = min(batch, size - start)
        rows = []
        for _ in range(count):
            need = rng.choice(needs)
            name, description, *_ = rng.choice(SERVICES[need])
            organisation = rng.choice(organisations)
            days = rng.sample(list(DAY_BITS), rng.randrange(1, 4))
            service = m.Service(
                organisation=organisation,
                name=f"{word(rng).title()} {name.lower()}",
                description=f"{description} {word(rng)} {word(rng)}",
                last_verified_on=today,
                days_open=sum(DAY_BITS[d] for d in days),
                capacity_status=rng.choice(["open"] * 8 + ["waiting_list", "full"]),
            )
            rows.append((service, need, organisation.name))
        services = m.Service.objects.bulk_create([row[0] for row in rows])
        locations = m.Location.objects.bulk_create(
            m.Location(latitude=lat, longitude=lng, geocoded_from="source")
            for lat, lng in (place(rng) for _ in services)
        )
        m.ServiceAtLocation.objects.bulk_create(
            m.ServiceAtLocation(service=s, location=loc)
            for s, loc in zip(services, locations, strict=True)
        )
        m.ServiceNeed.objects.bulk_create(
            m.ServiceNeed(service=s, need=need)
            for s, (_, need, _) in zip(services, rows, strict=True)
        )
        m.SearchPlace.objects.bulk_create(
            m.SearchPlace(
                service=s,
                location_id=loc.pk,
                need=need,
                latitude=loc.latitude,
                longitude=loc.longitude,
                days_open=s.days_open,
            )
            for s, loc, (_, need, _) in zip(services, locations, rows, strict=True)
        )
        terms, vocabulary = [], set()
        for service, (_, need, organisation_name) in zip(services, rows, strict=True):
            categories = [organisation_name, need.replace("_", " ")]
            weights = weights_for(
                names=[service.name], categories=categories, body=[service.description]
            )
            vocabulary.update(weights)
            terms += [m.SearchTerm(service=service, term=t, weight=w) for t, w in weights.items()]
        m.SearchTerm.objects.bulk_create(terms, batch_size=batch)
        m.SearchWord.objects.bulk_create(
            (m.SearchWord(term=t) for t in vocabulary), ignore_conflicts=True
        )
    now = timezone.now()
    PostcodeCentroid.objects.bulk_create(
        PostcodeCentroid(
            postcode=_postcode(index),
            district=f"G{index % 90 + 1}",
            area="G",
            latitude=lat,
            longitude=lng,
            source_name="benchmark",
            loaded_at=now,
            is_synthetic=True,
        )
        for index, (lat, lng) in enumerate(place(rng) for _ in range(900))
    )
    rebuild_area_centroids()


def time_references(count: int, rng: random.Random, size: int) -> dict[str, list[float]]:
    """The floor under any search: a round trip, and one indexed row."""
    from django.db import connection

    from linkwork.directory.models import Service

    top = Service.objects.order_by("-pk").values_list("pk", flat=True).first()
    timings: dict[str, list[float]] = {"SELECT 1": [], "one service by id": []}
    for index in range(count + 20):
        with connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            elapsed = (time.perf_counter() - start) * 1000
        if index >= 20:
            timings["SELECT 1"].append(elapsed)
        pk = rng.randrange(max(1, top - size), top + 1)
        start = time.perf_counter()
        Service.objects.filter(pk=pk).values_list("name", flat=True).first()
        if index >= 20:
            timings["one service by id"].append((time.perf_counter() - start) * 1000)
    return timings


def percentiles(timings: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(timings, n=100)
    return cuts[49], cuts[94], cuts[98]


def time_searches(count: int, rng: random.Random) -> tuple[list[float], float]:
    from linkwork.directory.search.engine import search
    from linkwork.directory.search.query import Query
    from linkwork.places.models import PostcodeCentroid

    postcodes = list(PostcodeCentroid.objects.values_list("postcode", flat=True))
    queries = []
    for _ in range(count + 20):
        text, need = rng.choice(SEARCHES)
        queries.append(
            Query(
                text=text,
                need=need,
                postcode=rng.choice(postcodes),
                radius_km=5,
                day=rng.choice(DAYS),
            )
        )
    found = 0
    for query in queries[:20]:  # warm up: connection, caches, the vocabulary
        search(query)
    timings = []
    for query in queries[20:]:
        start = time.perf_counter()
        results = search(query)
        timings.append((time.perf_counter() - start) * 1000)
        found += results.total
    return timings, found / count


def run(database: str, size: int, searches: int) -> None:
    configure(database, size)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(size)  # noqa: S311 (synthetic data)
    started = time.perf_counter()
    seed(size, rng)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    seeded = time.perf_counter() - started
    timings, mean_found = time_searches(searches, rng)
    references = time_references(searches, rng, size)
    p50, p95, p99 = percentiles(timings)
    print(
        f"{database:<10} {size:>7} services  seeded in {seeded:6.1f} s  "
        f"{searches} searches (words + need + 5 km + day): "
        f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  p99 {p99:6.1f} ms  "
        f"(mean {statistics.mean(timings):5.1f} ms, {mean_found:.1f} results each)"
    )
    for name, reference in references.items():
        r50, r95, r99 = percentiles(reference)
        print(
            f"{'':<10} {'':>7}   reference, {name:<18} p50 {r50:6.2f} ms  p95 {r95:6.2f} ms  "
            f"p99 {r99:6.2f} ms"
        )
    print(f"{'':<10} {'':>7}   target p95 < 50 ms: {'met' if p95 < 50 else 'NOT MET'}")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000])
    parser.add_argument("--searches", type=int, default=1000)
    args = parser.parse_args()
    if len(args.sizes) > 1:  # Django sets up once per process: one process per size
        import subprocess

        for size in args.sizes:
            subprocess.run(  # noqa: S603 (this script, with our own arguments)
                [
                    sys.executable,
                    __file__,
                    "--database",
                    args.database,
                    "--sizes",
                    str(size),
                    "--searches",
                    str(args.searches),
                ],
                check=True,
            )
        return
    run(args.database, args.sizes[0], args.searches)


if __name__ == "__main__":
    main()
