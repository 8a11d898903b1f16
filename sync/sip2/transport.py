"""Opening the byte stream a SIP2 client talks over: plain TCP, or TLS through Python's ``ssl``.

Kept apart from the codec (which never sees a socket) and from the client (which only reads and
writes the stream it is given). Failures become :class:`TransportError`, whose message names
the ILS's address and the cause in words staff can act on.
"""

from __future__ import annotations

import socket
import ssl
import struct
from dataclasses import dataclass


class TransportError(OSError):
    """The stream to the ILS could not be opened (refused, unreachable, TLS rejected)."""


class TlsSetupError(ValueError):
    """The kiosk's own TLS files could not be used (missing CA file, unreadable key)."""


@dataclass(frozen=True)
class TlsOptions:
    """TLS towards the ILS (or the stunnel in front of it). The ILS's certificate is verified
    against ``cafile`` (the system's CAs when None) and its name against ``server_hostname``
    (the host connected to when None). ``certfile``/``keyfile``: the kiosk's client certificate
    when the ILS asks for one."""

    cafile: str | None = None
    certfile: str | None = None
    keyfile: str | None = None
    server_hostname: str | None = None


def tls_context(options: TlsOptions) -> ssl.SSLContext:
    """A verifying client context (TLS 1.2 or later)."""
    try:
        context = ssl.create_default_context(cafile=options.cafile)
    except (OSError, ssl.SSLError) as exc:
        raise TlsSetupError(f"TLS: cannot load the CA file {options.cafile}: "
                            f"{describe(exc)}") from exc
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if options.certfile:
        try:
            context.load_cert_chain(options.certfile, options.keyfile)
        except (OSError, ssl.SSLError) as exc:
            raise TlsSetupError(f"TLS: cannot load the client certificate {options.certfile}"
                                f": {describe(exc)}") from exc
    elif options.keyfile:
        raise TlsSetupError("TLS: a client key was given without its certificate")
    return context


def open_stream(host: str, port: int, *, timeout: float,
                tls: ssl.SSLContext | None = None,
                server_hostname: str | None = None) -> socket.socket:
    """A connected socket (TLS-wrapped when ``tls`` is given, handshake done) with
    ``timeout`` on every later read and write, and Nagle off: SIP2 is small requests each
    waiting for its answer, where Nagle's delay is pure latency."""
    where = f"{host}:{port}"
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except TimeoutError as exc:
        raise TransportError(f"cannot connect to {where}: no answer within {timeout:g} s"
                             ) from exc
    except OSError as exc:
        raise TransportError(f"cannot connect to {where}: {describe(exc)}") from exc
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if tls is not None:
            sock = tls.wrap_socket(sock, server_hostname=server_hostname or host)
        set_io_timeout(sock, timeout)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise TransportError(f"TLS: the certificate of {where} failed verification: "
                             f"{exc.verify_message or describe(exc)} (check the CA file and the "
                             "server name)") from exc
    except TimeoutError as exc:
        sock.close()
        raise TransportError(f"TLS handshake with {where}: no answer within {timeout:g} s"
                             ) from exc
    except (OSError, ssl.SSLError) as exc:
        sock.close()
        raise TransportError(f"TLS handshake with {where} failed: {describe(exc)}") from exc
    return sock


def set_io_timeout(sock: socket.socket, timeout: float) -> None:
    """Bound every later read and write on ``sock`` by ``timeout`` seconds.

    On a plain TCP socket the kernel does it (``SO_RCVTIMEO``/``SO_SNDTIMEO`` on a blocking
    socket): each send and each receive is then one system call, where Python's own socket
    timeout adds a ``poll`` before every one of them. A read or write that runs out of time
    raises :class:`TimeoutError` either way (see :func:`timed_out`). TLS sockets keep
    Python's timeout, which the ``ssl`` module needs to finish records it has started."""
    if isinstance(sock, ssl.SSLSocket):
        sock.settimeout(timeout)
        return
    sock.settimeout(None)
    seconds = int(timeout)
    value = struct.pack("@ll", seconds, int((timeout - seconds) * 1_000_000))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, value)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, value)


def timed_out(exc: OSError) -> bool:
    """True for the error a read or write that ran out of time raises (Python's
    ``TimeoutError``, or the kernel's ``EAGAIN`` under :func:`set_io_timeout`)."""
    return isinstance(exc, TimeoutError | BlockingIOError)


def describe(exc: BaseException) -> str:
    """A socket or TLS failure in a few words (``connection refused``, ``tlsv13 alert
    certificate required``), without the module's noise."""
    if isinstance(exc, ssl.SSLError) and exc.reason:
        return str(exc.reason).replace("_", " ").lower()
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
