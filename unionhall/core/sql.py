"""SQL statements written once per database, for the small queries every page runs.

For the smallest and most frequent queries (the organisation and roles of every page, the
bell's count, the member filter's departments) building the query through the ORM took longer
than the database took to run it. A `Statement` is written by a function of one database's
quoting (`Quoting`), once per database alias, so two databases of different vendors never
share one; it runs on the database the router chooses for its model.
"""

from collections.abc import Callable

from django.db import connections, router


class Quoting:
    """Names as one database's backend quotes them."""

    def __init__(self, alias: str):
        self._quote = connections[alias].ops.quote_name

    def __call__(self, name: str) -> str:
        return self._quote(name)

    def table(self, model) -> str:
        return self._quote(model._meta.db_table)

    def column(self, model, field: str) -> str:
        return self._quote(model._meta.get_field(field).column)


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

    def rows(self, params) -> list[tuple]:
        alias = self.alias()
        with connections[alias].cursor() as cursor:
            cursor.execute(self.sql(alias), params)
            return cursor.fetchall()
