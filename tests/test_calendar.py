from datetime import date

import numpy as np

from sim import calendar as cal


def test_178_school_days_each_year_and_two_terms():
    c = cal.build(2024, years=3)
    for y in range(3):
        days = c.school_days(y)
        assert len(days) == 178
        assert len(c.school_days(y, cal.AUTUMN)) + len(c.school_days(y, cal.SPRING)) == 178
        assert c.date(days[0]).month == 8 and c.date(days[-1]).month == 6


def test_breaks_and_holidays_are_free():
    c = cal.build(2024, years=1, sports_break_week=9)
    school = {c.date(d) for d in c.school_days()}
    week44 = {date.fromisocalendar(2024, 44, i) for i in range(1, 6)}
    assert not (week44 & school), "autumn break (week 44)"
    assert not ({date(2024, 12, 23), date(2025, 1, 2), date(2025, 1, 6)} & school), "Christmas"
    assert not ({date.fromisocalendar(2025, 9, i) for i in range(1, 6)} & school), "sports break"
    easter = cal.easter_sunday(2025)
    assert easter == date(2025, 4, 20)
    assert not ({date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 1), date(2025, 5, 29), date(2025, 6, 6)} & school)
    assert date(2024, 10, 23) in school and date(2025, 1, 9) in school
    assert all(d.weekday() < 5 for d in school)


def test_days_are_calendar_days_and_numbering():
    c = cal.build(2025, years=2)
    assert c.n_days == (date(2027, 8, 1) - date(2025, 8, 1)).days
    assert c.school_day_number[-1] == 2 * 178
    assert np.all(np.diff(c.school_day_number) >= 0)
    assert set(np.unique(c.year)) == {0, 1}
