"""Compare the glued values of two builds: ``python scripts/compare_glue.py OLD NEW``.

OLD and NEW are ``_build/jupyter_execute`` folders (or copies of them). Every
``*.glue.json`` holds the values a page publishes; a value is the same when its
``text/plain`` and ``text/html`` are. For a chart the Vega-Lite spec is read out
of the HTML and compared as JSON, so that a chart whose data and encodings are
unchanged counts as the same. Prints the counts and every key that differs;
exits 1 if any value differs or is missing on one side.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

_DRAW = "draw(el.parentNode, el, "


def chart_spec(html: str):
    """The spec passed to ``draw`` in a chart's HTML snippet, parsed; None for other values."""
    start = html.find(_DRAW)
    if start < 0:
        return None
    decoder = json.JSONDecoder()
    spec, _ = decoder.raw_decode(html, start + len(_DRAW))
    return spec


def values(root: Path) -> dict[str, dict]:
    """``{"page::key": data}`` for every glued value below ``root``."""
    out = {}
    for path in sorted(root.rglob("*.glue.json")):
        page = path.relative_to(root).as_posix().removesuffix(".glue.json")
        for key, output in json.loads(path.read_text(encoding="utf-8")).items():
            out[f"{page}::{key}"] = output.get("data", {})
    return out


def same(old: dict, new: dict) -> bool:
    old_spec, new_spec = chart_spec(old.get("text/html", "")), chart_spec(new.get("text/html", ""))
    if old_spec is not None or new_spec is not None:
        return old_spec == new_spec
    return old == new


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    old, new = values(Path(argv[1])), values(Path(argv[2]))
    keys = sorted(old.keys() | new.keys())
    missing = [k for k in keys if k not in old or k not in new]
    differing = [k for k in keys if k in old and k in new and not same(old[k], new[k])]
    charts = sum(1 for k in keys if k in old and chart_spec(old[k].get("text/html", "")) is not None)
    identical = len(keys) - len(missing) - len(differing)
    print(
        f"{len(keys)} glued values ({charts} charts): {identical} identical, {len(differing)} differing, "
        f"{len(missing)} on one side only"
    )
    for key in differing:
        print(f"  differs: {key}")
    for key in missing:
        print(f"  only in {'new' if key not in old else 'old'}: {key}")
    return 1 if differing or missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
