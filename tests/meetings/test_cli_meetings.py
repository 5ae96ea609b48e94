"""The CLI contract of the Sager issue: `import meeting`, `export meeting|agenda|packet|minutes|cases`."""

import json

import pytest
from pypdf import PdfReader

from kkrdesk.cli import main


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_export_round_trip_and_pdfs(capsys, tmp_path, meeting_file):
    db = tmp_path / "cli.sqlite"
    code, out, err = run(capsys, "import", "meeting", meeting_file, "--json", "--db", db)
    assert code == 0, err
    meeting_id = json.loads(out)["id"]
    assert json.loads(out) == {"id": meeting_id} and isinstance(meeting_id, int)
    code, _, err = run(capsys, "export", "meeting", meeting_id, "--out", tmp_path / "ud" / "m.json", "--db", db)
    assert code == 0, err
    code, out, _ = run(capsys, "import", "meeting", tmp_path / "ud" / "m.json", "--json", "--db", db)
    assert code == 0 and json.loads(out)["id"] != meeting_id
    for what in ("agenda", "packet", "minutes"):
        for public in ((), ("--public",)):
            pdf = tmp_path / f"{what}{'-pub' if public else ''}.pdf"
            code, _, err = run(capsys, "export", what, meeting_id, "--out", pdf, *public, "--db", db)
            assert code == 0, err
            assert len(PdfReader(pdf).pages) >= 1
    code, _, err = run(capsys, "export", "cases", "--meeting", meeting_id, "--out", tmp_path / "s.xlsx", "--db", db)
    assert code == 0 and (tmp_path / "s.xlsx").exists()
    code, _, err = run(capsys, "export", "cases", "--out", tmp_path / "alle.xlsx", "--db", db)
    assert code == 0, err


def test_bad_import_exits_1_with_the_field_named(capsys, tmp_path, meeting_file):
    data = json.loads(meeting_file.read_text(encoding="utf-8"))
    data["items"][0]["number"] = "tre"
    meeting_file.write_text(json.dumps(data), encoding="utf-8")
    db = tmp_path / "cli.sqlite"
    code, out, err = run(capsys, "import", "meeting", meeting_file, "--json", "--db", db)
    assert code == 1 and out == "" and '"items[0].number"' in err and "Traceback" not in err
    code, out, _ = run(capsys, "list", "meetings", "--json", "--db", db)
    assert json.loads(out) == []


def test_export_of_unknown_meeting_is_exit_1(capsys, tmp_path):
    code, _, err = run(capsys, "export", "agenda", 42, "--out", tmp_path / "x.pdf", "--db", tmp_path / "t.sqlite")
    assert code == 1 and "findes ikke" in err


def test_usage_errors(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "packet", "1"])  # --out missing
    assert exc.value.code == 2
