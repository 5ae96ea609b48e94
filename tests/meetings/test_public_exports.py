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
