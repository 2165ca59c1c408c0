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
key_to_speech_ms speech mode: a key moves the focus, the focused item's phrase is made
                (kiosk.guide.say), synthesised by Debian's espeak-ng on the speaker thread
                and its first sample handed to the player (devices.speech.speaker): median
                and p95 over the phrases of a services list. Goal: at most 150 ms.

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


class _FirstSample:
    """An output that only notes when a WAV is handed over (the figure ends there)."""

    def __init__(self):
        import threading
        self.handed = threading.Event()

    def play(self, wav: bytes) -> None:
        self.handed.set()


def speech_figures() -> list[str]:
    import shutil
    from devices.speech import EspeakNg, Speech
    from devices.speech.speaker import Speaker
    from kiosk.guide import say
    from kiosk.i18n import pick

    if shutil.which("espeak-ng") is None:
        return ["key_to_speech_ms: n/a (espeak-ng not installed)"]
    catalog = config.load(ROOT / "config" / "kiosk.toml").catalog
    services = [s for a in catalog.agencies for s in catalog.services_of(a.id)][:40]
    output = _FirstSample()
    speaker = Speaker(Speech(EspeakNg(rate=150)), output)
    times = []
    try:
        for round_ in range(2):
            for i, service in enumerate(services):
                lang = ("id", "en")[round_]
                output.handed.clear()
                start = time.perf_counter()   # the key's handler runs from here
                text = say.item(pick(service.name, lang), lang, i + 1, len(services),
                                say.quota_state(True, 12, "", lang))
                speaker.say(text, lang)
                if output.handed.wait(5):
                    times.append((time.perf_counter() - start) * 1000)
    finally:
        speaker.close()
    return [f"key_to_speech_ms: {statistics.median(times):.0f}",
            f"key_to_speech_ms_p95: {p95(times):.0f}",
            f"key_to_speech_phrases: {len(times)}"]


FIGURES = [search_figures, speech_figures]


def main() -> None:
    for figure in FIGURES:
        for line in figure():
            print(line, flush=True)


if __name__ == "__main__":
    main()
