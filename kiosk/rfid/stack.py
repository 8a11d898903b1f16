"""A stack of tags read together: the same part of an item on two tags is a problem for
both (a copied tag, or two labels on one book), never two loans."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from kiosk.rfid.content import Problem, TagReading, isil_key


def mark_duplicates(readings: Mapping[str, TagReading]) -> dict[str, TagReading]:
    """``readings`` by UID, with every tag whose (owner, item, part) another tag also names
    turned into a DUPLICATE_ITEM reading that names the other UIDs."""
    by_key: dict[tuple[str, str, int], list[str]] = {}
    for uid, reading in readings.items():
        if reading.ok and reading.content is not None:
            content = reading.content
            by_key.setdefault((isil_key(content.owner), content.item, content.part),
                              []).append(uid)
    out = dict(readings)
    for (_owner, item, part), uids in by_key.items():
        if len(uids) < 2:
            continue
        for uid in uids:
            others = ", ".join(u for u in uids if u != uid)
            out[uid] = replace(readings[uid], problem=Problem.DUPLICATE_ITEM,
                               detail=f"item {item} (part {part}) is also on tag {others}: "
                               "two tags name the same item; show both to staff")
    return out
