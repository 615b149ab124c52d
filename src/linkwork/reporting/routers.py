"""Reads of the reporting facts go to the `reports` database (a read replica) when
REPORTS_DATABASE_URL names one (decision 64); everything else, and every write, to default.
Reports never write, so a replica's lag delays figures by its seconds, never corrupts them;
a copy too far behind or unreachable is passed over for default (replica.py, decision 116)."""

from linkwork.reporting import replica

REPORTS = replica.REPORTS
FACTS_APP = "reporting"


class ReportsRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label == FACTS_APP:
            return replica.facts_database()
        return None  # default

    def db_for_write(self, model, **hints):
        return None  # default: the facts are built where the records are written

    def allow_relation(self, obj1, obj2, **hints):
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies default's tables: nothing is migrated on it directly.
        return False if db == REPORTS else None
