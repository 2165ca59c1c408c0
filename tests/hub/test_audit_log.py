"""The audit log on the hub store (SQLite and PostgreSQL): records in order, newest first,
filters, nothing personal; the forced password change of an account an admin set."""

import pytest

from counter_support import Desks
from hub_support import hub_db
from kiosk.hub.accounts import AccountError, Accounts, LoginRefused
from kiosk.hub.audit import Audit


@pytest.fixture
def desks(request, tmp_path, store_kind):
    d = Desks(tmp_path, hub_db(request, store_kind))
    yield d
    d.close()


def test_records_come_back_newest_first_and_filtered(desks):
    audit = Audit(desks.store, desks.clock)
    audit.record("siti", "login", address="10.0.0.7")
    desks.clock.tick(1)
    audit.record("siti", "counter.call-next", "loket-1", "A-001", "10.0.0.7")
    desks.clock.tick(1)
    audit.record("budi", "login_failed", address="10.0.0.9")
    audit.record(None, "token.kiosk", "K1", "by root", "cli")
    rows = audit.recent()
    assert [r["action"] for r in rows] == ["token.kiosk", "login_failed",
                                           "counter.call-next", "login"]
    assert rows[2] == {"at": "2026-11-23T02:01:00.000+00:00", "username": "siti",
                       "action": "counter.call-next", "target": "loket-1",
                       "detail": "A-001", "address": "10.0.0.7"}
    assert [r["action"] for r in audit.recent(username="siti")] == ["counter.call-next",
                                                                     "login"]
    assert [r["username"] for r in audit.recent(action="login_failed")] == ["budi"]
    assert [r["action"] for r in audit.recent(limit=1, offset=1)] == ["login_failed"]
    assert rows[0]["username"] is None


def test_a_long_field_is_cut_to_a_line(desks):
    audit = Audit(desks.store, desks.clock)
    audit.record("x" * 500, "login_failed", detail="y" * 5000)
    row = audit.recent()[0]
    assert len(row["username"]) == 200 and len(row["detail"]) == 200


def test_an_account_an_admin_set_must_change_its_password_first(desks):
    accounts = Accounts(desks.store, desks.clock)
    accounts.add("siti", "rahasia-panjang", "officer", "dukcapil", must_change=True)
    secret, user = accounts.login("siti", "rahasia-panjang")
    assert user.must_change and accounts.session_user(secret).must_change
    with pytest.raises(LoginRefused):
        accounts.change_password("siti", "salah-salah-salah", "rahasia-baru-sekali")
    with pytest.raises(AccountError, match="differ"):
        accounts.change_password("siti", "rahasia-panjang", "rahasia-panjang")
    with pytest.raises(AccountError, match="10 characters"):
        accounts.change_password("siti", "rahasia-panjang", "pendek")
    other, _ = accounts.login("siti", "rahasia-panjang")
    accounts.change_password("siti", "rahasia-panjang", "rahasia-baru-sekali",
                             keep_session=secret)
    assert accounts.session_user(secret).must_change is False     # the asking session stays
    assert accounts.session_user(other) is None                   # any other one ends
    assert accounts.login("siti", "rahasia-baru-sekali")[1].must_change is False
    accounts.set_password("siti", "direset-oleh-admin", must_change=True)
    assert accounts.login("siti", "direset-oleh-admin")[1].must_change is True
    assert [u["must_change"] for u in accounts.users()] == [True]


def test_an_idle_session_ends_before_its_expiry(desks):
    accounts = Accounts(desks.store, desks.clock, idle_minutes=30)
    accounts.add("ani", "rahasia-panjang", "manager")
    secret, _ = accounts.login("ani", "rahasia-panjang")
    for _ in range(5):                  # used every 20 minutes: alive for 100 minutes
        desks.clock.tick(20)
        assert accounts.session_user(secret) is not None
    desks.clock.tick(31)
    assert accounts.session_user(secret) is None


def test_a_new_kiosk_or_display_token_is_recorded_never_the_token(desks, tmp_path, capsys):
    from kiosk.cli.hub import main
    db = getattr(desks.store, "url", None) or str(tmp_path / "hub.sqlite3")
    config = str(tmp_path / "kiosk.toml")
    assert main(["token", "K1", "--config", config, "--db", db]) == 0
    assert main(["token", "--display", "HALL", "--config", config, "--db", db]) == 0
    tokens = capsys.readouterr().out.split()
    rows = Audit(desks.store).recent()
    assert [(r["action"], r["target"], r["address"]) for r in rows] == [
        ("token.display", "HALL", "cli"), ("token.kiosk", "K1", "cli")]
    assert rows[0]["username"] is None and "by " in rows[0]["detail"]
    assert not any(token in str(rows) for token in tokens)


def test_every_action_reads_as_words_in_both_languages():
    """The admin's audit page names each action in words, never its code name."""
    from kiosk.hub.audit import ACTIONS
    from kiosk.hub.web.dashboard.texts import action_texts
    for lang in ("id", "en"):
        words = action_texts(lang)
        assert set(ACTIONS) <= set(words), set(ACTIONS) - set(words)
        assert all(words[a] and words[a] != a for a in ACTIONS)
    assert len(set(action_texts("id").values())) == len(ACTIONS)   # no two alike
