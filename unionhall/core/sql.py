"""SQL statements written once per database, for the small queries every page runs.

For the smallest and most frequent queries (the organisation and roles of every page, the
bell's count, the member filter's departments) building the query through the ORM took longer
than the database took to run it. A `Statement` is written by a function of one database's
quoting (`Quoting`), once per database alias, so two databases of different vendors never
share one; it runs on the database the router chooses for its model.

The member list's page is one statement per shape of its filters (which are set, and the sort:
`members.selectors.member_page`); its search compares as the ORM's `contains` and `startswith`
do on each database (`Quoting.like`, `Statement.pattern`), and a test checks that it reads what
the ORM's query reads.
"""

from collections.abc import Callable

from django.db import connections, router

# The parameter of each pattern lookup, as Django's `Contains` and `StartsWith` write it.
LIKE_PATTERNS = {"contains": "%%%s%%", "startswith": "%s%%"}


class Quoting:
    """Names as one database's backend quotes them."""

    def __init__(self, alias: str):
        self._connection = connections[alias]
        self._quote = self._connection.ops.quote_name

    def table(self, model) -> str:
        return self._quote(model._meta.db_table)

    def column(self, model, field: str) -> str:
        return self._quote(model._meta.get_field(field).column)

    def like(self, column: str, model, field: str, lookup: str) -> str:
        """`column` compared with one parameter as the ORM writes `field__<lookup>` (`contains`
        or `startswith`) for this database: its cast and operator (SQLite's escape clause). The
        parameter is the pattern `Statement.pattern` makes."""
        internal_type = model._meta.get_field(field).get_internal_type()
        lhs = self._connection.ops.lookup_cast(lookup, internal_type) % column
        return f"{lhs} {self._connection.operators[lookup] % '%s'}"


class Statement:
    """`write(Quoting) -> SQL`, written the first time each database runs it."""

    def __init__(self, model, write: Callable[[Quoting], str]):
        self.model = model
        self._write = write
        self._written: dict[str, str] = {}

    def alias(self) -> str:
        """The database the router reads `model` from."""
        return router.db_for_read(self.model)

    def sql(self, alias: str) -> str:
        written = self._written.get(alias)
        if written is None:
            written = self._written[alias] = self._write(Quoting(alias))
        return written

    def pattern(self, lookup: str, value: str) -> str:
        """The parameter of `Quoting.like` for `value`: its wildcards escaped, as the ORM's."""
        value = connections[self.alias()].ops.prep_for_like_query(value)
        return LIKE_PATTERNS[lookup] % value

    def rows(self, params) -> list[tuple]:
        alias = self.alias()
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql(alias), params)
            return cursor.fetchall()
