"""Helpers for the meeting tests: small PDFs made with reportlab and a kkrdesk-meeting/1 file with bilag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SECRET = "HEMMELIGXQ"  # a word that only closed items and closed bilag contain


def make_pdf(path: Path, pages: int = 1, text: str = "Bilagstekst") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.setTitle(f"{text} titel")
    for n in range(pages):
        c.drawString(72, 700, f"{text} side {n + 1}")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def pdf_factory(tmp_path):
    def factory(name: str, pages: int = 1, text: str = "Bilagstekst") -> Path:
        return make_pdf(tmp_path / name, pages, text)

    return factory


def meeting_json(folder: Path) -> Path:
    """A KKR meeting with an open item (open + closed bilag), a closed item and a broken bilag."""
    files = folder / "filer"
    files.mkdir(parents=True, exist_ok=True)
    make_pdf(files / "aaben.pdf", 2, "Aabent bilag")
    make_pdf(files / "lukket.pdf", 1, f"{SECRET} lukket bilagsindhold")
    make_pdf(files / "lukketpunkt.pdf", 1, f"{SECRET} bilag paa lukket punkt")
    (files / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a pdf\n")
    data = {
        "format": "kkrdesk-meeting/1", "body": "KKR Testregion", "title": "Møde i KKR Testregion",
        "date": "2025-09-17", "start": "09:00", "end": "11:00", "location": "Gentofte Rådhus",
        "items": [
            {"number": "3.5", "title": "Konsekvenser af sundhedsreformen for Klimaalliancen", "type": "Beslutningssag",
             "public": True,
             "sections": {"resume": "Kort resumé af sagen.", "indstilling": "Det indstilles, at KKR godkender.",
                          "beslutning": "Godkendt.", "oekonomi": "Ingen udgifter."},
             "bilag": [
                 {"title": "Aktivitetsplan 2025", "file": "filer/aaben.pdf", "public": True},
                 {"title": f"Forhandlingsnotat {SECRET}", "file": "filer/lukket.pdf", "public": False},
                 {"title": "Ødelagt bilag", "file": "filer/broken.pdf", "public": True},
             ]},
            {"number": "4.1", "title": f"Udpegning af {SECRET} direktør", "type": "Udpegning", "public": False,
             "sections": {"resume": f"Personsag om {SECRET}.", "beslutning": f"{SECRET} udpeget."},
             "bilag": [{"title": f"CV for {SECRET}", "file": "filer/lukketpunkt.pdf", "public": True}]},
            {"number": "5.1", "title": "Eventuelt", "type": "Orienteringssag", "public": True},
        ],
    }
    path = folder / "moede.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def meeting_file(tmp_path):
    return meeting_json(tmp_path / "ind")


@pytest.fixture
def imported(store, meeting_file):
    from kkrdesk.services.exchange import import_meeting

    return store, import_meeting(store, meeting_file)
