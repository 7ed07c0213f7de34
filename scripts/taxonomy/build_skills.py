"""Build recruit/candidates/parsing/data/skills.csv from the curated lists beside this script.

Dev-only, not run in CI:  python scripts/taxonomy/build_skills.py [--words]

Each file in curated/ is one category (its file name). A line is
    Name | alias | alias ...
with "#" starting a comment. Markers, as the matcher reads them (see skills.py):
    !Form   case-sensitive            ~Form   case-sensitive, only in a list-like context
A marker on the name marks how the name itself is matched. A name starting with "=" comes from
GitHub Linguist (linguist-languages.json, extracted from the npm package linguist-languages,
MIT): it must exist there, and Linguist's aliases are added except those in LINGUIST_DROPPED
(file-extension-like or misleading ones nobody writes on a resume).

The build fails on a name given twice (any case), or an alias that is another skill's name or
alias. --words lists unmarked one-word forms that are ordinary English words (from
/usr/share/dict/words), to review whether they need a marker.
"""

import argparse
import csv
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUTPUT = ROOT / "recruit" / "candidates" / "parsing" / "data" / "skills.csv"
LINGUIST = HERE / "linguist-languages.json"
MARKERS = "!~"

# Linguist aliases that are file extensions, tool names or words that would mislead.
# fmt: off
LINGUIST_DROPPED = {
    "node", "inc", "cake", "cakescript", "py", "rusthon", "rb", "rake", "rbx", "rs", "ts", "js",
    "sh", "zsh", "envrc", "ls", "live-script", "mf", "make", "bsdmake", "man", "console", "asp",
    "fb", "ql", "be", "b3d", "bmax", "ags", "ahk", "au3", "apples", "osascript", "bat", "dosbatch",
    "winbatch", "batch", "inform7", "i7", "ur", "ur/web", "v", "m2", "progress", "openedge", "abl",
    "octave", "sml", "squeak", "emacs", "cask", "eask", "nvim", "vim", "mma", "wl", "wolfram",
    "delphi", "objectpascal", "splus", "sdc", "xdc", "bazel", "bzl", "coq", "qb", "qb64",
    "classic qbasic", "classic quickbasic", "perl-6", "cperl", "jruby", "macruby", "posh", "xten",
    "oncrpc", "xdr", "rpcgen", "pyrex", "mumps", "dlang", "vlang", "arexx", "obj-j", "objj",
    "jass2", "ada95", "ada2005", "cfc", "cfm", "coffee-script", "obj-c", "obj-c++", "objc++",
    "objectivec++", "objectivec", "c++", "typescriptreact", "red/system", "byond", "dcl", "ats2",
    "chpl", "lisp", "aspx", "aspx-vb", "ilasm", "msil", "gas", "gnu asm", "unix asm", "nasm",
    "m68k", "yml", "xhtml", "xsl", "rss", "xsd", "wsdl", "geojson", "jsonl", "sarif", "topojson",
    "conf", "dosini", "less-css", "hbs", "htmlbars", "eex", "heex", "leex", "erb", "rhtml",
    "html+ruby", "razor", "django", "html+django", "html+jinja", "htmldjango", "njk", "postscr",
    "vtl", "md", "pandoc", "rst", "proto", "opentofu", "terraform", "cucumber", "lhaskell", "lhs",
    "litcoffee", "lean4", "vb .net", "vb6", "vb 6", "classic visual basic", "visual basic classic",
    "latex", "tsx", "regexp", "nixos", "sqlrpgle", "visual basic", "csharp", "cpp", "fsharp",
    "qsharp", "coldfusion html", "hylang", "rocq", "java server page", "gsp", "jsp", "jte", "cds",
    "markojs", "d2lang", "gotmpl", "ecmarkdown", "soy", "blp", "pikchr", "ecr", "ipython notebook",
    "kak", "kakscript", "odin-lang", "odinlang", "nargo", "nush", "nu-script", "nushell-script",
    "opy", "omnetpp-msg", "omnetpp-ned", "pasm", "pir", "ragel-rb", "ragel-ruby", "renpy",
    "sourcemod", "snakefile", "surql", "coccinelle", "tsq", "tsp", "typ", "vhs", "ijm", "igor",
    "igorpro", "imhex", "imhexpatternlanguage", "imhexpl", "basic for android", "blitz3d",
    "blitzplus", "bplus", "bluespec bsv", "bsv", "bh", "bluespec classic", "gf", "esdl", "fstar",
    "gnolang", "gjs", "gts", "ksy", "abuild", "apkbuild", "saltstack", "saltstate", "wast",
    "wrenlang", "advpl", "clipper", "foxpro", "containerfile", "csound-orc", "csound-csd",
    "csound-sco", "dtrace-script", "actionscript3", "actionscript 3", "as3", "cfml", "coffee",
    "dotenv", "max/msp", "maxmsp", "cwl", "velocity", "hashicorp configuration language",
    "rscript",
}
# fmt: on


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", action="store_true", help="list unmarked dictionary words")
    args = parser.parse_args()
    linguist = json.loads(LINGUIST.read_text(encoding="utf-8"))["languages"]
    skills, errors = read_curated(linguist)
    errors += check_collisions(skills)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    write_csv(skills)
    report(skills)
    if args.words:
        print_dictionary_words(skills)
    return 0


def read_curated(linguist: dict) -> tuple[list[dict], list[str]]:
    skills: list[dict] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted((HERE / "curated").glob("*.txt")):
        category = path.stem
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = line.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name}:{number}"
            name, *aliases = (part.strip() for part in line.split("|"))
            from_linguist = name.startswith("=")
            name = name.lstrip("=")
            marker = name[0] if name[0] in MARKERS else ""
            name = name.lstrip(MARKERS)
            if marker:
                aliases.insert(0, marker + name)
            if from_linguist:
                if name not in linguist:
                    errors.append(f"{where}: {name!r} is not a Linguist language")
                    continue
                aliases += [
                    a for a in linguist[name]["aliases"] if a.lower() not in LINGUIST_DROPPED
                ]
            key = fold(name)
            if key in seen:
                errors.append(f"{where}: {name!r} already given at {seen[key]}")
                continue
            seen[key] = where
            skills.append(
                {"name": name, "category": category, "aliases": dedupe(name, aliases), "at": where}
            )
    return skills, errors


def dedupe(name: str, aliases: list[str]) -> list[str]:
    """Drop empty aliases and those that only repeat the name or another alias."""
    kept: dict[str, str] = {}
    for alias in aliases:
        bare = alias.lstrip(MARKERS)
        if not bare or (bare == name and alias == bare):
            continue
        if alias[0] in MARKERS:
            kept[alias] = alias  # a marked spelling is kept as written
        elif fold(alias) != fold(name) and fold(alias) not in {fold(a) for a in kept}:
            kept[alias] = alias
    return list(kept)


def check_collisions(skills: list[dict]) -> list[str]:
    """The matcher's rules, made errors: names win over aliases, an unmarked alias is one
    skill's in any case, a marked alias is one skill's as written (see skills.py)."""
    names = {fold(s["name"]): s for s in skills}
    plain: dict[str, dict] = {}
    marked: dict[str, dict] = {}
    marked_folds: dict[str, dict] = {}
    marked_names = set()
    for skill in skills:
        for alias in skill["aliases"]:
            if alias[0] in MARKERS and fold(alias) == fold(skill["name"]):
                marked[alias.lstrip(MARKERS)] = skill
                marked_names.add(fold(alias))
    errors = []
    for skill in skills:
        for alias in skill["aliases"]:
            key = fold(alias)
            is_marked = alias[0] in MARKERS
            if is_marked and key == fold(skill["name"]):
                continue
            name_owner = names.get(key)
            if is_marked and key in marked_names:
                name_owner = None  # a marked name and a marked alias are told apart by case
            owners = [name_owner, plain.get(key)]
            owners.append(marked.get(alias.lstrip(MARKERS)) if is_marked else marked_folds.get(key))
            owner = next((o for o in owners if o is not None and o is not skill), None)
            if owner is not None:
                errors.append(
                    f"{skill['at']}: alias {alias!r} of {skill['name']!r} is taken by "
                    f"{owner['name']!r} ({owner['at']})"
                )
            elif is_marked:
                marked[alias.lstrip(MARKERS)] = skill
                marked_folds[key] = skill
            else:
                plain[key] = skill
    return errors


def fold(form: str) -> str:
    return re.sub(r"\s*-\s*|\s+", " ", form.lstrip(MARKERS).strip()).lower()


def write_csv(skills: list[dict]) -> None:
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "category", "aliases"])
        for skill in sorted(skills, key=lambda s: (s["name"].lower(), s["name"])):
            writer.writerow([skill["name"], skill["category"], "|".join(skill["aliases"])])


def report(skills: list[dict]) -> None:
    counts: dict[str, int] = {}
    for skill in skills:
        counts[skill["category"]] = counts.get(skill["category"], 0) + 1
    for category, count in sorted(counts.items()):
        print(f"{category:28} {count:5}")
    aliases = sum(len(s["aliases"]) for s in skills)
    print(f"{'total':28} {len(skills):5}  ({aliases} aliases) -> {OUTPUT.relative_to(ROOT)}")


def print_dictionary_words(skills: list[dict]) -> None:
    words = set(Path("/usr/share/dict/words").read_text(encoding="utf-8").split())
    for skill in skills:
        marked = {a.lstrip(MARKERS) for a in skill["aliases"] if a[0] in MARKERS}
        for form in [skill["name"], *skill["aliases"]]:
            if form[0] in MARKERS or form in marked or " " in form:
                continue
            if form.lower() in words:
                print(f"{skill['at']}: {form}")


if __name__ == "__main__":
    sys.exit(main())
