from pathlib import Path

import pytest

from dashboard.config import SETTINGS, ConfigError, from_env

README = Path(__file__).resolve().parents[2] / "README.md"


def test_defaults_when_the_environment_is_empty() -> None:
    settings = from_env({})
    assert settings.database_url == "sqlite:///var/ntp.db"
    assert settings.language == "vi"
    assert settings.cache_url == ""
    assert settings.geodata_dir == Path("var/geodata")
    assert settings.report_deadline_day == 10


def test_environment_then_explicit_arguments_win() -> None:
    settings = from_env({"LANGUAGE": "EN", "PORT": "9000"}, port=9100)
    assert settings.language == "en"
    assert settings.port == 9100


@pytest.mark.parametrize(
    ("name", "value"),
    [("LANGUAGE", "fr"), ("PORT", "eighty"), ("DEMO_ROWS", "1e6"), ("REPORT_DEADLINE_DAY", "31")],
)
def test_bad_values_are_refused_with_the_setting_named(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        from_env({name: value})


def test_unknown_override_is_refused() -> None:
    with pytest.raises(ConfigError, match="colour"):
        from_env({}, colour="red")


@pytest.mark.parametrize("name", sorted(SETTINGS))
def test_every_setting_is_documented_in_the_readme(name: str) -> None:
    assert f"| `{name}` |" in README.read_text(encoding="utf-8")
