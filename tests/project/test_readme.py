"""README.md stays true: the two commands, and every variable settings.py reads."""

from pathlib import Path

from tests.project.test_env_example import settings_env_names

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def test_readme_shows_the_two_commands_first():
    first_screen = README[:2500]
    assert "make run" in first_screen and "make test" in first_screen


def test_readme_names_every_environment_variable():
    missing = {name for name in settings_env_names() if f"`{name}`" not in README}
    assert not missing, f"README.md does not document: {sorted(missing)}"


def test_make_targets_named_in_the_readme_exist():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    for target in ("run", "test", "lint", "format", "bench"):
        assert f"\n{target}:" in makefile
