"""A device's bad URLs, refused up front: the one test every driver's module has, made from
the driver (or the registry's opener) and a table of (URL, what the ValueError must say).

    test_bad_urls = refused_urls(FeigReader, [("feig://", "needs a device"), ...])

pytest collects it under the name it is given in the module, one case per row."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest


def refused_urls(opener: Callable[[str], object],
                 cases: Sequence[tuple[str, str]]) -> Callable[[str, str], None]:
    """A test that ``opener(url)`` raises a ValueError matching ``words`` for each row."""

    @pytest.mark.parametrize(("url", "words"), cases)
    def test(url: str, words: str) -> None:
        with pytest.raises(ValueError, match=words):
            opener(url)

    return test
