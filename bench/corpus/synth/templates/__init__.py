"""Registry of problem templates."""

from __future__ import annotations

from ..model import Template
from . import arrays, numeric, search, strings, structures

ALL: tuple[Template, ...] = (
    arrays.TEMPLATES + structures.TEMPLATES + strings.TEMPLATES + search.TEMPLATES + numeric.TEMPLATES
)
BY_KEY: dict[str, Template] = {t.key: t for t in ALL}
assert len(BY_KEY) == len(ALL), "template keys must be unique"
