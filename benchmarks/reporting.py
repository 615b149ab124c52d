# ruff: noqa: S608 (every statement is built from this script's own constants)
"""The programme summary at national scale on PostgreSQL, beside raw SQL and DuckDB.

    .venv/bin/python benchmarks/reporting.py                       # 2,000,000 referrals
    .venv/bin/python benchmarks/reporting.py --referrals 100000 --runs 3 --keep
    .venv/bin/python benchmarks/reporting.py --reuse --no-rebuild --no-live --no-reference

A fresh PostgreSQL database (`lw_report_bench`, dropped and created again; dropped at the end
unless --keep) is migrated with `linkwork migrate`, then seeded straight into the real tables
with set-based SQL (INSERT … SELECT over generate_series): 31 HSCPs, 155 clusters, 1,000
practices, a provider per HSCP, a link worker per practice, 2,000,000 referrals over the 5
years 2021-2025 (80% accepted, 9% declined, half of those as not appropriate, 3%
duplicates, the rest waiting), one to three reasons each, a case per accepted referral (85%
engaged: attended sessions, some did-not-attends), onward links with their steps, unmet
needs, and SWEMWBS baselines and exits with their seven items (about 60% of leavers
paired). History and audit tables are left empty; foreign keys are not checked while
seeding (session_replication_role = replica), and the secondary indexes are built after.

Then it builds the reporting facts (decision 64) from the seeded records, set-based, as
`linkwork report rebuild` does, and times it. In-process through the same Django code
`linkwork report summary` runs, it times `summary()` (read from the facts) and
`live_summary()` (the same keys counted from the records by definitions.py; --no-live
leaves it out) for the whole country, one HSCP and one practice over the last year (and
the whole country over the 5 years with --all-years), the median of --runs after one
warm-up; and a practice's dashboard page, /reports/?practice=1 over 2025, fetched whole
through the test client as its HSCP's commissioner. As a reference on the same data it
builds one denormalised table (a row per referral with what the summary needs) and times
the same aggregation over it in raw SQL on PostgreSQL and in DuckDB (from a CSV under
/tmp, loaded into memory before timing; --no-reference leaves it out). The reference
attributes a case's links and unmet needs to its referral's date, where linkwork dates
each by its own: the same amount of work, not the same figures.

Only 127.0.0.1 is contacted. The machine may be shared: the load average is printed.

Measured on 5 December 2026, on this 2-core machine shared with other sessions (load
average 2-4), 2,000,000 referrals (seeding 134 s: 1.6 million people and cases, 5.1 million
sessions, 3.4 million reasons, 1 million links, 2.2 million SWEMWBS responses; the facts
rebuilt in 106 s), median of 3 after a warm-up, over 2025 unless said:

    scope                      facts ms   live ms  raw SQL ms  DuckDB ms   target
    country                         828    12,244       1,484        277    2,000
    country, 2021-2025            2,583    41,990       3,090        689
    one HSCP                        449     2,063       1,080         90      500
    one practice                     33        85       1,015         54      300
    practice dashboard page          99                                      300

(raw SQL and DuckDB scan the whole denormalised table for an HSCP or a practice: it has no
index; the page still counts from the records). Without the index on case facts' closed_on
alone, dropped after this run, an HSCP took 246-301 ms and the country 725-762 ms. Decision
64 has the earlier figures (24,420 ms for the country before the facts).
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "linkwork-bench"
DATABASE = "lw_report_bench"
BASE = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
HSCPS, CLUSTERS_PER_HSCP, PRACTICES, SERVICES = 31, 5, 1000, 400
FIRST_DAY, LAST_DAY = date(2021, 1, 1), date(2025, 12, 31)
LAST_YEAR = (date(2025, 1, 1), LAST_DAY)
TARGETS_MS = {"country": 2000, "hscp": 500, "practice": 300}
NEEDS = [
    "money_benefits",
    "debt",
    "housing",
    "food",
    "fuel",
    "employment",
    "learning_skills",
    "digital",
    "social_isolation",
    "mental_wellbeing",
    "bereavement",
    "relationships",
    "parenting",
    "carers",
    "physical_activity",
    "healthy_eating",
    "long_term_condition",
    "alcohol_drugs",
    "abuse_safety",
    "trauma",
    "legal_immigration",
    "transport",
    "other",
]
CLOSURES = (  # (code, weight) for engaged cases; one who never came "did_not_engage"
    ("goals_met", 45),
    ("linked_self_managing", 25),
    ("declined", 6),
    ("moved_away", 5),
    ("referred_elsewhere", 10),
    ("died", 1),
    ("other", 8),
)
MODES = ("in_practice", "phone", "video", "home_visit", "community_venue", "group")
ROLES = ("gp", "practice_nurse", "pharmacist", "receptionist", "self", "external_organisation")


def sql_array(values) -> str:
    return "(ARRAY[" + ",".join(f"'{v}'" for v in values) + "])"


def pick(weighted, draw: str) -> str:
    """A CASE choosing a code by weight from a uniform draw in [0, 1)."""
    total, edge, whens = sum(w for _, w in weighted), 0, []
    for code, weight in weighted[:-1]:
        edge += weight
        whens.append(f"WHEN {draw} < {edge / total} THEN '{code}'")
    return f"CASE {' '.join(whens)} ELSE '{weighted[-1][0]}' END"


# --- Database ---------------------------------------------------------------------------


def connect(database: str = DATABASE, **kwargs):
    import psycopg

    return psycopg.connect(f"{BASE}/{database}", **kwargs)


def create_database() -> None:
    with connect("postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def drop_database() -> None:
    with connect("postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{BASE}/{DATABASE}",
        DEBUG="0",
        SECRET_KEY="benchmark-only-" + "r" * 40,
        LINKWORK_DATA_DIR=str(WORK),
        DJANGO_SETTINGS_MODULE="linkwork.config.settings",
        LINKWORK_DEMO="1",  # the page is fetched signed in, without a second step
        SECURE_SSL_REDIRECT="0",  # and over plain HTTP
        PYTHONPATH=str(ROOT / "src"),
    )
    return env


def migrate() -> None:
    linkwork = Path(sys.executable).with_name("linkwork")
    subprocess.run(  # noqa: S603 (fixed argument list)
        [str(linkwork), "migrate", "-v", "0"], env=environment(), check=True
    )


# --- Seeding ----------------------------------------------------------------------------

BIG_TABLES = (
    "casework_person",
    "referrals_referral",
    "referrals_referralreason",
    "casework_case",
    "casework_session",
    "directory_link",
    "directory_linkevent",
    "directory_unmetneed",
    "outcomes_questionnaireresponse",
)


SEEDED_TABLES = (
    "organisations_hscp",
    "organisations_cluster",
    "organisations_provider",
    "organisations_practice",
    "accounts_user",
    "organisations_linkworker",
    "directory_organisation",
    "directory_service",
    *BIG_TABLES,
)


def seed(referrals: int) -> None:
    """Every row in set-based SQL, secondary indexes dropped first and built after."""
    people = int(referrals * 0.8)
    days = (LAST_DAY - FIRST_DAY).days + 1
    with connect() as connection:
        connection.execute("SET session_replication_role = replica")  # no FK triggers
        connection.execute("SELECT setseed(0.42)")
        indexes = connection.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = ANY(%s) AND NOT"
            " EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            [list(BIG_TABLES)],
        ).fetchall()
        for name, _ in indexes:
            connection.execute(f'DROP INDEX "{name}"')
        for label, statement in seeding_statements(referrals, people, days):
            started = time.perf_counter()
            rows = connection.execute(statement).rowcount
            print(f"  {label:<28} {rows:>10,} rows {time.perf_counter() - started:7.1f} s")
        started = time.perf_counter()
        for _, definition in indexes:
            connection.execute(definition)
        for table in SEEDED_TABLES:
            connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )
        print(f"  {'indexes':<28} {len(indexes):>10,} built {time.perf_counter() - started:6.1f} s")
    with connect(autocommit=True) as connection:
        started = time.perf_counter()
        connection.execute("VACUUM ANALYZE")
        print(f"  {'vacuum analyze':<28} {'':>10} {time.perf_counter() - started:12.1f} s")


def seeding_statements(referrals: int, people: int, days: int) -> list[tuple[str, str]]:
    clusters = HSCPS * CLUSTERS_PER_HSCP
    now = "TIMESTAMPTZ '2026-01-05 09:00+00'"
    zone = "'Europe/London'"
    metric = ", ".join(f"({raw}, {m})" for raw, m in swemwbs_metric().items())
    return [
        (
            "hscps, clusters, practices",
            f"""
            WITH h AS (
                INSERT INTO organisations_hscp (id, name, code)
                SELECT i, 'HSCP ' || i, 'S370000' || lpad(i::text, 2, '0')
                FROM generate_series(1, {HSCPS}) i RETURNING id
            ), c AS (
                INSERT INTO organisations_cluster (id, name, hscp_id)
                SELECT i, 'Cluster ' || i, 1 + (i - 1) % {HSCPS}
                FROM generate_series(1, {clusters}) i RETURNING id
            ), p AS (
                INSERT INTO organisations_provider (id, name, hscp_id)
                SELECT i, 'Provider ' || i, i FROM generate_series(1, {HSCPS}) i RETURNING id
            )
            INSERT INTO organisations_practice (id, name, code, list_size, postcode, cluster_id)
            SELECT i, 'Practice ' || i, lpad(i::text, 5, '0'), 3000 + i % 9000,
                   'G' || (1 + i % 80) || ' 1AA', 1 + (i - 1) % {clusters}
            FROM generate_series(1, {PRACTICES}) i
            """,
        ),
        (
            "link workers",
            f"""
            WITH u AS (
                INSERT INTO accounts_user (id, password, is_superuser, username, first_name,
                    last_name, email, is_staff, is_active, date_joined, is_demo)
                SELECT i, '!', false, 'bench-worker-' || i, 'Worker', 'No ' || i, '', false,
                       true, {now}, false
                FROM generate_series(1, {PRACTICES}) i RETURNING id
            )
            INSERT INTO organisations_linkworker (id, theme, capacity, user_id, provider_id,
                work_phone)
            SELECT i, '', 40, i, c.hscp_id, ''
            FROM generate_series(1, {PRACTICES}) i
            JOIN organisations_practice p ON p.id = i
            JOIN organisations_cluster c ON c.id = p.cluster_id
            """,
        ),
        (
            "directory services",
            f"""
            WITH o AS (
                INSERT INTO directory_organisation (id, name, description, email, website,
                    alternate_name, charity_number, legal_status, logo, source_ref, uri, uuid,
                    hscp_id)
                SELECT i, 'Organisation ' || i, '', '', '', '', '', '', '', '', '',
                       gen_random_uuid(), 1 + i % {HSCPS}
                FROM generate_series(1, {SERVICES}) i RETURNING id
            )
            INSERT INTO directory_service (id, uuid, source_ref, name, alternate_name,
                description, url, email, status, interpretation_services,
                application_process, fees_description, wait_time, accreditations, alert,
                assurer_email, eligibility_description, eligible_gender, is_public,
                capacity_status, capacity_note, capacity_set_by_organisation, how_to_refer,
                referral_email, referral_phone, in_person, by_phone, online, last_modified,
                days_open, is_free, organisation_id, version)
            SELECT i, gen_random_uuid(), '', 'Service ' || i, '', '', '', '', 'active', '',
                   '', '', '', '', '', '', '', '', true, 'open', '', false, '{{}}'::jsonb, '',
                   '', true, false, false, {now}, 31, true, i, 1
            FROM generate_series(1, {SERVICES}) i
            """,
        ),
        (
            "plan (one row a referral)",
            f"""
            CREATE UNLOGGED TABLE bench_plan AS
            SELECT r AS id, 1 + (r - 1) % {people} AS person_id, received_on, status,
                   decline_reason, engaged, attended, dna, r1, r2, r3,
                   CASE WHEN status = 'accepted' AND received_on + 20 + attended * 14
                             < DATE '{LAST_DAY}' - (30 * r1)::int THEN received_on + 20
                             + attended * 14 + (r2 * 30)::int END AS closed_on
            FROM (
                SELECT r, DATE '{FIRST_DAY}' + (random() * {days - 1})::int AS received_on,
                       random() AS r1, random() AS r2, random() AS r3,
                       random() AS s, random() AS e
                FROM generate_series(1, {referrals}) r
            ) d,
            LATERAL (SELECT
                CASE WHEN s < 0.80 THEN 'accepted' WHEN s < 0.89 THEN 'declined'
                     WHEN s < 0.92 THEN 'duplicate' ELSE 'new' END AS status,
                CASE WHEN s >= 0.80 AND s < 0.845 THEN
                         (ARRAY['not_eligible', 'needs_clinical_service', 'outside_area',
                                'no_consent'])[1 + (r % 4)]
                     WHEN s >= 0.845 AND s < 0.89 THEN 'could_not_contact'
                     ELSE '' END AS decline_reason,
                e < 0.85 AS engaged,
                CASE WHEN e < 0.85 THEN 1 + (r % 6) ELSE 0 END AS attended,
                CASE WHEN e >= 0.85 OR e < 0.13 THEN 1 ELSE 0 END AS dna
            ) k
            """,
        ),
        (
            "people",
            f"""
            INSERT INTO casework_person (id, version, given_name, family_name, date_of_birth,
                sex, chi, postcode, ethnicity, preferred_language, interpreter_needed, phone,
                email, preferred_contact, safe_to_leave_message, safe_times_to_call,
                created_at, practice_id, address, hscp_id, referral_consent,
                may_share_contact_details, may_share_safety_flags)
            SELECT i, 1, 'Person', 'No ' || i,
                   DATE '1940-01-01' + ((i::bigint * 7919) % 25000)::int,
                   (ARRAY['female', 'male', 'female', 'not_known'])[1 + i % 4], NULL,
                   'G' || (1 + i % 80) || ' 1AA', '', '', false, '', '', '', false, '',
                   {now}, pr.id, '', c.hscp_id, 'ask', true, true
            FROM generate_series(1, {people}) i
            JOIN organisations_practice pr ON pr.id = 1 + (i * 7) % {PRACTICES}
            JOIN organisations_cluster c ON c.id = pr.cluster_id
            """,
        ),
        (
            "cases",
            f"""
            INSERT INTO casework_case (id, version, status, opened_on, closed_on,
                closure_reason, closure_note, complexity, link_worker_id, practice_id,
                person_id, practice_summary, shares_with_practice, not_engaged_reason,
                holding_reason, holding_with)
            SELECT b.id, 1, CASE WHEN closed_on IS NULL THEN 'open' ELSE 'closed' END,
                   received_on + 3, closed_on,
                   CASE WHEN closed_on IS NULL THEN ''
                        WHEN NOT engaged THEN 'did_not_engage'
                        ELSE {pick(CLOSURES, "r3")} END,
                   '', (ARRAY['low', 'mid', 'high'])[1 + b.id % 3], p.practice_id,
                   p.practice_id, b.person_id, '', true, '', '', ''
            FROM bench_plan b JOIN casework_person p ON p.id = b.person_id
            WHERE status = 'accepted'
            """,
        ),
        (
            "referrals",
            f"""
            INSERT INTO referrals_referral (id, version, route, referrer_role, referrer_name,
                referrer_organisation, reason_detail, what_matters, urgency,
                consent_to_referral, safety_detail, received_on, status, decided_at,
                decline_reason, feedback_to_referrer, simd_decile, simd_quintile,
                simd_datazone, simd_version, created_at, case_id, person_id, practice_id,
                submitted_details, legacy_ref, contact_via_practice, practice_contact_name)
            SELECT b.id, 1, 'linkwork_form', {sql_array(ROLES)}[1 + b.id % {len(ROLES)}],
                   '', '', '', '', 'routine', true, '', received_on, status,
                   CASE WHEN status IN ('accepted', 'declined')
                        THEN (received_on + 2)::timestamp AT TIME ZONE {zone} END,
                   decline_reason, '', 1 + b.id % 10, 1 + b.id % 5, '', '',
                   received_on::timestamp AT TIME ZONE {zone},
                   CASE WHEN status = 'accepted' THEN b.id END, b.person_id, p.practice_id,
                   '{{}}'::jsonb, '', false, ''
            FROM bench_plan b JOIN casework_person p ON p.id = b.person_id
            """,
        ),
        (
            "reasons",
            f"""
            INSERT INTO referrals_referralreason (referral_id, need)
            SELECT b.id, {sql_array(NEEDS)}[1 + (b.id * 13 + j * 7) % {len(NEEDS)}]
            FROM bench_plan b,
                 generate_series(0, (r2 < 0.5)::int + (r3 < 0.2)::int) j
            """,
        ),
        (
            "sessions",
            f"""
            INSERT INTO casework_session (version, starts_at, mode, duration_minutes, outcome,
                note, case_id)
            SELECT 1, (received_on + 7 + (r1 * 20)::int + 14 * k + 10 * dna + TIME '10:00')
                       AT TIME ZONE {zone},
                   {sql_array(MODES)}[1 + (b.id + k) % {len(MODES)}],
                   CASE WHEN k >= 0 THEN 30 + 15 * ((b.id + k) % 4) END,
                   CASE WHEN k < 0 THEN 'did_not_attend' ELSE 'attended' END, '', b.id
            FROM bench_plan b,
                 generate_series(-dna, attended - 1) k
            WHERE status = 'accepted' AND (k < 0 OR received_on + 7 + 14 * k
                  <= coalesce(closed_on, DATE '{LAST_DAY}'))
            """,
        ),
        (
            "links",
            f"""
            INSERT INTO directory_link (id, need, status, consent_to_share,
                shares_contact_details, shares_reason, shares_safety_flags, reason,
                shared_name, shared_phone, shared_email, shared_contact_preferences,
                shared_safety_flags, decline_reason, created_at, sent_at, updated_at, case_id,
                organisation_id, service_id, withdrawn_because, support_type,
                follow_up_answer)
            SELECT b.id, {sql_array(NEEDS)}[1 + (b.id * 13) % {len(NEEDS)}],
                   CASE WHEN r1 < 0.3 THEN 'signposted' WHEN r2 < 0.5 THEN 'first_attended'
                        WHEN r2 < 0.65 THEN 'accepted' WHEN r2 < 0.8 THEN 'declined'
                        ELSE 'sent' END,
                   true, true, true, false, '', '', '', '', '', '[]'::jsonb,
                   CASE WHEN r1 >= 0.3 AND r2 >= 0.65 AND r2 < 0.8 THEN
                        CASE WHEN r3 < 0.5 THEN 'no_capacity' ELSE 'other' END ELSE '' END,
                   t, CASE WHEN r1 >= 0.3 THEN t END, t, b.id, s.id, s.id, '', '', ''
            FROM bench_plan b
            JOIN directory_service s ON s.id = 1 + b.id % {SERVICES},
            LATERAL (SELECT (received_on + 22 + TIME '11:00') AT TIME ZONE {zone}
                     AS t) w
            WHERE b.status = 'accepted' AND engaged AND r3 < 0.75
            """,
        ),
        (
            "link steps",
            """
            INSERT INTO directory_linkevent (status, at, by_organisation, route, reason, note,
                link_id, follow_up)
            SELECT e.status, l.created_at + e.later, e.by_organisation, '', '', '', l.id, ''
            FROM directory_link l,
            LATERAL (VALUES
                (CASE WHEN l.status = 'signposted' THEN 'signposted' ELSE 'sent' END,
                 INTERVAL '0', false, true),
                ('accepted', INTERVAL '3 days', true,
                 l.status IN ('accepted', 'first_attended')),
                ('first_attended', INTERVAL '10 days', true, l.status = 'first_attended'),
                ('declined', INTERVAL '3 days', true, l.status = 'declined')
            ) e (status, later, by_organisation, happened)
            WHERE e.happened
            """,
        ),
        (
            "unmet needs",
            f"""
            INSERT INTO directory_unmetneed (need, reason, area, note, search, recorded_at,
                case_id, hscp_id, provider_id)
            SELECT {sql_array(NEEDS)}[1 + (b.id * 5) % {len(NEEDS)}], 'none_exists',
                   'G' || (1 + b.id % 80), '', '{{}}'::jsonb,
                   (received_on + 25 + TIME '12:00') AT TIME ZONE {zone}, b.id,
                   c.hscp_id, c.hscp_id
            FROM bench_plan b
            JOIN casework_person p ON p.id = b.person_id
            JOIN organisations_practice pr ON pr.id = p.practice_id
            JOIN organisations_cluster c ON c.id = pr.cluster_id
            WHERE status = 'accepted' AND engaged AND r1 < 0.06
            """,
        ),
        (
            "swemwbs (baseline and exit)",
            f"""
            INSERT INTO outcomes_questionnaireresponse (version, instrument, timepoint,
                completed_on, method, answers, status, raw_score, metric_score, scores,
                recorded_at, case_id)
            SELECT 1, 'swemwbs', q.timepoint, q.completed_on, 'worker', to_jsonb(q.items),
                   'complete', q.raw, m.metric,
                   jsonb_build_object('instrument', 'swemwbs', 'raw', q.raw, 'metric',
                       m.metric, 'complete', true, 'missing_items', '[]'::jsonb),
                   (q.completed_on + TIME '10:30') AT TIME ZONE {zone}, q.case_id
            FROM (
                SELECT b.id AS case_id, t.timepoint, t.completed_on, t.items,
                       (SELECT sum(x) FROM unnest(t.items) x)::int AS raw
                FROM bench_plan b,
                LATERAL (VALUES
                    ('baseline', received_on + 7,
                     ARRAY[1 + b.id % 4, 2 + b.id % 3, 1 + b.id % 5, 2 + (b.id / 3) % 3,
                           1 + (b.id / 5) % 4, 2 + (b.id / 7) % 2, 1 + (b.id / 11) % 5],
                     r2 < 0.8),
                    ('exit', closed_on,
                     ARRAY[least(5, 2 + b.id % 4), 2 + b.id % 4, least(5, 1 + b.id % 5 + 1),
                           2 + (b.id / 3) % 4, 1 + (b.id / 5) % 5, 2 + (b.id / 7) % 3,
                           1 + (b.id / 11) % 5],
                     r2 < 0.8 AND closed_on IS NOT NULL AND engaged AND r3 < 0.88)
                ) t (timepoint, completed_on, items, happened)
                WHERE status = 'accepted' AND t.happened
            ) q
            JOIN (VALUES {metric}) m (raw, metric) ON m.raw = q.raw
            """,
        ),
        ("drop plan", "DROP TABLE bench_plan"),
    ]


def swemwbs_metric() -> dict[int, object]:
    from linkwork.outcomes.scoring import SWEMWBS_METRIC

    return SWEMWBS_METRIC


# --- Timing through linkwork ------------------------------------------------------------


def median_ms(run, runs: int) -> float:
    run()  # warm-up: caches, the query planner's statistics, Python's imports
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def setup_django() -> None:
    os.environ.update(environment())
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


ALL_YEARS = [False]  # --all-years: the whole country over the 5 years as well


def scopes() -> list[tuple[str, str, tuple[date, date], dict]]:
    """(label, target key, period, area as {field: id}) for each timed scope."""
    every_year = [("country, 2021-2025", "country", (FIRST_DAY, LAST_DAY), {})]
    return [
        ("country, 2025", "country", LAST_YEAR, {}),
        *(every_year if ALL_YEARS[0] else []),
        ("one HSCP, 2025", "hscp", LAST_YEAR, {"hscp": 1}),
        ("one practice, 2025", "practice", LAST_YEAR, {"practice": 1}),
    ]


def build_facts() -> float:
    """The reporting facts built from the seeded records, set-based (`report rebuild`)."""
    from linkwork.reporting import facts

    started = time.perf_counter()
    built = facts.rebuild()
    seconds = time.perf_counter() - started
    rows = ", ".join(f"{n:,} {table}" for table, n in built.items())
    print(f"  reporting facts rebuilt in {seconds:.1f} s ({rows})")
    started = time.perf_counter()
    with connect(autocommit=True) as connection:  # as autovacuum would, soon after
        connection.execute(
            "VACUUM ANALYZE reporting_referralfacts, reporting_casefacts, reporting_linkfacts"
        )
    print(f"  {'vacuum analyze':<28} {'':>10} {time.perf_counter() - started:12.1f} s")
    return seconds


LIVE = [True]  # --no-live: leave out the live definitions (minutes at 2,000,000)


def linkwork_timings(runs: int) -> tuple[dict[str, float], dict[str, float], float]:
    """The summary per scope from the facts and (unless --no-live) from the records, and
    a practice's dashboard page."""
    from linkwork.organisations.models import HSCP, Practice
    from linkwork.reporting.definitions import Area, Period
    from linkwork.reporting.summary import live_summary, summary

    models = {"hscp": HSCP, "practice": Practice}
    on_facts, live = {}, {}
    for label, _, (start, end), area in scopes():
        chosen = Area(**{k: models[k].objects.get(pk=v) for k, v in area.items()})
        period = Period(start, end)
        on_facts[label] = median_ms(lambda p=period, a=chosen: summary(p, a), runs)
        print(f"  summary() on facts, {label:<22} {on_facts[label]:9.0f} ms")
        if LIVE[0]:
            live[label] = median_ms(lambda p=period, a=chosen: live_summary(p, a), runs)
            print(f"  summary() live,     {label:<22} {live[label]:9.0f} ms")
    page = median_ms(practice_dashboard_page(), runs)
    print(f"  practice dashboard page {PRACTICE_PAGE} {page:.0f} ms")
    return on_facts, live, page


PRACTICE_PAGE = "/reports/?practice=1&date_from=2025-01-01&date_to=2025-12-31"


def practice_dashboard_page():
    """GET the programme dashboard of practice 1 over 2025 as its HSCP's commissioner,
    in-process through the test client (no network, no server), the whole page rendered."""
    from django.core.management import call_command
    from django.test import Client

    from linkwork.accounts.models import User
    from linkwork.accounts.roles import Role
    from linkwork.accounts.services import assign_role
    from linkwork.organisations.models import Practice

    call_command("collectstatic", interactive=False, verbosity=0)  # as production serves them
    user, made = User.objects.get_or_create(username="bench-commissioner")
    if made:
        assign_role(user=user, role=Role.COMMISSIONER, hscp=Practice.objects.get(pk=1).cluster.hscp)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def get():
        response = client.get(PRACTICE_PAGE)
        assert response.status_code == 200, response.status_code

    return get


# --- Reference: one denormalised table, raw SQL and DuckDB ------------------------------

REFERENCE = """
CREATE TABLE bench_reference AS
SELECT r.id, r.received_on, c.hscp_id, p.cluster_id, r.practice_id, r.person_id,
       r.status <> 'duplicate' AND NOT (r.status = 'declined' AND r.decline_reason IN
           ('not_eligible', 'needs_clinical_service', 'outside_area', 'no_consent'))
           AS counted,
       r.status = 'accepted' AS accepted,
       EXISTS (SELECT 1 FROM casework_session s WHERE s.case_id = r.case_id
               AND s.outcome = 'attended'
               AND (s.starts_at AT TIME ZONE 'Europe/London')::date >= r.received_on)
           AS engaged,
       (SELECT min((s.starts_at AT TIME ZONE 'Europe/London')::date)
        FROM casework_session s WHERE s.case_id = r.case_id
        AND s.outcome IN ('attended', 'did_not_attend')
        AND (s.starts_at AT TIME ZONE 'Europe/London')::date >= r.received_on)
           - r.received_on AS days_to_contact,
       (SELECT string_agg(need, ';') FROM referrals_referralreason x
        WHERE x.referral_id = r.id) AS reasons,
       CASE WHEN k.status = 'closed' THEN k.closed_on END AS closed_on,
       CASE WHEN k.status = 'closed' THEN k.closure_reason ELSE '' END AS closure_reason,
       (SELECT metric_score FROM outcomes_questionnaireresponse q WHERE q.case_id = k.id
        AND q.instrument = 'swemwbs' AND q.timepoint = 'baseline' AND q.status = 'complete'
        ORDER BY completed_on, id LIMIT 1) AS baseline,
       (SELECT metric_score FROM outcomes_questionnaireresponse q WHERE q.case_id = k.id
        AND q.instrument = 'swemwbs' AND q.timepoint = 'exit' AND q.status = 'complete'
        ORDER BY completed_on DESC, id DESC LIMIT 1) AS exit,
       (SELECT string_agg(need, ';') FROM directory_link l WHERE l.case_id = k.id
        AND (l.sent_at IS NOT NULL OR l.status = 'signposted')) AS links,
       (SELECT string_agg(need, ';') FROM directory_unmetneed u WHERE u.case_id = k.id)
           AS unmet
FROM referrals_referral r
JOIN organisations_practice p ON p.id = r.practice_id
JOIN organisations_cluster c ON c.id = p.cluster_id
LEFT JOIN casework_case k ON k.id = r.case_id
"""


def reference_queries(split: str, where: str) -> list[str]:
    """The summary's aggregation over the denormalised table; `split` names the engine's
    string-to-list function, `where` the area ("" for everywhere)."""
    received = f"received_on BETWEEN %(start)s AND %(end)s {where}"
    closed = f"closed_on BETWEEN %(start)s AND %(end)s {where}"
    paired = "baseline IS NOT NULL AND exit IS NOT NULL"

    def breakdown(column: str) -> str:
        return (
            f"SELECT code, count(*) FROM (SELECT unnest({split}({column}, ';')) AS code"
            f" FROM bench_reference WHERE counted AND {received}) s WHERE code <> ''"
            " GROUP BY code"
        )

    return [
        f"""SELECT count(*) FILTER (WHERE counted),
                   count(DISTINCT person_id) FILTER (WHERE counted),
                   count(*) FILTER (WHERE counted AND accepted AND engaged),
                   count(*) FILTER (WHERE counted AND accepted),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_contact)
                       FILTER (WHERE counted AND accepted)
            FROM bench_reference WHERE {received}""",
        f"""SELECT count(*), count(*) FILTER (WHERE {paired}),
                   avg(exit - baseline) FILTER (WHERE {paired}),
                   count(*) FILTER (WHERE {paired} AND exit > baseline)
            FROM bench_reference WHERE {closed}""",
        f"""SELECT closure_reason, count(*) FROM bench_reference WHERE {closed}
            AND closure_reason <> '' GROUP BY closure_reason""",
        breakdown("reasons"),
        breakdown("links"),
        breakdown("unmet"),
    ]


def area_condition(area: dict) -> str:
    return "".join(f" AND {field}_id = {value}" for field, value in area.items())


def reference_timings(runs: int) -> tuple[dict[str, float], dict[str, float]]:
    import duckdb

    csv_path = WORK / "reporting-reference.csv"
    WORK.mkdir(parents=True, exist_ok=True)
    # As linkwork's own connections are set (config/settings.py): no JIT compilation.
    with connect(autocommit=True, options="-c jit=off") as connection:
        started = time.perf_counter()
        connection.execute("DROP TABLE IF EXISTS bench_reference")
        connection.execute(REFERENCE)
        connection.execute("VACUUM ANALYZE bench_reference")
        print(f"  denormalised table built in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        columns = "id, received_on, hscp_id, cluster_id, practice_id, person_id"
        booleans = "counted::text, accepted::text, engaged::text"
        rest = "days_to_contact, reasons, closed_on, closure_reason, baseline, exit, links, unmet"
        with (
            csv_path.open("wb") as out,
            connection.cursor().copy(
                f"COPY (SELECT {columns}, {booleans}, {rest} FROM bench_reference)"
                " TO STDOUT WITH (FORMAT csv, HEADER)"
            ) as copy,
        ):
            for block in copy:
                out.write(block)
        print(f"  exported to {csv_path} in {time.perf_counter() - started:.1f} s")
        raw = {}
        for label, _, (start, end), area in scopes():
            queries = reference_queries("string_to_array", area_condition(area))
            params = {"start": start, "end": end}

            def run(queries=queries, params=params):
                for query in queries:
                    connection.execute(query, params).fetchall()

            raw[label] = median_ms(run, runs)
    duck = duckdb.connect()
    started = time.perf_counter()
    duck.execute(
        "CREATE TABLE bench_reference AS SELECT * FROM read_csv(?, header = true,"
        " types = {'baseline': 'DECIMAL(5,2)', 'exit': 'DECIMAL(5,2)', 'reasons': 'VARCHAR',"
        " 'links': 'VARCHAR', 'unmet': 'VARCHAR', 'closure_reason': 'VARCHAR'})",
        [str(csv_path)],
    )
    print(f"  loaded into DuckDB in {time.perf_counter() - started:.1f} s")
    in_duck = {}
    for label, _, (start, end), area in scopes():
        queries = [
            q.replace("%(start)s", f"DATE '{start}'").replace("%(end)s", f"DATE '{end}'")
            for q in reference_queries("string_split", area_condition(area))
        ]
        in_duck[label] = median_ms(
            lambda qs=queries: [duck.execute(q).fetchall() for q in qs], runs
        )
    csv_path.unlink()
    return raw, in_duck


# --- Main -------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=5, help="timed runs after a warm-up")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="time a database kept by --keep, without seeding"
    )
    parser.add_argument(
        "--all-years", action="store_true", help="time the country over the 5 years too"
    )
    parser.add_argument(
        "--no-live", action="store_true", help="time the facts only, not the live definitions"
    )
    parser.add_argument(
        "--no-rebuild", action="store_true", help="with --reuse: time the facts kept as they are"
    )
    parser.add_argument(
        "--no-reference", action="store_true", help="leave out the raw SQL and DuckDB reference"
    )
    args = parser.parse_args()
    ALL_YEARS[0] = args.all_years
    LIVE[0] = not args.no_live
    sys.path.insert(0, str(ROOT / "src"))
    try:
        if not args.reuse:
            started = time.perf_counter()
            create_database()
            migrate()
            print(f"Migrated in {time.perf_counter() - started:.1f} s; seeding:")
            started = time.perf_counter()
            seed(args.referrals)
            print(f"Seeded {args.referrals:,} referrals in {time.perf_counter() - started:.1f} s")
        setup_django()
        rebuild_seconds = None
        if not args.no_rebuild:
            print("Building the reporting facts:")
            rebuild_seconds = build_facts()
        print(f"Timing linkwork (median of {args.runs} after a warm-up):")
        ours, live, page = linkwork_timings(args.runs)
        raw, duck = {}, {}
        if not args.no_reference:
            print("Timing the reference:")
            raw, duck = reference_timings(args.runs)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database()
    print()
    print(
        f"{'scope':<24} {'facts ms':>9} {'live ms':>9} {'raw SQL ms':>11} {'DuckDB ms':>10}"
        f" {'target':>8}"
    )
    for label, target, _, _ in scopes():
        from_records = f"{live[label]:>9.0f}" if label in live else f"{'':>9}"
        reference = f"{raw.get(label, 0):>11.0f} {duck.get(label, 0):>10.1f}" if raw else " " * 22
        print(
            f"{label:<24} {ours[label]:>9.0f} {from_records} {reference} {TARGETS_MS[target]:>6} ms"
        )
    print(f"{'practice dashboard page':<24} {page:>9.0f} {'':>9} {'':>11} {'':>10} {300:>6} ms")
    if rebuild_seconds is not None:
        print(f"Reporting facts rebuilt in {rebuild_seconds:.1f} s.")
    print(f"Load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
