"""The registry part of a store: records (one per linked thing) and mentions.

A record row only fixes the id of a (type, key); its attributes are merged
from its mentions when read (:mod:`scotrack.link`), so a new document can
change a record's status without rewriting anything.

Writing mentions is the hot path of a write, so it goes below SQLAlchemy's
row processing, in each backend's fastest form: driver-level executemany on
SQLite; one statement for the records and a COPY for the mentions on
PostgreSQL, where every statement is a round trip to the server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, select, text

from ..link import ID_PREFIX, DocInfo
from ..model import Flag, Found
from .schema import escape_nul, flags, mentions, records, unescape_nul

# Driver-level statements (qmark style, as sqlite3 takes them).
_UPSERT_RECORD_SQL = "INSERT INTO records(type, key, first_seen) VALUES (?, ?, ?) ON CONFLICT(type, key) DO NOTHING"
_INSERT_MENTION_SQL = ("INSERT INTO mentions(version_id, record_id, start, end_, text, attrs, mention, extractor) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
# PostgreSQL: the records of a version's mentions in one round trip — the
# ids of known keys, and new keys inserted numbered max(id) + 1, 2, … in
# order, as SQLite numbers them (a sequence would also count the keys that
# were already there, leaving gaps in the ids users see: m3, n20). Each key is
# looked up by a scalar subquery, which PostgreSQL always runs as an index
# probe; as a join it chose hash joins over the whole table on stale
# statistics while a store fills. No ON CONFLICT: writers hold the store's
# write lock, so nobody else adds records meanwhile. Mentions go in by COPY.
# Row-by-row statements cost a round trip each: 3x slower writes.
_PG_RECORD_IDS = (
    "WITH v AS (SELECT u.t, u.k, u.n, (SELECT r.id FROM records r WHERE r.type = u.t AND r.key = u.k) AS id "
    "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS u(t, k, n)), "
    "made AS (INSERT INTO records (id, type, key, first_seen) "
    "SELECT (SELECT coalesce(max(id), 0) FROM records) + row_number() OVER (ORDER BY v.n), v.t, v.k, %s "
    "FROM v WHERE v.id IS NULL RETURNING type, key, id) "
    "SELECT t, k, id FROM v WHERE id IS NOT NULL UNION ALL SELECT type, key, id FROM made"
)
_PG_COPY_MENTIONS = "COPY mentions (version_id, record_id, start, end_, text, attrs, mention, extractor) FROM STDIN"
_ID_CHUNK = 200  # (type, key) pairs per id lookup; well under SQLite's 999 parameters
_LATEST_VERSION_IDS = (
    "SELECT v.id FROM versions v WHERE v.version = "
    "(SELECT max(w.version) FROM versions w WHERE w.source_id = v.source_id)"
)


def _on_postgres(conn: Connection) -> bool:
    """PostgreSQL: driver-level text is NUL-escaped (see schema.FreeText)."""
    return conn.dialect.name == "postgresql"


def put_found(conn: Connection, version_id: int, found: Sequence[Found], now: str,
              known: dict[tuple[str, str], int] | None = None,
              learnt: dict[tuple[str, str], int] | None = None) -> None:
    """Store the mentions of one version, making records for new keys.

    ``known`` maps (type, key) to record ids committed earlier (a cache the
    store keeps: record rows are never deleted, so a committed id stays
    valid); ids found or made here go into ``learnt``, which the caller adds
    to ``known`` only once the transaction has committed. On SQLite new keys
    cost one executemany and one SELECT per ``_ID_CHUNK`` keys; the mentions
    one executemany at the driver level (JSON encoded here, not per row by the
    ORM layer). PostgreSQL: see :func:`_put_found_pg`."""
    if not found:
        return
    known = {} if known is None else known
    learnt = {} if learnt is None else learnt
    ids = {k: known.get(k) or learnt.get(k) for k in dict.fromkeys((f.type, f.key) for f in found)}
    missing = [k for k, v in ids.items() if v is None]
    if _on_postgres(conn):
        _put_found_pg(conn, version_id, found, now, ids, missing, learnt)
        return
    if missing:
        conn.exec_driver_sql(_UPSERT_RECORD_SQL, [(t, k, now) for t, k in missing])
        by_type: dict[str, list[str]] = {}
        for t, k in missing:
            by_type.setdefault(t, []).append(k)
        # one type at a time: "type = ? AND key IN (…)" walks the (type, key)
        # index; a row-value IN over both columns would scan the whole table
        for t, ks in by_type.items():
            for i in range(0, len(ks), _ID_CHUNK):
                rows = conn.execute(select(records.c.key, records.c.id).where(
                    records.c.type == t, records.c.key.in_(ks[i:i + _ID_CHUNK])))
                for k, rid in rows:
                    ids[(t, k)] = learnt[(t, k)] = int(rid)
    dumps = json.dumps
    conn.exec_driver_sql(_INSERT_MENTION_SQL, [
        (version_id, ids[(f.type, f.key)], f.start, f.end, f.text,
         dumps(f.attrs, ensure_ascii=False), dumps(f.mention, ensure_ascii=False), f.extractor)
        for f in found])


def _put_found_pg(conn: Connection, version_id: int, found: Sequence[Found], now: str,
                  ids: dict[tuple[str, str], int | None], missing: list[tuple[str, str]],
                  learnt: dict[tuple[str, str], int]) -> None:
    """:func:`put_found` on PostgreSQL: two round trips whatever the numbers."""
    if missing:
        types, keys = [t for t, _ in missing], [escape_nul(k) for _, k in missing]
        for t, k, rid in conn.exec_driver_sql(_PG_RECORD_IDS, (types, keys, now)):
            ids[(t, unescape_nul(k))] = learnt[(t, unescape_nul(k))] = int(rid)
    dumps = json.dumps
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor, cursor.copy(_PG_COPY_MENTIONS) as copy:
        for f in found:
            copy.write_row((version_id, ids[(f.type, f.key)], f.start, f.end, escape_nul(f.text),
                            dumps(f.attrs, ensure_ascii=False), dumps(f.mention, ensure_ascii=False), f.extractor))


def replace_found(conn: Connection, version_id: int, found: Sequence[Found], now: str) -> None:
    """Replace the mentions of one version (re-extraction)."""
    conn.execute(mentions.delete().where(mentions.c.version_id == version_id))
    put_found(conn, version_id, found, now)


def replace_checks(conn: Connection, version_id: int, checks: Sequence[Flag]) -> None:
    """Replace the flags that checking the extracted facts gave one version."""
    conn.execute(flags.delete().where(flags.c.version_id == version_id, flags.c.origin == "checked"))
    if checks:
        conn.execute(flags.insert(), [{"version_id": version_id, "origin": "checked", "kind": c.kind,
                                       "start": c.start, "end_": c.end, "detail": c.detail} for c in checks])


def linked(conn: Connection, chunk: int = 5000) -> Iterator[tuple[DocInfo, Found, str]]:
    """Every mention of every document's latest version, with the document's
    date and kind and the record's display id (``m3``), in document order.

    This is the dashboard's hot path (every mention of the store, ~46 per
    document), so rows come through the driver without SQLAlchemy's per-row
    type processing: JSON columns are decoded here (SQLite hands back text,
    psycopg already-decoded values), and one DocInfo is shared by all the
    mentions of a document.

    Most attribute objects repeat (the same meeting's attributes in every
    sentence that names it: one distinct ``attrs`` in five, one ``mention`` in
    twenty), so each distinct JSON text is decoded once and the mentions that
    carry it share the object — a third of the memory and of the decoding.
    Readers must treat ``attrs`` and ``mention`` of what this yields as
    read-only (none writes to them; extraction makes its own)."""
    cast = "::text" if _on_postgres(conn) else ""  # psycopg would decode JSON itself, a new object per row
    sql = (
        f"SELECT m.start, m.end_, m.text, m.attrs{cast}, m.mention{cast}, m.extractor, r.id, r.type, r.key, "
        "v.source_id, v.published, v.kind "
        "FROM mentions m JOIN records r ON r.id = m.record_id JOIN versions v ON v.id = m.version_id "
        f"WHERE v.id IN ({_LATEST_VERSION_IDS}) ORDER BY v.source_id, m.start, m.id"
    )
    decoded: dict[str | None, Any] = {}  # JSON text -> the one object decoded from it
    prefix = ID_PREFIX.get
    info: DocInfo | None = None
    nul_safe = _on_postgres(conn)  # then text and key come NUL-escaped
    # PostgreSQL: a server-side cursor, else psycopg holds every row in memory
    result = conn.exec_driver_sql(sql, execution_options={"stream_results": nul_safe}).yield_per(chunk)
    for start, end, text_, attrs, mention, extractor, rid, rtype, key, source_id, published, kind in result:
        if nul_safe:
            text_, key = unescape_nul(text_), unescape_nul(key)
        if info is None or info.ref != f"d{source_id}":
            info = DocInfo(f"d{source_id}", published, kind)
        a = decoded.get(attrs)
        if a is None:
            a = decoded[attrs] = (json.loads(attrs) if attrs else None) or {}
        m = decoded.get(mention)
        if m is None:
            m = decoded[mention] = (json.loads(mention) if mention else None) or {}
        yield info, Found(rtype, key, a, start, end, text_, m, extractor), f"{prefix(rtype, 'r')}{rid}"


def record_counts(conn: Connection) -> dict[str, int]:
    """Records that have a mention in some latest version, per type."""
    q = text(
        "SELECT r.type, count(DISTINCT r.id) FROM records r JOIN mentions m ON m.record_id = r.id "
        f"WHERE m.version_id IN ({_LATEST_VERSION_IDS}) GROUP BY r.type"
    )
    return {t: int(n) for t, n in conn.execute(q)}


def latest_version_ids(conn: Connection) -> list[tuple[int, int]]:
    """(document id, latest version id) for every document."""
    q = text(f"SELECT v.source_id, v.id FROM versions v WHERE v.id IN ({_LATEST_VERSION_IDS}) ORDER BY v.source_id")
    return [(int(a), int(b)) for a, b in conn.execute(q)]


__all__ = ["latest_version_ids", "linked", "put_found", "record_counts", "replace_checks", "replace_found"]
