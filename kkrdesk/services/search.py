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


def search(store: Store, user_text: str, *, limit: int = MAX_HITS) -> list[dict]:
    """Hits best first: {"kind": "item"|"bilag", "id", "item_id", "meeting_id", "date", "body", "body_name",
    "number", "title", "public", "snippet"}; body is the short name, body_name the one users read."""
    query = fts_query(user_text)
    if not query:
        return []
    sql = text(
        """
        SELECT s.kind, CAST(s.ref_id AS INTEGER) AS ref_id,
               snippet(search_index, -1, '[', ']', ' … ', 10) AS snip,
               COALESCE(i.id, bi.id) AS item_id, m.id AS meeting_id, m.date, COALESCE(b.short_name, b.name),
               COALESCE(i.number, bi.number), COALESCE(bl.title, i.title),
               COALESCE(i.public, bi.public AND bl.public), bi.number, b.name
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
    with store.engine.connect() as conn:
        rows = conn.execute(sql, {"q": query, "limit": limit}).all()
    return [
        {"kind": kind, "id": ref_id, "item_id": item_id, "meeting_id": meeting_id,
         "date": dt.date.fromisoformat(date) if isinstance(date, str) else date, "body": body,
         "body_name": body_name, "number": number, "title": title, "public": bool(public), "snippet": snip}
        for kind, ref_id, snip, item_id, meeting_id, date, body, number, title, public, _, body_name in rows
    ]
