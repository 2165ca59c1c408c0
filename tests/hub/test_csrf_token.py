from kiosk.hub.web.csrf import token_for, valid


def test_token_is_bound_to_its_session():
    assert valid("secret-a", token_for("secret-a"))
    assert not valid("secret-b", token_for("secret-a"))


def test_missing_token_or_session_is_refused():
    assert not valid("secret-a", None)
    assert not valid("secret-a", "")
    assert not valid(None, token_for("secret-a"))
