"""Benchmark: the bilag bundle of a generated meeting against a bare pypdf merge of the same files and qpdf (the
floor, when installed), each a whole fresh process, interleaved; time and peak RSS.

The bilag are realistic: text PDFs (reportlab) and scanned pages (one JPEG image per page, as a scanner makes
them). The meeting is made through the services (create_meeting, add_item, add_bilag) and cached in
bench/.cache, so a second run starts measuring at once.

    .venv/bin/python bench/packet.py                       # 1,500 pages, a third scanned
    .venv/bin/python bench/packet.py --pages 6000 --scanned 1 --rounds 1   # the memory figure
    .venv/bin/python bench/packet.py --save results.json   # also append the figures to a JSON file
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import PY, Run, measure, program, save  # noqa: E402

CACHE = Path(__file__).resolve().parent / ".cache"
ITEMS = 40
PAGES_PER_BILAG = 12.5  # 1,500 pages = 120 bilag


def text_pdf(pages: int, label: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for n in range(pages):
        c.setFont("Helvetica-Bold", 14)
        c.drawString(72, 760, f"{label} – side {n + 1}")
        c.setFont("Helvetica", 10)
        y = 730
        for line in range(40):
            c.drawString(72, y, f"Linje {line + 1}: Kommunerne i hovedstadsområdet samarbejder om sundhed og trafik.")
            y -= 15
        c.showPage()
    c.save()
    return buf.getvalue()


_SCAN_BASE = None


def scanned_pdf(pages: int, label: str, rng: random.Random) -> bytes:
    """A scanned document: one greyscale JPEG per page (150 dpi A4, paper noise and lines of 'text')."""
    from PIL import Image, ImageDraw

    global _SCAN_BASE
    if _SCAN_BASE is None:
        noise = Image.effect_noise((1240, 1754), 18).point(lambda v: 200 + v // 5)
        _SCAN_BASE = noise
    images = []
    for n in range(pages):
        img = _SCAN_BASE.copy()
        draw = ImageDraw.Draw(img)
        draw.text((120, 100), f"{label} – side {n + 1}", fill=0)
        y = 180
        for _ in range(45):
            draw.rectangle((120, y, 120 + rng.randint(500, 1000), y + 9), fill=rng.randint(30, 90))
            y += 32
        images.append(img)
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=150, quality=60)
    return buf.getvalue()


def build_meeting(store, folder: Path, pages: int = 1500, scanned: float = 0.0) -> tuple[int, list[Path]]:
    """A meeting of 40 items whose bilag have `pages` pages in all (a share of them scanned), made through the
    services; the bilag files are written to `folder`. Returns (meeting id, files)."""
    from kkrdesk.services import bilag, meetings

    n_bilag = round(pages / PAGES_PER_BILAG)
    sizes = [pages // n_bilag] * n_bilag
    for n in range(pages - sum(sizes)):
        sizes[n] += 1
    rng = random.Random(14)
    scanned_set = set(rng.sample(range(n_bilag), round(n_bilag * scanned)))
    mid = meetings.create_meeting(store, "KKR Benchmark", "2025-09-17", standing=False)
    files = []
    per_item = max(1, n_bilag // ITEMS)
    item_id = None
    for k in range(n_bilag):
        if k % per_item == 0:
            i = k // per_item
            item_id = meetings.add_item(store, mid, f"Sag nummer {i + 1} om fælles indsatser", type="Beslutningssag",
                                        public=i % 10 != 9, resume="Resumé " * 40,
                                        indstilling="Det indstilles, at KKR godkender.")
        label = f"Bilag {k + 1}"
        data = scanned_pdf(sizes[k], label, rng) if k in scanned_set else text_pdf(sizes[k], label)
        path = folder / f"bilag{k:04d}.pdf"
        path.write_bytes(data)
        files.append(path)
        bilag.add_bilag(store, item_id, path, title=f"Bilag {k + 1} om økonomi", public=k % 7 != 6)
    return mid, files


def build(pages: int, scanned: float) -> tuple[Path, int, list[Path]]:
    """The cached store, meeting id and bilag files for this size."""
    folder = CACHE / f"packet-{pages}-{int(scanned * 100)}"
    db = folder / "bench.sqlite"
    if (folder / "done").exists():
        files = sorted(folder.glob("bilag*.pdf"))
        return db, int((folder / "done").read_text()), files
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    from kkrdesk.store import open_store

    store = open_store(db)
    mid, files = build_meeting(store, folder, pages, scanned)
    store.close()
    (folder / "done").write_text(str(mid))
    return db, mid, files


BARE = """
import sys
from pypdf import PdfWriter
writer = PdfWriter()
for path in open(sys.argv[1]).read().split("\\n"):
    writer.append(path, import_outline=False)
with open(sys.argv[2], "wb") as fh:
    writer.write(fh)
"""


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1500)
    ap.add_argument("--scanned", type=float, default=1 / 3, help="share of bilag that are scans (0–1)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--save", help="append the figures to this JSON file")
    args = ap.parse_args()
    db, mid, files = build(args.pages, args.scanned)
    size = sum(f.stat().st_size for f in files) / 2**20
    print(f"Møde {mid}: {len(files)} bilag, {args.pages} sider, {args.scanned:.0%} scannede, {size:.0f} MB filer")
    out = db.parent / "out"
    out.mkdir(exist_ok=True)
    listing = db.parent / "files.txt"
    listing.write_text("\n".join(str(f) for f in files))
    runs = [*program([PY, "-m", "kkrdesk", "export", "packet", str(mid), "--out", str(out / "bundt.pdf"),
                      "--db", str(db)]),
            Run("pypdf", [PY, "-c", BARE, str(listing), str(out / "merge.pdf")])]
    if shutil.which("qpdf"):
        runs.append(Run("qpdf", ["qpdf", "--empty", "--pages", *map(str, files), "--", str(out / "qpdf.pdf")]))
    figure = f"bilagsbundt {args.pages} s., {args.scanned:.0%} scan"
    save([measure(figure, runs, rounds=args.rounds, warm=args.rounds > 1)], args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())
