"""The window's clocks for tests: a "second" of the idle timeout, the goodbye and the countdown
is a quarter of one, and the staff gesture a 200 ms press, so that no test waits on the real
ones (ui.window.Timings)."""

from ui.window import Timings

QUICK = Timings(second_ms=250, staff_gesture_ms=200)
