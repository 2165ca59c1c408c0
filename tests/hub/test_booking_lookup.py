"""A typed reference code or a card tap finds its booking in the hub's booking register
(on both hub stores), through the real HTTP API."""

from datetime import date, time

from hub_support import Hub, hub_db

from kiosk import config
from kiosk.bookings import generate_keypair, load_private_key, new_booking, new_reference, sign_booking
from kiosk.service import LocalService

PRIVACY_KEY = b"the privacy key of MPP Uji"
CARD = "04A1B2C3D4E5F6"


def test_references_and_cards_check_in_through_the_hub_register(request, tmp_path, store_kind):
    hub = Hub(tmp_path, hub_db(request, store_kind))
    kid, private, public = generate_keypair(tmp_path / "signing", kid="mpp2026")
    (tmp_path / "privacy.key").write_bytes(PRIVACY_KEY)
    hub.config.write_text(hub.config.read_text() + f'\n[booking]\nkeys = "{public}"\n'
                          'secret_file = "privacy.key"\n')
    _, key = load_private_key(private)

    def signed(**extra):
        booking = new_booking("imigrasi-paspor", date(2026, 11, 23), time(10), time(11),
                              booking_id=new_reference(), privacy_key=PRIVACY_KEY, **extra)
        return booking.booking_id, sign_booking(booking, key, kid)

    by_reference, by_card = signed(), signed(card_id=CARD)
    # the back office loads the day's codes into the hub's store
    register = LocalService(config.load(hub.config), store=hub.store)
    assert [r for _, r in register.register_bookings([by_reference[1], by_card[1]])] == ["added"] * 2
    hub.start()
    try:
        token = hub.token("K1")
        typed = by_reference[0].lower().replace("-", " ")
        first = hub.post("/v1/checkins", token, json={"code": typed}).json()
        assert first["ok"] and first["ticket"]["booking_id"] == by_reference[0]
        again = hub.post("/v1/checkins", token, json={"code": by_reference[1]}).json()
        assert again["repeat"] and again["ticket"]["number"] == first["ticket"]["number"]

        tapped = hub.post("/v1/checkins", token, json={"card_id": "04:a1:b2:c3:d4:e5:f6"}).json()
        assert tapped["ok"] and tapped["ticket"]["booking_id"] == by_card[0]

        unknown = hub.post("/v1/checkins", token, json={"code": new_reference()}).json()
        assert not unknown["ok"] and unknown["reason"] == "not_found"
        assert unknown["ticket"] is None
        nobody = hub.post("/v1/checkins", token, json={"card_id": "0A0B0C0D0E"}).json()
        assert nobody["reason"] == "no_booking_for_card"
        empty = hub.post("/v1/checkins", token, json={})
        assert empty.status_code == 422
    finally:
        hub.close()
