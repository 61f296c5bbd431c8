"""Farm styles: one module each, discovered here in sorted order.

Every public module of this package defines exactly one
:class:`~classifier.synth.styles._base.FarmStyle` subclass; adding a style
means adding one module. The order is the sorted module names, so the style
list (and everything drawn from it) is stable.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from ._base import FarmStyle, ShellInfo, StyleContext


def registered_styles() -> list[type[FarmStyle]]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        classes = [obj for _, obj in inspect.getmembers(module, inspect.isclass)
                   if issubclass(obj, FarmStyle) and obj is not FarmStyle and obj.__module__ == module.__name__]
        if len(classes) != 1:
            raise RuntimeError(f"style module {module.__name__} must define exactly one FarmStyle, found {len(classes)}")
        if classes[0].name != info.name:
            raise RuntimeError(f"style {classes[0].__name__} must be named after its module ({info.name!r})")
        found.append(classes[0])
    return found


def style_names() -> list[str]:
    return [cls.name for cls in registered_styles()]


def get_styles(names=None) -> list[FarmStyle]:
    """Instances of the named styles (all when ``names`` is None), in registry order."""
    classes = registered_styles()
    if names is None:
        return [cls() for cls in classes]
    wanted = list(dict.fromkeys(names))
    known = {cls.name: cls for cls in classes}
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise ValueError(f"unknown farm style(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[n]() for n in known if n in wanted]


__all__ = ["FarmStyle", "ShellInfo", "StyleContext", "registered_styles", "style_names", "get_styles"]
