"""Dates and times as the shop writes them everywhere (pages, staff pages, exports):
2026-11-29 18:00, in the site's time zone; Django's English default is "Nov. 29, 2026,
6 p.m."."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
