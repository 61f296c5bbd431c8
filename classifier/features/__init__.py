"""The feature extractors: one signal per module, discovered here.

Every public module of this package defines one :class:`PageFeature` subclass.
Modules are imported in sorted order, so the column order of the feature table
is stable; adding a signal means adding one module (and its tests).
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import pkgutil

from ._base import PageFeature, as_parsed, finite, ratio

#: Bump when an extractor changes what a feature means (not just its speed):
#: models trained on an older feature set are then refused at load time.
FEATURE_SEMANTICS_REVISION = 3


def registered_extractors() -> list[type[PageFeature]]:
    """The extractor classes, one per module, in module-name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        classes = [obj for _, obj in inspect.getmembers(module, inspect.isclass)
                   if issubclass(obj, PageFeature) and obj is not PageFeature and obj.__module__ == module.__name__]
        if len(classes) != 1:
            raise RuntimeError(f"feature module {module.__name__} must define exactly one PageFeature, found {len(classes)}")
        found.append(classes[0])
    return found


def default_extractors() -> list[PageFeature]:
    return [cls() for cls in registered_extractors()]


def feature_set_version() -> str:
    """A version string that changes when the feature columns or their meaning change."""
    names = ",".join(f"{cls.name}__{n}" for cls in registered_extractors() for n in cls.feature_names)
    digest = hashlib.sha256(names.encode()).hexdigest()[:12]
    return f"{FEATURE_SEMANTICS_REVISION}-{digest}"


__all__ = ["PageFeature", "as_parsed", "finite", "ratio", "registered_extractors", "default_extractors",
           "feature_set_version"]
