"""Sign-ins in progress: one use each, at their own provider, while fresh, ten at most."""

import time

from lms.identity.states import LIFETIME, MAX_STATES, sign_in_begin, sign_in_take


def test_a_state_is_taken_once_and_only_by_its_provider():
    session = {}
    started = sign_in_begin(session=session, provider_code="staff", next_url="/me/")
    assert sign_in_take(session=session, state=started["state"], provider_code="vneid") is None
    again = sign_in_begin(session=session, provider_code="staff", next_url="")
    taken = sign_in_take(session=session, state=again["state"], provider_code="staff")
    assert taken["nonce"] == again["nonce"] and taken["verifier"] == again["verifier"]
    assert sign_in_take(session=session, state=again["state"], provider_code="staff") is None


def test_an_old_state_is_refused(monkeypatch):
    session = {}
    started = sign_in_begin(session=session, provider_code="staff", next_url="")
    later = time.time() + LIFETIME + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert sign_in_take(session=session, state=started["state"], provider_code="staff") is None


def test_the_session_keeps_the_latest_sign_ins_only():
    session = {}
    states = [
        sign_in_begin(session=session, provider_code="staff", next_url="")["state"]
        for _ in range(MAX_STATES + 5)
    ]
    kept = set(session["identity_sso_states"])
    assert len(kept) == MAX_STATES and kept == set(states[-MAX_STATES:])
