"""The IP address's country from a real MaxMind DB file written by the test."""

import pytest

from morpheus_testing.geoip import geoip_database
from tax.geoip import ip_country


@pytest.fixture
def database(tmp_path, settings):
    path = geoip_database(
        tmp_path / "countries.mmdb", {"203.0.113.0/24": "FR", "2001:db8::/32": "de"}
    )
    settings.GEOIP_PATH = str(path)
    return path


def test_the_country_of_an_ipv4_or_ipv6_address_comes_from_the_database(database):
    assert (ip_country("203.0.113.7"), ip_country("2001:db8::1")) == ("FR", "DE")


def test_an_address_the_database_does_not_know_has_no_country(database):
    assert ip_country("198.51.100.1") == ""


def test_without_a_database_no_address_has_a_country(settings):
    settings.GEOIP_PATH = ""
    assert ip_country("203.0.113.7") == ""


def test_an_unreadable_database_gives_no_country_and_says_so_in_the_log(tmp_path, settings, caplog):
    settings.GEOIP_PATH = str(tmp_path / "missing.mmdb")
    assert ip_country("203.0.113.7") == ""
    assert "GeoIP lookup failed" in caplog.text
