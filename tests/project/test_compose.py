"""docker-compose.yml and the Dockerfile are wired to what recruit/settings.py reads.

There is no Docker engine in the test environment, so these tests read the files themselves: the
compose file with PyYAML (which resolves the x-app anchor and its `<<:` merges) and the Dockerfile
line by line.
"""

import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from tests.project.test_env_example import env_example_names, is_read_by_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
APP_SERVICES = ("web", "worker", "beat")
BACKING_SERVICES = ("db", "redis")
MAILPIT_SMTP_PORT = 1025
INTERPOLATION = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def services() -> dict:
    return compose()["services"]


def interpolate(value: str) -> str:
    """The value compose would use with nothing set: ${X:-default} -> default, $$ -> $."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        operator, word = match.group(2), match.group(3)
        if operator in ("-", ":-"):
            return word
        if operator in ("?", ":?"):
            return f"<required {match.group(1)}>"
        return ""

    return INTERPOLATION.sub(replace, value)


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {name: "" if value is None else str(value) for name, value in env.items()}


def app_env(name: str = "web") -> dict[str, str]:
    return {key: interpolate(value) for key, value in environment(services()[name]).items()}


def argv(command: str | list | None) -> list[str]:
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(arg) for arg in command]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    instructions, pending = [], ""
    for line in DOCKERFILE.read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1]
            continue
        keyword, _, arguments = (pending + line).strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def dockerfile(keyword: str) -> list[str]:
    return [arguments for name, arguments in dockerfile_instructions() if name == keyword]


def exec_or_shell_form(arguments: str) -> list[str]:
    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


def image_cmd() -> list[str]:
    return exec_or_shell_form(dockerfile("CMD")[-1])


def command_of(name: str) -> list[str]:
    """The service's command, or the image's CMD when compose does not override it."""
    return argv(services()[name].get("command")) or image_cmd()


def option(args: list[str], *names: str) -> str | None:
    """The value of `--name value`, `--name=value` or `-n value` in an argument list."""
    for index, arg in enumerate(args):
        for name in names:
            if arg == name and index + 1 < len(args):
                return args[index + 1]
            if name.startswith("--") and arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def celery_subcommand(args: list[str]) -> tuple[str | None, str | None]:
    """(the -A app, the subcommand) of a `celery ...` command line."""
    assert args and Path(args[0]).name == "celery", f"not a celery command: {args}"
    rest = iter(args[1:])
    for arg in rest:
        if arg in ("-A", "--app", "-b", "--broker", "--workdir", "--config"):
            next(rest, None)
        elif not arg.startswith("-"):
            return option(args, "-A", "--app"), arg
    return option(args, "-A", "--app"), None


def depends_on(service: dict) -> dict[str, dict]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):  # the short form waits for nothing but the start
        return {name: {"condition": "service_started"} for name in deps}
    return deps


def one_shot_services() -> set[str]:
    """Services others wait to see exit successfully (the migrations)."""
    return {
        dependency
        for service in services().values()
        for dependency, spec in depends_on(service).items()
        if spec.get("condition") == "service_completed_successfully"
    }


def named_volumes(service: dict) -> list[tuple[str, str]]:
    """(volume name, mount point) for each named volume (not a bind mount) of a service."""
    mounts = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            if volume.get("type", "volume") == "volume" and volume.get("source"):
                mounts.append((volume["source"], volume["target"]))
            continue
        source, _, target = volume.partition(":")
        if target and not source.startswith(("/", ".", "~", "$")):
            mounts.append((source, target.split(":")[0]))
    return mounts


def test_compose_file_defines_the_six_services_without_a_version_key():
    spec = compose()
    assert "version" not in spec, "the compose spec has no version key"
    assert {"web", "worker", "beat", "db", "redis", "mail"} <= set(spec["services"])


def test_web_worker_and_beat_share_one_image_and_one_environment():
    app = [services()[name] for name in APP_SERVICES]
    assert app[0].get("build") is not None
    for service in app[1:]:
        assert service.get("build") == app[0]["build"]
        assert service.get("image") == app[0].get("image")
        assert environment(service) == environment(app[0])
        assert service.get("env_file") == app[0].get("env_file")
    build = app[0]["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile_name = (
        "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    )
    assert (COMPOSE.parent / context / dockerfile_name).resolve() == DOCKERFILE


def test_env_file_is_the_optional_dot_env():
    env_files = services()["web"]["env_file"]
    assert isinstance(env_files, list)
    assert {"path": ".env", "required": False} in env_files


def test_web_runs_gunicorn_on_port_8000():
    args = command_of("web")
    assert Path(args[0]).name == "gunicorn"
    assert "recruit.wsgi:application" in args or "recruit.wsgi" in args
    assert option(args, "--bind", "-b") == "0.0.0.0:8000"
    ports = [str(port) for port in services()["web"].get("ports", [])]
    assert any(port.rsplit(":", 1)[-1] == "8000" for port in ports), ports


def test_worker_runs_a_celery_worker_and_beat_runs_celery_beat():
    assert celery_subcommand(command_of("worker")) == ("recruit", "worker")
    beat = command_of("beat")
    assert celery_subcommand(beat) == ("recruit", "beat")
    schedule = option(beat, "--schedule", "-s")
    assert schedule is not None and schedule.startswith("/app/var/"), (
        "beat's schedule file belongs under /app/var, which the app's user can write"
    )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_environment_is_read_by_settings_and_documented(name):
    documented = env_example_names()
    for variable in environment(services()[name]):
        assert is_read_by_settings(variable), f"{name} sets {variable}, which settings never read"
        assert variable in documented, f"{name} sets {variable}, missing from .env.example"


def test_database_url_is_the_db_service_with_its_credentials():
    url = urlsplit(app_env()["DATABASE_URL"])
    db = environment(services()["db"])
    assert url.scheme in ("postgres", "postgresql", "pgsql")
    assert url.hostname == "db"
    assert url.port in (None, 5432)
    assert url.username == db["POSTGRES_USER"]
    assert url.password == db["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == db["POSTGRES_DB"]
    assert services()["db"]["image"].startswith("postgres:16")


def test_redis_url_is_the_redis_service():
    url = urlsplit(app_env()["REDIS_URL"])
    assert url.scheme == "redis"
    assert url.hostname == "redis"
    assert url.port in (None, 6379)
    assert services()["redis"]["image"].startswith("redis:7")


def test_email_url_is_the_mail_services_smtp_port():
    url = urlsplit(app_env()["EMAIL_URL"])
    mail = services()["mail"]
    assert mail["image"].startswith("axllent/mailpit")
    bind = environment(mail).get("MP_SMTP_BIND_ADDR", f"0.0.0.0:{MAILPIT_SMTP_PORT}")
    assert url.scheme == "smtp"  # Mailpit speaks plain SMTP unless given a certificate
    assert url.hostname == "mail"
    assert url.port == int(bind.rsplit(":", 1)[1])


def test_app_runs_in_production_mode_behind_a_tls_proxy():
    raw = environment(services()["web"])
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]+\}", raw["SECRET_KEY"]), (
        "SECRET_KEY must be required (${SECRET_KEY:?...}), never defaulted"
    )
    env = app_env()
    assert env["DEBUG"].lower() == "false"
    assert env["SECURE_SSL_REDIRECT"].lower() == "false"
    assert env["ALLOWED_HOSTS"]
    assert env["DEFAULT_FROM_EMAIL"]


def test_media_root_is_one_named_volume_shared_by_web_and_worker():
    media_root = app_env()["MEDIA_ROOT"]
    mounts = {
        name: {volume for volume, target in named_volumes(services()[name]) if target == media_root}
        for name in ("web", "worker")
    }
    assert mounts["web"], f"MEDIA_ROOT ({media_root}) is not on a named volume in web"
    assert mounts["web"] == mounts["worker"]


def test_every_long_running_service_has_a_healthcheck():
    for name, service in services().items():
        if name in one_shot_services():
            assert service.get("restart") == "no", f"{name} runs once: it must not restart"
            continue
        check = service.get("healthcheck") or {}
        assert check.get("test") and not check.get("disable"), f"{name} has no healthcheck"


def test_web_and_worker_healthchecks_probe_the_app():
    web = " ".join(argv(services()["web"]["healthcheck"]["test"]))
    assert "urllib" in web and "/healthz" in web and ":8000" in web
    worker = argv(services()["worker"]["healthcheck"]["test"])
    assert worker[0] == "CMD-SHELL"
    ping = shlex.split(interpolate(worker[1]))
    assert celery_subcommand(ping) == ("recruit", "inspect")
    assert "ping" in ping


def test_every_named_volume_is_declared():
    declared = set(compose().get("volumes") or {})
    for name, service in services().items():
        for volume, _target in named_volumes(service):
            assert volume in declared, f"{name} uses volume {volume!r}, not declared at the bottom"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_waits_for_healthy_database_and_redis(name):
    deps = depends_on(services()[name])
    for backing in BACKING_SERVICES:
        assert deps.get(backing, {}).get("condition") == "service_healthy", (
            f"{name} must wait for {backing} to be healthy"
        )


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_starts_after_the_migrations(name):
    migrations = [
        dependency
        for dependency, spec in depends_on(services()[name]).items()
        if spec.get("condition") == "service_completed_successfully"
        and "manage.py migrate" in " ".join(command_of(dependency))
    ]
    assert migrations, f"{name} must wait for a one-shot `manage.py migrate` service"


def test_dockerfile_builds_on_python_311_slim_without_dev_extras():
    assert dockerfile("FROM")[0].split()[0] == "python:3.11-slim"
    runs = " ".join(dockerfile("RUN"))
    assert 'pip install ".[s3]"' in runs
    assert "dev]" not in runs and ",dev" not in runs
    assert "collectstatic" in runs
    assert "8000" in " ".join(dockerfile("EXPOSE")).split()


def test_dockerfile_cmd_runs_gunicorn_recruit_wsgi():
    args = image_cmd()
    assert Path(args[0]).name == "gunicorn"
    assert "recruit.wsgi:application" in args
    assert option(args, "--bind", "-b") == "0.0.0.0:8000"
    assert option(args, "--access-logfile") == "-"


def test_dockerfile_has_a_healthcheck_on_healthz():
    checks = dockerfile("HEALTHCHECK")
    assert checks, "the Dockerfile has no HEALTHCHECK"
    assert checks[-1].upper() != "NONE"
    assert "/healthz" in checks[-1] and "urllib" in checks[-1]


def test_dockerfile_runs_as_a_non_root_user():
    users = dockerfile("USER")
    assert users, "the Dockerfile never switches to a non-root USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), f"the image runs as {users[-1]}"
