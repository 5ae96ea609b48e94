"""OParl 1.1 JSON: System, Body, Organization, Person, Membership, Meeting, AgendaItem, File.

The export is public by definition: closed agenda items and closed bilag are never written, nor are a
person's e-mail and phone (DOMAIN.md §6). Ids are URLs under a base address built from the store's own
ids, so the same store exports the same ids every time. The output folder holds system.json and one list
file per type (body.json, organization.json, …) in OParl's list format, plus the public bilag files under
files/ (their accessUrl).
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kkrdesk import __version__
from kkrdesk.errors import UserError
from kkrdesk.exports.atomic import check_cancel
from kkrdesk.models import AgendaItem, Bilag, Body, Meeting, Membership, Person
from kkrdesk.reference import is_known, lookup
from kkrdesk.reference.municipalities import Region
from kkrdesk.services.composition import term_label
from kkrdesk.store import Store

SCHEMA = "https://schema.oparl.org/1.1/"
DEFAULT_BASE_URL = "https://kkrdesk.invalid/oparl/1.1"
TZ = ZoneInfo("Europe/Copenhagen")
NO_VOTE = {"observatør", "sekretariat", "stedfortræder"}
DEFAULT_BODY = "KKR-sekretariatet"


def _type(name: str) -> str:
    return SCHEMA + name


def _clean(obj: dict) -> dict:
    """OParl leaves out unknown values rather than writing null."""
    return {k: v for k, v in obj.items() if v is not None and v != []}


def _datetime(date: dt.date, hhmm: str | None) -> str | None:
    if not hhmm:
        return None
    try:
        hour, minute = (int(x) for x in hhmm.replace(".", ":").split(":")[:2])
    except ValueError:
        return None
    return dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=TZ).isoformat()


class _Urls:
    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def __call__(self, *parts) -> str:
        return "/".join([self.base, *(str(p) for p in parts)])


def _root(body: Body) -> Body:
    seen = set()
    while body.parent is not None and body.id not in seen:
        seen.add(body.id)
        body = body.parent
    return body


def build_oparl(store: Store, base_url: str | None = None) -> dict[str, list[dict] | dict]:
    """Every OParl object, by type name ("system" is one object, the rest are lists)."""
    url = _Urls(base_url or DEFAULT_BASE_URL)
    with store.session() as s:
        bodies = list(s.scalars(select(Body).options(selectinload(Body.parent), selectinload(Body.seats))
                                .order_by(Body.id)))
        memberships = list(s.scalars(select(Membership).options(selectinload(Membership.seat))
                                     .order_by(Membership.id)))
        persons = list(s.scalars(select(Person).order_by(Person.id)))
        meetings = list(s.scalars(select(Meeting).options(
            selectinload(Meeting.items).selectinload(AgendaItem.bilag).selectinload(Bilag.blob))
            .order_by(Meeting.date, Meeting.id)))

        # One OParl Body per KKR at the top of the tree; bodies outside any KKR go to the first one.
        kkr_roots = [b for b in bodies if b.parent is None and b.type == "KKR"]
        body_of: dict[int, str] = {}
        oparl_bodies: list[dict] = []
        for b in kkr_roots:
            oparl_bodies.append({"key": f"{b.id}", "name": b.name, "short": b.short_name, "term": b})
        if not oparl_bodies:
            oparl_bodies.append({"key": "0", "name": DEFAULT_BODY, "short": None, "term": None})
        fallback = oparl_bodies[0]["key"]
        for b in bodies:
            root = _root(b)
            body_of[b.id] = url("body", str(root.id) if root in kkr_roots else fallback)

        org_members: dict[int, list[str]] = {}
        membership_objs = []
        external_orgs: dict[str, dict] = {}
        for m in memberships:
            mid = url("membership", m.id)
            org_members.setdefault(m.body_id, []).append(mid)
            behalf = None
            if m.on_behalf_of and is_known(m.on_behalf_of):
                place = lookup(m.on_behalf_of)
                kind = "region" if isinstance(place, Region) else "kommune"
                behalf = url("organization", f"{kind}-{place.code}")
                external_orgs.setdefault(behalf, _clean({
                    "id": behalf, "type": _type("Organization"), "body": body_of[m.body_id], "name": place.name,
                    "organizationType": kind, "classification": "udpegende myndighed",
                }))
            voting = m.role not in NO_VOTE and (m.seat.voting if m.seat is not None else True)
            membership_objs.append(_clean({
                "id": mid, "type": _type("Membership"), "person": url("person", m.person_id),
                "organization": url("organization", m.body_id), "role": m.role, "votingRight": voting,
                "startDate": m.start.isoformat() if m.start else None,
                "endDate": m.end.isoformat() if m.end else None, "onBehalfOf": behalf,
            }))
        by_person: dict[int, list[dict]] = {}
        for m, obj in zip(memberships, membership_objs, strict=True):
            by_person.setdefault(m.person_id, []).append(obj)

        organizations = [_clean({
            "id": url("organization", b.id), "type": _type("Organization"), "body": body_of[b.id],
            "name": b.name, "shortName": b.short_name, "organizationType": b.type, "classification": b.type,
            "subOrganizationOf": url("organization", b.parent_id) if b.parent_id else None,
            "membership": org_members.get(b.id, []),
            "post": sorted({seat.role for seat in b.seats}),
            "startDate": b.term_start.isoformat() if b.term_start else None,
            "endDate": b.term_end.isoformat() if b.term_end else None,
            "meeting": url("organization", b.id, "meeting"),
        }) for b in bodies] + list(external_orgs.values())

        first_body = {m.person_id: body_of[m.body_id] for m in reversed(memberships)}
        person_objs = []
        for p in persons:
            words = p.name.split()
            person_objs.append(_clean({
                "id": url("person", p.id), "type": _type("Person"), "body": first_body.get(p.id, url("body", fallback)),
                "name": p.name, "familyName": words[-1] if len(words) > 1 else None,
                "givenName": " ".join(words[:-1]) if len(words) > 1 else None,
                "status": [x for x in (p.title, p.organisation) if x],
                "keyword": [f"parti {p.party}"] if p.party else [],
                "membership": by_person.get(p.id, []),
            }))

        meeting_objs, item_objs, file_objs, blobs = [], [], [], []
        for mt in meetings:
            meeting_id = url("meeting", mt.id)
            items = []
            for order, item in enumerate(i for i in mt.items if i.public):
                files = []
                for b in item.bilag:
                    if not b.public or b.blob is None:
                        continue  # closed bilag never leave the program; one without a file has nothing to serve
                    name = f"{b.id}-{b.blob.filename}"
                    blobs.append((name, b.blob.data))
                    files.append(_clean({
                        "id": url("file", b.id), "type": _type("File"), "name": b.title,
                        "fileName": b.blob.filename, "mimeType": b.blob.mime, "size": b.blob.size,
                        "accessUrl": url("files", name), "date": mt.date.isoformat(),
                        "meeting": [meeting_id], "agendaItem": [url("agendaitem", item.id)],
                    }))
                file_objs += files
                obj = _clean({
                    "id": url("agendaitem", item.id), "type": _type("AgendaItem"), "meeting": meeting_id,
                    "number": item.number, "order": order, "name": item.title, "public": True,
                    "resolutionText": item.beslutning, "auxiliaryFile": files,
                    "keyword": [item.type] if item.type else [],
                })
                items.append(obj)
            item_objs += items
            meeting_objs.append(_clean({
                "id": meeting_id, "type": _type("Meeting"), "name": mt.title, "meetingState": mt.state,
                "cancelled": mt.state == "aflyst", "start": _datetime(mt.date, mt.start),
                "end": _datetime(mt.date, mt.end), "organization": [url("organization", mt.body_id)],
                "agendaItem": items,
                "location": {"id": url("location", f"meeting-{mt.id}"), "type": _type("Location"),
                             "description": mt.location} if mt.location else None,
            }))

    body_objs = []
    for b in oparl_bodies:
        bid = url("body", b["key"])
        term = b["term"]
        legislative = []
        if term is not None and (term.term_start or term.term_end):
            legislative.append(_clean({
                "id": url("legislativeterm", b["key"]), "type": _type("LegislativeTerm"), "body": bid,
                "name": "Valgperiode " + term_label(term.term_start, term.term_end),
                "startDate": term.term_start.isoformat() if term.term_start else None,
                "endDate": term.term_end.isoformat() if term.term_end else None,
            }))
        body_objs.append(_clean({
            "id": bid, "type": _type("Body"), "system": url("system"), "name": b["name"], "shortName": b["short"],
            "organization": url("body", b["key"], "organization"), "person": url("body", b["key"], "person"),
            "meeting": url("body", b["key"], "meeting"), "paper": url("body", b["key"], "paper"),
            "membership": url("body", b["key"], "membership"),
            "agendaItem": url("body", b["key"], "agendaitem"), "file": url("body", b["key"], "file"),
            "legislativeTerm": legislative, "classification": "Kommunekontaktråd",
        }))
    system = {
        "id": url("system"), "type": _type("System"), "oparlVersion": "https://schema.oparl.org/1.1/",
        "body": url("body"), "name": "KKR Desk", "product": "https://kkrdesk.invalid/",
        "keyword": [f"kkrdesk {__version__}"],
    }
    return {"system": system, "body": body_objs, "organization": organizations, "person": person_objs,
            "membership": membership_objs, "meeting": meeting_objs, "agendaitem": item_objs, "file": file_objs,
            "_blobs": blobs}


def _page(items: list[dict]) -> dict:
    return {"data": items, "pagination": {"totalElements": len(items), "elementsPerPage": len(items),
                                          "currentPage": 1, "totalPages": 1}, "links": {}}


def export_oparl(store: Store, out_dir: Path | str, *, base_url: str | None = None) -> dict[str, int]:
    """Write the OParl files into out_dir; returns how many objects of each type were written.

    Every file is first written into a hidden folder inside out_dir and moved into place only when all are
    written: a full disk or a kill meanwhile leaves the folder as it was (exports.atomic for one file)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = build_oparl(store, base_url)
    blobs = data.pop("_blobs")
    staging = out / ".oparl.skrives"
    shutil.rmtree(staging, ignore_errors=True)  # what a killed export left
    try:
        (staging / "files").mkdir(parents=True)
        written = [Path("system.json")]
        (staging / "system.json").write_text(json.dumps(data.pop("system"), ensure_ascii=False, indent=2),
                                             encoding="utf-8")
        counts = {}
        for kind, items in data.items():
            (staging / f"{kind}.json").write_text(json.dumps(_page(items), ensure_ascii=False, indent=2),
                                                  encoding="utf-8")
            written.append(Path(f"{kind}.json"))
            counts[kind] = len(items)
        for name, content in blobs:
            (staging / "files" / name).write_bytes(content)
            written.append(Path("files") / name)
        check_cancel()
        if blobs:
            (out / "files").mkdir(exist_ok=True)
        for name in written:  # renames in one folder: all of them take a moment, none copies a byte
            os.replace(staging / name, out / name)
    except OSError as exc:
        why = "disken er fuld" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise UserError(f"OParl-eksporten til {out} kunne ikke skrives ({why}). Mappen er som før.") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return counts
