"""pcscd with Debian's vpcd virtual readers, for the My Number and pcsc RFID tests and the
soak bench: the one running is used; else one is started here, and only that one (by its
process) is stopped by :meth:`Pcscd.stop`. :meth:`Pcscd.stop_all` stops whatever pcscd runs,
as a kiosk sees the service restarted under it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

from tests.rigs.processes import end
from tests.rigs.virtual_mynumber import VPCD_PORT


def vpcd_listening() -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", VPCD_PORT)) == 0


class Pcscd:
    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def ensure(self) -> str:
        """"" when pcscd and vpcd answer (started here if need be); else why not."""
        if vpcd_listening():
            return ""
        binary = shutil.which("pcscd") or "/usr/sbin/pcscd"
        if not shutil.which(binary):
            return "pcscd is not installed"
        self.process = subprocess.Popen([binary, "--foreground"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not vpcd_listening():
            if self.process.poll() is not None:
                self.process = None
                return "pcscd exited at once (another pcscd holds its socket?)"
            if time.monotonic() > deadline:
                return "pcscd started but vpcd does not listen on its port"
            time.sleep(0.1)
        return ""

    def stop(self) -> None:
        """Stop the pcscd started here, if any (one already running is left alone)."""
        if self.process is not None:
            end(self.process, 10)
            self.process = None

    def stop_all(self) -> None:
        """Stop every pcscd and wait until vpcd no longer answers (a service restart)."""
        self.stop()
        subprocess.run(["pkill", "-x", "pcscd"], check=False)
        deadline = time.monotonic() + 10
        while vpcd_listening() or subprocess.run(["pgrep", "-x", "pcscd"], check=False,
                                                 capture_output=True).returncode == 0:
            assert time.monotonic() < deadline, "pcscd did not stop"
            time.sleep(0.1)
