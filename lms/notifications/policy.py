"""How hard the LMS tries to deliver an e-mail."""

from smtplib import SMTPException

# Deliveries per message, the first included. outbound_email_deliver counts them on
# the log row (which survives a redelivered message) and records the failure after the last.
MAX_ATTEMPTS = 4
# Errors that a later attempt may not meet: the relay unreachable, busy or refusing for now.
# (django-anymail's network errors are requests' exceptions, which are OSErrors.)
TRANSIENT_ERRORS = (SMTPException, OSError)
