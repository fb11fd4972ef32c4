"""Dates and times as the shop writes them everywhere (pages, staff pages, exports):
2026-11-29 18:00, in the site's time zone; Django's English default is "Nov. 29, 2026,
6 p.m."."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"

# And read only so, in every form of the shop and the back office (the admin calendar's
# script writes the first): Django's English defaults also read 01/07/2027 month first, so
# a VAT rate meant to end on 1 July ended on 7 January (outside probe BT).
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M"]
