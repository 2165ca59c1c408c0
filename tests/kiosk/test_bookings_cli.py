"""`kiosk booking keygen | new | verify` as the back office and IT staff use them."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.cli.booking import main

ROOT = Path(__file__).resolve().parents[2]
NIK = "3201014505900001"


def booking_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "kiosk.cli.booking", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60, input=stdin)


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    made = booking_cli("keygen", "--out", folder, "--kid", "mpp1")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "mpp1"
    privacy_key = folder.parent / "privacy.key"
    privacy_key.write_text("0123456789abcdef0123456789abcdef\n")
    return folder, privacy_key


def test_keygen_new_verify_round_trip(keys, tmp_path):
    folder, _ = keys
    private = folder / "mpp1.private.pem"
    assert stat.S_IMODE(os.stat(private).st_mode) == 0o600
    assert (folder / "mpp1.public.pem").exists()
    png = tmp_path / "booking.png"
    new = booking_cli("new", "--key", private, "--service", "dukcapil-ktp",
                      "--service-name", "Cetak ulang KTP-el", "--date", "2026-05-04",
                      "--session", "09:00-10:00", "--out", png)
    assert new.returncode == 0, new.stderr
    code = new.stdout.strip()
    assert code.count(".") == 2 and "\n" not in code

    decoded = zxingcpp.read_barcodes(Image.open(png))
    assert [barcode.text for barcode in decoded] == [code]

    public_only = tmp_path / "kiosk-keys"
    public_only.mkdir()
    (public_only / "mpp1.public.pem").write_bytes((folder / "mpp1.public.pem").read_bytes())
    ok = booking_cli("verify", code, "--keys", public_only, "--now", "2026-05-04T08:45",
                     "--service-window", "dukcapil-ktp=30,15")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    lines = ok.stdout.splitlines()
    assert lines[0] == "DITERIMA / ACCEPTED (ok)"
    assert lines[1] == "[id] Booking Anda sah: sesi 09.00–10.00 WIB."
    assert lines[3] == "[en] Your booking is valid: session 09.00–10.00 WIB."

    late = booking_cli("verify", code, "--keys", folder, "--now", "2026-05-04T10:30+07:00")
    assert late.returncode == 1
    assert "(too_late)" in late.stdout
    assert late.stdout.index("sudah ditutup pukul 09.15 WIB") < late.stdout.index(
        "closed at 09.15 WIB")  # Indonesian first
    assert "Traceback" not in late.stderr


def test_verify_reads_windows_and_disabled_services(keys):
    folder, _ = keys
    code = booking_cli("new", "--key", folder / "mpp1.private.pem", "--service", "samsat",
                       "--date", "2026-05-04", "--session", "08:00-09:00").stdout.strip()
    wide = booking_cli("verify", code, "--keys", folder, "--now", "2026-05-04T07:00",
                       "--service-window", "samsat=60,0")
    assert wide.returncode == 0, wide.stdout
    closed = booking_cli("verify", code, "--keys", folder, "--now", "2026-05-04T07:45",
                         "--service-window", "samsat=disabled")
    assert closed.returncode == 1 and "(service_disabled)" in closed.stdout
    elsewhere = booking_cli("verify", code, "--keys", folder, "--now", "2026-05-04T07:45",
                            "--service-window", "dukcapil-ktp=30,15")
    assert elsewhere.returncode == 1 and "(unknown_service)" in elsewhere.stdout
    tampered = code[:-6] + ("AAAAAA" if not code.endswith("AAAAAA") else "BBBBBB")
    bad = booking_cli("verify", tampered, "--keys", folder, "--now", "2026-05-04T07:45")
    assert bad.returncode == 1 and "(bad_signature)" in bad.stdout


def test_a_full_nik_never_leaves_the_tool(keys, tmp_path):
    folder, privacy_key = keys
    png = tmp_path / "nik.png"
    new = booking_cli("new", "--key", folder / "mpp1.private.pem", "--service", "dukcapil-ktp",
                      "--date", "2026-05-04", "--session", "09:00-10:00", "--nik", NIK,
                      "--nik-key-file", privacy_key, "--out", png)
    assert new.returncode == 0, new.stderr
    assert "************0001" in new.stderr
    code = new.stdout.strip()
    decoded = zxingcpp.read_barcodes(Image.open(png))[0].text
    assert decoded == code
    verify = booking_cli("verify", code, "--keys", folder, "--now", "2026-05-04T08:45")
    assert "NIK ************0001" in verify.stdout
    for text in (new.stdout, new.stderr, decoded, verify.stdout, verify.stderr):
        assert NIK not in text and "45059000" not in text
    assert NIK.encode() not in png.read_bytes()

    piped = booking_cli("new", "--key", folder / "mpp1.private.pem", "--service", "x",
                        "--date", "2026-05-04", "--session", "09:00-10:00", "--nik", "-",
                        "--nik-key-file", privacy_key, stdin=NIK + "\n")
    assert piped.returncode == 0 and NIK not in piped.stdout + piped.stderr

    wrong = booking_cli("new", "--key", folder / "mpp1.private.pem", "--service", "x",
                        "--date", "2026-05-04", "--session", "09:00-10:00",
                        "--nik", "3201019999900001", "--nik-key-file", privacy_key)
    assert wrong.returncode == 2 and "3201019999900001" not in wrong.stdout + wrong.stderr
    assert "16 digits" in wrong.stderr


@pytest.mark.parametrize("args, message", [
    (["new", "--key", "{keys}/mpp1.private.pem", "--service", "s", "--date", "2026-13-01",
      "--session", "09:00-10:00"], "expected YYYY-MM-DD"),
    (["new", "--key", "{keys}/mpp1.private.pem", "--service", "s", "--date", "2026-05-04",
      "--session", "10:00-09:00"], "must end after it starts"),
    (["new", "--key", "{keys}/mpp1.private.pem", "--service", "s", "--date", "2026-05-04",
      "--session", "morning"], "expected HH:MM-HH:MM"),
    (["new", "--key", "{keys}/mpp1.public.pem", "--service", "s", "--date", "2026-05-04",
      "--session", "09:00-10:00"], "not an unencrypted PEM private key"),
    (["new", "--key", "{keys}/nope.pem", "--service", "s", "--date", "2026-05-04",
      "--session", "09:00-10:00"], "cannot read"),
    (["new", "--key", "{keys}/mpp1.private.pem", "--service", "s", "--date", "2026-05-04",
      "--session", "09:00-10:00", "--nik", NIK], "need --nik-key-file"),
    (["new", "--key", "{keys}/mpp1.private.pem", "--service", "bad service", "--date",
      "2026-05-04", "--session", "09:00-10:00"], "1-64 letters"),
    (["verify", "x", "--keys", "{keys}/nothing-here"], "cannot read"),
    (["verify", "x", "--keys", "{keys}", "--now", "yesterday"], "expected ISO date"),
    (["verify", "x", "--keys", "{keys}", "--tz", "Asia/Bandung"], "unknown time zone"),
    (["verify", "x", "--keys", "{keys}", "--service-window", "ktp=30"], "SERVICE=BEFORE,AFTER"),
    (["keygen", "--out", "{keys}", "--kid", "mpp1"], "already exists"),
    (["verify"], "required"),
    (["launch"], "invalid choice"),
])
def test_mistakes_get_plain_messages_not_tracebacks(keys, capsys, args, message):
    folder, _ = keys
    argv = [a.replace("{keys}", str(folder)) for a in args]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_garbage_codes_are_refused_with_exit_1(keys, capsys):
    folder, _ = keys
    assert main(["verify", "RSV-0A1B2C3D", "--keys", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "(malformed)" in out and "[id] Kode ini tidak dapat dibaca." in out


@pytest.mark.parametrize("command", [["kiosk.cli.booking", "import"],
                                     ["kiosk.cli.hub", "import-bookings"]])
def test_import_registers_genuine_codes_for_the_kiosk_or_the_hub(keys, make_settings, tmp_path, command):
    folder, privacy_key = keys
    settings = make_settings()
    settings.path.write_text(settings.path.read_text() +
                             f'\n[booking]\nkeys = "{folder}"\nsecret_file = "{privacy_key}"\n')
    made = [booking_cli("new", "--key", folder / "mpp1.private.pem", "--service", "imigrasi-paspor",
                        "--date", "2026-11-23", "--session", "09:00-10:00") for _ in range(2)]
    codes = [m.stdout.strip() for m in made]
    listing = tmp_path / "codes.txt"
    listing.write_text("\n".join(codes + [codes[0], codes[1][:-5] + "AAAAA", ""]) + "\n")
    done = subprocess.run([sys.executable, "-m", *command, str(listing), "--config", str(settings.path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1, done.stderr  # one forged line: not all genuine
    assert done.stdout.strip() == "2 added, 1 bad_signature, 1 known"
    assert "Traceback" not in done.stderr and "refused" in done.stderr
    from kiosk.hub.stores import open_hub_store
    from kiosk.store import Store
    store = (Store(settings.store_path) if command[0] == "kiosk.cli.booking"
             else open_hub_store(str(settings.store_path.with_name("hub.sqlite3"))))
    try:
        assert sorted(row[0] for row in store.query("SELECT code FROM booking")) == sorted(codes)
    finally:
        store.close()
