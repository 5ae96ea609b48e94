"""THE test: nothing of a closed item or a closed bilag reaches a public export — not in the text, the
bookmarks, the table of contents or the PDF metadata of the agenda, the bundle or the minutes."""

import pytest
from pypdf import PdfReader

from kkrdesk.exports.agenda_pdf import build_agenda
from kkrdesk.exports.minutes_pdf import build_minutes
from kkrdesk.exports.packet_pdf import build_packet

SECRET = "HEMMELIGXQ"  # as in conftest.meeting_json: only closed items and closed bilag contain it


def everything_in(path) -> str:
    reader = PdfReader(path)
    parts = [page.extract_text() or "" for page in reader.pages]
    parts += [str(v) for v in (reader.metadata or {}).values()]

    def walk(outline):
        for entry in outline:
            if isinstance(entry, list):
                walk(entry)
            else:
                parts.append(entry.title)
    walk(reader.outline)
    # Raw bytes too: catches text in objects that extract_text does not show (annotations, XMP, names).
    raw = path.read_bytes().decode("latin-1")
    return "\n".join(parts) + raw


def outline_titles(path) -> list[str]:
    titles = []

    def walk(outline):
        for entry in outline:
            if isinstance(entry, list):
                walk(entry)
            else:
                titles.append(entry.title)
    walk(PdfReader(path).outline)
    return titles


BUILDERS = {"agenda": build_agenda, "minutes": build_minutes,
            "packet": lambda store, mid, out, public: build_packet(store, mid, out, public=public)}


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_public_exports_hide_closed_items_and_bilag(imported, tmp_path, kind):
    store, mid = imported
    full = tmp_path / f"{kind}-fuld.pdf"
    public = tmp_path / f"{kind}-offentlig.pdf"
    BUILDERS[kind](store, mid, full, public=False)
    BUILDERS[kind](store, mid, public, public=True)
    full_text, public_text = everything_in(full), everything_in(public)
    assert SECRET in full_text  # the fixture really holds closed content, so the check below means something
    assert SECRET not in public_text
    for word in ("Forhandlingsnotat", "Udpegning af", "Personsag", "CV for", "lukket bilagsindhold"):
        assert word not in public_text, word
    text = " ".join(page.extract_text() for page in PdfReader(public).pages)
    assert "4.1 Lukket punkt" in text and "Offentlig udgave" in text


def test_public_bundle_outline_and_toc_list_only_open_bilag(imported, tmp_path):
    store, mid = imported
    out = tmp_path / "bundt.pdf"
    result = build_packet(store, mid, out, public=True)
    titles = outline_titles(out)
    assert titles == ["Dagsorden", "3.5 Konsekvenser af sundhedsreformen for Klimaalliancen",
                      "Bilag 3.5.1 Aktivitetsplan 2025", "Bilag 3.5.3 Ødelagt bilag", "4.1 Lukket punkt",
                      "5.1 Eventuelt"]
    assert result["bilag"] == 2


@pytest.mark.sqlite_only
@pytest.mark.parametrize("public", [False, True])
def test_the_command_lines_lean_read_makes_the_same_document(imported, public):
    """`kkrdesk export packet|agenda|minutes` reads a SQLite store with sqlite3 alone (read_rows): the one
    filter (meeting_document) gives it exactly what it gives the window's store, closed items hidden alike."""
    from kkrdesk.services.meetings import meeting_document
    from kkrdesk.store import read_rows

    store, mid = imported
    with read_rows(store.path) as query:
        lean = meeting_document(query, mid, public=public)
    assert lean == meeting_document(store, mid, public=public)
    assert ("Lukket punkt" in [i["title"] for i in lean["items"]]) is public
    assert all(not b["closed"] for i in lean["items"] for b in i["bilag"]) is public


@pytest.mark.sqlite_only
def test_the_command_line_public_bundle_hides_closed_items_and_bilag(imported, tmp_path, capsys):
    from kkrdesk.cli import main

    store, mid = imported
    out = tmp_path / "offentlig.pdf"
    assert main(["export", "packet", str(mid), "--out", str(out), "--public", "--db", str(store.path)]) == 0
    text = everything_in(out)
    assert "Offentlig udgave" in text and "Aktivitetsplan 2025" in text
    assert SECRET not in text
    missing = tmp_path / "intet.pdf"
    assert main(["export", "packet", "999", "--out", str(missing), "--db", str(store.path)]) == 1
    assert "Mødet med id 999 findes ikke" in capsys.readouterr().err and not missing.exists()
