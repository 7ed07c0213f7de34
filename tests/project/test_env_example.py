""".env.example and recruit/settings.py never drift: each variable the settings read is documented
with its default, and each documented name is one the settings read.

The helpers here are shared with test_compose.py.
"""

import ast
import operator
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "recruit" / "settings.py"
ENV_EXAMPLE = ROOT / ".env.example"

# env.str("NAME", ...), env.bool("NAME", ...), env.db("NAME", ...) and so on.
ENV_READ = re.compile(r'\benv\.\w+\(\s*"([A-Z][A-Z0-9_]*)"')
# Whole families read by prefix, e.g. `name.startswith("ANYMAIL_")` for the anymail keys.
PREFIX_READ = re.compile(r'\.startswith\(\s*"([A-Z][A-Z0-9_]*_)"\s*\)')
# The env methods that do not read a variable.
NOT_A_READ = {"read_env", "email_url_config", "db_url_config", "cache_url_config"}
# "NAME=value" or "# NAME=value".
ENV_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")
SECRET_LIKE = re.compile(r"SECRET|TOKEN|PASSWORD|API_KEY|_KEY$")


def settings_source() -> str:
    return SETTINGS.read_text()


def settings_env_names() -> set[str]:
    """The names recruit/settings.py reads with env.<cast>("NAME", ...)."""
    return set(ENV_READ.findall(settings_source()))


def settings_env_prefixes() -> set[str]:
    """Prefixes whose every variable settings.py reads (ANYMAIL_ for the ESP's keys)."""
    return set(PREFIX_READ.findall(settings_source()))


def is_read_by_settings(name: str) -> bool:
    return name in settings_env_names() or name.startswith(tuple(settings_env_prefixes()))


def env_example_entries() -> list[tuple[str, str, bool, int]]:
    """(name, value, commented_out, line index) for each NAME=value line of .env.example."""
    entries = []
    for index, line in enumerate(ENV_EXAMPLE.read_text().splitlines()):
        match = ENV_LINE.match(line.strip())
        if match:
            commented, name, value = match.groups()
            entries.append((name, unquote(value.strip()), commented is not None, index))
    return entries


def env_example_names() -> set[str]:
    return {name for name, *_ in env_example_entries()}


def unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def settings_defaults() -> dict[str, object]:
    """NAME -> the literal default of its env.<cast>() call, or Ellipsis when computed."""
    defaults: dict[str, object] = {}
    for node in ast.walk(ast.parse(settings_source())):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "env"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            continue
        default = next((kw.value for kw in node.keywords if kw.arg == "default"), None)
        defaults[node.args[0].value] = literal(default) if default is not None else ""
    return defaults


def literal(node: ast.expr) -> object:
    """The value of a constant expression (10 * 1024 * 1024 included), else Ellipsis."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        pass
    operators = {ast.Mult: operator.mul, ast.Add: operator.add, ast.Sub: operator.sub}
    if isinstance(node, ast.BinOp) and type(node.op) in operators:
        left, right = literal(node.left), literal(node.right)
        if isinstance(left, int) and isinstance(right, int):
            return operators[type(node.op)](left, right)
    return ...


def as_env_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(str(item) for item in value)
    return str(value)


def test_scan_finds_every_env_read_in_settings():
    calls = re.findall(r"\benv\.(\w+)\(", settings_source())
    reads = [call for call in calls if call not in NOT_A_READ]
    assert len(ENV_READ.findall(settings_source())) == len(reads), (
        "an env.<cast>() call in settings.py does not name its variable as a string literal"
    )
    known = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "AWS_S3_ENDPOINT_URL"}
    assert known <= settings_env_names()
    assert "ANYMAIL_" in settings_env_prefixes()


def test_every_variable_settings_reads_is_in_env_example():
    missing = settings_env_names() - env_example_names()
    assert not missing, f"read by recruit/settings.py but not in .env.example: {sorted(missing)}"


def test_every_variable_in_env_example_is_read_by_settings():
    unknown = {name for name in env_example_names() if not is_read_by_settings(name)}
    assert not unknown, f"in .env.example but never read by recruit/settings.py: {sorted(unknown)}"


def test_env_example_shows_an_anymail_key():
    names = env_example_names()
    assert "ANYMAIL_ESP" in names
    assert any(name.startswith("ANYMAIL_") and name != "ANYMAIL_ESP" for name in names)


def test_each_variable_appears_once_under_a_comment_stating_its_default():
    entries = env_example_entries()
    names = [name for name, *_ in entries]
    assert len(names) == len(set(names)), "a variable is listed twice in .env.example"
    lines = ENV_EXAMPLE.read_text().splitlines()
    for name, _value, _commented, index in entries:
        comment = []
        above = index - 1
        while above >= 0 and lines[above].startswith("#") and not ENV_LINE.match(lines[above]):
            comment.append(lines[above])
            above -= 1
        assert comment, f"{name} in .env.example needs a comment above it saying what it does"
        assert "default" in " ".join(comment).lower(), (
            f"the comment above {name} in .env.example should state its default"
        )


@pytest.mark.parametrize("name", sorted(settings_env_names()))
def test_env_example_default_matches_settings(name):
    """Literal defaults are written out as NAME=default; empty or computed ones commented out."""
    default = settings_defaults()[name]
    entry = {
        entry_name: (value, commented) for entry_name, value, commented, _ in env_example_entries()
    }.get(name)
    assert entry is not None
    value, commented = entry
    if default is ... or as_env_text(default) == "":
        assert commented, f"{name}'s default is empty or computed: write it as '# {name}='"
    else:
        assert not commented and value == as_env_text(default), (
            f".env.example should say {name}={as_env_text(default)}, as settings.py does"
        )


def test_env_example_holds_no_secrets():
    for name, value, commented, _ in env_example_entries():
        if SECRET_LIKE.search(name):
            assert commented and value == "", f"{name} in .env.example must be '# {name}='"
