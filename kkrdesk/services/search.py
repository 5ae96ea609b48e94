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


# Ranking first, snippets after: snippet() is the expensive part of an FTS5 query, and a one-letter prefix
# matches most of the store. The ranked query takes only the columns the order needs; the snippets are made
# for the rows that survive the LIMIT.
_RANKED = text(
    """
    SELECT s.rowid, s.kind, CAST(s.ref_id AS INTEGER) AS ref_id,
           COALESCE(i.id, bi.id) AS item_id, m.id AS meeting_id, m.date, COALESCE(b.short_name, b.name),
           COALESCE(i.number, bi.number), COALESCE(bl.title, i.title),
           COALESCE(i.public, bi.public AND bl.public)
    FROM search_index s
    LEFT JOIN agenda_item i ON s.kind = 'item' AND i.id = s.ref_id
    LEFT JOIN bilag bl ON s.kind = 'bilag' AND bl.id = s.ref_id
    LEFT JOIN agenda_item bi ON bi.id = bl.item_id
    JOIN meeting m ON m.id = COALESCE(i.meeting_id, bi.meeting_id)
    JOIN body b ON b.id = m.body_id
    WHERE search_index MATCH :q
    ORDER BY bm25(search_index, 0, 0, 5.0, 1.0), m.date DESC
    LIMIT :limit
    """
)
_SNIPPETS = (
    "SELECT rowid, snippet(search_index, -1, '[', ']', ' … ', 10) FROM search_index "
    "WHERE search_index MATCH :q AND rowid IN ({rowids})"
)


def search(store: Store, user_text: str, *, limit: int = MAX_HITS) -> list[dict]:
    """Hits best first: {"kind": "item"|"bilag", "id", "item_id", "meeting_id", "date", "body", "number",
    "title", "public", "snippet"}."""
    query = fts_query(user_text)
    if not query:
        return []
    with store.engine.connect() as conn:
        rows = conn.execute(_RANKED, {"q": query, "limit": limit}).all()
        snippets = {}
        if rows:
            rowids = ",".join(str(int(r[0])) for r in rows)  # integers from the index itself, not user input
            snippets = dict(conn.execute(text(_SNIPPETS.format(rowids=rowids)), {"q": query}).all())
    return [
        {"kind": kind, "id": ref_id, "item_id": item_id, "meeting_id": meeting_id,
         "date": dt.date.fromisoformat(date) if isinstance(date, str) else date, "body": body,
         "number": number, "title": title, "public": bool(public), "snippet": snippets.get(rowid)}
        for rowid, kind, ref_id, item_id, meeting_id, date, body, number, title, public in rows
    ]
