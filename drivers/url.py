"""Device URLs, so the branch config picks hardware the way pyserial's serial_for_url does."""

import logging
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

log = logging.getLogger(__name__)

# Schemes that were renamed: still read, with a warning naming the spelling to write instead.
# Fakes are ``fake-<family>://`` (fake-scanner, fake-printer, fake-rfid); the scanner's was
# ``fake://`` before there were fakes of other families.
RENAMED_SCHEMES = {"fake": "fake-scanner"}


@dataclass(frozen=True)
class DeviceUrl:
    scheme: str
    path: str  # everything between "//" and "?": "/dev/ttyACM0", "0", "04b8:0e28", ""
    params: dict[str, str] = field(default_factory=dict)


def parse_device_url(url: str) -> DeviceUrl:
    """Split a device URL; raise ValueError for one a config author should fix."""
    parts = urlsplit(url)
    if not parts.scheme or "://" not in url:
        raise ValueError(f"not a device URL (expected scheme://...): {url!r}")
    params: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True, strict_parsing=False):
        if key in params:
            raise ValueError(f"parameter {key!r} given twice in {url!r}")
        params[key] = value
    return DeviceUrl(parts.scheme.lower(), unquote(parts.netloc + parts.path), params)


def check_params(url: DeviceUrl, raw: str, known: set[str]) -> None:
    """Reject unknown parameters: a typo like 'baudrate=' must not be silently ignored."""
    unknown = sorted(set(url.params) - known)
    if unknown:
        raise ValueError(
            f"unknown parameter(s) {', '.join(unknown)} in {raw!r}; "
            f"known: {', '.join(sorted(known)) or 'none'}"
        )


def parse_url_of(url: str, scheme: str, known: set[str], *, path: str | None = None
                 ) -> DeviceUrl:
    """``url`` parsed, as a ``scheme://`` URL with no parameter but the ``known`` ones; with
    ``path`` (what it must name, e.g. "a device path, e.g. serial:///dev/ttyACM0"), one whose
    path may not be empty. Every driver reads its URL through this."""
    parsed = parse_device_url(url)
    if parsed.scheme != scheme:
        article = "an" if scheme[:1] in "aeiou" else "a"
        raise ValueError(f"not {article} {scheme}:// URL: {url!r}")
    check_params(parsed, url, known)
    if path is not None and not parsed.path:
        raise ValueError(f"{scheme} URL needs {path}: {url!r}")
    return parsed


def current_url(url: str) -> str:
    """``url`` with a renamed scheme spelt as today (:data:`RENAMED_SCHEMES`); the log says
    what to write in the config instead. Any other URL is returned as it is."""
    scheme, sep, rest = url.partition("://")
    renamed = RENAMED_SCHEMES.get(scheme.lower()) if sep else None
    if renamed is None:
        return url
    current = f"{renamed}://{rest}"
    log.warning("device URL %r: %s:// is deprecated, write %r in the branch config", url,
                scheme, current)
    return current
