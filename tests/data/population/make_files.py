"""Writes the three FOLK1A-shaped test files here (run once; the files are committed). Invented numbers."""

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
ROWS = [  # (label, 2024K1, 2024K2, 2025K1) — invented: a municipality's last three digits are its kommunekode
    ("Hele landet", 5900000, 5905000, 5950000),
    ("Region Hovedstaden", 1900000, 1901000, 1910000),
    ("Landsdel Byen København", 800000, 801000, 805000),
    ("København", 600101, 601101, 605101),
    ("Frederiksberg", 100147, 100247, 101147),
    ("Dragør", 14155, 14155, 15155),
    ("Tårnby", 42185, 42185, 43185),
    ("Høje-Taastrup", 55169, 55269, 56169),
    ("Region Sjælland", 850000, 851000, 855000),
    ("Greve", 50253, 50253, 51253),
    ("Køge", 60259, 60259, 61259),
]
CODES = {"København": 101, "Frederiksberg": 147, "Dragør": 155, "Tårnby": 185, "Høje-Taastrup": 169,
         "Greve": 253, "Køge": 259}
NOTE = "Testdata til KKR Desk: tallene er opdigtede (de sidste cifre er kommunekoden), ikke Danmarks Statistiks."


def dk(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def main() -> None:
    lines = ['"Befolkningen den 1. i kvartalet efter område og tid"', '"Enhed: Antal"', "",
             ';"2024K1";"2024K2";"2025K1"']
    lines += [";".join([f'"{label}"', *(dk(v) for v in vals)]) for label, *vals in ROWS]
    lines += ["", f'"{NOTE}"']
    (HERE / "folk1a-matrix-cp1252.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))

    out = ["OMRÅDE;KØN;TID;INDHOLD"]
    for label, a, _b, c in ROWS:
        for period, v in (("2024K1", a), ("2025K1", c)):
            out += [f"{label};I alt;{period};{v}", f"{label};Mænd;{period};{v // 2}",
                    f"{label};Kvinder;{period};{v - v // 2}"]
    (HERE / "folk1a-api-long.csv").write_bytes(("\ufeff" + "\r\n".join(out) + "\r\n").encode("utf-8"))

    wb = Workbook()
    ws = wb.active
    ws.title = "FOLK1A"
    ws.append(["Befolkningen den 1. i kvartalet efter område, køn og tid"])
    ws.append(["Enhed: Antal"])
    ws.append([None, None, "2024K1", "2025K1"])
    for label, a, _b, c in ROWS:
        ws.append([f"{CODES[label]} {label}" if label in CODES else label, "I alt", a, c])
    ws.append([])
    ws.append([NOTE])
    wb.save(HERE / "folk1a-matrix.xlsx")


if __name__ == "__main__":
    main()
