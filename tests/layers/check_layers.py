#!/usr/bin/env python3
"""Fails when a file under src/ includes a folder above its own in the pipeline order.

The order (docs/architecture.md): each folder may include itself and the folders listed
before it, never one after it nor a sibling on the same level.
"""
import pathlib
import re
import sys

# Lower levels first. Folders on one level do not include each other.
LAYERS = [
    ["core"],
    ["model"],
    ["sources"],
    ["ingest"],
    ["metrics"],
    ["warehouse"],
    ["targets"],
    ["staffing", "scorecards"],
    ["history", "report"],
    ["deliver"],
    ["app"],
]
LEVEL = {folder: level for level, folders in enumerate(LAYERS) for folder in folders}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def main() -> int:
    src = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "src")
    problems = []
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".hpp", ".cpp", ".h") or not path.is_file():
            continue
        folder = path.relative_to(src).parts[0]
        if folder not in LEVEL:
            problems.append(f"{path}: folder '{folder}' has no place in the layer order")
            continue
        for target in INCLUDE.findall(path.read_text(encoding="utf-8")):
            to = target.split("/")[0]
            if "/" not in target or to == folder:
                continue  # own folder, or a header beside this file
            if to not in LEVEL:
                problems.append(f"{path}: includes \"{target}\" from unknown folder '{to}'")
            elif LEVEL[to] >= LEVEL[folder]:
                problems.append(f"{path}: {folder}/ includes \"{target}\" ({to}/ is not below {folder}/)")
    for p in problems:
        print(p)
    print(f"include layers: {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
