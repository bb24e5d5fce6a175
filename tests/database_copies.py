"""Copies of the test database, taken once and put back in a fraction of a second.

Seeding the demo province takes about twenty seconds; the tests that read it used to pay that
each. The session seeds it once, keeps a copy, and each such test starts from that copy:
SQLite copies pages between connections with its backup API, PostgreSQL clones a database from
a template. Both replace the whole database, so what one test writes never reaches another.
"""

import sqlite3

from django.db import connection, connections


class SqliteCopies:
    def __init__(self):
        self.copies: dict[str, sqlite3.Connection] = {}

    def save(self, name: str) -> None:
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        self.copies[name] = copy

    def restore(self, name: str) -> None:
        connection.ensure_connection()
        self.copies[name].backup(connection.connection)

    def has(self, name: str) -> bool:
        return name in self.copies

    def drop_all(self) -> None:
        for copy in self.copies.values():
            copy.close()
        self.copies.clear()


class PostgresCopies:
    """Template databases beside the test database (``test_lms`` -> ``test_lms__demo``)."""

    def __init__(self):
        self.database = connection.settings_dict["NAME"]
        self.names: set[str] = set()

    def _admin(self, *statements: str) -> None:
        # Every connection to the test database must be gone before it is cloned or dropped,
        # including the live server thread's.
        connections.close_all()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.database],
            )
            for statement in statements:
                cursor.execute(statement)

    def _copy_name(self, name: str) -> str:
        return f"{self.database}__{name}"

    def save(self, name: str) -> None:
        copy = self._copy_name(name)
        self._admin(
            f'DROP DATABASE IF EXISTS "{copy}"',
            f'CREATE DATABASE "{copy}" TEMPLATE "{self.database}"',
        )
        self.names.add(copy)

    def has(self, name: str) -> bool:
        return self._copy_name(name) in self.names

    def restore(self, name: str) -> None:
        self._admin(
            f'DROP DATABASE "{self.database}"',
            f'CREATE DATABASE "{self.database}" TEMPLATE "{self._copy_name(name)}"',
        )

    def drop_all(self) -> None:
        self._admin(*(f'DROP DATABASE IF EXISTS "{copy}"' for copy in sorted(self.names)))
        self.names.clear()


def database_copies():
    if connection.vendor == "sqlite":
        return SqliteCopies()
    if connection.vendor == "postgresql":
        return PostgresCopies()
    raise NotImplementedError(f"no fast database copies for {connection.vendor}")
