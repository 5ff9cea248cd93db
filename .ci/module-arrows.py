#!/usr/bin/env python3
"""README's module arrows, drawn from Package.swift as it is (`swift package dump-package`).

  .ci/module-arrows.py           prints the arrows
  .ci/module-arrows.py --write   rewrites the block between the markers in README.md
  .ci/module-arrows.py --check   exits 1 when README.md differs (make test runs it)
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
START, END = "<!-- module-arrows:start -->", "<!-- module-arrows:end -->"


def arrows() -> str:
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True,
                                        capture_output=True, text=True).stdout)
    lines = []
    for target in package["targets"]:
        if target["type"] in ("test", "system"):
            continue
        names = []
        for dependency in target["dependencies"]:
            if "byName" in dependency:
                names.append(dependency["byName"][0])
            elif "target" in dependency:
                names.append(dependency["target"][0])
            elif "product" in dependency:
                names.append(dependency["product"][0] + " (" + dependency["product"][1] + ")")
        right = ", ".join(f"`{name}`" for name in names) if names else "(a leaf: Swift and the system only)"
        lines.append(f"- `{target['name']}` → {right}")
    return "\n".join(lines)


def main() -> int:
    drawn = arrows()
    if len(sys.argv) == 1:
        print(drawn)
        return 0
    readme = ROOT / "README.md"
    text = readme.read_text()
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    wanted = f"{head}{START}\n{drawn}\n{END}{tail}"
    if sys.argv[1] == "--write":
        readme.write_text(wanted)
        return 0
    if text != wanted:
        print("README.md: the module arrows differ from Package.swift; run .ci/module-arrows.py --write",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
