"""Taking a meeting out to an offline laptop and merging it back (docs/kkrdesk-meeting-1.md, "Udtagning").

`export meeting --take-out` writes kkrdesk-meeting/1 with the store's id, the rows' ids and a snapshot of the
meeting as it was ("base"). The laptop imports the file as usual and remembers that snapshot; its own export
of that meeting carries the snapshot and the original ids back. `import meeting --merge` then compares three
states field by field — base, the file, the store now — takes a change made on one side only, and refuses the
whole merge with a list of conflicts when both sides changed the same field differently. Nothing is ever
overwritten silently; a merge is one transaction (and one undo step).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy import select

from kkrdesk.errors import UserError
from kkrdesk.models import Bilag, Meeting, Setting
from kkrdesk.reference.danish import format_date
from kkrdesk.services import bilag as bilag_service
from kkrdesk.services.bilag import BILAG_TEXT_FIELDS
from kkrdesk.services.meetings import SECTION_KEYS, SECTION_TITLES, _number_key, item_from_dict, section_of
from kkrdesk.store import Store

STORE_ID_KEY = "store_id"
LAPTOP_KEY = "take_out.meeting.{}"  # on the laptop: the take-out a local meeting came from
MEETING_FIELDS = ("body", "title", "date", "start", "end", "location", "state")
ITEM_FIELDS = ("number", "title", "type", "public", "status", *SECTION_KEYS, "bilag")
BILAG_FIELDS = ("item", "title", "public", "author", "version", "draft", "sags_id", "dok_id", "sha256", "pages")
LABELS = {"body": "Organ", "title": "Titel", "date": "Dato", "start": "Start", "end": "Slut", "location": "Sted",
          "state": "Mødets tilstand", "number": "Nummer", "type": "Type", "public": "Åben/lukket",
          "status": "Status", "bilag": "Bilagenes rækkefølge", "item": "Punkt", "author": "Afsender",
          "version": "Dato/version", "draft": "Udkast-markering", "sags_id": "Sags ID", "dok_id": "Dok. ID",
          "sha256": "Fil", "pages": "Sider", **SECTION_TITLES}


def _norm(value):
    return None if value == "" else value


def store_id(session, *, create: bool) -> str | None:
    """The store's own id, made the first time a meeting is taken out (a copy made by migrate-store keeps it)."""
    setting = session.get(Setting, STORE_ID_KEY)
    if setting is None and create:
        setting = Setting(key=STORE_ID_KEY, value=str(uuid.uuid4()))
        session.add(setting)
        session.flush()
    return setting.value if setting is not None else None


# --- snapshots: the same shape for base, file and store -----------------------------------------------------


def _item_row(number: str, title: str, type_: str | None, public: bool, status: str, sections, bilag: list) -> dict:
    """One item in snapshot shape; `sections` maps each section key to its text (a dict's or a row's)."""
    return {"number": number, "title": title, "type": _norm(type_), "public": bool(public), "status": status,
            **{k: _norm(sections(k)) for k in SECTION_KEYS}, "bilag": bilag}


def _bilag_row(item_key: str | None, title: str, public: bool, texts, sha256: str | None, pages) -> dict:
    """One bilag in snapshot shape; a page count counts only for a bilag without a file."""
    return {"item": item_key, "title": title, "public": bool(public),
            **{k: _norm(texts(k)) for k in BILAG_TEXT_FIELDS}, "sha256": sha256, "pages": None if sha256 else pages}


def snapshot(meeting: Meeting) -> dict:
    """The meeting's mergeable fields as the store holds them, keyed by row id (strings, as JSON keeps them)."""
    snap = {"meeting": {"body": meeting.body.name, "title": meeting.title, "date": meeting.date.isoformat(),
                        "start": _norm(meeting.start), "end": _norm(meeting.end),
                        "location": _norm(meeting.location), "state": meeting.state},
            "items": {}, "bilag": {}}
    for item in meeting.items:
        key = str(item.id)
        snap["items"][key] = _item_row(item.number, item.title, item.type, item.public, item.status,
                                       partial(getattr, item), [str(b.id) for b in item.bilag])
        for b in item.bilag:
            snap["bilag"][str(b.id)] = _bilag_row(key, b.title, b.public, partial(getattr, b),
                                                  b.blob.sha256 if b.blob is not None else None, b.page_count)
    return snap


@dataclass
class FileSide:
    """The file's meeting in snapshot shape, plus the rows it adds (without an id)."""

    snap: dict
    new_items: list[int] = field(default_factory=list)  # indexes into data["items"]
    new_bilag: list[tuple[int, int]] = field(default_factory=list)  # (item index, bilag index)


def _sha256(file) -> str | None:
    """The content hash of a bilag file as validate() read it (content, name, mime), or None without a file."""
    return hashlib.sha256(file[0]).hexdigest() if file else None


def file_side(data: dict, files: dict) -> FileSide:
    side = FileSide({"meeting": {k: _norm(data.get(k)) for k in MEETING_FIELDS}, "items": {}, "bilag": {}})
    side.snap["meeting"]["state"] = data.get("state") or "planlagt"
    for i, item in enumerate(data["items"]):
        key = str(item["id"]) if "id" in item else None
        order = []
        for j, b in enumerate(item.get("bilag") or []):
            if "id" not in b:
                side.new_bilag.append((i, j))
                continue
            side.snap["bilag"][str(b["id"])] = _bilag_row(key, b["title"], b["public"], b.get,
                                                          _sha256(files.get((i, j))), b.get("pages"))
            order.append(str(b["id"]))
        if key is None:
            side.new_items.append(i)
            continue
        sections = item.get("sections") or {}
        side.snap["items"][key] = _item_row(str(item["number"]), item["title"], item.get("type"), item["public"],
                                            item.get("status") or "kladde", sections.get, order)
    return side


# --- the take-out block in the file -------------------------------------------------------------------------


def take_out_block(session, meeting: Meeting) -> dict:
    """What `export meeting --take-out` adds: this store's id, the meeting's id, when, and the base snapshot."""
    return {"store": store_id(session, create=True), "meeting": meeting.id,
            "taken": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "base": snapshot(meeting)}


def laptop_copy(session, meeting: Meeting) -> tuple[dict, dict[int, str], dict[int, str]] | None:
    """On a laptop: the take-out this meeting was imported from, with local ids mapped to the original ones."""
    setting = session.get(Setting, LAPTOP_KEY.format(meeting.id))
    if setting is None:
        return None
    saved = json.loads(setting.value)
    return (saved["take_out"], {int(k): v for k, v in saved["items"].items()},
            {int(k): v for k, v in saved["bilag"].items()})


def remember_take_out(session, meeting: Meeting, data: dict) -> None:
    """After importing a take-out file as a new meeting (on the laptop): keep the base and the id mapping, so
    the laptop's export of this meeting can be merged back."""
    items, bilag = {}, {}
    for item, item_data in zip(meeting.items, data["items"], strict=True):
        if "id" in item_data:
            items[item.id] = str(item_data["id"])
        for b, b_data in zip(item.bilag, item_data.get("bilag") or [], strict=True):
            if "id" in b_data:
                bilag[b.id] = str(b_data["id"])
    value = json.dumps({"take_out": data["take_out"], "items": items, "bilag": bilag}, ensure_ascii=False)
    key = LAPTOP_KEY.format(meeting.id)
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=value))
    else:
        setting.value = value


def check_block(data: dict, fail) -> None:
    """Check the optional take-out fields of a file (ids and the take_out block); `fail(field, message)`."""
    block = data.get("take_out")
    if block is not None:
        if not isinstance(block, dict):
            fail("take_out", "skal være et objekt.")
        else:
            for key, kind in (("store", str), ("meeting", int), ("taken", str), ("base", dict)):
                if not isinstance(block.get(key), kind) or isinstance(block.get(key), bool):
                    fail(f"take_out.{key}", "mangler eller har forkert type.")
            if isinstance(block.get("base"), dict):
                _check_base(block["base"], fail)
    seen_items, seen_bilag = set(), set()
    for i, item in enumerate(data.get("items") or []):
        if not isinstance(item, dict):
            continue
        _check_id(item, f"items[{i}].id", seen_items, fail)
        for j, b in enumerate(item.get("bilag") or []):
            if isinstance(b, dict):
                _check_id(b, f"items[{i}].bilag[{j}].id", seen_bilag, fail)


def _scalar(value) -> bool:
    return value is None or isinstance(value, str | bool | int)


def _check_base(base: dict, fail) -> None:
    """The base comes back from a laptop or a hand-edited file: every part must have the shape the merge reads."""
    meeting = base.get("meeting")
    if not isinstance(meeting, dict) or not all(_scalar(v) for v in meeting.values()):
        fail("take_out.base.meeting", "skal være et objekt med tekst og tal.")
    for group in ("items", "bilag"):
        rows = base.get(group)
        if not isinstance(rows, dict):
            fail(f"take_out.base.{group}", "skal være et objekt med ét objekt pr. id.")
            continue
        for key, row in rows.items():
            where = f"take_out.base.{group}.{key}"
            if not (key.isascii() and key.isdigit() and len(key) <= 18) or not isinstance(row, dict):
                fail(where, "skal have et id af cifre og være et objekt.")
            elif not all(_scalar(v) or (k == "bilag" and isinstance(v, list) and all(isinstance(x, str) for x in v))
                         for k, v in row.items()):
                fail(where, "indeholder en værdi, der hverken er tekst, tal eller en liste af bilags-id'er.")


def _check_id(obj: dict, where: str, seen: set, fail) -> None:
    if "id" not in obj:
        return
    value = obj["id"]
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        fail(where, "skal være et positivt heltal.")
    elif value in seen:
        fail(where, f"{value} bruges to gange.")
    else:
        seen.add(value)


# --- the merge ------------------------------------------------------------------------------------------------


@dataclass
class MergeReport:
    meeting: int
    dry_run: bool
    merged: bool = False
    changes: list[dict] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"meeting": self.meeting, "dry_run": self.dry_run, "merged": self.merged,
                "changes": self.changes, "conflicts": self.conflicts}


def _one_section(*numbers) -> bool:
    return all(isinstance(n, str) for n in numbers) and len({section_of(n) for n in numbers}) == 1


def _shown(key: str, value) -> str:
    if value is None or value == []:
        return "(tom)"
    if key == "public":
        return "åben" if value else "lukket"
    if key == "date" and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            pass
    if key == "sha256" and isinstance(value, str):
        return f"fil {value[:8]}"
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class _Merger:
    def __init__(self, session, meeting: Meeting, base: dict, side: FileSide, data: dict, files: dict,
                 taken: str) -> None:
        self.s, self.meeting, self.base, self.side, self.data, self.files = session, meeting, base, side, data, files
        self.mine = side.snap
        self.theirs = snapshot(meeting)
        self.items = {str(i.id): i for i in meeting.items}
        self.bilag = {str(b.id): b for i in meeting.items for b in i.bilag}
        self.changes: list[dict] = []
        self.conflicts: list[dict] = []
        self.new_numbers: dict[int, str] = {}  # item index in the file → the number it gets
        self.renumbered: dict[str, tuple] = {}  # items whose number both sides changed within its section
        self.renumber = False  # number the merged agenda afresh (both sides added or deleted items)
        self.since = f"siden udtagningen {taken}"

    # Where a change or conflict is: "Mødet", "Punkt 3.5 «…»", "Bilag «…» (punkt 3.5)".
    def _where(self, target: str, key: str | None) -> tuple[str | None, str]:
        if target == "meeting":
            return None, "Mødet"
        if target == "item":
            snap = self.theirs["items"].get(key) or self.mine["items"].get(key) or self.base["items"].get(key, {})
            return snap.get("number"), f"Punkt {snap.get('number', '?')} «{snap.get('title', '?')}»"
        snap = self.theirs["bilag"].get(key) or self.mine["bilag"].get(key) or self.base["bilag"].get(key, {})
        item = self.theirs["items"].get(snap.get("item")) or self.mine["items"].get(snap.get("item")) or {}
        return item.get("number"), f"Bilag «{snap.get('title', '?')}» (punkt {item.get('number', '?')})"

    def change(self, target: str, key: str | None, action: str, text: str, fieldname: str | None = None) -> None:
        number, where = self._where(target, key)
        self.changes.append({"target": target, "id": int(key) if key else None, "number": number,
                             "field": fieldname, "action": action, "text": f"{where}: {text}"})

    def added(self, target: str, number: str | None, text: str) -> None:
        """A row the file adds (it has no id yet)."""
        self.changes.append({"target": target, "id": None, "number": number, "field": None, "action": "tilføjet",
                             "text": text})

    def conflict(self, target: str, key: str | None, fieldname: str | None, text: str, *, base=None, mine=None,
                 theirs=None) -> None:
        number, where = self._where(target, key)
        self.conflicts.append({"target": target, "id": int(key) if key else None, "number": number,
                               "field": fieldname, "base": base, "file": mine, "server": theirs,
                               "text": f"{where}: {text}"})

    def fields(self, target: str, key: str | None, base: dict, mine: dict, theirs: dict, names) -> dict:
        """Three-way per field: returns the fields to write; records changes and conflicts."""
        out = {}
        for name in names:
            b, m, t = base.get(name), mine.get(name), theirs.get(name)
            if name == "bilag":  # the order of the bilag all three know; additions and deletions count elsewhere
                b, m, t = b or [], m or [], t or []
                common = set(b) & set(m) & set(t)
                b, m, t = ([x for x in v if x in common] for v in (b, m, t))
            if m == b or m == t:
                continue
            label = LABELS[name]
            if t != b and name == "number" and _one_section(b, m, t):
                self.renumbered[key] = (b, m, t)  # both sides renumbered: decided once every row is seen (run)
                continue
            if t != b:
                self.conflict(target, key, name, f"{label} er ændret både i filen ({_shown(name, m)}) og i den "
                                                 f"fælles database ({_shown(name, t)}) {self.since}.",
                              base=b, mine=m, theirs=t)
                continue
            if target == "meeting" and name == "body":
                self.conflict(target, key, name, f"Organet kan ikke ændres ved fletning ({_shown(name, m)}).",
                              base=b, mine=m, theirs=t)
                continue
            out[name] = m
            text = (f"{label} ændres" if name in SECTION_KEYS or name == "bilag"
                    else f"{label} ændres fra {_shown(name, t)} til {_shown(name, m)}")
            self.change(target, key, "ændret", text, name)
        return out

    def run(self) -> None:
        meeting_fields = self.fields("meeting", None, self.base["meeting"], self.mine["meeting"],
                                     self.theirs["meeting"], MEETING_FIELDS)
        item_plan = self._plan_rows("item", ITEM_FIELDS)
        self._settle_numbers()
        bilag_plan = self._plan_rows("bilag", BILAG_FIELDS)
        new_items = self._plan_new_items()
        new_bilag = self._plan_new_bilag(item_plan)
        self._check_numbers(item_plan, new_items)
        if self.conflicts:
            return
        self._apply(meeting_fields, item_plan, bilag_plan, new_items, new_bilag)

    def _settle_numbers(self) -> None:
        """Both sides renumbered an item (each added or deleted items, and the program numbers a section 1, 2, 3 …).
        If the items both sides know still stand in the same order everywhere, nobody moved anything: the merged
        agenda is numbered afresh. Otherwise a move on one side would be lost, so each such number is a conflict."""
        if not self.renumbered:
            return
        common = set(self.base["items"]) & set(self.mine["items"]) & set(self.theirs["items"])

        def order(snap: dict) -> list[str]:
            numbers = {k: snap["items"][k].get("number") for k in common}
            if not all(isinstance(n, str) for n in numbers.values()):
                return []
            return sorted(common, key=lambda k: (_number_key(numbers[k]), k))

        if order(self.base) and order(self.base) == order(self.mine) == order(self.theirs):
            self.renumber = True
            sections = sorted({section_of(m) for _, m, _ in self.renumbered.values()})
            self.changes.append({"target": "meeting", "id": None, "number": None, "field": "number",
                                 "action": "ændret",
                                 "text": "Mødet: punkterne i afsnit " + ", ".join(map(str, sections)) + " nummereres "
                                         "forfra (der er tilføjet eller slettet punkter begge steder)"})
            return
        for key, (b, m, t) in self.renumbered.items():
            self.conflict("item", key, "number", f"Nummer er ændret både i filen ({m}) og i den fælles database ({t}) "
                                                 f"{self.since}, og punkterne står ikke i samme rækkefølge.",
                          base=b, mine=m, theirs=t)

    def _plan_rows(self, target: str, names) -> dict[str, dict | None]:
        """Per row in the base: the fields to write, or None to delete it."""
        group = "items" if target == "item" else "bilag"
        base, mine, theirs = self.base[group], self.mine[group], self.theirs[group]
        noun = "Punktet" if target == "item" else "Bilaget"
        plan: dict[str, dict | None] = {}
        for key, b in base.items():
            m, t = mine.get(key), theirs.get(key)
            if t is None:  # gone from the store
                if m is not None and m != b:
                    self.conflict(target, key, None, f"{noun} er ændret i filen, men slettet i den fælles database "
                                                     f"{self.since}.")
                continue
            if m is None:  # deleted in the file
                if t != b:
                    self.conflict(target, key, None, f"{noun} er slettet i filen, men ændret i den fælles database "
                                                     f"{self.since}.")
                elif target == "bilag" and b.get("item") not in self.mine["items"]:
                    pass  # goes with its item
                else:
                    plan[key] = None
                    self.change(target, key, "slettet", f"{noun.lower()} slettes")
                continue
            changed = self.fields(target, key, b, m, t, names)
            if "item" in changed and changed["item"] not in self.items:
                self.conflict(target, key, "item", "Bilaget er flyttet til et punkt, der ikke findes i den fælles "
                                                   "database; flyt det i stedet efter fletningen.")
                continue
            if changed:
                plan[key] = changed
        for key in mine:
            if key not in base:
                self.conflict(target, key, None, f"{noun} med id {key} var ikke med i udtagningen.")
        return plan

    def _plan_new_items(self) -> list[int]:
        """Items added in the file; one already in the store (same section and title, added since the take-out)
        was merged before and is skipped, so merging the same file twice changes nothing."""
        added_since = {(section_of(i.number), i.title) for key, i in self.items.items()
                       if key not in self.base["items"]}
        return [index for index in self.side.new_items
                if (section_of(str(self.data["items"][index]["number"])), self.data["items"][index]["title"])
                not in added_since]

    def _plan_new_bilag(self, item_plan: dict) -> list[tuple[int, int]]:
        out = []
        for i, j in self.side.new_bilag:
            item_data = self.data["items"][i]
            if "id" not in item_data:
                continue  # comes with its new item
            key = str(item_data["id"])
            item = self.items.get(key)
            if item is None or item_plan.get(key, {}) is None:
                continue  # the item is gone or being deleted: a conflict or deletion says so already
            b = item_data["bilag"][j]
            sha = _sha256(self.files.get((i, j)))
            if any(x.title == b["title"] and (x.blob.sha256 if x.blob else None) == sha
                   for x in item.bilag if str(x.id) not in self.base["bilag"]):
                continue
            out.append((i, j))
            self.added("bilag", item.number, f"Bilag «{b['title']}» (punkt {item.number}): tilføjes")
        return out

    def _check_numbers(self, item_plan: dict, new_items: list[int]) -> None:
        """Two rows ending with one number is a conflict; an item added in the file whose number an item added
        in the store took meanwhile gets the next free number in its section (and the change says so)."""
        seen: dict[str, str] = {}
        if self.renumber:  # every number is given afresh at the end: nothing can collide
            for index in new_items:
                item = self.data["items"][index]
                self.new_numbers[index] = f"tmp-new-{index}"
                self.added("item", str(item["number"]), f"Punkt {item['number']} «{item['title']}»: tilføjes")
            return
        for key, item in self.items.items():
            plan = item_plan.get(key, {})
            if plan is None:
                continue
            number = plan.get("number", item.number)
            if number in seen:
                other = self.items[seen[number]].title
                self.conflicts.append({"target": "item", "id": int(key), "number": number, "field": "number",
                                       "base": None, "file": None, "server": None,
                                       "text": f"Punktnummer {number} ville bruges af både «{other}» og "
                                               f"«{item.title}»."})
            seen[number] = key
        for index in new_items:
            item = self.data["items"][index]
            number = wanted = str(item["number"])
            if number in seen:
                section = section_of(number)
                last = max(_number_key(n)[1] if len(_number_key(n)) > 1 else 0
                           for n in seen if section_of(n) == section)
                number = f"{section}.{last + 1}"
            self.new_numbers[index] = number
            seen[number] = f"new{index}"
            moved = "" if number == wanted else f" som {number} ({wanted} er taget af et punkt i den fælles database)"
            self.added("item", number, f"Punkt {wanted} «{item['title']}»: tilføjes{moved}")

    # --- writing ---

    def _apply(self, meeting_fields: dict, item_plan: dict, bilag_plan: dict, new_items: list[int],
               new_bilag: list[tuple[int, int]]) -> None:
        m = self.meeting
        for name, value in meeting_fields.items():
            setattr(m, name, dt.date.fromisoformat(value) if name == "date" else value)
        file_bilag = {str(b["id"]): (i, j) for i, item in enumerate(self.data["items"])
                      for j, b in enumerate(item.get("bilag") or []) if "id" in b}
        for key, plan in bilag_plan.items():
            b = self.bilag[key]
            if plan is None:
                b.item.bilag.remove(b)
                continue
            for name, value in plan.items():
                if name == "item":
                    b.item.bilag.remove(b)
                    self.items[value].bilag.append(b)
                elif name == "sha256":
                    self._set_file(b, self.files.get(file_bilag[key]))
                elif name == "pages":
                    b.page_count = value
                else:
                    setattr(b, name, value)
        numbers = {}
        for key, plan in item_plan.items():
            item = self.items[key]
            if plan is None:
                m.items.remove(item)
                continue
            for name, value in plan.items():
                if name == "number":
                    if not self.renumber:  # else every number is given afresh at the end
                        numbers[item] = value
                elif name != "bilag":
                    setattr(item, name, value)
            if "bilag" in plan:
                rank = {k: n for n, k in enumerate(plan["bilag"])}
                item.bilag.sort(key=lambda x: rank.get(str(x.id), len(rank)))
        self.s.flush()
        # Two passes, so that swapping two numbers does not trip the unique (meeting, number) index.
        for item in numbers:
            item.number = f"tmp-{item.id}"
        self.s.flush()
        for item, number in numbers.items():
            item.number = number
        for index in new_items:
            item = item_from_dict(dict(self.data["items"][index], number=self.new_numbers[index]), len(m.items))
            m.items.append(item)
            for j, b in enumerate(item.bilag):
                self._set_file(b, self.files.get((index, j)))
        for i, j in new_bilag:
            item = self.items[str(self.data["items"][i]["id"])]
            b_data = self.data["items"][i]["bilag"][j]
            b = bilag_service.new_bilag(self.s, item, None, title=b_data["title"], public=b_data["public"],
                                        **{k: b_data.get(k) for k in BILAG_TEXT_FIELDS})
            self._set_file(b, self.files.get((i, j)), pages=b_data.get("pages"))
        if self.renumber:
            self._number_afresh(new_items)
        for position, item in enumerate(sorted(m.items, key=lambda x: _number_key(x.number))):
            item.position = position
            for n, b in enumerate(item.bilag):
                b.position = n
        self.s.flush()

    def _number_afresh(self, new_items: list[int]) -> None:
        """Order the merged agenda by the numbers the file gives (the store's for its own new items) and number
        each section 1, 2, 3 … as the program does after an addition or deletion."""
        intended = {}
        file_numbers = {f"tmp-new-{index}": str(self.data["items"][index]["number"]) for index in new_items}
        for item in self.meeting.items:
            key = str(item.id) if item.id is not None else None
            if item.number in file_numbers:
                intended[item] = file_numbers[item.number]
            elif key in self.mine["items"]:
                intended[item] = self.mine["items"][key]["number"]
            else:
                intended[item] = item.number
        order = sorted(intended, key=lambda i: (_number_key(intended[i]), i.id is None))
        counters: dict[int, int] = {}
        final = {}
        for item in order:
            section = section_of(intended[item])
            counters[section] = counters.get(section, 0) + 1
            final[item] = f"{section}.{counters[section]}"
        for n, item in enumerate(order):
            item.number = f"tmp-{n}"
        self.s.flush()
        for item, number in final.items():
            item.number = number

    def _set_file(self, b: Bilag, file, *, pages=None) -> None:
        if file is None:
            b.blob = None
            b.page_count = pages
            return
        content, filename, mime = file
        b.blob = bilag_service.store_blob(self.s, content, filename, mime)
        b.page_count = bilag_service.count_pages(content, mime) or b.page_count


def merge_meeting(store: Store, path: Path | str, *, dry_run: bool = False) -> MergeReport:
    """Merge a returned take-out into the meeting it was taken from: all of it, or nothing and the conflicts."""
    from kkrdesk.services.exchange import read_json, validate

    path = Path(path)
    data, files = validate(read_json(path), path.parent)
    block = data.get("take_out")
    if block is None:
        raise UserError(f"Filen {path.name} er ikke et udtaget møde (den har ingen take_out-oplysninger); "
                        "indlæs den uden --merge for at få den som et nyt møde.")
    with store.session(immediate=True, dry_run=dry_run) as s:
        own = store_id(s, create=False)
        if own != block["store"]:
            raise UserError(f"Mødet i {path.name} er taget ud fra en anden database end denne; det kan kun flettes "
                            "tilbage i den database, det kom fra.")
        meeting = s.scalars(select(Meeting).where(Meeting.id == block["meeting"])).one_or_none()
        if meeting is None:
            raise UserError(f"Mødet (id {block['meeting']}) er slettet i denne database, efter det blev taget ud; "
                            "indlæs filen uden --merge for at få det som et nyt møde.")
        taken = _taken_text(block["taken"])
        merger = _Merger(s, meeting, block["base"], file_side(data, files), data, files, taken)
        merger.run()
        report = MergeReport(meeting.id, dry_run, changes=merger.changes, conflicts=merger.conflicts)
        if merger.conflicts:
            s.rollback()
            return report
        report.merged = not dry_run
    if report.merged and report.changes:
        store.notify({"meetings", "items", "bilag"})
    return report


def taken_from(store: Store, path: Path | str) -> bool:
    """Whether the file is a meeting taken out from this store (so it can be merged back); a file that cannot be
    read is not (the import that follows says why)."""
    from kkrdesk.services.exchange import read_json

    try:
        block = read_json(Path(path)).get("take_out")
    except UserError:
        return False
    if not isinstance(block, dict):
        return False
    with store.session() as s:
        return block.get("store") is not None and store_id(s, create=False) == block.get("store")


def _taken_text(taken: str) -> str:
    try:
        when = dt.datetime.fromisoformat(taken).astimezone()
    except ValueError:
        return taken
    return f"{format_date(when.date())} kl. {when:%H.%M}"



