"""`kiosk display`: the hall display board, full screen, fed by the hub's event stream.

    kiosk display [--config config/kiosk.toml] [--windowed] [--portrait | --landscape]
                  [--no-voice] [--lang id|en]

Reads [hub] url/token and [display] from kiosk.toml. The composition root for the board:
the only place that wires the feed, the speech engine, the audio output and the window.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from pathlib import Path

from kiosk import config as config_mod

log = logging.getLogger(__name__)
LANDSCAPE, PORTRAIT = (1920, 1080), (1080, 1920)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk display", description="The hall display board")
    p.add_argument("--config", type=Path, default=None)
    p.add_argument("--windowed", action="store_true", help="a window, not full screen")
    turn = p.add_mutually_exclusive_group()
    turn.add_argument("--portrait", action="store_true")
    turn.add_argument("--landscape", action="store_true")
    p.add_argument("--no-voice", action="store_true", help="show calls without announcing them")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="language of the board's text")
    return p


def open_announcer(settings):
    """The Announcer for [display], or None (voice off). Clips: [display] clips, else the
    folder `kiosk voice build` fills; anything missing is synthesised once and cached."""
    from devices.audio import Announcer, ClipLibrary, open_output
    from devices.speech import open_speech
    from kiosk.cli.voice import DEFAULT_CLIPS
    from kiosk.voice import speech_clips

    d = settings.display
    speech = open_speech(rate=d.speech_rate)
    if not speech.available():
        log.warning("espeak-ng is not installed: only recorded clips can be played "
                    "(apt-get install espeak-ng)")
    folder = d.clips or DEFAULT_CLIPS
    library = ClipLibrary([folder], speech, cache=DEFAULT_CLIPS if d.clips is None else None)
    library.prewarm([c for lang in d.languages for c in speech_clips(lang)])
    return Announcer(open_output(d.player, device=d.audio_device), library, volume=d.volume / 100)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if not logging.getLogger().handlers:     # run on its own, not under `kiosk`'s own set-up
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = config_mod.load(args.config)
    except config_mod.ConfigError as exc:
        print("kiosk.toml has problems:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    if not settings.hub_url:
        print(f"{settings.path}: hub.url: empty; the board shows the hub's calls, so set "
              "[hub] url and token", file=sys.stderr)
        return 2
    portrait = args.portrait or (settings.display.orientation == "portrait" and not args.landscape)
    voice = settings.display.voice and not args.no_voice
    if voice and not (shutil.which("aplay") or shutil.which("paplay")):
        print("no audio player (apt-get install alsa-utils); the board runs without voice",
              file=sys.stderr)
        voice = False

    from screens import env
    env.prepare(windowed=args.windowed, size=PORTRAIT if portrait else LANDSCAPE,
                rotation=settings.rotation)
    from kiosk.display.feed import EventFeed
    from screens.display.app import DisplayApp

    from kiosk.hub import transport
    secure = transport.options(settings)          # [hub] ca_file, allow_insecure
    refused = transport.refusal(settings.hub_url, secure["allow_insecure"])
    if refused:
        print(f"display: {refused}", file=sys.stderr)
        return 2

    def feed(on_event, on_status):
        import requests
        session = requests.Session()
        session.verify = secure["verify"]
        return EventFeed(settings.hub_url, settings.hub_token, on_event, on_status,
                         session=session)

    app = DisplayApp(settings, feed_factory=feed, announcer=open_announcer(settings) if voice else None,
                     lang=args.lang)
    app.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
