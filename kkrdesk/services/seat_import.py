"""Sammensætning: the seats of a body read from the composition text a paper prints, with the sum checked.

Shapes the papers print (DOMAIN.md §1; kkr-hovedstaden-2022-bilag.txt 1211, 3479, 3791, 3825, 4113, 4289;
kkr-sjaelland-2025-bilag.txt 2586–2590):
    Bestyrelsen består af 11 medlemmer, herunder 1 formand, og 1 observatør:      heading with the stated total
     1 formand, der udpeges af KKR, som skal være folkevalgt                     count first
    • Regionsrådet udpeger 2                                                      appointer first
    • Den kommune, der yder det største årlige tilskud, har 1 plads (Aalborg Kommune)
    EKI er sammensat af i alt 10 fag- eller kommunaldirektører udpeget af de 29 kommuner.    one sentence
    … bestående af 2 medlemmer udpeget af Regionsrådet, 2 medlemmer … samt 4 medlemmer …    a list in prose
    < 80.000 borgere = 1 medlem                                                   sundhedsråd band
Bullets as the member-list paste reads them; counts as digits or Danish words; PDF line breaks joined; several
seats on one line split at "+", "," "og" and "samt" before a count. Lines before the heading are its title;
prose after the list is not read (a warning says so). Parsing never touches the store; `import_seats` checks
every seat with member_edit's seat rules and then adds all of them or none, leaving seats the body already has.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from kkrdesk.errors import UserError
from kkrdesk.models import Body, Seat
from kkrdesk.reference import normalise_text
from kkrdesk.services.member_import import _join, _split_bullet, normalise_role, resolve_organisation
from kkrdesk.store import Store

NUMBER_WORDS = {"en": 1, "et": 1, "én": 1, "ét": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "syv": 7,
                "otte": 8, "ni": 9, "ti": 10, "elleve": 11, "tolv": 12}
# Words that name the kind of place; "plads" and "repræsentant" are plain member seats.
SEAT_WORDS = {"plads": "medlem", "pladser": "medlem", "repræsentant": "medlem", "repræsentanter": "medlem",
              "medlem": "medlem", "medlemmer": "medlem", "formand": "formand", "formænd": "formand",
              "forperson": "formand", "næstformand": "næstformand", "næstformænd": "næstformand",
              "observatør": "observatør", "observatører": "observatør"}
# How format_composition prints a role: (one, several).
ROLE_WORDS = {"formand": ("formand", "formænd"), "næstformand": ("næstformand", "næstformænd"),
              "medlem": ("medlem", "medlemmer"), "observatør": ("observatør", "observatører"),
              "indsuppleret medlem": ("indsuppleret medlem", "indsupplerede medlemmer"),
              "stedfortræder": ("stedfortræder", "stedfortrædere")}
REGION_COUNCIL = {"regionsrådet", "regionsråd", "regionen"}
SEAT_KINDS = {"seats", "members"}

_COUNT = r"(?:\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_HEADING = re.compile(r"\b(?:består af|bestående af|sammensat af|udgøres af|sammensætning)\b", re.IGNORECASE)
_HEADING_SPLIT = re.compile(r"^(?P<title>.*?\b(?:består af|bestående af|sammensat af|udgøres af))\s*(?P<rest>.*)$",
                            re.IGNORECASE)
# A heading that states only the total: "består af 11 medlemmer, herunder 1 formand, og 1 observatør:", "i alt 7:".
_TOTAL = re.compile(rf"^(?:i alt\s+)?(?P<n>{_COUNT})\s*(?:medlemmer|personer|pladser|deltagere)?"
                    r"\s*(?:[:.]|,?\s*herunder\b.*|\(.*\)\s*:?)?\s*$", re.IGNORECASE)
_I_ALT = re.compile(rf"^i alt\s+(?P<n>{_COUNT})\b\s*(?P<rest>.*)$", re.IGNORECASE)
# Where one line holds several seats: before a count that starts a seat ("+ 1 fra", ", 2 medlemmer", "samt 4").
_SPLIT = re.compile(
    r"\s*\+\s*|\s*(?:,\s*(?:samt|og)?|\s(?:samt|og))\s+"
    rf"(?=(?:\d+\s*\S|(?:to|tre|fire|fem|seks|syv|otte|ni|ti|elleve|tolv)\s+\S|(?:en|et|én|ét)\s+(?:{'|'.join(SEAT_WORDS)}|fra|via)\b|(?:næst)?formanden\b))",
    re.IGNORECASE)
_BAND = re.compile(r"^(?P<op><|>|under|over)\s*(?P<limit>\d[\d.]*)\s+(?P<unit>borgere|indbyggere)\s*[=:–-]\s*"
                   rf"(?P<n>{_COUNT})\s*(?P<rest>.*)$", re.IGNORECASE)
_APPOINTER_FIRST = re.compile(rf"^(?P<who>.+?)\s+udpeger\s+(?P<n>{_COUNT})\b\s*(?P<rest>.*)$", re.IGNORECASE)
_HAS = re.compile(rf"^(?P<who>.+?),?\s+har\s+(?P<n>{_COUNT})\s*(?P<rest>(?:plads|pladser|medlem|medlemmer)\b.*)$",
                  re.IGNORECASE)
_WHO_COUNT = re.compile(rf"^(?P<who>[^\d,]+?)\s+(?P<n>{_COUNT})\b\s*(?P<rest>.*)$", re.IGNORECASE)
_COUNT_FIRST = re.compile(rf"^(?P<n>{_COUNT})(?:\b|(?=[a-zæøå]))\s*(?P<rest>.*)$", re.IGNORECASE)
_END = r"(?=\s+(?:blandt|som|der|efter|og udpeget|og udpeges|samt)\b|\s*[,;()]|\s*$)"
_APPOINTED = re.compile(rf",?\s*(?:(?:der|som)\s+)?(?:udpeges|udpeget|vælges|valgt)\s+af\s+(?P<who>[^,;()]+?){_END}",
                        re.IGNORECASE)
_NOMINATED = re.compile(
    rf",?\s*(?:efter indstilling (?:fra|af)|indstillet af|indstilles af)\s+(?P<who>[^,;()]+?){_END}", re.IGNORECASE)
_THE_CHAIR = re.compile(r"^(?P<who>(?:næst)?formanden)\b\s*(?P<rest>.*)$", re.IGNORECASE)
_FROM = re.compile(r"^(?:fra|via)\s+(?P<who>.+?)$", re.IGNORECASE)
_FOR = re.compile(r"^for\s+(?P<who>.+?)$", re.IGNORECASE)
_EACH = re.compile(r"^(?:hhv\.?|henholdsvis)\s+(?P<names>.+)$", re.IGNORECASE)
_PAREN = re.compile(r"\(\s*([^()]*?)\s*\)")
_SENTENCE = re.compile(r"(?<=[a-zæøå0-9)])\.\s+(?=[A-ZÆØÅ])")
_CLAUSE_WORDS = {"der", "som", "udpeges", "udpeget", "vælges", "valgt", "fra", "via", "efter", "blandt", "indstillet"}


@dataclass
class ParsedSeat:
    count: int
    role: str = "medlem"
    appointed_by: str | None = None
    nominated_by: str | None = None
    criteria: str | None = None
    voting: bool = True
    line: int = 0

    def to_dict(self) -> dict:
        """The public seat row (CLI contract)."""
        return asdict(self)

    def key(self) -> tuple:
        return (self.count, self.role, self.appointed_by, self.nominated_by, self.criteria, self.voting)


@dataclass
class ParsedComposition:
    stated_total: int | None = None
    seats: list[ParsedSeat] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _LineError(ValueError):
    pass


class _NothingToWrite(Exception):
    """A dry run (or a text the body already has) rolls its session back by leaving it with this."""

    def __init__(self, report: SeatImportReport) -> None:
        super().__init__()
        self.report = report


# --- words -----------------------------------------------------------------------------------------------------


def _count(word: str) -> int:
    word = word.casefold()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _tidy(text: str | None) -> str | None:
    """Criteria as printed, without the joining words and punctuation left where clauses were taken out."""
    if text is None:
        return None
    text = " ".join(text.split())
    previous = None
    while previous != text:
        previous = text
        text = text.strip(" ,;:.")
        text = re.sub(r"^(?:der|som|og|samt)\s+", "", text, flags=re.IGNORECASE)
        text = re.sub(r"\s+(?:og|samt)$", "", text, flags=re.IGNORECASE)
        text = re.sub(r"^til\s+(?:bestyrelsen|udvalget|styregruppen|rådet|gruppen)\b", "", text,
                      flags=re.IGNORECASE)
    text = re.sub(r"\s+,", ",", text)
    return text or None


def _party(who: str | None, region: str | None) -> str | None:
    """An appointing or nominating party: municipalities and regions by their official name, "Regionsrådet" as
    the body's region when that is known, anything else as written."""
    who = _tidy(who)
    if not who:
        return None
    if region and who.casefold() in REGION_COUNCIL:
        return region
    return resolve_organisation(who)


def _role_word(word: str) -> str | None:
    return SEAT_WORDS.get(word.casefold().strip(",.;:")) or (
        normalise_role(word.strip(",.;:"), default=None) if word.strip(",.;:") else None)


# --- one seat --------------------------------------------------------------------------------------------------


def _clauses(seat: ParsedSeat, text: str, region: str | None, *, from_allowed: bool) -> None:
    """Role, appointer, nominator and criteria from what follows the count."""
    # "(udpeget af repræsentantskabet)": the clause counts as if it stood without brackets; a bracket with just a
    # municipality ("(Aalborg Kommune)") names who appoints.
    named = None

    def unwrap(m: re.Match) -> str:
        nonlocal named
        inner = m.group(1)
        if _APPOINTED.search(inner) or _NOMINATED.search(inner):
            return f", {inner},"
        if resolve_organisation(inner) != inner or inner.casefold() in REGION_COUNCIL:
            named = inner
            return " "
        return m.group(0)

    text = _PAREN.sub(unwrap, text)
    words = text.split()
    role_at = None
    for i, word in enumerate(words[:4]):
        if word.casefold().strip(",") in _CLAUSE_WORDS:
            break
        if _role_word(word) and word.casefold().strip(",.;:") != "indsuppleret":
            role_at = i
            break
    # "indsupplerede medlemmer" is one role in two words.
    if role_at is not None and role_at > 0 and _role_word(f"{words[role_at - 1]} {words[role_at]}"):
        role_at -= 1
        seat.role = _role_word(f"{words[role_at]} {words[role_at + 1]}")
        adjectives, rest = [], " ".join(words[role_at + 2:])
    elif role_at is not None:
        seat.role = _role_word(words[role_at])
        adjectives, rest = words[:role_at], " ".join(words[role_at + 1:])
    else:
        adjectives, rest = [], text
    appointed = _APPOINTED.search(rest)
    if appointed:
        seat.appointed_by = _party(appointed.group("who"), region)
        rest = rest[:appointed.start()] + " " + rest[appointed.end():]
    nominated = _NOMINATED.search(rest)
    if nominated:
        seat.nominated_by = _party(nominated.group("who"), region)
        rest = rest[:nominated.start()] + " " + rest[nominated.end():]
    rest = _tidy(rest) or ""
    source = _FROM.match(rest) if (from_allowed or role_at is not None) and not adjectives else None
    if source is None and role_at is not None and words[role_at].casefold().startswith("repræsentant"):
        source = _FOR.match(rest)
    if source and not seat.appointed_by:
        seat.appointed_by = _party(source.group("who"), region)
        rest = ""
    if named and not seat.appointed_by:
        seat.appointed_by = _party(named, region)
    seat.criteria = _tidy(" ".join(adjectives + [rest]))
    if seat.role == "observatør" or "uden stemmeret" in (seat.criteria or "").casefold():
        seat.voting = False


def _split_each(seat: ParsedSeat, region: str | None) -> list[ParsedSeat]:
    """ "4 fra hhv KU, DTU, CBS og RUC": one seat from each when the names match the count."""
    each = _EACH.match(seat.appointed_by or "")
    if not each:
        return [seat]
    names = [n for n in re.split(r",\s*|\s+og\s+", each.group("names")) if n.strip()]
    if len(names) != seat.count:
        seat.appointed_by = _party(each.group("names"), region)
        return [seat]
    return [ParsedSeat(1, seat.role, _party(n, region), seat.nominated_by, seat.criteria, seat.voting)
            for n in names]


def parse_seat(text: str, region: str | None = None, *, after_appointer: bool = False,
               bullet: bool = True) -> tuple[list[ParsedSeat], bool]:
    """One printed seat (or one part of a line). Returns the seats and whether the count was missing (an item
    without a count is read as one place)."""
    text = text.strip().rstrip(" ,;.")
    if not text:
        raise _LineError("linjen er tom")
    band = _BAND.match(text)
    if band:
        op = "under" if band.group("op") in {"<", "under"} else "over"
        seat = ParsedSeat(_count(band.group("n")))
        _clauses(seat, band.group("rest"), region, from_allowed=True)
        seat.criteria = _tidy(f"kommune med {op} {band.group('limit')} {band.group('unit').casefold()}"
                              + (f", {seat.criteria}" if seat.criteria else ""))
        return [seat], False
    chair = _THE_CHAIR.match(text)
    if chair:  # "og formanden for Rammeaftalen": one seat, held by the chair of something else, not this body's
        seat = ParsedSeat(1)
        _clauses(seat, chair.group("rest"), region, from_allowed=False)
        seat.criteria = _tidy(f"{chair.group('who')} {seat.criteria or ''}")
        return [seat], False
    m = _APPOINTER_FIRST.match(text) or _HAS.match(text) or (after_appointer and _WHO_COUNT.match(text))
    if m:
        seat = ParsedSeat(_count(m.group("n")))
        _clauses(seat, m.group("rest"), region, from_allowed=True)
        who = m.group("who")
        if m.re is _HAS:  # "Den kommune, der yder …, har 1 plads": who is the description; the bracket appoints
            seat.criteria = _tidy(", ".join(x for x in (who, seat.criteria) if x))
        elif not seat.appointed_by:
            seat.appointed_by = _party(who, region)
        return [seat], False
    m = _COUNT_FIRST.match(text)
    if m and m.group("rest")[:1] not in {".", ","} and not m.group("rest").startswith(("%", "-")):
        seat = ParsedSeat(_count(m.group("n")))
        _clauses(seat, m.group("rest"), region, from_allowed=True)
        return _split_each(seat, region), False
    if not bullet:
        raise _LineError("der står intet antal pladser (fx »2 medlemmer udpeget af KKR«)")
    seat = ParsedSeat(1)
    _clauses(seat, text, region, from_allowed=True)
    if seat.criteria and not seat.appointed_by and not any(_role_word(w) for w in text.split()):
        # "• Københavns Kommune", "• Novo Nordisk": an organisation named alone sends one member.
        seat.appointed_by, seat.criteria = _party(seat.criteria, region), None
    return [seat], True


def parse_line(text: str, region: str | None = None, *, bullet: bool = True) -> tuple[list[ParsedSeat], bool]:
    """Every seat on one printed line: "1 fra KKR Hovedstaden + 1 fra KKR Sjælland + 1 fra Københavns Kommune"."""
    seats: list[ParsedSeat] = []
    guessed = False
    after_appointer = False
    for part in _SPLIT.split(text):
        found, missing = parse_seat(part, region, after_appointer=after_appointer, bullet=bullet)
        seats += found
        guessed = guessed or missing
        after_appointer = after_appointer or bool(_APPOINTER_FIRST.match(part.strip()))
    return seats, guessed


# --- text ------------------------------------------------------------------------------------------------------


def _entries(text: str) -> list[tuple[int, str, bool]]:
    """(first line, text, is a bullet item) with PDF line breaks joined: a line continues the entry above it
    unless it is a bullet, a heading, a population band, or a seat after a line that ended with punctuation
    (a count alone is not enough: "udpeget af de" / "29 kommuner")."""
    entries: list[tuple[int, str, bool]] = []
    open_entry = False
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        is_item, body = _split_bullet(raw)
        body = normalise_text(body)
        if not body:
            continue
        count_start = re.match(rf"^{_COUNT}(?:\s+|(?=[a-zæøå]))(?P<word>\S+)", body, re.IGNORECASE)
        seat_start = bool(count_start) and (
            entries and entries[-1][1].endswith((",", ";", ":", ".", "…"))
            or bool(_role_word(count_start.group("word")) or count_start.group("word").casefold() in {"fra", "via"}))
        starts = is_item or not open_entry or bool(_BAND.match(body) or _HEADING.search(body)) or seat_start
        if entries and not starts:
            line, prev, bullet = entries[-1]
            entries[-1] = (line, _join(prev, body), bullet)
        else:
            entries.append((number, body, is_item))
        open_entry = not body.endswith((".", ":"))
    return entries


def parse_composition(text: str, region: str | None = None) -> ParsedComposition:
    """Read a composition text. Raises UserError naming the first line that cannot be read."""
    result = ParsedComposition()
    entries = _entries(text)
    heading_at = next((i for i, (_n, body, _b) in enumerate(entries) if _HEADING.search(body)), None)
    # Without a "består af" heading, the list starts at the first sentence that reads as seats.
    start = heading_at if heading_at is not None else 0
    ended = False
    for index, (number, body, bullet) in enumerate(entries[start:], start=start):
        if ended:
            result.warnings.append(f"Linje {number}: teksten efter sammensætningen er ikke læst (»{_short(body)}«).")
            continue
        sentences = _SENTENCE.split(body)
        try:
            if index == heading_at:
                first = _read_heading(result, sentences[0], region)
                bullet = False
            else:
                if heading_at is None and not result.seats and not bullet:
                    while sentences and not _starts_seat(sentences[0]):
                        sentences.pop(0)  # a title above the list ("National & Regional erhvervsfremme.")
                    if not sentences:
                        continue
                first = sentences[0]
                if first.endswith(":") and not _starts_seat(first):
                    continue  # a sub-heading inside the list ("Kommuner med:", "Øvrige:")
            later = sentences[1:]
            seats, guessed = parse_line(first, region, bullet=bullet) if first else ([], False)
        except _LineError as exc:
            raise UserError(f"Linje {number} kan ikke læses: {exc} (»{_short(body)}«). Intet er indlæst.") from None
        for seat in seats:
            seat.line = number
        result.seats += seats
        if guessed:
            result.warnings.append(f"Linje {number}: intet antal; læst som 1 plads (»{_short(first)}«).")
        if later or (seats and not bullet and body.endswith(".")):
            ended = True
            if later:
                result.warnings.append(f"Linje {number}: teksten efter sammensætningen er ikke læst "
                                       f"(»{_short(' '.join(later))}«).")
    if not result.seats:
        raise UserError("Teksten nævner ingen pladser; indsæt sammensætningen, som den står i papiret, fx "
                        "»Bestyrelsen består af 9 medlemmer:« med en linje pr. slags plads.")
    return result


def _starts_seat(text: str) -> bool:
    return bool(_BAND.match(text) or _APPOINTER_FIRST.match(text) or _HAS.match(text)
                or re.match(rf"^{_COUNT}(?:\s|[a-zæøå])", text, re.IGNORECASE))


def _read_heading(result: ParsedComposition, text: str, region: str | None) -> str | None:
    """Take the stated total from a heading; returns the seats the heading itself lists (a sentence like
    "sammensat af i alt 10 fag- eller kommunaldirektører udpeget af de 29 kommuner"), or None."""
    m = _HEADING_SPLIT.match(text)
    rest = m.group("rest") if m else ""
    total = _TOTAL.match(rest)
    if total:
        result.stated_total = _count(total.group("n"))
        return None
    alt = _I_ALT.match(rest)
    if alt:
        result.stated_total = _count(alt.group("n"))
        return f"{alt.group('n')} {alt.group('rest')}" if alt.group("rest").strip(" :") else None
    rest = rest.strip(" :")
    return rest or None


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def sum_warnings(parsed: ParsedComposition) -> list[str]:
    """The heading's total against the list, with and without observers; bands per population apart."""
    out = []
    total = sum(s.count for s in parsed.seats)
    voting = sum(s.count for s in parsed.seats if s.voting)
    from kkrdesk.services.composition import is_population_band

    if any(is_population_band(s.criteria) for s in parsed.seats):
        out.append("Pladserne efter indbyggertal gælder hver kommune for sig (kun ét af trinene); summen er "
                   "derfor ikke organets størrelse.")
    stated = parsed.stated_total
    if stated is not None and stated not in {total, voting}:
        if total == voting:
            out.append(f"Overskriften siger {stated} medlemmer, men listen giver {total} (ingen observatører).")
        else:
            out.append(f"Overskriften siger {stated} medlemmer, men listen giver {total} med observatører og "
                       f"{voting} uden.")
    return out


# --- formatting (the inverse, for tests and for showing a body's seats as a paper prints them) ------------------


def _count_text(n: int, words: bool) -> str:
    if words and n <= 12:
        return next(w for w, v in NUMBER_WORDS.items() if v == n and w not in {"et", "én", "ét"})
    return str(n)


def format_seat(seat: ParsedSeat | dict, *, words: bool = False) -> str:
    """ "3 medlemmer, der udpeges af KKR efter indstilling fra X, som skal være folkevalgt"."""
    s = seat if isinstance(seat, ParsedSeat) else ParsedSeat(**{k: seat[k] for k in (
        "count", "role", "appointed_by", "nominated_by", "criteria", "voting")})
    one, several = ROLE_WORDS[s.role]
    text = f"{_count_text(s.count, words)} {one if s.count == 1 else several}"
    if s.appointed_by:
        text += f", der udpeges af {s.appointed_by}"
    if s.nominated_by:
        text += f" efter indstilling fra {s.nominated_by}"
    if s.criteria:
        text += f", som {s.criteria}"
    if not s.voting and s.role != "observatør":
        text += " (uden stemmeret)"
    return text


def format_composition(seats: list, stated_total: int | None = None, *, name: str = "Organet",
                       bullet: str = "•", words: bool = False) -> str:
    heading = f"{name} består af {stated_total} medlemmer:" if stated_total is not None else f"{name} består af:"
    lines = [heading] + [f"{bullet} {format_seat(s, words=words)}".strip() for s in seats]
    return "\n".join(lines) + "\n"


def read_text(path) -> str:
    """A composition saved as text: UTF-8 (with or without BOM), else Windows-1252 as Danish Word saves it."""
    from pathlib import Path

    path = Path(path)
    if not path.is_file():
        raise UserError(f"Filen {path} findes ikke.")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


# --- import ----------------------------------------------------------------------------------------------------


@dataclass
class SeatImportReport:
    body: str
    stated_total: int | None
    seats: list[ParsedSeat]
    warnings: list[str]
    added: int = 0
    existing: int = 0
    written: bool = False

    @property
    def sum(self) -> int:
        return sum(s.count for s in self.seats)

    @property
    def voting_sum(self) -> int:
        return sum(s.count for s in self.seats if s.voting)

    def to_dict(self) -> dict:
        """The CLI's --json, exactly as issue 16 names it."""
        return {"body": self.body, "stated_total": self.stated_total, "sum": self.sum, "voting_sum": self.voting_sum,
                "seats": [s.to_dict() for s in self.seats], "warnings": list(self.warnings),
                "written": self.written}

    def summary(self) -> str:
        counts = f"{len(self.seats)} slags pladser, i alt {self.sum} ({self.voting_sum} med stemmeret)"
        if not self.written and not self.added:
            if self.existing == len(self.seats):
                return f"{self.body}: {counts}; organet har dem allerede, intet er tilføjet."
            return f"{self.body}: {counts} læst; {self.added or len(self.seats) - self.existing} nye, intet er gemt " \
                   "(prøvekørsel)."
        return f"{self.body}: {self.added} pladser tilføjet, {self.existing} fandtes allerede; {counts}."


def import_seats(store: Store, text: str, body: str, *, dry_run: bool = False) -> SeatImportReport:
    """Read a composition and add its seats to a body in one transaction, all or nothing. A seat the body already
    has (same count, role, appointer, nominator, criteria and vote) is not added again, so the same text twice adds
    nothing. Every seat passes member_edit's seat rules; a broken one stops the import with its line number."""
    from kkrdesk.services import composition, member_edit
    from kkrdesk.services.listing import find_body

    try:
        with store.session() as s:
            target = find_body(s, body)
            region = composition.body_region(target)
            parsed = parse_composition(text, region)
            report = SeatImportReport(target.name, parsed.stated_total, parsed.seats,
                                      parsed.warnings + sum_warnings(parsed))
            unmatched = list(target.seats)
            new: list[Seat] = []
            for row in parsed.seats:
                fields = {"count": row.count, "role": row.role, "appointed_by": row.appointed_by,
                          "nominated_by": row.nominated_by, "criteria": row.criteria, "voting": row.voting,
                          "note": None}
                try:
                    # First tidied as a seat of no body in particular, to find it among the body's seats …
                    seat = Seat()
                    member_edit.fill_seat(seat, Body(name=target.name), **fields)
                    same = next((x for x in unmatched if _seat_key(x) == _seat_key(seat)), None)
                    if same is not None:
                        unmatched.remove(same)
                        report.existing += 1
                        continue
                    # … then checked against the body's rules ('højst N medlemmer') with the seats before it.
                    seat = Seat()
                    member_edit.fill_seat(seat, target, **fields)
                except UserError as exc:
                    raise UserError(f"Linje {row.line}: {exc.message} Intet er indlæst.") from None
                seat.body = target  # counted by the next seat's check
                new.append(seat)
            report.added = len(new)
            if target.odd_members:
                voting = composition.member_seat_total(target.seats)
                if voting and voting % 2 == 0:
                    report.warnings.append(f"{target.name} skal have et ulige antal medlemmer, men pladserne giver "
                                           f"{voting} med stemmeret.")
            if dry_run or not new:
                raise _NothingToWrite(report)  # leaves the session the way every failed action leaves it
            s.add_all(new)
            report.written = True
    except _NothingToWrite as nothing:
        return nothing.report
    store.notify(SEAT_KINDS)
    return report


def _seat_key(seat: Seat) -> tuple:
    return (seat.count, seat.role, seat.appointed_by, seat.nominated_by, seat.criteria, bool(seat.voting))
