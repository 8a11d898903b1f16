"""Barcode scanners that send characters: a serial line (``serial://``), a keyboard-wedge's
input node (``evdev://``) or the window's key events (``keyboard://``), and the fake
(``fake-scanner://``). Framing and key maps are pure functions; the drivers only move bytes."""
