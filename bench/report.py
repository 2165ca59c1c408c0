"""Benchmark the IKM computation over 1,000,000 synthetic SKM responses.

    .venv/bin/python bench/report.py [--responses N]

Prints one `name: value` line per figure:
    ikm_compute_s  totals per unsur (what SQL SUM/COUNT hands over) → from_sums → IKM
    ikm_stream_s   every response fed one by one to IkmAccumulator.add (no database)
The store-backed `ikm_report_s` (seeded SQLite, goal ≤ 1 s) is added with the store.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.survey import UNSUR_KEYS, IkmAccumulator  # noqa: E402

# A plausible MPP answer mix: mostly 3 ("baik"), many 4, few 1 and 2.
SCORE_WEIGHTS = (3, 10, 50, 37)


def synthetic_columns(responses: int, seed: int = 14_2017) -> dict[str, bytes]:
    """One column of scores (1..4, one byte each) per unsur; compact enough for 10⁶ rows."""
    rng = random.Random(seed)
    return {key: bytes(rng.choices((1, 2, 3, 4), weights=SCORE_WEIGHTS, k=responses))
            for key in UNSUR_KEYS}


def compute_from_totals(columns: dict[str, bytes], responses: int):
    sums = {key: sum(column) for key, column in columns.items()}
    counts = {key: len(column) for key, column in columns.items()}
    return IkmAccumulator.from_sums(sums, counts, responses).result()


def compute_streaming(columns: dict[str, bytes]):
    acc = IkmAccumulator()
    keys = tuple(columns)
    for row in zip(*columns.values()):
        acc.add(dict(zip(keys, row)))
    return acc.result()


def timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    columns = synthetic_columns(args.responses)

    totals, compute_s = timed(compute_from_totals, columns, args.responses)
    streamed, stream_s = timed(compute_streaming, columns)
    if streamed != totals:
        sys.exit("the two paths disagree: " + repr((streamed.ikm, totals.ikm)))

    print(f"ikm_compute_s: {compute_s:.4f}")
    print(f"ikm_stream_s: {stream_s:.2f}")
    print(f"ikm_converted: {totals.converted_rounded}")


if __name__ == "__main__":
    main()
