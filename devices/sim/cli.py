"""`kiosk sim printer|scanner|cardreader`: run one simulated device on a pseudo-terminal.

It prints the port path to put in kiosk.toml ([devices.*] port, driver = "serial") and runs
until Ctrl-C. The printer prints where its PNGs go and takes state commands on stdin; the
scanner and the card reader send every line typed on stdin.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
from pathlib import Path

from devices.sim.inputs import SimCardReader, SimScanner
from devices.sim.printer import STATUS_REPLIES, VirtualPrinter

PRINTER_HELP = ("Type a state to switch the printer: " + ", ".join(STATUS_REPLIES)
                + "; 'unplug', 'replug'; 'pause N' (stop N seconds now), 'pause-next N' (when "
                "the next ticket arrives), 'runout' (paper ends in the next ticket); Ctrl-C to stop.")


def _lines(stream):
    """stdin lines until EOF; after EOF keep running until Ctrl-C (e.g. when started with &)."""
    for line in stream:
        yield line.strip()
    threading.Event().wait()


def _printer(args) -> int:
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="anjungan-tickets-"))
    sim = VirtualPrinter(out, state=args.state, link_dir=Path(args.link_dir) if args.link_dir else None)
    print(f"virtual printer on port: {sim.port}", flush=True)
    print(f"tickets are saved as PNG in: {sim.out_dir}", flush=True)
    print(PRINTER_HELP, flush=True)
    try:
        for command in _lines(sys.stdin):
            if command in STATUS_REPLIES:
                sim.state = command
                print(f"state: {command}", flush=True)
            elif command == "unplug":
                sim.unplug()
                print("unplugged", flush=True)
            elif command == "replug":
                sim.replug()
                print(f"plugged in again on {sim.port}", flush=True)
            elif command.split()[0] in ("pause", "pause-next") and len(command.split()) == 2:
                try:
                    seconds = float(command.split()[1])
                except ValueError:
                    print(f"not a number of seconds: {command.split()[1]!r}", flush=True)
                    continue
                (sim.pause if command.startswith("pause ") else sim.pause_during_next_job)(seconds)
                print(f"{command}: ok", flush=True)
            elif command == "runout":
                sim.paper_runs_out_during_next_job()
                print("the paper ends during the next ticket", flush=True)
            elif command:
                print(f"unknown command {command!r}. {PRINTER_HELP}", flush=True)
    finally:
        sim.close()
    return 0


def _scanner(args) -> int:
    suffix = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}[args.suffix]
    sim = SimScanner(suffix=suffix, aim=args.aim,
                     link_dir=Path(args.link_dir) if args.link_dir else None)
    print(f"simulated scanner on port: {sim.port}", flush=True)
    print("Type a code and press Enter to scan it; '!noise' sends line noise; Ctrl-C to stop.",
          flush=True)
    try:
        for line in _lines(sys.stdin):
            if line == "!noise":
                sim.inject_noise()
            elif line:
                sim.inject(line)
    finally:
        sim.close()
    return 0


def _cardreader(args) -> int:
    sim = SimCardReader(args.framing, link_dir=Path(args.link_dir) if args.link_dir else None)
    print(f"simulated card reader ({args.framing}) on port: {sim.port}", flush=True)
    print("Type a card id (10 hex digits for stxetx) and Enter to present it; '!bad ID' sends a "
          "bad checksum, '!noise' line noise; Ctrl-C to stop.", flush=True)
    try:
        for line in _lines(sys.stdin):
            if line == "!noise":
                sim.inject_noise()
            elif line.startswith("!bad "):
                try:
                    sim.inject_bad_checksum(line[5:].strip())
                except ValueError:
                    print("a card id is 10 hex digits, e.g. 0A1B2C3D4E", flush=True)
            elif line and not sim.present(line, repeats=3):
                print("not sent: a card id is 10 hex digits, e.g. 0A1B2C3D4E", flush=True)
    finally:
        sim.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk sim", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="device", required=True)
    printer = sub.add_parser("printer", help="a virtual ESC/POS ticket printer")
    printer.add_argument("--out", help="folder for the ticket PNGs (default: a new temp folder)")
    printer.add_argument("--state", default="ready", choices=sorted(STATUS_REPLIES))
    scanner = sub.add_parser("scanner", help="a serial QR scanner")
    scanner.add_argument("--suffix", default="cr", choices=("cr", "lf", "crlf"))
    scanner.add_argument("--aim", default="]Q1", help="AIM identifier sent before the data")
    card = sub.add_parser("cardreader", help="a 125 kHz card reader (RDM6300) or a line reader")
    card.add_argument("--framing", default="stxetx", choices=("stxetx", "line"))
    for each in (printer, scanner, card):
        each.add_argument("--link-dir", help="folder for the port symlink (default: temp)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    handlers = {"printer": _printer, "scanner": _scanner, "cardreader": _cardreader}
    try:
        return handlers[args.device](args)
    except KeyboardInterrupt:
        print("stopped", flush=True)
        return 0
    except OSError as exc:
        print(f"cannot start the simulator: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
