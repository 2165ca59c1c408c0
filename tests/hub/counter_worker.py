"""One counter in its own process: `python counter_worker.py ARGS_JSON`.

Opens the hub store itself (as a second hub process would), says it is ready (OUT.ready),
waits for the go file (which holds the start time, shared by all the workers), then
calls next and finishes until the queue is empty, writing each called ticket id to `out`.
Every call carries a fresh Idempotency-Key; a call the store refuses as busy would be a bug.
"""

import json
import sys
import time
from datetime import datetime
from pathlib import Path

from kiosk import config
from kiosk.hub.counters import CounterDesk, CounterRefused
from kiosk.hub.stores import open_hub_store


def main(args: dict) -> int:
    fixed = datetime.fromisoformat(args["now"])
    settings = config.load(args["config"])
    store = open_hub_store(args["db"])
    desk = CounterDesk(settings, store, clock=lambda: fixed)
    counter = args["counter"]
    Path(args["out"] + ".ready").touch()          # store open: ready to race
    go = Path(args["go"])
    while not go.exists():
        time.sleep(0.005)
    start_at = float(go.read_text() or 0)
    while time.time() < start_at:
        time.sleep(0.001)
    with open(args["out"], "w") as out:
        for i in range(100_000):
            try:
                done = desk.call_next(counter, f"officer-{counter}", key=f"{counter}-call-{i:06d}")
            except CounterRefused as exc:
                if exc.kind == "queue_empty":
                    break
                raise
            out.write(done.ticket_id + "\n")
            out.flush()
            desk.finish(counter, f"officer-{counter}")
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(json.loads(sys.argv[1])))
