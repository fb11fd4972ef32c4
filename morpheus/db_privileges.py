"""Database-level privileges the app role must not have.

PostgreSQL grants TEMPORARY on every database to PUBLIC. A temporary table is searched
before the schema a query names no schema for, so a role that can create one can shadow a
table that a function writes to. Nothing of ours uses temporary tables; only the owner
keeps the privilege (owners hold it implicitly).

Database-level privileges belong to the database, not to its contents: a copy made from a
template (as the test suite makes) starts with PostgreSQL's defaults and needs them again.
"""


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def revoke_temporary_sql(database: str) -> str:
    return f"REVOKE TEMPORARY ON DATABASE {_identifier(database)} FROM PUBLIC"


def grant_temporary_sql(database: str) -> str:
    return f"GRANT TEMPORARY ON DATABASE {_identifier(database)} TO PUBLIC"
