"""Sign-ins in progress, in the session: state, nonce and PKCE verifier per sign-in, with the
provider they were made for. A state counts once, at that provider's callback, for 15 minutes.
"""

import time
from typing import Any

from django.utils.crypto import get_random_string

SESSION_KEY = "identity_sso_states"
MAX_STATES = 10  # sign-ins started in other tabs and never finished
LIFETIME = 15 * 60  # seconds a sign-in may take at the provider


def sign_in_begin(*, session, provider_code: str, next_url: str) -> dict[str, Any]:
    """Record a new sign-in; return it with its ``state``."""
    now = time.time()
    states = {
        key: value
        for key, value in session.get(SESSION_KEY, {}).items()
        if value["at"] > now - LIFETIME
    }
    for oldest in sorted(states, key=lambda key: states[key]["at"])[: -(MAX_STATES - 1)]:
        del states[oldest]
    state = get_random_string(32)
    states[state] = {
        "provider": provider_code,
        "nonce": get_random_string(32),
        "verifier": get_random_string(64),
        "next": next_url,
        "at": now,
    }
    session[SESSION_KEY] = states
    return {**states[state], "state": state}


def sign_in_take(*, session, state: str, provider_code: str) -> dict[str, Any] | None:
    """The sign-in ``state`` names, removed whatever happens next; None unless it was made
    for this provider and is still fresh."""
    states = session.get(SESSION_KEY, {})
    started = states.pop(state, None)
    session[SESSION_KEY] = states
    if started is None or started["provider"] != provider_code:
        return None
    if started["at"] < time.time() - LIFETIME:
        return None
    return started
