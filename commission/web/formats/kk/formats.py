"""Numbers in Kazakh, as Kazakhstan writes them (Django has no Kazakh formats): a decimal comma and a space
between thousands, as in Russian: "35,2 КБ", "1 250". Dates and times are written by commission/web/times.py."""

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
