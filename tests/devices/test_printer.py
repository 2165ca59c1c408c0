import threading
import time

import pytest
import zxingcpp
from PIL import Image

from devices.printer import PrinterStatus, SerialPrinter, decode_status, is_status_reply
from devices.sim.printer import VirtualPrinter
from kiosk.tickets import Cut, Raster


def test_status_bits_decode():
    assert decode_status(0x12, 0x12, 0x12) is PrinterStatus.READY
    assert decode_status(0x12, 0x12, 0x1E) is PrinterStatus.PAPER_NEAR_END
    assert decode_status(0x1A, 0x32, 0x72) is PrinterStatus.PAPER_OUT
    assert decode_status(0x1A, 0x16, 0x12) is PrinterStatus.COVER_OPEN
    assert decode_status(0x1A, 0x12, 0x12) is PrinterStatus.OFFLINE
    assert decode_status(0x1A, 0x52, 0x12) is PrinterStatus.ERROR
    assert decode_status(0x12, 0x12, 0x72) is PrinterStatus.PAPER_OUT


def test_invalid_reply_bytes_are_not_status():
    assert is_status_reply(0x12) and is_status_reply(0x1A) and is_status_reply(0x72)
    for byte in (0x00, 0xFF, 0x10, 0x13, 0x92, 0x80, 0x02):  # 0x10: automatic status back
        assert not is_status_reply(byte)


def test_status_message_is_plain_words_in_both_languages():
    assert PrinterStatus.PAPER_OUT.message("id") == "Kertas printer habis: pasang gulungan baru"
    assert PrinterStatus.PAPER_OUT.message("en") == "Printer is out of paper: load a new roll"
    assert PrinterStatus.READY.ok and PrinterStatus.PAPER_NEAR_END.ok
    assert not any(s.ok for s in PrinterStatus if s not in (PrinterStatus.READY,
                                                            PrinterStatus.PAPER_NEAR_END))


@pytest.mark.parametrize("state,expected", [
    ("ready", PrinterStatus.READY), ("near_end", PrinterStatus.PAPER_NEAR_END),
    ("paper_out", PrinterStatus.PAPER_OUT), ("cover_open", PrinterStatus.COVER_OPEN),
    ("offline", PrinterStatus.OFFLINE), ("error", PrinterStatus.ERROR),
    ("silent", PrinterStatus.NO_ANSWER), ("garbled", PrinterStatus.ERROR)])
def test_status_through_a_real_serial_port(vprinter, printer, state, expected):
    vprinter.state = state
    assert printer.status() is expected


def test_ticket_prints_and_its_qr_decodes(vprinter, printer, blocks):
    result = printer.print_ticket(blocks)
    assert result.ok and result.status is PrinterStatus.READY, result.detail
    assert vprinter.wait_for_tickets(1)
    image = Image.open(vprinter.tickets[0])
    assert image.width == 576 and image.height > 600
    decoded = zxingcpp.read_barcodes(image)
    assert [d.text for d in decoded] == ["ANJ1:T:K01-20261123-A001"]


def test_raster_qr_fallback_also_decodes(tmp_path, vprinter, blocks):
    driver = SerialPrinter({"port": vprinter.port, "native_qr": False})
    try:
        assert driver.print_ticket(blocks).ok
    finally:
        driver.close()
    assert vprinter.wait_for_tickets(1)
    decoded = zxingcpp.read_barcodes(Image.open(vprinter.tickets[0]))
    assert [d.text for d in decoded] == ["ANJ1:T:K01-20261123-A001"]


@pytest.mark.parametrize("state,expected", [("paper_out", PrinterStatus.PAPER_OUT),
                                            ("cover_open", PrinterStatus.COVER_OPEN)])
def test_fault_before_printing_is_reported_and_nothing_sent(vprinter, printer, blocks, state,
                                                            expected):
    vprinter.state = state
    result = printer.print_ticket(blocks)
    assert not result.ok and result.status is expected
    assert "not printed" in result.detail
    time.sleep(0.1)
    assert vprinter.tickets == [] and vprinter.discarded == 0  # the job never left the kiosk


@pytest.mark.parametrize("state,expected", [("paper_out", PrinterStatus.PAPER_OUT),
                                            ("cover_open", PrinterStatus.COVER_OPEN)])
def test_fault_during_printing_fails_the_job(vprinter, printer, blocks, state, expected):
    vprinter.fail_during_next_job(state)
    result = printer.print_ticket(blocks)
    assert not result.ok and result.status is expected
    assert "not confirmed" in result.detail
    assert vprinter.discarded == 1 and vprinter.tickets == []


def test_paper_near_end_still_prints(vprinter, printer, blocks):
    vprinter.state = "near_end"
    result = printer.print_ticket(blocks)
    assert result.ok and result.status is PrinterStatus.PAPER_NEAR_END


def test_silent_printer_is_an_error_detected_quickly(vprinter, printer, blocks):
    vprinter.state = "silent"
    start = time.monotonic()
    status = printer.status()
    elapsed = time.monotonic() - start
    assert status is PrinterStatus.NO_ANSWER and not status.ok
    assert elapsed < 1.0  # a late answer is waited for, a dead printer named within 1 s
    result = printer.print_ticket(blocks)
    assert not result.ok and result.status is PrinterStatus.NO_ANSWER


def test_missing_port_is_no_answer_at_once(tmp_path, blocks):
    driver = SerialPrinter({"port": str(tmp_path / "nothing-here")})
    try:
        start = time.monotonic()
        assert driver.status() is PrinterStatus.NO_ANSWER
        assert time.monotonic() - start < 0.05
        result = driver.print_ticket(blocks)
        assert not result.ok and "nothing-here" in result.detail
    finally:
        driver.close()


def test_unplug_in_the_middle_of_a_job_then_replug(tmp_path, blocks):
    # A slow printer (20 kB/s) and a job with a big picture (144 kB, more than the kernel
    # buffers): the cable goes while the driver is still writing.
    sim = VirtualPrinter(tmp_path / "out", link_dir=tmp_path, bytes_per_second=20000)
    driver = SerialPrinter({"port": sim.port})
    big_job = blocks[:-1] + [Raster(576, 2000, b"\xaa" * 72 * 2000), Cut()]
    try:
        threading.Timer(0.4, sim.unplug).start()
        result = driver.print_ticket(big_job)
        assert not result.ok and result.status is PrinterStatus.NO_ANSWER
        assert "printing interrupted" in result.detail
        assert driver.status() is PrinterStatus.NO_ANSWER
        sim.bytes_per_second = None
        sim.replug()
        assert driver.link.wait_connected(3)
        result = driver.print_ticket(blocks)
        assert result.ok, result.detail
        assert sim.wait_for_tickets(1) and len(sim.tickets) == 1  # the broken job left no ticket
    finally:
        driver.close()
        sim.close()


def test_status_changes_reach_the_callback(vprinter):
    seen = []
    changed = threading.Event()
    driver = SerialPrinter({"port": vprinter.port, "status_poll_s": 0.05})

    def on_change(status):
        seen.append(status)
        if status is PrinterStatus.COVER_OPEN:
            changed.set()
    try:
        driver.on_status_change(on_change)
        deadline = time.monotonic() + 2
        while not seen and time.monotonic() < deadline:
            time.sleep(0.01)
        vprinter.state = "cover_open"
        assert changed.wait(2)
        assert seen[0] is PrinterStatus.READY and seen.count(PrinterStatus.READY) == 1
    finally:
        driver.close()


def test_bad_blocks_give_a_result_not_a_traceback(printer):
    result = printer.print_ticket(["garbage"])
    assert not result.ok and result.status is PrinterStatus.ERROR
    assert "cannot be encoded" in result.detail


def test_two_printers_cannot_share_one_port(vprinter, printer):
    assert printer.link.connected
    second = SerialPrinter({"port": vprinter.port})
    try:
        assert not second.link.connected
        assert second.status() is PrinterStatus.NO_ANSWER
        assert printer.status() is PrinterStatus.READY
    finally:
        second.close()
