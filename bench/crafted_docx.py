"""Peak memory and time of reading crafted .docx files (issue 11, item 1).

Usage: .venv/bin/python bench/crafted_docx.py [--keep DIR]
Generates each file (as in the audit: a 324 KB file of empty runs or of empty
paragraphs, a zip of a few MB whose headers lie about its unpacked size, …) and
reads it with orglife.materials.importing.read_upload in fresh subprocesses, so each
figure is that file's alone: the wall and CPU time of read_upload and the growth
of the process's peak resident memory (ru_maxrss, which sees lxml's C
allocations too) over its baseline before reading; then, in another process, the
peak of Python's allocations (tracemalloc, which slows them, hence apart).
Target: under 200 MB and 5 s, refused or parsed. On a machine shared with other
work the wall time is the CPU time plus waiting for a core; the CPU column is
what the file costs.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.materials.importing.documents import claim_size  # noqa: E402  (one zip-header forger for tests and bench)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY_START = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>'.encode()
BODY_END = b"</w:body></w:document>"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b'<Override PartName="/word/styles.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    b"</Types>"
)
RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="word/document.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    b"</Relationships>"
)
DOCUMENT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Target="styles.xml" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"/>'
    b"</Relationships>"
)
STYLES = f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}"></w:styles>'.encode()


def docx(body_pieces, *, styles_pieces=None, extra_members: int = 0, claimed_size: int | None = None) -> bytes:
    """A minimal .docx whose document.xml is BODY_START + pieces + BODY_END, written piece by piece."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        with archive.open("word/styles.xml", "w") as member:
            if styles_pieces is None:
                member.write(STYLES)
            else:
                member.write(STYLES[: -len(b"</w:styles>")])
                for piece in styles_pieces:
                    member.write(piece)
                member.write(b"</w:styles>")
        for n in range(extra_members):
            archive.writestr(f"customXml/item{n}.xml", b"")
        with archive.open("word/document.xml", "w") as member:
            member.write(BODY_START)
            for piece in body_pieces:
                member.write(piece)
            member.write(BODY_END)
    data = out.getvalue()
    return data if claimed_size is None else claim_size(data, "word/document.xml", claimed_size)


def repeated(piece: bytes, total_bytes: int, batch_bytes: int = 1 << 20):
    """`piece` repeated to about `total_bytes`, in batches of about `batch_bytes`."""
    batch = piece * max(1, batch_bytes // len(piece))
    for _ in range(max(1, total_bytes // len(batch))):
        yield batch


def sample_docx(repeat: int) -> bytes:
    """The sample material, `repeat` times over, one paragraph per line: a long but real document."""
    lines = (ROOT / "fixtures/samples/branch-2022-material.txt").read_text(encoding="utf-8").splitlines()
    from xml.sax.saxutils import escape

    paragraphs = [f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>".encode() for line in lines] * repeat
    return docx(paragraphs)


CRAFTED = {
    # 216 MB of <w:r/> in one paragraph (36 million empty runs), zipped to 324 KB
    "empty-runs (36 M)": lambda: docx([b"<w:p>", *repeated(b"<w:r/>", 216 << 20), b"</w:p>"]),
    "empty-paragraphs (36 M)": lambda: docx(repeated(b"<w:p/>", 216 << 20)),
    # 2 GB of real XML (bookmarks padded with spaces) while the headers claim 2 KB
    "lying-header (2 GB real)": lambda: docx(
        repeated(b"<w:bookmarkEnd w:id='1'/>" + b" " * 4000, 2000 << 20, 4 << 20), claimed_size=2048
    ),
    "elements (8 M bookmarks)": lambda: docx(repeated(b"<w:bookmarkEnd w:id='1'/>", 50 << 20)),
    "deep-nesting (100,000)": lambda: docx(
        [b"<w:sdt><w:sdtContent>" * 100_000, b"<w:p/>", b"</w:sdtContent></w:sdt>" * 100_000]
    ),
    "styles.xml (4 M styles)": lambda: docx(
        [b"<w:p/>"], styles_pieces=repeated(b"<w:style w:styleId='a'/>", 100 << 20)
    ),
    "text (27 MB)": lambda: docx([b"<w:p><w:r><w:t>" + b"a" * (9 << 20) + b"</w:t></w:r></w:p>" for _ in range(3)]),
    "zip members (50,000)": lambda: docx([b"<w:p/>"], extra_members=50_000),
    "real: the sample x 30": lambda: sample_docx(30),
}


def child(path: str, trace: bool) -> None:
    """Read one file and print the figures as JSON (run in a fresh process).

    With `trace`, the peak of Python's allocations only: tracemalloc makes every
    allocation several times slower, so the time and RSS come from a run without it.
    """
    sys.path.insert(0, str(ROOT))
    # The importer reads the settings (its limits, the material's data shape), so Django is
    # set up first, before the baseline below.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "orglife.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only")
    import django

    django.setup()
    from orglife.materials.importing import UnreadableDocument, read_upload

    data = Path(path).read_bytes()
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    start, cpu_start = time.perf_counter(), time.process_time()
    try:
        reading = read_upload(data, "crafted.docx")
        outcome = f"parsed: {len(reading.text):,} characters"
    except UnreadableDocument as exc:
        outcome = f"refused: {exc}"
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - baseline) * 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "tracemalloc": peak, "rss_growth": grown, "outcome": outcome}))


def measure(path: Path) -> dict:
    """The figures of reading `path`: time and RSS from one fresh process, tracemalloc's peak from another."""
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, __file__, "--child", str(path), *flags], capture_output=True, text=True, check=True
            ).stdout
        )
        for flags in ([], ["--trace"])
    ]
    return {**runs[0], "tracemalloc": runs[1]["tracemalloc"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--keep", help="a folder to keep the generated files in")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.trace)
        return
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="crafted-docx-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'file':30} {'size':>9} {'time':>7} {'CPU':>7} {'tracemalloc':>11} {'RSS growth':>10}  outcome")
    worst_seconds = worst_memory = 0.0
    for n, (name, build) in enumerate(CRAFTED.items()):
        path = folder / f"{n}.docx"
        path.write_bytes(build())
        figures = measure(path)
        memory = max(figures["tracemalloc"], figures["rss_growth"]) / 1e6
        worst_seconds, worst_memory = max(worst_seconds, figures["seconds"]), max(worst_memory, memory)
        print(
            f"{name:30} {path.stat().st_size / 1024:>6.0f} KB {figures['seconds']:>6.2f}s {figures['cpu']:>6.2f}s"
            f" {figures['tracemalloc'] / 1e6:>8.1f} MB {figures['rss_growth'] / 1e6:>7.1f} MB"
            f"  {figures['outcome'][:40]}"
        )
        if not args.keep:
            os.unlink(path)
    if not args.keep:
        folder.rmdir()
    verdict = "met" if worst_seconds < 5 and worst_memory < 200 else "NOT met"
    print(f"worst: {worst_seconds:.2f} s, {worst_memory:.1f} MB (target under 5 s and 200 MB: {verdict})")


if __name__ == "__main__":
    main()
