"""What was worked out from the objects a request brings (a parsed document, its nodes), kept for later requests
that bring the same objects: the parse of a query text is cached, so a client sending the same text again
brings the same nodes."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """The most recently used `size` values, by the identity of the objects each was made from. An entry holds
    those objects, so while it is kept no other object can take their ids."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: OrderedDict[tuple[int, ...], tuple[tuple[object, ...], V]] = OrderedDict()

    def get_or_make(self, anchors: tuple[object, ...], make: Callable[[], V]) -> V:
        key = tuple(map(id, anchors))
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
            return found[1]
        value = make()
        self._kept[key] = (anchors, value)
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._kept)
