"""Figures for finding one's way at the kiosk (issue 15).

    .venv/bin/python bench/speech.py

search_ms       per keystroke of the need search over the sample catalog (every enabled
                service of its 21 agencies, with keywords), a visitor typing 12-letter queries
                letter by letter: median and p95 over every prefix of every query, each
                timed as the screen calls it (SearchIndex.search), each query on a fresh
                index (the words a visitor typed before are remembered, no one else's).
                Goal: at most 20 ms.
search_index_ms building the index once per catalog (the kiosk does it when the search
                screen is built, before the first visitor).

Each figure is one function returning `name: value` lines; add another to FIGURES.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk import config  # noqa: E402
from kiosk.search import SearchIndex  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 10
# twelve letters each, as typed on the on-screen keyboard (spaces included where typed)
QUERIES = ("PERPANJANGSI", "SURAT KELAKU", "PASPOR HILAN", "BPJS PINDAH ",
           "BIKIN KTP BA", "PAJAK MOTORR", "AKTA KELAHIR", "SERTIFIKAT T")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def search_figures() -> list[str]:
    catalog = config.load(ROOT / "config" / "kiosk.toml").catalog
    start = time.perf_counter()
    index = SearchIndex(catalog)
    build_ms = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(ROUNDS):
        for query in QUERIES:
            assert len(query) == 12, query
            index = SearchIndex(catalog)  # a new visitor: nothing typed before is remembered
            for n in range(1, len(query) + 1):
                start = time.perf_counter()
                index.search(query[:n])
                times.append((time.perf_counter() - start) * 1000)
    return [f"search_ms: {statistics.median(times):.2f}",
            f"search_ms_p95: {p95(times):.2f}",
            f"search_index_ms: {build_ms:.1f}",
            f"search_services: {len(index.services)}"]


FIGURES = [search_figures]


def main() -> None:
    for figure in FIGURES:
        for line in figure():
            print(line, flush=True)


if __name__ == "__main__":
    main()
