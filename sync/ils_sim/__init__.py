"""An ILS simulator speaking SIP2 over TCP, with a deterministic demo collection.

Used by ``kiosk demo`` and by the tests; plain Python, nothing from ``kiosk``, ``drivers``,
``ui`` or Qt.
"""
