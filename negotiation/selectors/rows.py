"""Model rows read by hand-written SQL, for the few reads on every page view where building the
query through the ORM costs more than running it: the columns of a model, and its instances
from a row with the ORM's own converters applied (dates and booleans on SQLite, ...), as a
queryset would give them."""
import re
import weakref

from django.db import DatabaseError, connection

_prepared_on = weakref.WeakKeyDictionary()  # database connection -> names of the statements it holds prepared


def execute_prepared(cursor, name: str, sql: str, params: list) -> None:
    """Run ``sql`` (its parameters written %s) on ``cursor``: on PostgreSQL, outside a
    transaction (as page views run), as a statement prepared once per connection under ``name``
    (planning a query of many sub-queries or joins can cost more than running it); else, and
    when the prepared statement was lost (a pooler that resets connections), as it is. Inside a
    transaction it runs as it is, so that no failure can abort the transaction."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        cursor.execute(sql, params)
        return
    raw = connection.connection
    held = _prepared_on.setdefault(raw, set())
    if name not in held:
        numbers = iter(range(1, len(params) + 1))
        try:
            cursor.execute(f"PREPARE {name} AS " + re.sub("%s", lambda _: f"${next(numbers)}", sql))
        except DatabaseError:  # prepared on this connection already
            pass
        held.add(name)
    try:
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}", params or None)
    except DatabaseError:  # lost: the plain query, and prepared again next time
        held.discard(name)
        cursor.execute(sql, params)


class ModelColumns:
    """The concrete columns of ``model`` under its table name, and instances from rows."""

    def __init__(self, model):
        q = connection.ops.quote_name
        self.model = model
        table = model._meta.db_table
        fields = model._meta.concrete_fields
        self.names = [f.attname for f in fields]
        self.sql = ", ".join(f"{q(table)}.{q(f.column)}" for f in fields)
        self.converters = []
        for i, field in enumerate(fields):
            col = field.get_col(table)
            funcs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if funcs:
                self.converters.append((i, funcs, col))

    def __len__(self) -> int:
        return len(self.names)

    def instance(self, values):
        """An instance from this model's columns of a row (a sequence as long as the model's columns)."""
        if self.converters:
            values = list(values)
            for i, funcs, col in self.converters:
                for func in funcs:
                    values[i] = func(values[i], col, connection)
        return self.model.from_db(connection.alias, self.names, values)
