"""A real MaxMind DB file for the IP-country evidence tests, in the GeoLite2-Country shape."""

from pathlib import Path

from mmdb_writer import MMDBWriter
from netaddr import IPSet


def geoip_database(path: Path, countries: dict[str, str]) -> Path:
    """Write `path` mapping each network ("203.0.113.0/24", "2001:db8::/32") to a country."""
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-Country")
    for network, country in countries.items():
        writer.insert_network(IPSet([network]), {"country": {"iso_code": country}})
    writer.to_db_file(str(path))
    return path
