"""Search across every meeting's items and bilag titles with SQLite FTS5.

The `search_index` table and its triggers come from migration 0002: rowid = 2*id for an item and 2*id+1 for
a bilag, so a hit maps back to its row without a join on text.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import text

from kkrdesk.store import Store

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_HITS = 200


def fts_query(user_text: str) -> str:
    """Each word the user typed must occur (as a prefix): "sundhed reform" → "sundhed"* AND "reform"*.
    Quoting every word keeps FTS5 syntax (AND, NEAR, "-", ":") from being read out of user input."""
    words = _WORD.findall(user_text or "")
    return " AND ".join(f'"{w}"*' for w in words)


# The index is ranked and cut to the LIMIT in one FTS5 query, which makes the snippets for those rows only
# (kind and id come from the rowid, so no other column of the index is read per match); the joins (meeting,
# body, item numbers) then touch at most `limit` rows. A one-letter prefix matches most
# of a ten-year store: ordering the joined rows instead would make a snippet for every match. The date breaks
# ties among the ranked rows, as before; rows tied in rank exactly at the cut are taken in index order.
_SEARCH = text(
    """
    WITH ranked AS (
        SELECT rowid AS rid, bm25(search_index, 0, 0, 5.0, 1.0) AS rank,
               snippet(search_index, -1, '[', ']', ' … ', 10) AS snip
        FROM search_index
        WHERE search_index MATCH :q
        ORDER BY rank
        LIMIT :limit
    ), hits AS (
        SELECT rid, rank, snip, CASE rid % 2 WHEN 0 THEN 'item' ELSE 'bilag' END AS kind, rid / 2 AS ref_id
        FROM ranked
    )
    SELECT h.kind, h.ref_id, h.snip,
           COALESCE(i.id, bi.id) AS item_id, m.id AS meeting_id, m.date, COALESCE(b.short_name, b.name),
           COALESCE(i.number, bi.number), COALESCE(bl.title, i.title),
           COALESCE(i.public, bi.public AND bl.public)
    FROM hits h
    LEFT JOIN agenda_item i ON h.kind = 'item' AND i.id = h.ref_id
    LEFT JOIN bilag bl ON h.kind = 'bilag' AND bl.id = h.ref_id
    LEFT JOIN agenda_item bi ON bi.id = bl.item_id
    JOIN meeting m ON m.id = COALESCE(i.meeting_id, bi.meeting_id)
    JOIN body b ON b.id = m.body_id
    ORDER BY h.rank, m.date DESC
    """
)


def search(store: Store, user_text: str, *, limit: int = MAX_HITS) -> list[dict]:
    """Hits best first: {"kind": "item"|"bilag", "id", "item_id", "meeting_id", "date", "body", "number",
    "title", "public", "snippet"}."""
    query = fts_query(user_text)
    if not query:
        return []
    with store.engine.connect() as conn:
        rows = conn.execute(_SEARCH, {"q": query, "limit": limit}).all()
    return [
        {"kind": kind, "id": ref_id, "item_id": item_id, "meeting_id": meeting_id,
         "date": dt.date.fromisoformat(date) if isinstance(date, str) else date, "body": body,
         "number": number, "title": title, "public": bool(public), "snippet": snip}
        for kind, ref_id, snip, item_id, meeting_id, date, body, number, title, public in rows
    ]
