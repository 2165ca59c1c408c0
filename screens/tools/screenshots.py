"""Screenshots of every screen, in Indonesian and English, portrait 1080x1920.

    .venv/bin/python -m screens.tools.screenshots [out_dir]     (default docs/screenshots)
    .venv/bin/python -m screens.tools.screenshots --landscape [out_dir]   (1920x1080, Indonesian)
    .venv/bin/python -m screens.tools.screenshots --speech [out_dir]   (speech mode only, by keys)

Runs the sample MPP (config/kiosk.toml + config/catalog.toml) on a temporary store, a fixed
clock inside opening hours and the virtual printer, walks the journey with real taps and
saves each screen with export_to_png (deterministic, unlike a window grab mid-frame).
Under a machine without a display run it with xvfb-run -a -s "-screen 0 2000x2000x24".
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from screens import env

ROOT = Path(__file__).resolve().parents[2]


def sample_settings(workdir: Path):
    from kiosk import config

    for name in ("kiosk.toml", "catalog.toml"):
        shutil.copy(ROOT / "config" / name, workdir / name)
    path = workdir / "kiosk.toml"
    text = path.read_text().replace('path = "~/.local/share/anjungan/kiosk.sqlite3"',
                                    'path = "store.sqlite3"')
    path.write_text(text)
    return config.load(path)


def compact(path: Path) -> None:
    """Flat UI colours fit a 256-colour palette: a third of the size, nothing visible lost."""
    from PIL import Image

    image = Image.open(path).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def main(argv: list[str] | None = None, look=None, contrast: bool = False,
         languages: tuple[str, ...] | None = None, after=None) -> int:
    """`look(app, name, lang)`, when given, is called at every screen (and at a few states
    between screenshots) instead of saving PNGs: the screen audit test walks the same tour,
    in the theme `contrast` asks for, in a window its caller has sized; `after(app)`, a
    generator, continues the script at the end."""
    argv = list(sys.argv[1:] if argv is None else argv)
    landscape = "--landscape" in argv
    speech_only = "--speech" in argv
    argv = [a for a in argv if a not in ("--landscape", "--speech")]
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots" / ("landscape" if landscape else "")
    if look is None:
        out.mkdir(parents=True, exist_ok=True)
    env.prepare(windowed=True, reproducible=True,
                size=(env.PORTRAIT[1], env.PORTRAIT[0]) if landscape else env.PORTRAIT)
    languages = languages or (("id",) if landscape else ("id", "en"))

    from devices.factory import open_devices
    from kiosk.bookings import OK, TOO_LATE, Verdict
    from kiosk.queueing import CUT_OFF, QUOTA_FULL, Refusal
    from kiosk.service import CheckIn
    from kiosk.service import LocalService
    from screens.app import KioskApp
    from screens.help import hide_help, show_help
    from screens.tools.scripted import run_script, tap

    workdir = Path(tempfile.mkdtemp(prefix="anjungan-shots-"))
    settings = sample_settings(workdir)
    moment = datetime(2026, 11, 23, 9, 40, tzinfo=ZoneInfo(settings.timezone))
    wall = {"now": moment}  # the closed welcome turns the clocks to the evening
    service = LocalService(settings, clock=lambda: wall["now"])
    devices = open_devices({"printer": {"driver": "simulated"}}, workdir / "sim")
    virtual = devices.simulators["printer"]
    from devices.audio import WavFileOutputStandIn
    from devices.speech import Speech, SpeechToFileStandIn
    from devices.speech.speaker import Speaker
    speaker = Speaker(Speech(SpeechToFileStandIn(workdir / "speech")),  # nothing is played
                      WavFileOutputStandIn(workdir / "played", realtime=False))
    app = KioskApp(settings, service, devices, transitions=False, idle_timeout_s=3600,
                   wall_clock=lambda: wall["now"], speaker=speaker)
    agency = next(a for a in settings.catalog.agencies if a.id == "dukcapil") \
        if settings.catalog.agency("dukcapil") else settings.catalog.agencies[0]
    services = settings.catalog.services_of(agency.id)
    with_priority = next((s for s in services if s.priority and s.standard.requirements),
                         services[0])
    saved = []

    # A busy morning: some numbers already taken, so the figures on screen look real.
    for s in services[:4]:
        for _ in range(3):
            ticket = service.issue_ticket(s.id)
            service.confirm_printed(ticket.id)

    def peek(name, lang):
        """A state between screenshots that only the audit looks at."""
        if look is not None:
            look(app, name, lang)

    def shot(name, lang):
        if look is not None:
            look(app, name, lang)
            return
        path = out / f"{name}-{lang}.png"
        app.root.export_to_png(str(path))
        compact(path)
        saved.append(path)

    def exit_feedback(lang):
        """The exit: faces, a scanned ticket, thank-you and its questions, the full survey."""
        exit_screen = app.screen("exit")
        app.go("exit")
        yield 0.3
        shot("17-exit-faces", lang)
        exit_screen.take_code(f"ANJ1:T:{service.tickets()[0].id}")
        yield lambda: exit_screen.binding is not None
        yield 0.3
        shot("18-exit-ticket", lang)
        exit_screen.unbind_ticket()
        tap(exit_screen.ids.face_2)
        thanks = app.screen("exit_thanks")
        yield lambda: app.current == "exit_thanks"
        yield 0.3
        shot("19-thanks-agency", lang)
        yield lambda: thanks.ready
        thanks.choose_agency(agency.id)
        yield 0.3
        shot("20-thanks-reason", lang)
        yield lambda: thanks.ready
        thanks.choose_reason(thanks.panels["reason"].ids.grid.children[-1])
        yield 0.3
        peek("20b-thanks-done", lang)
        app.go("skm_profile", binding=None)
        profile = app.screen("skm_profile")
        answers = [("agency", agency.id), ("gender", "P"), ("age", "34"),
                   ("education", "SMA"), ("occupation", "LAINNYA")]
        for field, key in answers:
            yield 0.4  # past the double-tap guard of each step
            peek(f"21-survey-{field}", lang)
            if field == "agency":
                profile.choose_agency(key)
            elif field == "age":
                profile.panels["age"].ids.pad.pin = key
                profile.age_done()
            else:
                profile.choose(field, key)
        profile.panels["occupation"].other_text.ids.other.value = \
            "Petani" if lang == "id" else "Farmer"
        yield 0.3
        shot("21-survey-about-you", lang)
        profile.other_done()
        question = app.screen("skm_question")
        yield lambda: app.current == "skm_question"
        for score in (4, 3, 3, 4, 3, 3, 4, 2, 3):
            yield 0.4
            if question.index == 2:
                shot("22-survey-question", lang)
            question.answer(score)
        suggestion = app.screen("skm_suggestion")
        yield lambda: app.current == "skm_suggestion"
        suggestion.ids.suggestion.value = (
            "Ruang tunggu nyaman, tetapi layar nomor antrean sulit dibaca dari kursi belakang."
            if lang == "id" else
            "The waiting room is comfortable, but the queue display is hard to read from the back.")
        suggestion.ids.contact.value = "0812 3456 7890"
        yield 0.3
        shot("23-survey-suggestion", lang)
        suggestion.submit()
        yield lambda: app.current == "exit_thanks"
        yield 0.3
        shot("24-survey-thanks", lang)

    def speech_mode(app):
        """Speech mode driven by keys only: the focus ring on the welcome, agencies and
        services screens, in both themes."""
        from screens.tools.scripted import press_key
        for lang in languages:
            app.home(reset=True)
            app.set_language(lang)
            app.set_contrast(contrast)
            yield 0.3
            press_key("f1")                       # a keypad key starts speech mode
            yield lambda: app.speech.active
            yield 0.3
            shot("26-speech-welcome", lang)
            press_key("enter")
            yield lambda: app.current == "agencies"
            for _ in range(3):
                press_key("down")
            yield 0.3
            shot("27-speech-agencies", lang)
            while app.keys.ring.widget is None or getattr(app.keys.ring.widget, "agency_id", "") != agency.id:
                press_key("down")
            press_key("enter")
            yield lambda: app.current == "services"
            rows = app.screen("services").rows
            yield lambda: all(r.svc_state for r in rows.values())
            press_key("down")
            press_key("down")
            yield 0.3
            shot("28-speech-services", lang)
            app.set_contrast(True)
            yield 0.3
            shot("29-speech-services-high-contrast", lang)
            app.set_contrast(contrast)
        app.home(reset=True)

    def script(app):
        if speech_only:
            yield from speech_mode(app)
            return
        for lang in languages:
            app.home()
            app.set_language(lang)
            app.set_contrast(contrast)
            wall["now"] = moment.replace(hour=19, minute=0)  # after hours
            app.screen("welcome").check_hours()
            app._tick_clock(0)  # the header clock too, now rather than at its next second
            yield 0.3
            shot("01b-welcome-closed", lang)
            wall["now"] = moment
            app.screen("welcome").check_hours()
            app._tick_clock(0)
            yield 0.3
            shot("01-welcome", lang)
            tap(app.screen("welcome").ids.take_button)
            yield lambda: app.current == "agencies"
            yield 0.3
            shot("02-agencies", lang)
            screen = app.screen("agencies")
            screen.keyboard_open = True
            screen.query = "PASPOR"
            yield 0.3
            shot("03-agency-search", lang)
            screen.query = "BIKIN SERTIFIKAT KUCING"
            yield 0.3
            shot("03b-need-search-empty", lang)
            screen.query = ""
            screen.keyboard_open = False
            show_help(app)
            yield 0.3
            shot("01c-help", lang)
            hide_help(app)
            online = next(s for s in settings.catalog.services if s.online_url)
            app.go("detail", service_id=online.id)
            app.screen("detail").ids.scroll.scroll_y = 0
            yield 0.3
            shot("05b-detail-online", lang)
            app.back()
            tile = next(t for a, t in screen.tiles if a.id == agency.id)
            yield 0.2
            tap(tile)
            rows = app.screen("services").rows
            yield lambda: app.current == "services" and all(r.svc_state for r in rows.values())
            yield 0.3
            shot("04-services", lang)
            tap(rows[with_priority.id])
            yield lambda: app.current == "detail"
            app.screen("detail").choose_priority("lansia")
            yield 0.3
            shot("05-service-detail", lang)
            app.screen("detail").choose_priority("lansia")
            app.go("printing", remember=False)
            yield 0.4
            shot("06-printing", lang)
            app.go("detail", service_id=with_priority.id)
            yield 0.1
            count = len(virtual.tickets)
            tap(app.screen("detail").ids.confirm_button)
            yield lambda: app.current == "ticket"
            yield lambda: len(virtual.tickets) > count
            yield 0.3
            shot("07-ticket", lang)
            virtual.state = "paper_out"
            app.go("detail", service_id=with_priority.id)
            yield 0.1
            tap(app.screen("detail").ids.confirm_button)
            yield lambda: app.current == "fallback"
            yield 0.3
            shot("08-printer-failed", lang)
            virtual.state = "ready"
            at = time(15, 0)
            app.go("refusal", refusal=Refusal(CUT_OFF, at=at, zone=settings.timezone))
            yield 0.3
            shot("09-refused-cutoff", lang)
            app.go("refusal", refusal=Refusal(QUOTA_FULL, zone=settings.timezone))
            yield 0.3
            shot("10-refused-quota", lang)
            booking = app.go("booking")
            yield 0.3
            shot("11-booking-scan", lang)
            booking.show("type")
            booking.typed = "7KQ2"
            yield 0.3
            shot("11-booking-type", lang)
            booking.answer(CheckIn(Verdict(False, TOO_LATE, closes_at=moment.replace(minute=15),
                                           zone="WIB")))
            yield 0.3
            shot("11-booking-refused", lang)
            booking.answer(CheckIn(Verdict(True, OK), ticket=service.tickets()[0], repeat=True,
                                   reprints_left=1))
            yield 0.3
            shot("11-booking-again", lang)
            yield from exit_feedback(lang)
            app.go("agencies")
            app.idle._warn(0)
            yield 0.3
            shot("12-idle-warning", lang)
            app.idle.touched()
            app.go("staff_pin")
            app.screen("staff_pin").ids.pad.pin = "1234"
            app.screen("staff_pin").message = app.t("Wrong PIN.")
            yield 0.3
            shot("13-staff-pin", lang)
            app.go("staff", remember=False)
            yield lambda: app.screen("staff").counts_text != ""
            yield 0.3
            shot("14-staff-panel", lang)
            virtual.state = "near_end"  # the roll runs low: the amber mark and one alert
            yield lambda: app.printer_state == "paper_near_end"
            app.screen("staff").refresh()
            yield lambda: "Printer" not in app.screen("staff").device_lines  # the amber line says it
            yield 0.3
            shot("26-staff-paper-near-end", lang)
            virtual.state = "ready"
            yield lambda: app.printer_state == "ready"
            app.clear_staff_alerts()
            app.set_contrast(True)
            app.home()
            yield 0.3
            shot("15-welcome-high-contrast", lang)
            app.go("ticket", outcome=app.screen("ticket").outcome)
            yield 0.3
            shot("16-ticket-high-contrast", lang)
            app.go("exit")
            yield 0.3
            shot("25-exit-high-contrast", lang)
            app.set_contrast(contrast)
        yield from speech_mode(app)
        if after is not None:
            yield from after(app)
        if look is None:
            shutil.copy(virtual.tickets[0], out / "printed-ticket.png")
            saved.append(out / "printed-ticket.png")

    try:
        # a loaded 2-core machine needs the margin; the audit looks at more, for longer
        run_script(app, script, timeout=420 if look is None else 1800)
    finally:
        speaker.close()
        devices.close()
        service.store.close()
        shutil.rmtree(workdir, ignore_errors=True)
    for path in saved:
        print(path)
    return 1 if app.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
