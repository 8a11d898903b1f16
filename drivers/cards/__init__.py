"""Smart cards on a PC/SC reader (``pcsc://``): the My Number card's reader and its monitor,
with the guard that keeps the 個人番号 out of reach (ADR 0005)."""
