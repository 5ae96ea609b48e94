"""Command-line benchmarks on the demo store, each a whole fresh process against a fresh-process baseline on the
same input (bench/harness.py): `list meetings --json` against sqlite3 + json, `calc split` against the same sums
in plain Python, `import members` of 500 lines against raw sqlite3 inserts of the same rows.

    .venv/bin/python bench/cli.py [--rounds N] [--save results.json]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import PY, Run, measure, program, save  # noqa: E402

RAW_LIST = """
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
rows = con.execute("SELECT m.id, m.title, m.date, b.name, m.state, (SELECT count(*) FROM agenda_item i "
                   "WHERE i.meeting_id = m.id) FROM meeting m JOIN body b ON b.id = m.body_id ORDER BY m.date")
print(json.dumps([dict(id=r[0], title=r[1], date=r[2], body=r[3], state=r[4], items=r[5]) for r in rows],
                 ensure_ascii=False, indent=2))
"""

RAW_SPLIT = """
import csv, sys
from decimal import Decimal, ROUND_HALF_UP
rows = [(r[0], Decimal(r[1])) for r in csv.reader(open(sys.argv[1], encoding="utf-8"))]
total = Decimal(sys.argv[2]); weight = sum(w for _, w in rows)
for name, w in rows:
    print(name, (total * w / weight).quantize(Decimal(1), ROUND_HALF_UP))
"""

RAW_IMPORT = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
body = con.execute("SELECT id FROM body WHERE short_name = 'VUB' OR name = 'VUB'").fetchone()[0]
for line in open(sys.argv[2], encoding="utf-8"):
    if not line.startswith("– "):
        continue
    name, title, org = (line[2:].strip().split(", ") + [None, None])[:3]
    cur = con.execute("INSERT INTO person (name, title, organisation) VALUES (?, ?, ?)", (name, title, org))
    con.execute("INSERT INTO membership (person_id, body_id, role, start) VALUES (?, ?, 'medlem', '2026-01-01')",
                (cur.lastrowid, body))
con.commit()
"""

FIRST = ("Anne", "Bo", "Carsten", "Dorthe", "Erik", "Frida", "Gitte", "Hans", "Ida", "Jens", "Karen", "Lars")
LAST = ("Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen")
TOWNS = ("Albertslund", "Allerød", "Ballerup", "Bornholm", "Brøndby", "Dragør", "Egedal", "Fredensborg",
         "Frederiksberg", "Furesø", "Gentofte", "Gladsaxe", "Glostrup", "Gribskov", "Halsnæs", "Helsingør")


def member_list(n: int) -> str:
    lines = ["Udvalgets sammensætning:"]
    for k in range(n):
        # unique names without digits (a name with digits is refused): first × middle × last
        name = f"{FIRST[k % 12]} {LAST[k // 12 % 9]} {LAST[k // 108 % 9]}{'sen' * (k // 972)}"
        lines.append(f"– {name}, Borgmester, {TOWNS[k % len(TOWNS)]} Kommune")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--save")
    args = ap.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        demo = tmp / "demo.sqlite"
        subprocess.run([PY, "-m", "kkrdesk", "demo", "--db", str(demo)], check=True, capture_output=True)
        results.append(measure("list meetings --json", [
            *program([PY, "-m", "kkrdesk", "list", "meetings", "--json", "--db", str(demo)]),
            Run("sqlite3 + json", [PY, "-c", RAW_LIST, str(demo)])], rounds=args.rounds))
        weights = tmp / "vaegte.csv"
        weights.write_text("".join(f"{t},{1000 + 37 * i}\n" for i, t in enumerate(TOWNS)), encoding="utf-8")
        results.append(measure("calc split", [
            *program([PY, "-m", "kkrdesk", "calc", "split", "--total", "2000000", "--weights", str(weights),
                      "--json"]),
            Run("python Decimal", [PY, "-c", RAW_SPLIT, str(weights), "2000000"])], rounds=args.rounds))
        members = tmp / "medlemmer.txt"
        members.write_text(member_list(500), encoding="utf-8")
        work = tmp / "work.sqlite"

        def fresh_copy():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{work}{suffix}").unlink(missing_ok=True)
            shutil.copy(demo, work)

        results.append(measure("import members 500 lines", [
            *program([PY, "-m", "kkrdesk", "import", "members", str(members), "--body", "VUB", "--db", str(work)],
                     prepare=fresh_copy),
            Run("sqlite3 inserts", [PY, "-c", RAW_IMPORT, str(work), str(members)], prepare=fresh_copy)],
            rounds=args.rounds))
    save(results, args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
