"""Benchmark: the bilag bundle of a generated meeting (40 items, 120 bilag, 1,500 pages) against a bare pypdf
merge of the same files, side by side, with peak memory; and FTS5 search across 2,000 items.

    .venv/bin/python bench/packet.py            # prints the figures
"""

from __future__ import annotations

import gc
import io
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ITEMS, BILAG, PAGES = 40, 120, 1500


def make_pdf(pages: int, label: str) -> bytes:
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


def build_meeting(store, folder: Path) -> tuple[int, list[Path]]:
    from kkrdesk.models import AgendaItem, Bilag, Meeting
    from kkrdesk.services import meetings
    from kkrdesk.services.bilag import count_pages, store_blob

    mid = meetings.create_meeting(store, "KKR Benchmark", "2025-09-17", standing=False)
    sizes = [PAGES // BILAG] * BILAG  # 12 or 13 pages each, 1,500 in all
    for n in range(PAGES - sum(sizes)):
        sizes[n] += 1
    files = []
    with store.session() as s:
        meeting = s.get(Meeting, mid)
        for i in range(ITEMS):
            item = AgendaItem(number=f"3.{i + 1}", position=i, title=f"Sag nummer {i + 1} om fælles indsatser",
                              type="Beslutningssag", public=i % 10 != 9, resume="Resumé " * 40,
                              indstilling="Det indstilles, at KKR godkender.")
            for j in range(BILAG // ITEMS):
                k = i * (BILAG // ITEMS) + j
                data = make_pdf(sizes[k], f"Bilag {i + 1}.{j + 1}")
                path = folder / f"bilag{k:03d}.pdf"
                path.write_bytes(data)
                files.append(path)
                item.bilag.append(Bilag(position=j, title=f"Bilag {k + 1} om økonomi", public=True,
                                        blob=store_blob(s, data, path.name, "application/pdf"),
                                        page_count=count_pages(data, "application/pdf")))
            meeting.items.append(item)
    return mid, files


def bare_merge(files: list[Path], out: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for path in files:
        writer.append(str(path), import_outline=False)
    with open(out, "wb") as fh:
        writer.write(fh)


def timed(fn, *args, **kwargs) -> tuple[float, int]:
    tracemalloc.start()
    start = time.perf_counter()
    fn(*args, **kwargs)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def main() -> int:
    from kkrdesk.exports.packet_pdf import build_packet
    from kkrdesk.services import meetings, search
    from kkrdesk.store import open_store

    with tempfile.TemporaryDirectory(prefix="kkrdesk-bench-") as tmp:
        tmp = Path(tmp)
        store = open_store(tmp / "bench.sqlite")
        t0 = time.perf_counter()
        mid, files = build_meeting(store, tmp)
        print(f"Genereret møde: {ITEMS} punkter, {BILAG} bilag, {PAGES} sider ({time.perf_counter() - t0:.1f} s)")
        # side by side, alternating, three rounds each; time without tracemalloc, memory in a separate run
        merge_times, bundle_times, merge_nogc_times = [], [], []
        for _ in range(3):
            t = time.perf_counter()
            bare_merge(files, tmp / "merge.pdf")
            merge_times.append(time.perf_counter() - t)
            gc.disable()  # the bundle switches the cyclic GC off while it builds; the same for a fair second figure
            t = time.perf_counter()
            bare_merge(files, tmp / "merge.pdf")
            merge_nogc_times.append(time.perf_counter() - t)
            gc.enable()
            t = time.perf_counter()
            result = build_packet(store, mid, tmp / "bundt.pdf")
            bundle_times.append(time.perf_counter() - t)
        merge, bundle = statistics.median(merge_times), statistics.median(bundle_times)
        _, merge_peak = timed(bare_merge, files, tmp / "merge.pdf")
        _, bundle_peak = timed(build_packet, store, mid, tmp / "bundt.pdf")
        print(f"Bare pypdf-fletning: {merge:.2f} s (median af 3), top-hukommelse {merge_peak / 2**20:.0f} MB")
        print(f"Bilagsbundt:         {bundle:.2f} s (median af 3), top-hukommelse {bundle_peak / 2**20:.0f} MB, "
              f"{result['pages']} sider")
        merge_nogc = statistics.median(merge_nogc_times)
        print(f"Bare fletning uden cyklisk GC: {merge_nogc:.2f} s (median af 3)")
        print(f"Forhold bundt/fletning: {bundle / merge:.2f} (mål ≤ 1,5); "
              f"mod fletning uden GC: {bundle / merge_nogc:.2f}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"Processens max RSS: {rss:.0f} MB (mål < 500 MB)")

        # search across 2,000 items
        from kkrdesk.models import AgendaItem, Meeting

        mid2 = meetings.create_meeting(store, "KKR Søg", "2025-10-01", standing=False)
        with store.session() as s:
            m = s.get(Meeting, mid2)
            for n in range(2000 - ITEMS):
                m.items.append(AgendaItem(number=f"{n // 100 + 1}.{n % 100 + 1}", position=n,
                                          title=f"Punkt {n} om emne{n % 97}",
                                          sagsfremstilling=f"Kommunerne drøfter emne{n % 53} og sundhedsklynger. "
                                          * 20))
        queries = ["sundhedsklynger", "emne7", "emne12 kommunerne", "økonomi", "findesikke"]
        for q in queries:
            search.search(store, q)  # warm
        samples = []
        for _ in range(20):
            for q in queries:
                t = time.perf_counter()
                search.search(store, q)
                samples.append((time.perf_counter() - t) * 1000)
        print(f"Søgning over 2.000 punkter: median {statistics.median(samples):.1f} ms, "
              f"max {max(samples):.1f} ms (mål < 100 ms)")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
