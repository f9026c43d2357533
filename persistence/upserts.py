"""Idempotent bulk writes: ``INSERT … ON CONFLICT (natural key) DO UPDATE``.

Re-reading data is harmless by design (the lookback window re-fetches 30 days every
run, pages may repeat items), so every write is an upsert on the row's natural key.
SQLModel has no upsert; the statement comes from SQLAlchemy's SQLite or PostgreSQL
``insert()`` construct, picked by the connection's dialect, so both backends run the
same logic. A row identical to the stored one is not rewritten (the ``WHERE … IS
DISTINCT FROM`` clause), which keeps re-syncs from churning the WAL.

Speed matters (a sync writes hundreds of thousands of daily rows), and SQLAlchemy's
per-row work in ``Connection.execute(stmt, rows)`` costs about as much as SQLite's
own. So the dialect-specific statement is compiled once per (dialect, table,
columns, key) and run with the driver's ``executemany`` through
``Connection.exec_driver_sql`` (events, error wrapping and the transaction are still
SQLAlchemy's); values go through the columns' own bind processors, so dates and UTC
datetimes are stored exactly as an ORM or Core insert would store them. Each
execution binds one row (at most a few dozen parameters, far below SQLite's 32,766
limit), and rows are handed to the driver in chunks so memory stays flat.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.engine.default import DefaultDialect
from sqlmodel import SQLModel

from persistence.tables import table_of

#: Rows per ``executemany`` call.
CHUNK_ROWS = 5_000


@dataclass(frozen=True, slots=True)
class _Statement:
    sql: str
    #: Picks one row's values from its mapping, in placeholder order, as a tuple.
    values: Callable[[Mapping[str, Any]], tuple[Any, ...]]
    #: (placeholder index, bind processor) for the columns whose type converts values.
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]


def upsert(
    conn: Connection,
    table: sa.Table | type[SQLModel],
    rows: Sequence[Mapping[str, Any]],
    key_columns: Sequence[str] | None = None,
) -> int:
    """Insert ``rows`` into ``table``, updating rows whose key already exists.

    Every row must have the same columns (those of the first row); columns left out
    keep their stored value on update and their default on insert. ``key_columns``
    defaults to the table's primary key and must match a primary key or unique
    constraint. Within one call a later row with the same key wins.

    Returns the number of rows inserted or changed (rows equal to what is stored
    are skipped and not counted). Raises ``ValueError`` for an unknown column or a
    row whose columns differ from the first row's.
    """
    if not rows:
        return 0
    tbl = table if isinstance(table, sa.Table) else table_of(table)
    columns = tuple(rows[0])
    keys = tuple(key_columns) if key_columns else tuple(c.name for c in tbl.primary_key)
    statement = _statement(conn.dialect, tbl, columns, keys)
    processors = tuple((i, _memoized(process)) for i, process in statement.processors)
    written = 0
    for start in range(0, len(rows), CHUNK_ROWS):
        params = _parameters(rows, start, columns, statement.values, processors)
        written += conn.exec_driver_sql(statement.sql, params).rowcount
    return written


def _parameters(
    rows: Sequence[Mapping[str, Any]],
    start: int,
    columns: tuple[str, ...],
    pick: Callable[[Mapping[str, Any]], tuple[Any, ...]],
    processors: tuple[tuple[int, Callable[[Any], Any]], ...],
) -> list[tuple[Any, ...]]:
    """One chunk of rows as the driver's positional parameter tuples."""
    width = len(columns)
    out: list[tuple[Any, ...]] = []
    for index in range(start, min(start + CHUNK_ROWS, len(rows))):
        row = rows[index]
        try:
            values = pick(row)
        except KeyError as exc:
            raise ValueError(f"row {index} has no {exc.args[0]!r} (row 0 has {columns})") from None
        if len(row) != width:
            raise ValueError(f"row {index} has columns {tuple(row)}; row 0 has {columns}")
        if processors:
            converted = list(values)
            for i, process in processors:
                converted[i] = process(converted[i])
            values = tuple(converted)
        out.append(values)
    return out


@lru_cache(maxsize=256)
def _statement(
    dialect: Dialect, table: sa.Table, columns: tuple[str, ...], keys: tuple[str, ...]
) -> _Statement:
    unknown = [name for name in (*columns, *keys) if name not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column(s) {', '.join(unknown)}")
    missing_keys = [name for name in keys if name not in columns]
    if missing_keys:
        raise ValueError(f"rows for {table.name} lack key column(s) {', '.join(missing_keys)}")
    names = tuple(f"p{i}" for i in range(len(columns)))
    values = {
        name: sa.bindparam(bind, type_=table.c[name].type)
        for name, bind in zip(columns, names, strict=True)
    }
    insert = sqlite.insert if dialect.name == "sqlite" else postgresql.insert
    stmt = insert(table).values(values)
    updated = [name for name in columns if name not in keys]
    index_elements = [table.c[name] for name in keys]
    if updated:
        stmt = stmt.on_conflict_do_update(
            index_elements=index_elements,
            set_={name: stmt.excluded[name] for name in updated},
            where=sa.or_(
                *(table.c[name].is_distinct_from(stmt.excluded[name]) for name in updated)
            ),
        )
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=index_elements)
    compiled = stmt.compile(dialect=_positional(dialect))
    # SQLAlchemy adds columns with a Python-side default (SQLModel's ``= 0``) that the
    # rows leave out as extra parameters, which its execution context would fill in;
    # the driver-level call must supply them itself.
    order = [
        columns[names.index(bind)] if bind in names else bind for bind in compiled.positiontup or []
    ]
    defaults = {name: _scalar_default(table, name) for name in order if name not in columns}
    processors = []
    for i, name in enumerate(order):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            processors.append((i, process))
    return _Statement(
        sql=str(compiled), values=_picker(order, defaults), processors=tuple(processors)
    )


def _scalar_default(table: sa.Table, name: str) -> Any:
    default = table.c[name].default
    if not isinstance(default, sa.ColumnDefault) or not default.is_scalar:
        raise ValueError(f"{table.name}.{name} has a computed default; give it a value")
    return default.arg


def _memoized(process: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``process`` with its results remembered for the duration of one ``upsert``.

    A batch repeats few distinct dates and timestamps (a year of days, one
    ``synced_at``), and SQLAlchemy's SQLite date processor costs more per call than
    SQLite's insert; remembering turns it into a dict lookup. Unhashable values are
    simply processed.
    """
    seen: dict[Any, Any] = {}

    def run(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            result = seen[value] = process(value)
            return result
        except TypeError:
            return process(value)

    return run


def _positional(dialect: Dialect) -> Dialect:
    """A positional twin of ``dialect`` to compile with.

    psycopg's ``executemany`` takes tuples for ``%s`` noticeably faster than dicts for
    ``%(name)s`` (SQLAlchemy's psycopg default); SQLite's ``?`` is positional already.
    """
    if dialect.positional:
        return dialect
    dialect_class = cast("type[DefaultDialect]", type(dialect))
    return dialect_class(paramstyle="format")


def _picker(
    order: list[str], defaults: dict[str, Any]
) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    if defaults:
        return lambda row: tuple(defaults[n] if n in defaults else row[n] for n in order)
    if len(order) == 1:
        (name,) = order
        return lambda row: (row[name],)
    # itemgetter builds the tuple in C: the cheapest way from a mapping to parameters.
    return operator.itemgetter(*order)
