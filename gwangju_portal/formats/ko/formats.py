# Korean dates and times as Koreans write them, with the weekday: 2026년 3월 10일(화) 오후 6:00 (Django's default
# puts 오후 last and leaves the weekday out).
DATE_FORMAT = "Y년 n월 j일(D)"
TIME_FORMAT = "A g:i"
DATETIME_FORMAT = "Y년 n월 j일(D) A g:i"
YEAR_MONTH_FORMAT = "Y년 n월"
MONTH_DAY_FORMAT = "n월 j일"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. A g:i"
