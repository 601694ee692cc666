# English dates with their weekday, as the Korean ones have it: "Tue, March 10, 2026, 6 p.m." (Django's own English
# formats otherwise).
DATE_FORMAT = "D, N j, Y"
TIME_FORMAT = "P"
DATETIME_FORMAT = "D, N j, Y, P"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = "m/d/Y P"
