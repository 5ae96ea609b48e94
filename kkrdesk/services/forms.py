"""Tovholderskemaer that travel as files: issue a signed form, read returned ones, store them as reports.

A form_id is "KKR-<assignment>-<token>-<mac>": the token names the issued form (a FormIssue row), the mac is
an HMAC with a secret kept in the store, so an altered id or a form from another store is refused. Reading a
returned file trusts nothing in it: only the named cells or form fields are read, as text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kkrdesk.errors import UserError
from kkrdesk.models import Assignment, FormIssue, Report, Setting
from kkrdesk.services.deviations import DEVIATION_KINDS, deviation_kinds
from kkrdesk.services.tovholdere import STATUSES, is_ended, latest_report
from kkrdesk.store import Store

FIELDS = ("form_id", "status", "fremdrift", "afvigelser", "naeste_milepaele", "kkr_handling", "udfyldt_af", "dato")
# Ja/Nej: are the afvigelser in tid, økonomi, indhold? Optional, so a form issued before they existed still imports.
DEVIATION_FIELDS = tuple(name for name, _word in DEVIATION_KINDS)
READ_FIELDS = FIELDS + DEVIATION_FIELDS
REQUIRED = ("status", "fremdrift", "udfyldt_af", "dato")
YES_NO = ("kkr_handling", *DEVIATION_FIELDS)
FIELD_LABELS = {
    "form_id": "Skema-id", "status": "Status", "fremdrift": "Fremdrift", "afvigelser": "Afvigelser",
    "naeste_milepaele": "Næste milepæle", "kkr_handling": "Skal KKR handle?", "udfyldt_af": "Udfyldt af",
    "dato": "Dato", "afvigelse_tid": "Afvigelse i tid", "afvigelse_oekonomi": "Afvigelse i økonomi",
    "afvigelse_indhold": "Afvigelse i indhold",
}
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FIELD_CHARS = 10_000  # a report is a page of text, not a file pasted into a cell
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx is a zip: refuse zip bombs before openpyxl unpacks them
_FORM_ID = re.compile(r"^KKR-(\d+)-([0-9a-f]{12})-([0-9a-f]{16})$")


@dataclass
class FormData:
    """What a pre-filled form shows; the exports lay it out."""

    form_id: str
    assignment_id: int
    indsats: str
    category: str | None
    party: str
    role: str
    phase: str | None
    period: str
    last_report: dict | None = None


@dataclass
class ParsedReport:
    file: str
    assignment_id: int | None = None
    indsats: str | None = None
    party: str | None = None
    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        data = asdict(self)
        data["values"] = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.values.items()}
        return data


# --- issuing ------------------------------------------------------------------------------------------------


def _secret(session) -> bytes:
    setting = session.get(Setting, "form_secret")
    if setting is None:
        setting = Setting(key="form_secret", value=secrets.token_hex(32))
        session.add(setting)
        session.flush()
    return bytes.fromhex(setting.value)


def _mac(secret: bytes, assignment_id: int, token: str) -> str:
    return hmac.new(secret, f"{assignment_id}-{token}".encode(), hashlib.sha256).hexdigest()[:16]


def issue_form(store: Store, assignment_id: int) -> FormData:
    """Record a new form for an assignment and return what it shows, pre-filled."""
    with store.session() as s:
        assignment = s.get(Assignment, assignment_id, options=[selectinload(Assignment.reports),
                                                                selectinload(Assignment.indsats)])
        if assignment is None:
            raise UserError(f"Tovholderopgave {assignment_id} findes ikke.")
        if is_ended(assignment):
            raise UserError(f"Tovholderopgaven for {assignment.party} på «{assignment.indsats.title}» er afsluttet.")
        token = secrets.token_hex(6)
        s.add(FormIssue(assignment_id=assignment.id, token=token))
        form_id = f"KKR-{assignment.id}-{token}-{_mac(_secret(s), assignment.id, token)}"
        last = latest_report(assignment)
        period = " – ".join(d.strftime("%d.%m.%Y") for d in (assignment.start, assignment.end) if d) or "løbende"
        return FormData(
            form_id=form_id, assignment_id=assignment.id, indsats=assignment.indsats.title,
            category=assignment.indsats.category, party=assignment.party, role=assignment.role,
            phase=assignment.phase or assignment.indsats.phase
            or (str(assignment.indsats.year) if assignment.indsats.year else None), period=period,
            last_report=None if last is None else {
                "status": last.status, "dato": last.dato, "fremdrift": last.fremdrift,
                "naeste_milepaele": last.naeste_milepaele, "afvigelser_i": deviation_kinds(last)},
        )


def export_form(store: Store, assignment_id: int, out: Path | str) -> Path:
    out = Path(out)
    data = issue_form(store, assignment_id)
    if out.suffix.lower() == ".xlsx":
        from kkrdesk.exports.tovholder_form_xlsx import write_form
    elif out.suffix.lower() == ".pdf":
        from kkrdesk.exports.tovholder_form_pdf import write_form
    else:
        raise UserError("Skemaet kan laves som .xlsx eller .pdf.")
    return write_form(data, out)


def export_due_forms(store: Store, folder: Path | str, fmt: str = "xlsx", *, progress=None,
                     cancel=None) -> list[Path]:
    """"Send skemaer": one file per assignment due for reporting."""
    from kkrdesk.reference import normalise_text
    from kkrdesk.services.tovholdere import due_assignment_ids

    if fmt not in ("xlsx", "pdf"):
        raise UserError("Vælg formatet xlsx eller pdf.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    ids = due_assignment_ids(store)
    made = []
    for n, assignment_id in enumerate(ids):
        if cancel is not None and cancel.is_set():
            break
        if progress:
            progress(n, len(ids), f"Skema {n + 1} af {len(ids)}")
        with store.session() as s:
            a = s.get(Assignment, assignment_id)
            stem = re.sub(r"[^\w-]+", "_", normalise_text(f"{a.id}_{a.party}_{a.indsats.title}"))[:80]
        made.append(export_form(store, assignment_id, folder / f"tovholderskema_{stem}.{fmt}"))
    return made


# --- reading returned forms --------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> dict[str, object]:
    import zipfile

    from openpyxl import load_workbook

    from kkrdesk import intake

    if not zipfile.is_zipfile(path):
        raise UserError(f"{path.name} er ikke et Excel-skema (filen er ikke en .xlsx-fil).")
    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise UserError(f"{path.name} fylder for meget udpakket og er ikke et tovholderskema.")
    intake.check_workbook(path, what="Skemaet")  # zip bombs and sheets beyond any form's size
    # data_only: cached values, never formulas; keep_vba=False: macros are dropped, never run.
    # keep_links=False: links to other workbooks are not even loaded.
    wb = load_workbook(path, data_only=True, keep_vba=False, keep_links=False)
    values: dict[str, object] = {}
    for name in READ_FIELDS:
        defined = wb.defined_names.get(name)
        if defined is None:
            continue
        for sheet, coord in defined.destinations:
            if sheet in wb.sheetnames:
                values[name] = wb[sheet][coord.replace("$", "")].value
    return values


def _read_pdf(path: Path) -> dict[str, object]:
    from pypdf import PdfReader

    with path.open("rb") as f:
        if b"%PDF-" not in f.read(1024):
            raise UserError(f"{path.name} er ikke et PDF-skema (filen er ikke en PDF).")
    # Only the AcroForm field values are read: no JavaScript, actions or attachments are looked at.
    fields = PdfReader(path).get_fields() or {}
    return {name: fields[name].get("/V") for name in READ_FIELDS if name in fields}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d.%m.%Y")
    # NFC: a PDF reader on macOS may hand back "grøn" with a combining stroke.
    return unicodedata.normalize("NFC", str(value)).strip()


def read_form_file(path: Path | str) -> dict[str, object]:
    """The raw field values of a returned form; a Danish error when the file is no form."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Filen {path.name} findes ikke.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UserError(f"{path.name} er større end 20 MB og er ikke et tovholderskema.")
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            values = _read_xlsx(path)
        elif suffix == ".pdf":
            values = _read_pdf(path)
        elif suffix in (".xlsm", ".xltm"):
            raise UserError(f"{path.name} indeholder makroer og læses ikke. Gem skemaet som .xlsx.")
        else:
            raise UserError(f"{path.name} er hverken et Excel- eller et PDF-skema.")
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - any broken file is the user's to replace
        raise UserError(f"{path.name} kan ikke læses som tovholderskema ({type(exc).__name__}).") from exc
    if not values.get("form_id"):
        raise UserError(f"{path.name} er ikke et tovholderskema (intet skema-id).")
    return values


def _check(session, path: Path, secret: bytes, seen: set[str]) -> ParsedReport:
    parsed = ParsedReport(file=path.name)
    try:
        raw = read_form_file(path)
    except UserError as exc:
        parsed.errors.append(exc.message)
        return parsed
    form_id = _text(raw.get("form_id"))
    match = _FORM_ID.match(form_id)
    if not match or not hmac.compare_digest(match.group(3), _mac(secret, int(match.group(1)), match.group(2))):
        parsed.errors.append("Skema-id'et er ændret eller hører ikke til denne database.")
        return parsed
    assignment_id, token = int(match.group(1)), match.group(2)
    issue = session.scalars(select(FormIssue).where(FormIssue.token == token)).first()
    assignment = session.get(Assignment, assignment_id)
    if issue is None or assignment is None or issue.assignment_id != assignment_id:
        parsed.errors.append("Skemaet passer ikke til nogen tovholderopgave.")
        return parsed
    if form_id in seen:
        parsed.errors.append("Det samme skema er med to gange.")
    seen.add(form_id)
    # One issued form gives one report: importing a returned file twice must not count it twice.
    earlier = session.scalars(select(Report).where(Report.form_issue_id == issue.id)).first()
    if earlier is not None:
        parsed.errors.append(f"Skemaet er allerede indlæst ({earlier.received.strftime('%d.%m.%Y')}). "
                             "Send et nyt skema, hvis tovholderen vil rette sin rapport.")
    parsed.assignment_id, parsed.indsats, parsed.party = assignment.id, assignment.indsats.title, assignment.party
    if is_ended(assignment):
        parsed.errors.append(f"Tovholderopgaven for {assignment.party} er afsluttet; skemaet modtages ikke.")
    values = {name: _text(raw.get(name)) for name in READ_FIELDS if name != "form_id"}
    for name in REQUIRED:
        if not values[name]:
            parsed.errors.append(f"Feltet «{FIELD_LABELS[name]}» er tomt.")
    for name, value in values.items():
        if len(value) > MAX_FIELD_CHARS:
            parsed.errors.append(f"Feltet «{FIELD_LABELS[name]}» er længere end {MAX_FIELD_CHARS} tegn.")
    status = " ".join(values["status"].split()).casefold()
    if values["status"] and status not in STATUSES:
        parsed.errors.append(f"Status skal være grøn, gul eller rød, ikke «{values['status']}».")
    # Empty reads as Nej: a deviation kind may be left blank, and an older form has none of them.
    answers = {name: values[name].casefold() for name in YES_NO}
    for name, answer in answers.items():
        if answer not in ("", "ja", "nej"):
            parsed.errors.append(f"«{FIELD_LABELS[name]}» skal være Ja eller Nej, ikke «{values[name]}».")
    dato = None
    if values["dato"]:
        from kkrdesk.reference import parse_date

        try:
            dato = parse_date(values["dato"])
        except ValueError:
            parsed.errors.append(f"Datoen «{values['dato']}» kan ikke læses.")
    parsed.values = {**values, **{name: answer == "ja" for name, answer in answers.items()}, "status": status,
                     "dato": dato, "form_issue_id": issue.id}
    return parsed


def import_reports(store: Store, paths: list[Path | str], *, dry_run: bool = False, progress=None,
                   cancel=None) -> list[ParsedReport]:
    """Check every returned form first; store all as reports in one transaction, or none (UserError).

    progress(done, total, text) may raise to stop; nothing is stored before every file has been checked."""
    if not paths:
        raise UserError("Vælg mindst ét returneret skema.")
    # immediate: "already imported" is checked under the write lock, so the same form imported by two
    # processes at once is stored once; a preview rolls back in store.session (not even the secret is made).
    with store.session(immediate=not dry_run, dry_run=dry_run) as s:
        secret = _secret(s)
        seen: set[str] = set()
        parsed = []
        for n, p in enumerate(paths):
            if cancel is not None and cancel.is_set():
                raise UserError("Indlæsningen blev annulleret; intet er gemt.")
            if progress:
                progress(n, len(paths), f"Læser {Path(p).name}")
            parsed.append(_check(s, Path(p), secret, seen))
        failed = [p for p in parsed if p.errors]
        if dry_run:
            return parsed
        if failed:
            raise UserError(
                f"Ingen rapporter er gemt: {len(failed)} af {len(parsed)} skemaer har fejl.",
                [f"{p.file}: {' '.join(p.errors)}" for p in failed],
            )
        for p in parsed:
            v = p.values
            s.add(Report(assignment_id=p.assignment_id, form_issue_id=v["form_issue_id"], status=v["status"],
                         fremdrift=v["fremdrift"], afvigelser=v["afvigelser"] or None,
                         naeste_milepaele=v["naeste_milepaele"] or None, kkr_handling=v["kkr_handling"],
                         udfyldt_af=v["udfyldt_af"], dato=v["dato"],
                         **{name: v[name] for name in DEVIATION_FIELDS}))
    store.notify({"reports"})
    return parsed
