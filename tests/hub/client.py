"""One kiosk in its own process: `python client.py ARGS_JSON`.

Issues `count` tickets (confirming each print, voting on every second one) through
RemoteService, writing one JSON line per ticket and vote to `out` as soon as the visitor
would hold it, then waits until its outbox has reached the hub. With `quota_services` and
`quota_every`, every n-th visitor asks for the next of those quota-limited services
instead; their refusals (quota full, this kiosk's share) are written as such.
"""

import json
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from kiosk import config
from kiosk.hub.client import RemoteService
from kiosk.queueing import Refused
from kiosk.service import LocalService


def main(args: dict) -> int:
    fixed = datetime.fromisoformat(args["now"])
    settings = replace(config.load(args["config"]), kiosk_id=args["kiosk"],
                       hub_url=args["url"], hub_token=args["token"],
                       store_path=Path(args["store"]))
    remote = RemoteService(settings, LocalService(settings, clock=lambda: fixed),
                           block_size=args.get("block", 20), sync_interval_s=0.2,
                           timeout=tuple(args.get("timeout", (0.5, 3.0))))
    remote.sync_now()          # take the offline blocks before the first visitor
    limited, every = args.get("quota_services", []), args.get("quota_every", 0)
    with open(args["out"], "a") as out:
        for i in range(args["count"]):
            priority = "lansia" if i % 5 == 4 else None
            service = "dukcapil-ktp"
            if every and i % every == every - 1:
                service, priority = limited[(i // every) % len(limited)], None
            try:
                ticket = remote.issue_ticket(service, priority=priority)
            except (Refused, ValueError) as exc:       # quota full, or this kiosk's share
                if service not in limited:
                    raise
                out.write(json.dumps({"refused": service, "why": str(exc)}) + "\n")
                continue
            remote.confirm_printed(ticket.id)
            out.write(json.dumps({"ticket": ticket.id, "number": ticket.number,
                                  "service": service, "online": remote.online}) + "\n")
            if i % 2 == 0:
                vote = remote.record_vote(1 + i % 4, ticket_id=ticket.id)
                out.write(json.dumps({"vote": vote.id}) + "\n")
            out.flush()
            time.sleep(args.get("pause", 0))
    deadline = time.monotonic() + args.get("drain_s", 60)
    while time.monotonic() < deadline:
        if remote.sync_now():
            remote.close()
            return 0
        time.sleep(0.2)
    print(f"outbox not drained: {remote.pending()} left", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(json.loads(sys.argv[1])))
