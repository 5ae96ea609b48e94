"""Search across every meeting's items and bilag titles: SQLite FTS5, or PostgreSQL full-text search in Danish.

The `search_index` table and its triggers come from migration 0002 (an FTS5 table on SQLite; on PostgreSQL a
table with a weighted tsvector, title A and text B): rowid = 2*id for an item and 2*id+1 for a bilag, so a hit
maps back to its row without a join on text. What differs per engine is the match, the rank and the snippet
(`_ENGINES`); both mark the words found with [ and ].
"""

from __future__ import annotations

import re

from kkrdesk.store import Store, sql_date

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_HITS = 200
# SQLite ranks at most the newest RANK_WINDOW matches: bm25 reads every matching row, and a first letter typed
# matches most of a ten-year store. A word that narrows the search to fewer matches ranks all of them.
RANK_WINDOW = 1000


_HIT = """
        SELECT s.kind, CAST(s.ref_id AS INTEGER) AS ref_id, {snippet} AS snip,
               COALESCE(i.id, bi.id) AS item_id, m.id AS meeting_id, m.date, COALESCE(b.short_name, b.name),
               COALESCE(i.number, bi.number), COALESCE(bl.title, i.title),
               COALESCE(i.public, bi.public AND bl.public), bi.number, b.name
        FROM search_index s {extra}
        LEFT JOIN agenda_item i ON s.kind = 'item' AND i.id = s.ref_id
        LEFT JOIN bilag bl ON s.kind = 'bilag' AND bl.id = s.ref_id
        LEFT JOIN agenda_item bi ON bi.id = bl.item_id
        JOIN meeting m ON m.id = COALESCE(i.meeting_id, bi.meeting_id)
        JOIN body b ON b.id = m.body_id
        WHERE {match}
        ORDER BY {rank}, m.date DESC
        LIMIT :limit
"""


# SQLite: the index is ranked and cut to the LIMIT in one FTS5 query, which makes the snippets for those rows
# only (kind and id come from the rowid, so no other column of the index is read per match); the joins then
# touch at most `limit` rows. A one-letter prefix matches most of a ten-year store: ordering the joined rows
# instead (the shared _HIT) makes a snippet for every match. The date breaks ties among the ranked rows as
# before; rows tied in rank exactly at the cut are taken in index order. (Not MATERIALIZED: as a co-routine
# SQLite makes the snippets after the sort, for the kept rows only.)
_SQLITE_HIT = """
    WITH ranked AS (
        SELECT rowid AS rid, bm25(search_index, 0, 0, 5.0, 1.0) AS rank, {snippet} AS snip
        FROM search_index
        WHERE search_index MATCH :q AND rowid >= :cut
        ORDER BY rank
        LIMIT :limit
    ), hits AS (
        SELECT rid, rank, snip, CASE rid % 2 WHEN 0 THEN 'item' ELSE 'bilag' END AS kind, rid / 2 AS ref_id
        FROM ranked
    )
    SELECT h.kind, h.ref_id, h.snip,
           COALESCE(i.id, bi.id) AS item_id, m.id AS meeting_id, m.date, COALESCE(b.short_name, b.name),
           COALESCE(i.number, bi.number), COALESCE(bl.title, i.title),
           COALESCE(i.public, bi.public AND bl.public), bi.number, b.name
    FROM hits h
    LEFT JOIN agenda_item i ON h.kind = 'item' AND i.id = h.ref_id
    LEFT JOIN bilag bl ON h.kind = 'bilag' AND bl.id = h.ref_id
    LEFT JOIN agenda_item bi ON bi.id = bl.item_id
    JOIN meeting m ON m.id = COALESCE(i.meeting_id, bi.meeting_id)
    JOIN body b ON b.id = m.body_id
    ORDER BY h.rank, m.date DESC
"""


_SQLITE_SNIPPET = "snippet(search_index, -1, '[', ']', ' … ', 10)"
_SQLITE_ONE_SNIPPET = f"SELECT {_SQLITE_SNIPPET} FROM search_index WHERE search_index MATCH :q AND rowid = :rid"


def _sqlite_match(words: list[str]) -> str:
    return " AND ".join(f'"{w}"*' for w in words)


def _sqlite(words: list[str], query, snippets: bool) -> tuple[str, dict]:
    """Each word must occur as a prefix: "sundhed reform" → "sundhed"* AND "reform"*. Quoting every word keeps
    FTS5 syntax (AND, NEAR, "-", ":") from being read out of user input. The cut is the rowid of the
    RANK_WINDOW'th newest match (FTS5 walks rowids in order and stops there; prefix indexes from migration 0006
    make a one-letter prefix cheap)."""
    q = _sqlite_match(words)
    cut = query("SELECT rowid FROM search_index WHERE search_index MATCH :q ORDER BY rowid DESC "
                "LIMIT 1 OFFSET :skip", q=q, skip=RANK_WINDOW - 1)
    return _SQLITE_HIT.format(snippet=_SQLITE_SNIPPET if snippets else "NULL"), {"q": q, "cut": cut[0][0] if cut else 0}


_PG_SNIPPET = ("ts_headline('danish', concat_ws(' ', s.title, s.body), q.q, "
               "'StartSel=[, StopSel=], MaxWords=12, MinWords=4, MaxFragments=1, FragmentDelimiter=\" … \"')")


def _pg_query(words: list[str]) -> tuple[str, dict]:
    """Every word as a Danish prefix ('sundhed':*), each passed as a parameter and quoted by the server, so no
    tsquery syntax (& | ! : *) is ever read out of user input."""
    query = " && ".join(f"to_tsquery('danish', quote_literal(:w{n}) || ':*')" for n in range(len(words)))
    return f"CROSS JOIN (SELECT {query} AS q) AS q", {f"w{n}": w.lower() for n, w in enumerate(words)}


def _postgresql(words: list[str], _query, snippets: bool) -> tuple[str, dict]:
    """Ranked by ts_rank on the weighted tsvector."""
    extra, params = _pg_query(words)
    sql = _HIT.format(snippet=_PG_SNIPPET if snippets else "NULL", extra=extra, match="s.tsv @@ q.q",
                      rank="ts_rank(s.tsv, q.q) DESC")
    return sql, params


_ENGINES = {"sqlite": _sqlite, "postgresql": _postgresql}


def search(store: Store, user_text: str, *, limit: int = MAX_HITS, snippets: bool = True) -> list[dict]:
    """Hits best first: {"kind": "item"|"bilag", "id", "item_id", "meeting_id", "date", "body", "body_name",
    "number", "title", "public", "snippet"}; body is the short name, body_name the one users read.
    snippets=False leaves "snippet" None (the window asks `snippet` for the one hit a user points at): making
    them is half the query's time."""
    words = _WORD.findall(user_text or "")
    if not words:
        return []
    # Plain SQL (Store.rows): the window's first search may come before its engine is made.
    sql, params = _ENGINES[store.dialect](words, store.rows, snippets)
    rows = store.rows(sql, **params, limit=limit)
    return [
        {"kind": kind, "id": ref_id, "item_id": item_id, "meeting_id": meeting_id,
         "date": sql_date(date), "body": body,
         "body_name": body_name, "number": number, "title": title, "public": bool(public), "snippet": snip}
        for kind, ref_id, snip, item_id, meeting_id, date, body, number, title, public, _, body_name in rows
    ]


def snippet(store: Store, user_text: str, kind: str, ref_id: int) -> str | None:
    """The words around what `user_text` found in one hit, marked with [ and ] as in `search`."""
    words = _WORD.findall(user_text or "")
    if not words:
        return None
    rid = 2 * ref_id + (kind == "bilag")  # the index's rowid (module docstring)
    if store.dialect == "sqlite":
        rows = store.rows(_SQLITE_ONE_SNIPPET, q=_sqlite_match(words), rid=rid)
    else:
        extra, params = _pg_query(words)
        rows = store.rows(f"SELECT {_PG_SNIPPET} FROM search_index s {extra} WHERE s.rowid = :rid AND s.tsv @@ q.q",
                          **params, rid=rid)
    return rows[0][0] if rows else None
