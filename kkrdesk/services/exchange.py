"""The exchange format kkrdesk-meeting/1 (docs/kkrdesk-meeting-1.md): one meeting as JSON with its bilag files
beside it. Import checks every field and reads every file before it writes anything, then writes all of it in
one transaction; export writes the same format so a meeting round-trips.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from kkrdesk import intake
from kkrdesk.errors import UserError
from kkrdesk.models import Meeting
from kkrdesk.services import bilag as bilag_service
from kkrdesk.services import takeout
from kkrdesk.services.bilag import BILAG_TEXT_FIELDS
from kkrdesk.services.meetings import (
    MEETING_STATES,
    NUMBER_RE,
    SECTION_KEYS,
    STATUSES,
    TIME_RE,
    meeting_from_dict,
)
from kkrdesk.store import Store

FORMAT = "kkrdesk-meeting/1"
MAX_PAGES = 100_000
SHORT_TEXT = 2_000  # titles, names, ids
LONG_TEXT = 1_000_000  # the text sections of an item
LONG_FIELDS = {"resume", "baggrund", "sagsfremstilling", "indstilling", "oekonomi", "beslutning"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


class _Checker:
    """Collects every problem with a field path, so the user sees all of them at once."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, field: str, message: str) -> None:
        self.errors.append(f'Feltet "{field}" {message}')

    def text(self, obj: dict, key: str, field: str, *, required: bool) -> str | None:
        if key not in obj or obj[key] is None:
            if required:
                self.fail(field, "mangler.")
            return None
        value = obj[key]
        if not isinstance(value, str):
            self.fail(field, f"skal være tekst, ikke {type(value).__name__}.")
            return None
        try:
            intake.clean(value, f'Feltet "{field}"', limit=LONG_TEXT if key in LONG_FIELDS else SHORT_TEXT)
        except UserError as exc:
            self.errors.append(exc.message)
            return None
        if required and not value.strip():
            self.fail(field, "må ikke være tomt.")
            return None
        return value

    def flag(self, obj: dict, key: str, field: str) -> bool | None:
        if key not in obj:
            self.fail(field, 'mangler (true for et åbent punkt, false for et lukket).')
            return None
        if not isinstance(obj[key], bool):
            self.fail(field, f"skal være true eller false, ikke {json.dumps(obj[key], ensure_ascii=False)}.")
            return None
        return obj[key]


def read_json(path: Path | str) -> dict:
    path = Path(path)
    raw = intake.read_bytes(path, limit=intake.MAX_JSON_BYTES)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UserError(f"Filen {path.name} er ikke UTF-8-tekst.") from None
    except json.JSONDecodeError as exc:
        raise UserError(f"Filen {path.name} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}).") from None
    except RecursionError:
        raise UserError(f"Filen {path.name} er indlejret for dybt til at være et møde.") from None
    except ValueError as exc:  # e.g. a number of thousands of digits
        raise UserError(f"Filen {path.name} kan ikke læses: {exc}.") from None
    if not isinstance(data, dict):
        raise UserError(f"Filen {path.name} skal indeholde ét JSON-objekt med et møde.")
    return data


def validate(data: dict, base_dir: Path) -> tuple[dict, dict[tuple[int, int], tuple[bytes, str, str]]]:
    """Check a kkrdesk-meeting/1 object; returns it and the bilag files read (keyed by item and bilag index).

    Raises UserError naming every field that is wrong; nothing is written.
    """
    c = _Checker()
    files: dict[tuple[int, int], tuple[bytes, str, str]] = {}
    if data.get("format") != FORMAT:
        c.fail("format", f'skal være "{FORMAT}"' + (f', ikke "{data["format"]}".' if "format" in data else "."))
    c.text(data, "body", "body", required=True)
    c.text(data, "title", "title", required=False)
    date = c.text(data, "date", "date", required=True)
    if date:
        try:
            dt.date.fromisoformat(date)
        except ValueError:
            c.fail("date", f'skal være en dato som 2025-09-17, ikke "{date}".')
    for key in ("start", "end"):
        value = c.text(data, key, key, required=False)
        if value and not TIME_RE.match(value):
            c.fail(key, f'skal være et klokkeslæt som 09:30, ikke "{value}".')
    c.text(data, "location", "location", required=False)
    state = c.text(data, "state", "state", required=False)
    if state and state not in MEETING_STATES:
        c.fail("state", f'skal være en af {", ".join(MEETING_STATES)}, ikke "{state}".')
    items = data.get("items")
    if not isinstance(items, list):
        c.fail("items", "mangler eller er ikke en liste af punkter.")
        items = []
    elif not items:
        c.fail("items", "er tom: et møde skal have mindst ét punkt.")
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        where = f"items[{i}]"
        if not isinstance(item, dict):
            c.fail(where, "skal være et objekt.")
            continue
        number = item.get("number")
        if isinstance(number, int | float) and not isinstance(number, bool):
            number = str(number)
        if number is None:
            c.fail(f"{where}.number", "mangler.")
        elif not isinstance(number, str) or not NUMBER_RE.match(number):
            c.fail(f"{where}.number", f'skal være et punktnummer som "3.1", ikke {json.dumps(number)}.')
        elif number in seen:
            c.fail(f"{where}.number", f"{number} findes allerede i items[{seen[number]}]: et nummer må kun bruges "
                                      "én gang.")
        else:
            seen[number] = i
        c.text(item, "title", f"{where}.title", required=True)
        c.text(item, "type", f"{where}.type", required=False)
        c.flag(item, "public", f"{where}.public")
        status = c.text(item, "status", f"{where}.status", required=False)
        if status and status not in STATUSES:
            c.fail(f"{where}.status", f'skal være en af {", ".join(STATUSES)}, ikke "{status}".')
        sections = item.get("sections", {})
        if sections is None:
            sections = {}
        if not isinstance(sections, dict):
            c.fail(f"{where}.sections", "skal være et objekt med tekstafsnit.")
        else:
            for key in sections:
                if key not in SECTION_KEYS:
                    c.fail(f"{where}.sections.{key}", f'er ukendt; brug {", ".join(SECTION_KEYS)}.')
                else:
                    c.text(sections, key, f"{where}.sections.{key}", required=False)
        bilag = item.get("bilag", [])
        if bilag is None:
            bilag = []
        if not isinstance(bilag, list):
            c.fail(f"{where}.bilag", "skal være en liste.")
            continue
        for j, b in enumerate(bilag):
            bwhere = f"{where}.bilag[{j}]"
            if not isinstance(b, dict):
                c.fail(bwhere, "skal være et objekt.")
                continue
            c.text(b, "title", f"{bwhere}.title", required=True)
            c.flag(b, "public", f"{bwhere}.public")
            for key in BILAG_TEXT_FIELDS:
                c.text(b, key, f"{bwhere}.{key}", required=False)
            pages = b.get("pages")
            if pages is not None and (not isinstance(pages, int) or isinstance(pages, bool)
                                      or not 0 <= pages <= MAX_PAGES):
                c.fail(f"{bwhere}.pages", f"skal være et helt tal fra 0 til {MAX_PAGES}.")
            name = c.text(b, "file", f"{bwhere}.file", required=False)
            if name:
                # Only regular files inside the JSON file's folder, no symbolic links: a bilag named
                # "../../etc/passwd" must never reach a public bundle.
                try:
                    path = intake.inside(base_dir, name, what="Bilagsfilen")
                    content = intake.read_bytes(path, limit=intake.MAX_BILAG_BYTES, what="Bilagsfilen")
                    files[(i, j)] = (content, path.name, bilag_service.guess_mime(path.name))
                except UserError as exc:
                    c.fail(f"{bwhere}.file", f"kan ikke bruges: {exc.message}")
    takeout.check_block(data, c.fail)
    if c.errors:
        raise UserError(f"Filen følger ikke formatet {FORMAT}; intet er indlæst.", details=c.errors)
    return data, files


def preview(path: Path | str) -> dict:
    """What an import would bring in, for the preview dialog; raises UserError like the import would."""
    path = Path(path)
    data, files = validate(read_json(path), path.parent)
    items = data["items"]
    return {
        "body": data["body"], "title": data.get("title") or f"Møde i {data['body']}", "date": data["date"],
        "location": data.get("location"), "items": len(items),
        "closed_items": sum(1 for i in items if not i["public"]),
        "bilag": sum(len(i.get("bilag") or []) for i in items),
        "files": len(files), "closed_bilag": sum(1 for i in items for b in i.get("bilag") or [] if not b["public"]),
        "rows": [{"number": str(i["number"]), "title": i["title"], "type": i.get("type"), "public": i["public"],
                  "bilag": len(i.get("bilag") or [])} for i in items],
    }


def import_meeting(store: Store, path: Path | str) -> int:
    """Import a kkrdesk-meeting/1 file with its bilag files: all of it or nothing. Returns the meeting id."""
    path = Path(path)
    data, files = validate(read_json(path), path.parent)
    data = dict(data)
    data["items"] = [dict(item, number=str(item["number"])) for item in data["items"]]
    with store.session() as s:
        meeting: Meeting = meeting_from_dict(s, data)
        for i, item in enumerate(meeting.items):
            for j, b in enumerate(item.bilag):
                file = files.get((i, j))
                if file is not None:
                    content, filename, mime = file
                    b.blob = bilag_service.store_blob(s, content, filename, mime)
                    b.page_count = bilag_service.count_pages(content, mime) or b.page_count
        s.flush()
        if "take_out" in data:  # a laptop keeps the base, so its export of this meeting can be merged back
            takeout.remember_take_out(s, meeting, data)
        meeting_id = meeting.id
    store.notify({"meetings", "items", "bilag", "bodies"})
    return meeting_id


def _safe_name(name: str) -> str:
    return _UNSAFE.sub("_", name).strip(" .") or "bilag"


def export_meeting(store: Store, meeting_id: int, out: Path | str, *, take_out: bool = False) -> Path:
    """Write the meeting as kkrdesk-meeting/1 to `out`, with its bilag files in a folder beside it.

    take_out: add this store's ids and a base snapshot, so the meeting can be edited offline and merged back.
    A meeting imported from a take-out (on a laptop) always carries its take-out back."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    folder_name = f"{out.stem}-bilag"
    with store.session(immediate=take_out) as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None:
            raise UserError(f"Mødet med id {meeting_id} findes ikke.")
        block, item_ids, bilag_ids = None, {}, {}
        if take_out:
            block = takeout.take_out_block(s, meeting)
            item_ids = {i.id: str(i.id) for i in meeting.items}
            bilag_ids = {b.id: str(b.id) for i in meeting.items for b in i.bilag}
        elif (copy := takeout.laptop_copy(s, meeting)) is not None:
            block, item_ids, bilag_ids = copy
        data = {"format": FORMAT, "body": meeting.body.name, "title": meeting.title,
                "date": meeting.date.isoformat(), "start": meeting.start, "end": meeting.end,
                "location": meeting.location, "state": meeting.state, "items": []}
        to_write: list[tuple[str, bytes]] = []
        for item in sorted(meeting.items, key=lambda i: i.position):
            entry = {**({"id": int(item_ids[item.id])} if item.id in item_ids else {}), "number": item.number,
                     "title": item.title, "type": item.type, "public": item.public,
                     "status": item.status,
                     "sections": {k: getattr(item, k) for k in SECTION_KEYS if getattr(item, k)}, "bilag": []}
            for n, b in enumerate(item.bilag, start=1):
                bentry = {**({"id": int(bilag_ids[b.id])} if b.id in bilag_ids else {}), "title": b.title,
                          "public": b.public}
                for key in BILAG_TEXT_FIELDS:
                    if getattr(b, key):
                        bentry[key] = getattr(b, key)
                if b.blob is not None:
                    rel = f"{folder_name}/{_safe_name(f'{item.number}.{n} {b.blob.filename}')}"
                    bentry["file"] = rel
                    to_write.append((rel, b.blob.data))
                elif b.page_count is not None:
                    bentry["pages"] = b.page_count
                entry["bilag"].append(bentry)
            data["items"].append(entry)
        if block is not None:
            data["take_out"] = block
    for rel, content in to_write:
        target = out.parent / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out
