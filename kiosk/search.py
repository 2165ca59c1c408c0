"""Search by need: "Apa keperluan Anda?" over every service of every agency.

A visitor types what they came for — "paspor", "bikin ktp", "perpanjangsim", "surat
kelakuan baik" — and gets the services that handle it, best first. Each service is found by
its names (Indonesian and English), its agency (name and short name) and the catalog's
`keywords` for it (synonyms, slang, abbreviations, English words).

Matching is word by word with rapidfuzz: each query word takes its best match among the
service's words (a typo costs a little, a word still being typed matches as a prefix), and
the service scores the mean over the query's words. Every phrase is also indexed with its
spaces removed, so "perpanjangsim" finds "perpanjang SIM". Everything that depends only on
the catalog is normalised once, in `SearchIndex(catalog)`; a keystroke costs one vectorised
comparison of the query's words against the vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

# Words that say nothing about the errand ("bikin KTP" is about the KTP). Dropped from the
# query unless nothing else is left.
STOP_WORDS = frozenset("""
    bikin buat membuat urus mengurus ngurus mau ingin pengen pingin saya aku gue cara
    di ke dari untuk yang dan atau dengan tolong mohon minta gimana bagaimana
    i want to the a an my of for how do need please get
""".split())

AGENCY_WEIGHT = 0.95    # the agency alone ranks below the service, above a typo of another
MIN_WORD_SCORE = 60     # below this a word counts as not found
MIN_SCORE = 72          # below this a service is not shown
MAX_LENGTH_RATIO = 1.4   # a query word this much longer than a word is not a typo of it
MIN_RUN_TOGETHER = 85   # a phrase without its spaces must match closely: long strings
                        # share many letters by chance ("sertifikatkucing" ~ "sertipikathilang")
PREFIX_SCORE = 96       # a word being typed: "pasp" -> "paspor"
INSIDE_SCORE = 88       # a word inside a longer one: "polisi" -> "kepolisian" (4+ letters)
EXACT_BONUS = 6         # the whole query is one of the service's names or keywords
CACHE_SIZE = 128        # remembered word scores (4 bytes per vocabulary word each)
START_BONUS = 3         # ... or how one of them starts


def normalise(text: str) -> str:
    """Lower case, accents off, punctuation to spaces: 'KTP-el' -> 'ktp el'."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def query_words(query: str) -> list[str]:
    words = normalise(query).split()
    kept = [w for w in words if w not in STOP_WORDS]
    return kept or words


@dataclass(frozen=True)
class Hit:
    service_id: str
    agency_id: str
    score: float


class SearchIndex:
    """Every enabled service's words and phrases, normalised once per catalog."""

    def __init__(self, catalog):
        self.catalog = catalog
        vocab: dict[str, int] = {}
        run_together: set[str] = set()   # phrases with their spaces removed
        words: set[str] = set()          # ... and real words, which may coincide
        owners, weights, starts = [], [], []
        self.services = []
        self.phrases: list[tuple[set, str]] = []   # per service: its phrases, for the bonus
        for service in catalog.services:
            if not service.enabled:
                continue
            agency = catalog.agency(service.agency)
            own = [*service.name.values(), *service.keywords]
            other = [*(agency.name.values() if agency else ()), agency.short if agency else ""]
            starts.append(len(owners))
            entries: dict[int, float] = {}
            for weight, texts in ((1.0, own), (AGENCY_WEIGHT, other)):
                for text in texts:
                    norm = normalise(text)
                    if " " in norm:
                        run_together.add(norm.replace(" ", ""))
                    words.update(norm.split())
                    for word in {*norm.split(), norm.replace(" ", "")}:
                        if word:
                            index = vocab.setdefault(word, len(vocab))
                            entries[index] = max(entries.get(index, 0.0), weight)
            for index, weight in entries.items():
                owners.append(index)
                weights.append(weight)
            self.services.append(service)
            phrases = {normalise(t) for t in own if t} - {""}
            # exact phrases (as typed and run together) in a set, and every phrase after a
            # newline in one string: the ranking bonus is a lookup and one `in` per service
            self.phrases.append((phrases | {p.replace(" ", "") for p in phrases},
                                 "".join("\n" + p for p in phrases)))
        self.vocab = list(vocab)
        self._vocab_array = np.array(self.vocab or [""])  # for numpy's vectorised str tests
        self._run_together = np.array([w in run_together and w not in words for w in self.vocab],
                                      dtype=bool)
        self._lengths = np.array([len(w) for w in self.vocab], dtype=np.float32)
        self._owners = np.array(owners, dtype=np.intp)
        self._weights = np.array(weights, dtype=np.float32)
        self._starts = np.array(starts, dtype=np.intp)
        self._order = np.arange(len(self.services))
        self._cache: dict[tuple[str, bool], np.ndarray] = {}

    def _word_scores(self, word: str, run_together_only: bool = False) -> np.ndarray:
        """Similarity (0-100) of one query word to every vocabulary word (or only to the
        phrases written without spaces). Remembered: while a visitor types the next word,
        the words already typed cost nothing."""
        key = (word, run_together_only)
        scores = self._cache.get(key)
        if scores is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            scores = self._cache[key] = self._compute_word_scores(word, run_together_only)
        return scores

    def _compute_word_scores(self, word: str, run_together_only: bool) -> np.ndarray:
        scores = process.cdist([word], self.vocab, scorer=fuzz.ratio, dtype=np.float32)[0]
        if len(word) >= 4:
            inside = np.char.find(self._vocab_array, word) >= 0
            scores = np.where(inside & (scores < INSIDE_SCORE), INSIDE_SCORE, scores)
        if len(word) >= 2:
            prefixed = np.char.startswith(self._vocab_array, word)
            scores = np.where(prefixed & (scores < PREFIX_SCORE), PREFIX_SCORE, scores)
        scores[scores < MIN_WORD_SCORE] = 0
        scores[self._run_together & (scores < MIN_RUN_TOGETHER)] = 0
        scores[self._lengths * MAX_LENGTH_RATIO < len(word)] = 0
        if run_together_only:
            scores[~self._run_together] = 0
        return scores

    @staticmethod
    def _phrase_bonus(phrases, joined: str, compact: str) -> float:
        exact, lines = phrases
        if joined in exact or compact in exact:
            return EXACT_BONUS
        return START_BONUS if "\n" + joined in lines else 0

    def search(self, query: str, limit: int = 8) -> list[Hit]:
        """The best services for a visitor's words, best first; [] for an empty query."""
        words = query_words(query)
        if not words or not self.services or sum(map(len, words)) < 2:
            return []
        total = np.zeros(len(self.services), dtype=np.float32)
        for word in words:
            per_entry = self._word_scores(word)[self._owners] * self._weights
            total += np.maximum.reduceat(per_entry, self._starts)
        scores = total / len(words)
        joined = " ".join(words)
        compact = joined.replace(" ", "")
        if len(words) > 1:
            # the words typed together: "bpjs pindah faskes" is one keyword, as is its
            # run-together spelling "bpjspindahfaskes"
            whole = self._word_scores(compact, run_together_only=True)[self._owners] * self._weights
            scores = np.maximum(scores, np.maximum.reduceat(whole, self._starts))
        for i, phrases in enumerate(self.phrases):
            if scores[i] >= MIN_SCORE:
                scores[i] += self._phrase_bonus(phrases, joined, compact)
        # best score first; the catalog's order (its most common service first) breaks ties
        ranked = sorted(self._order[scores >= MIN_SCORE], key=lambda i: (-scores[i], i))
        return [Hit(self.services[i].id, self.services[i].agency, float(scores[i]))
                for i in ranked[:limit]]
