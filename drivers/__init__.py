"""Hardware adapters behind small ports, each chosen by a device URL.

Plain Python on purpose: the kiosk core and its tests use these without Qt, and
every device has a ``fake-<family>://`` twin so the whole kiosk runs on a laptop.
"""
