import threading

import pytest

from devices.printer import SerialPrinter
from devices.sim.printer import VirtualPrinter
from kiosk.tickets import layout, sample_content, ticket_qr_payload


@pytest.fixture
def content():
    # an en dash and a dated ticket id: the codepage and QR tests read them back
    return sample_content(counter="Loket 1–4, Lantai 1",
                          qr_payload=ticket_qr_payload("K01-20261123-A001"))


@pytest.fixture
def blocks(content):
    return layout(content)


@pytest.fixture
def vprinter(tmp_path):
    sim = VirtualPrinter(tmp_path / "tickets", link_dir=tmp_path)
    yield sim
    sim.close()


@pytest.fixture
def printer(vprinter):
    driver = SerialPrinter({"port": vprinter.port, "baudrate": 9600})
    yield driver
    driver.close()


class Collector:
    """A callback that records what a device thread hands it, and lets the test wait."""

    def __init__(self):
        self.items = []
        self.changed = threading.Condition()

    def __call__(self, item):
        with self.changed:
            self.items.append(item)
            self.changed.notify_all()

    def wait_for(self, count, timeout=5.0):
        with self.changed:
            return self.changed.wait_for(lambda: len(self.items) >= count, timeout)

    def wait_until_seen(self, item, timeout=5.0):
        """Wait for one particular item: noise may deliver extra frames before it."""
        with self.changed:
            return self.changed.wait_for(lambda: item in self.items, timeout)


@pytest.fixture
def collector():
    return Collector
