"""Dump every glued value of a built book, or compare two dumps.

myst-nb stores each ``glue`` as a display output whose metadata carries
``scrapbook.name``; after ``jupyter-book build``, ``_build/jupyter_execute``
holds one ``<chapter>.glue.json`` per chapter (name -> output) beside the
executed notebook.

Usage::

    python scripts/compare_glue.py dump [BUILD_DIR] > glue.json
    python scripts/compare_glue.py compare OLD.json NEW.json

``compare`` prints the count of identical values, and every key whose value
differs or that one build lacks; it exits 1 if any value differs.
Charts are compared by their rendered HTML (the Vega-Lite spec and its alt
text) with the generated names normalised: the random element id
``chart-<hex>`` and Altair's per-process counters ``param_N`` / ``view_N``.
"""

from __future__ import annotations

import json
import pathlib
import re
import sys

GENERATED = [(re.compile(r"chart-[0-9a-f]{8,}"), "chart-ID"), (re.compile(r"\b(param|view)_\d+\b"), r"\1_N")]


def _normalise(text: str) -> str:
    for pattern, replacement in GENERATED:
        text = pattern.sub(replacement, text)
    return text


def dump(build: pathlib.Path) -> dict[str, str]:
    """Map ``chapter:glue_name`` to the glued text (or chart spec) of every executed notebook."""
    values = {}
    for store in sorted((build / "jupyter_execute").rglob("*.glue.json")):
        chapter = store.name.removesuffix(".glue.json")
        for name, output in json.loads(store.read_text()).items():
            data = output.get("data", {})
            key = "text/html" if "text/html" in data else "text/plain" if "text/plain" in data else None
            value = data[key] if key else data
            text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
            values[f"{chapter}:{name}"] = _normalise(text)
    return values


def compare(old: dict[str, str], new: dict[str, str]) -> int:
    same = sorted(k for k in old if k in new and old[k] == new[k])
    changed = sorted(k for k in old if k in new and old[k] != new[k])
    print(
        f"identical={len(same)} changed={len(changed)} only_old={len(set(old) - set(new))} "
        f"only_new={len(set(new) - set(old))} total_old={len(old)} total_new={len(new)}"
    )
    for key in changed:
        print(f"changed {key}: {old[key][:120]!r} -> {new[key][:120]!r}")
    for key in sorted(set(old) ^ set(new)):
        print(f"{'only old' if key in old else 'only new'} {key}")
    return 1 if changed or set(old) - set(new) else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["dump"]:
        build = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "_build")
        json.dump(dump(build), sys.stdout, indent=1, sort_keys=True)
    elif sys.argv[1:2] == ["compare"] and len(sys.argv) == 4:
        sys.exit(compare(*(json.loads(pathlib.Path(p).read_text()) for p in sys.argv[2:4])))
    else:
        sys.exit(__doc__)
