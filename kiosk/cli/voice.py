"""`kiosk voice …`: the hall announcements' clip set.

    kiosk voice build [--out DIR] [--force]     make every clip with espeak-ng (recorded
                                                clips already in DIR are kept)
    kiosk voice check [DIR]                     which clips DIR has, which would be synthesised
    kiosk voice say A-013 "Loket 3" [--en "Counter 3"] [--digits] [--out FILE] [--play]
    kiosk voice manifest [--out FILE]           rewrite the manifest (assets/voice/manifest.json)

Built clips go to ~/.local/share/anjungan/voice by default, not into the repository: the
121 clips are reproducible from espeak-ng and an MPP's own recordings belong to the MPP.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kiosk.voice import VoiceOptions, announce, speech_clips, write_manifest
from kiosk.voice.vocabulary import MANIFEST

DEFAULT_CLIPS = Path("~/.local/share/anjungan/voice").expanduser()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk voice", description="Clips for the hall announcements")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="synthesise the default clip set with espeak-ng")
    b.add_argument("--out", type=Path, default=DEFAULT_CLIPS)
    b.add_argument("--lang", choices=("id", "en", "all"), default="all")
    b.add_argument("--rate", type=int, default=150, help="espeak-ng words a minute")
    b.add_argument("--force", action="store_true", help="also replace clips already there")
    c = sub.add_parser("check", help="list recorded and missing clips")
    c.add_argument("folder", type=Path, nargs="?", default=DEFAULT_CLIPS)
    s = sub.add_parser("say", help="build (and play) one announcement")
    s.add_argument("number")
    s.add_argument("counter", help='the counter\'s Indonesian name, e.g. "Loket 3"')
    s.add_argument("--en", metavar="NAME", help="repeat in English with this counter name")
    s.add_argument("--digits", action="store_true", help="read the number digit by digit")
    s.add_argument("--clips", type=Path, default=DEFAULT_CLIPS)
    s.add_argument("--out", type=Path, help="write the WAV here")
    s.add_argument("--play", action="store_true", help="play it (aplay/paplay)")
    m = sub.add_parser("manifest", help="write the clip manifest")
    m.add_argument("--out", type=Path, default=MANIFEST)
    return p


def cmd_build(args) -> int:
    from devices.audio import wav
    from devices.speech import EspeakNg, Speech, SpeechError

    speech = Speech(EspeakNg(rate=args.rate))
    if not speech.available():
        print("espeak-ng is not installed: apt-get install espeak-ng", file=sys.stderr)
        return 2
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"cannot create {args.out}: {exc}", file=sys.stderr)
        return 2
    clips = speech_clips(None if args.lang == "all" else args.lang)
    made = kept = failed = 0
    started = time.monotonic()
    for clip in clips:
        path = args.out / f"{clip.key}.wav"
        if path.exists() and not args.force:
            kept += 1
            continue
        try:
            samples = wav.trim(wav.normalise(speech.wav(clip.text, clip.lang)))
            path.write_bytes(wav.write(samples))
            made += 1
        except (SpeechError, wav.WavError, OSError) as exc:
            print(f"  {clip.key}: {exc}", file=sys.stderr)
            failed += 1
    size = sum(f.stat().st_size for f in args.out.glob("*.wav"))
    print(f"{made} clips made, {kept} kept (already there), {failed} failed, in "
          f"{time.monotonic() - started:.1f} s: {args.out} ({size / 1e6:.1f} MB)")
    return 1 if failed else 0


def cmd_check(args) -> int:
    have = {p.stem for p in args.folder.glob("*.wav")} if args.folder.is_dir() else set()
    clips = speech_clips()
    missing = [c for c in clips if c.key not in have]
    print(f"{args.folder}: {len(clips) - len(missing)} of {len(clips)} clips present")
    for clip in missing:
        print(f"  missing {clip.key}.wav ({clip.lang}: {clip.text!r}) - will be synthesised")
    extra = sorted(have - {c.key for c in clips} - {"chime"})
    for key in extra:
        print(f"  extra   {key}.wav (used only if a counter name needs it)")
    return 0


def cmd_say(args) -> int:
    from devices.audio import Announcer, ClipLibrary, WavFileOutputStandIn, open_output
    from devices.speech import open_speech

    names = {"id": args.counter, "en": args.en or args.counter}
    try:
        a = announce(args.number, names, VoiceOptions(("id", "en") if args.en else ("id",),
                                                     args.digits))
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(" ".join(a.keys))
    for lang, text in a.texts.items():
        print(f"{lang}: {text}  [{a.spoken(lang)}]")
    library = ClipLibrary([args.clips], open_speech())
    announcer = Announcer(WavFileOutputStandIn(Path("."), realtime=False), library)
    data = announcer.build(a)
    announcer.close()
    if args.out:
        args.out.write_bytes(data)
        print(f"wrote {args.out}")
    if args.play:
        try:
            open_output("auto").play(data)
        except Exception as exc:  # noqa: BLE001 - any player failure, said plainly
            print(f"could not play: {exc}", file=sys.stderr)
            return 1
    return 0


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "manifest":
        print(write_manifest(args.out))
        return 0
    return {"build": cmd_build, "check": cmd_check, "say": cmd_say}[args.command](args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
