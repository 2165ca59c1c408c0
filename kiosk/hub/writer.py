"""Who runs the hub's writes, off the event loop.

SQLite (`GroupCommitWriter`): one thread runs every write. The writes that arrived while it
was busy run together in one transaction, each inside a savepoint of its own (one that
fails is rolled back alone and answered with its error), and are answered only after the
one COMMIT that makes all of them durable (synchronous=FULL): one fsync for many tickets,
and never an answer for a write a power cut could still take back. SQLite runs one writer
at a time anyway; a single thread spares the lock hand-offs between many.

PostgreSQL (`PoolWriter`): each write runs on a thread of its own in its own transaction;
the server orders them (row and advisory locks) and groups their WAL flushes itself.

With a store marker (kiosk.ops.marker: the numbers handed out, beside the SQLite file), a
second thread writes the marker for what each batch numbered and only then answers that
batch: the writer goes on with the next batch meanwhile, one marker write covers every
batch that committed while the previous one was written, and still no number is handed
out before the marker holds it.

`submit(fn)` returns a concurrent.futures.Future with fn's result or exception.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable

log = logging.getLogger(__name__)


class GroupCommitWriter:
    def __init__(self, store, max_batch: int = 64):
        self.store = store
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._answers = _AnswerAfterMarker(store) if getattr(store, "watched", False) else None
        self._thread = threading.Thread(target=self._run, name="hub-writer", daemon=True)
        self._thread.start()
        if self._answers is not None:
            store.defer_numbers(self._thread.ident)

    def submit(self, fn: Callable[[], Any]) -> Future:
        future: Future = Future()
        self._queue.put((fn, future))
        return future

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)
        if self._answers is not None:
            self._answers.close()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            jobs = [job]
            while len(jobs) < self.max_batch:
                try:
                    job = self._queue.get_nowait()
                except queue.Empty:
                    break
                if job is None:
                    self._queue.put(None)      # finish this batch, then stop
                    break
                jobs.append(job)
            self._batch(jobs)

    def _batch(self, jobs: list[tuple[Callable, Future]]) -> None:
        outcomes: list[tuple[Future, bool, Any]] = []
        try:
            with self.store.transaction():
                for fn, future in jobs:
                    if not future.set_running_or_notify_cancel():
                        continue
                    try:
                        with self.store.transaction():        # a savepoint
                            outcomes.append((future, True, fn()))
                    except BaseException as exc:             # answered with its own error
                        outcomes.append((future, False, exc))
        except BaseException as exc:
            # COMMIT (or BEGIN) failed: nothing of this batch is stored, so nobody is told
            # it was. The kiosks retry with the same idempotency keys.
            log.error("hub write batch of %d failed: %s", len(jobs), exc)
            for fn, future in jobs:
                if not future.done():
                    if future.running() or future.set_running_or_notify_cancel():
                        future.set_exception(exc)
            return
        if self._answers is not None:
            self._answers.submit(self.store.take_numbers(), outcomes)
        else:
            _answer(outcomes)


def _answer(outcomes, error: BaseException | None = None) -> None:
    for future, ok, value in outcomes:
        if error is not None and ok:
            future.set_exception(error)
        elif ok:
            future.set_result(value)
        else:
            future.set_exception(value)


class _AnswerAfterMarker:
    """Writes the marker for committed batches, then answers them, in commit order."""

    def __init__(self, store):
        self.store = store
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="hub-marker", daemon=True)
        self._thread.start()

    def submit(self, numbers: dict, outcomes: list) -> None:
        self._queue.put((numbers, outcomes))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            items = [item]
            while True:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)
                    break
                items.append(more)
            merged: dict = {}
            for numbers, _ in items:
                for key, number in numbers.items():
                    merged[key] = max(number, merged.get(key, 0))
            error = None
            try:
                if merged:
                    self.store.note_numbers(merged)
            except BaseException as exc:      # committed, but not answered: kiosks retry
                log.error("the store's marker could not be written: %s", exc)
                error = exc
            for _, outcomes in items:
                _answer(outcomes, error)


class PoolWriter:
    def __init__(self, workers: int):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="hub-writer")

    def submit(self, fn: Callable[[], Any]) -> Future:
        return self._pool.submit(fn)

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def writer_for(store):
    if store.dialect == "sqlite":
        return GroupCommitWriter(store)
    return PoolWriter(getattr(store, "pool_size", 10))
