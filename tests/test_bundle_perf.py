"""Opt-in benchmark of the evidence bundle against the qpdf CLI (CUISHOU_BENCH=1).

≈22 MB of inputs: 10 scanned PDFs (56 pages) + 10 photos → 67-page bundle. Targets from the
issue: ≤ 1.5 × the time of `qpdf --empty --pages … -- out.pdf` on the same inputs (photos
pre-wrapped as one-page PDFs for qpdf, outside the timing), output ≤ 2 % larger than the
inputs, peak memory < 150 MB.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import bundle_fixtures as bf  # noqa: E402

pytestmark = pytest.mark.skipif(
    os.environ.get("CUISHOU_BENCH") != "1" or shutil.which("qpdf") is None,
    reason="benchmark: set CUISHOU_BENCH=1 (needs qpdf)",
)


def test_speed_size_memory_vs_qpdf(tmp_path):
    import pikepdf

    from pipeline.bundle import build_bundle
    from pipeline.bundle import images

    pdfs, photos = bf.benchmark_inputs(tmp_path / "in")
    photo_pdfs = []
    for p in photos:  # qpdf cannot take JPEGs: wrap them (not timed)
        pdf = pikepdf.new()
        pdf.pages.append(pikepdf.Page(images.image_page(pdf, p, images.probe(p, "jpeg"))))
        pdf.save(tmp_path / f"{p.stem}.pdf")
        photo_pdfs.append(tmp_path / f"{p.stem}.pdf")
    spec = bf.spec([(f"书证{n}", [p]) for n, p in enumerate(pdfs, 1)] + [(f"照片{n}", [p]) for n, p in enumerate(photos, 1)])
    build_bundle(spec, tmp_path / "warm")  # font parse and imports
    ours, qpdf = [], []
    for k in range(7):
        t = time.perf_counter()
        result = build_bundle(spec, tmp_path / f"o{k}")
        ours.append(time.perf_counter() - t)
        t = time.perf_counter()
        subprocess.run(["qpdf", "--empty", "--pages", *map(str, pdfs + photo_pdfs), "--", str(tmp_path / f"q{k}.pdf")], check=True)
        qpdf.append(time.perf_counter() - t)
    ratio = statistics.median(ours) / statistics.median(qpdf)
    ins = sum(p.stat().st_size for p in pdfs + photos)
    growth = result.volumes[0].stat().st_size / ins - 1
    # peak memory (VmHWM; ru_maxrss would inherit pytest's peak through vfork/exec) of a fresh
    # process that only builds the bundle, interpreter included
    code = (
        "import sys, resource, pickle; sys.path.insert(0, %r); from pipeline.bundle import build_bundle; "
        "spec = pickle.load(open(sys.argv[1], 'rb')); build_bundle(spec, __import__('pathlib').Path(sys.argv[2])); "
        "print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])"
        % str(Path(__file__).parents[1])
    )
    import pickle

    (tmp_path / "spec.pkl").write_bytes(pickle.dumps(spec))
    rss_kb = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "spec.pkl"), str(tmp_path / "mem")],
        check=True, capture_output=True, text=True,
    ).stdout.split()[-1]
    rss_mb = int(rss_kb) / 1024
    print(f"\nours {statistics.median(ours):.3f}s qpdf {statistics.median(qpdf):.3f}s ratio {ratio:.2f} "
          f"growth {growth * 100:+.2f}% peak RSS {rss_mb:.0f} MB pages {result.pages}")
    assert result.pages == 67
    assert growth <= 0.02
    assert rss_mb < 150
    assert ratio <= 1.5
