"""What an operation asks of the field being resolved, read from its selection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from strawberry.types.nodes import FragmentSpread, InlineFragment, Selection

from runcast.api.context import Info

__all__ = ["selects"]


def selects(info: Info, *path: str) -> bool:
    """Whether the field being resolved selects the field at ``path`` below it.

    ``path`` names fields as the schema does (``"edges", "node", "experiment"``);
    fragments, named or inline, are looked through. Directives are not
    evaluated: a field under ``@skip`` counts as selected, so a resolver that
    prepares for it may do so for nothing, but never misses it.
    """
    if not path:
        raise ValueError("selects() needs the path of a field")
    return any(_selects(field.selections, path) for field in info.selected_fields)


def _selects(selections: Iterable[Selection], path: Sequence[str]) -> bool:
    name, rest = path[0], path[1:]
    for selection in selections:
        if isinstance(selection, FragmentSpread | InlineFragment):
            found = _selects(selection.selections, path)
        else:
            found = selection.name == name and (
                not rest or _selects(selection.selections, rest)
            )
        if found:
            return True
    return False
