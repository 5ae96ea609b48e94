#!/usr/bin/env bash
# Smoke test of the frozen program (no Python needed): version, demo store, self-test, one PDF, one Excel file.
set -euo pipefail
exe="${1:-dist/kkrdesk}/kkrdesk"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM=offscreen KKRDESK_SETTINGS="$work/settings.ini" XDG_DATA_HOME="$work/data"
"$exe" --version
"$exe" demo --db "$work/demo.sqlite"
"$exe" --selftest --db "$work/demo.sqlite"
meeting=$("$exe" list meetings --json --db "$work/demo.sqlite" | grep -m1 '"id"' | tr -dc '0-9')
"$exe" export packet "$meeting" --out "$work/bilag.pdf" --public --db "$work/demo.sqlite"
"$exe" export cases --out "$work/sager.xlsx" --db "$work/demo.sqlite"
head -c 5 "$work/bilag.pdf" | grep -q '%PDF-' || { echo "Bilagsbundtet er ikke en PDF" >&2; exit 1; }
unzip -l "$work/sager.xlsx" 2>/dev/null | grep -q 'xl/workbook.xml' || head -c 2 "$work/sager.xlsx" | grep -q PK
if [ -n "${KKRDESK_SMOKE_PG:-}" ]; then  # an empty database on a server (.ci/run): the frozen driver works too
  "$exe" demo --db "$KKRDESK_SMOKE_PG"
  "$exe" check --db "$KKRDESK_SMOKE_PG" | grep -q "Integritet: i orden"
  "$exe" export packet "$meeting" --out "$work/bilag-pg.pdf" --public --db "$KKRDESK_SMOKE_PG"
fi
echo "Røgtest i orden: $exe"
