"""PostgreSQL for the test suite (config/test_settings.py): after a transactional test
(the browser tests), the tables are emptied with DELETE rather than TRUNCATE.

TRUNCATE gives every table and index new files, and there are hundreds: it took seconds
after each browser test, while the few dozen tables a test wrote to hold a few rows each.
Django makes foreign keys deferrable, so the DELETEs run in any order in the one
transaction Django empties the tables in. The audit table refuses DELETE to anyone
(audit/db_triggers.py) and is still emptied with TRUNCATE, which row triggers do not see.
"""

from django.db.backends.postgresql import base, operations

from linkwork.audit.db_triggers import TABLE as AUDIT_TABLE


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return super().sql_flush(
                style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        rows = [table for table in tables if table != AUDIT_TABLE]
        sql = ["SET CONSTRAINTS ALL DEFERRED;"]
        sql += [f"{style.SQL_KEYWORD('DELETE FROM')} {self.quote_name(t)};" for t in rows]
        if AUDIT_TABLE in tables:
            sql += super().sql_flush(style, [AUDIT_TABLE])
        return sql


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
