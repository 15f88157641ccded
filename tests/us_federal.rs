#![allow(clippy::expect_used, missing_docs)]
//! The US federal calendar file against the published federal holiday schedule.

use jiff::civil::{Date, Weekday, date};
use qcp::calendar::{Holiday, HolidayCalendar};

const US_FEDERAL: &str = include_str!("../standards/calendar-us-federal.toml");

fn us() -> HolidayCalendar {
    HolidayCalendar::from_toml(US_FEDERAL).expect("the shipped US calendar loads")
}

/// Federal holidays as OPM publishes them (opm.gov "Federal Holidays" pages for 2024–2027): the
/// day off, and the holiday's own date where it falls on a weekend. Written out by hand, not
/// computed, so the rules in the TOML file are checked against an independent list.
#[rustfmt::skip]
const OPM_2024_2027: &[(&str, &str, Option<&str>)] = &[
    // 2024
    ("2024-01-01", "New Year's Day", None),
    ("2024-01-15", "Birthday of Martin Luther King, Jr.", None),
    ("2024-02-19", "Washington's Birthday", None),
    ("2024-05-27", "Memorial Day", None),
    ("2024-06-19", "Juneteenth National Independence Day", None),
    ("2024-07-04", "Independence Day", None),
    ("2024-09-02", "Labor Day", None),
    ("2024-10-14", "Columbus Day", None),
    ("2024-11-11", "Veterans Day", None),
    ("2024-11-28", "Thanksgiving Day", None),
    ("2024-12-25", "Christmas Day", None),
    // 2025 (Inauguration Day, January 20, coincides with MLK Day and is not modelled)
    ("2025-01-01", "New Year's Day", None),
    ("2025-01-20", "Birthday of Martin Luther King, Jr.", None),
    ("2025-02-17", "Washington's Birthday", None),
    ("2025-05-26", "Memorial Day", None),
    ("2025-06-19", "Juneteenth National Independence Day", None),
    ("2025-07-04", "Independence Day", None),
    ("2025-09-01", "Labor Day", None),
    ("2025-10-13", "Columbus Day", None),
    ("2025-11-11", "Veterans Day", None),
    ("2025-11-27", "Thanksgiving Day", None),
    ("2025-12-25", "Christmas Day", None),
    // 2026
    ("2026-01-01", "New Year's Day", None),
    ("2026-01-19", "Birthday of Martin Luther King, Jr.", None),
    ("2026-02-16", "Washington's Birthday", None),
    ("2026-05-25", "Memorial Day", None),
    ("2026-06-19", "Juneteenth National Independence Day", None),
    ("2026-07-03", "Independence Day", Some("2026-07-04")),
    ("2026-09-07", "Labor Day", None),
    ("2026-10-12", "Columbus Day", None),
    ("2026-11-11", "Veterans Day", None),
    ("2026-11-26", "Thanksgiving Day", None),
    ("2026-12-25", "Christmas Day", None),
    // 2027
    ("2027-01-01", "New Year's Day", None),
    ("2027-01-18", "Birthday of Martin Luther King, Jr.", None),
    ("2027-02-15", "Washington's Birthday", None),
    ("2027-05-31", "Memorial Day", None),
    ("2027-06-18", "Juneteenth National Independence Day", Some("2027-06-19")),
    ("2027-07-05", "Independence Day", Some("2027-07-04")),
    ("2027-09-06", "Labor Day", None),
    ("2027-10-11", "Columbus Day", None),
    ("2027-11-11", "Veterans Day", None),
    ("2027-11-25", "Thanksgiving Day", None),
    ("2027-12-24", "Christmas Day", Some("2027-12-25")),
    ("2027-12-31", "New Year's Day", Some("2028-01-01")),
];

fn d(text: &str) -> Date {
    text.parse().expect("test dates are valid")
}

#[test]
fn holidays_2024_to_2027_match_opm() {
    let cal = us();
    let expected: Vec<Holiday> = OPM_2024_2027
        .iter()
        .map(|(day, name, from)| Holiday {
            date: d(day),
            name: (*name).to_owned(),
            observed_from: from.map(d),
        })
        .collect();
    let actual: Vec<Holiday> = (2024..=2027).flat_map(|y| cal.holidays_in(y)).collect();
    assert_eq!(actual, expected);
    for h in &expected {
        // Every day off is a weekday, and the lookups agree with the list.
        assert!(!cal.is_weekend(h.date), "{} is a weekend day", h.date);
        assert_eq!(cal.holiday_on(h.date), Some(h.name.as_str()), "{}", h.date);
        assert!(!cal.is_business_day(h.date), "{}", h.date);
    }
}

#[test]
fn new_year_2022_is_observed_on_friday_2021_12_31() {
    // 5 U.S.C. 6103(b): January 1, 2022 was a Saturday; OPM lists Friday, December 31, 2021.
    let cal = us();
    assert_eq!(date(2022, 1, 1).weekday(), Weekday::Saturday);
    assert_eq!(cal.holiday_on(date(2021, 12, 31)), Some("New Year's Day"));
    assert!(!cal.is_business_day(date(2021, 12, 31)));
    assert_eq!(
        cal.holiday_on(date(2022, 1, 1)),
        None,
        "the Saturday is a weekend day, not the day off"
    );

    let in_2021 = cal.holidays_in(2021);
    assert_eq!(in_2021.len(), 12, "{in_2021:?}");
    assert_eq!(
        in_2021.last(),
        Some(&Holiday {
            date: date(2021, 12, 31),
            name: "New Year's Day".to_owned(),
            observed_from: Some(date(2022, 1, 1)),
        })
    );
    // 2021 also holds the first Juneteenth, observed Friday June 18 (June 19 was a Saturday).
    assert!(
        in_2021
            .iter()
            .any(|h| h.date == date(2021, 6, 18) && h.observed_from == Some(date(2021, 6, 19)))
    );

    // ...and 2022 therefore has only ten days off.
    let in_2022: Vec<Date> = cal.holidays_in(2022).into_iter().map(|h| h.date).collect();
    assert_eq!(
        in_2022,
        [
            date(2022, 1, 17),
            date(2022, 2, 21),
            date(2022, 5, 30),
            date(2022, 6, 20),
            date(2022, 7, 4),
            date(2022, 9, 5),
            date(2022, 10, 10),
            date(2022, 11, 11),
            date(2022, 11, 24),
            date(2022, 12, 26),
        ]
    );
}

#[test]
fn rules_with_a_start_or_end_year() {
    let cal = us();
    // Juneteenth: none before 2021.
    assert!(
        cal.holidays_in(2020)
            .iter()
            .all(|h| !h.name.starts_with("Juneteenth"))
    );
    // MLK Day: first observed January 20, 1986.
    assert!(
        cal.holidays_in(1985)
            .iter()
            .all(|h| !h.name.contains("King"))
    );
    assert_eq!(
        cal.holiday_on(date(1986, 1, 20)),
        Some("Birthday of Martin Luther King, Jr.")
    );
    // Veterans Day 1975 was Monday October 27 (fourth Monday of October, 1971–1977).
    assert_eq!(cal.holiday_on(date(1975, 10, 27)), Some("Veterans Day"));
    assert_eq!(cal.holiday_on(date(1975, 11, 11)), None);
    // November 11, 1978 was a Saturday: observed Friday November 10.
    assert_eq!(cal.holiday_on(date(1978, 11, 10)), Some("Veterans Day"));
}

#[test]
fn every_year_has_eleven_holidays_counted_by_own_date() {
    // 5 U.S.C. 6103(a) lists eleven holidays (Inauguration Day aside) since 2021.
    let cal = us();
    for year in 2021..=2100 {
        let mut own: Vec<Date> = (year - 1..=year + 1)
            .flat_map(|y| cal.holidays_in(y))
            .map(|h| h.observed_from.unwrap_or(h.date))
            .filter(|day| day.year() == year)
            .collect();
        own.dedup();
        assert_eq!(own.len(), 11, "{year}: {own:?}");
    }
}

#[test]
fn saturday_deadline_before_memorial_day_rolls_to_tuesday() {
    // docs/rules.md §7: a deadline on a weekend or federal holiday moves to the next business day.
    // Real case: Saturday 2027-05-29, then Sunday, then Memorial Day Monday 2027-05-31.
    let cal = us();
    assert_eq!(date(2027, 5, 29).weekday(), Weekday::Saturday);
    assert_eq!(cal.holiday_on(date(2027, 5, 31)), Some("Memorial Day"));
    assert_eq!(cal.roll_forward(date(2027, 5, 29)), Ok(date(2027, 6, 1)));
    // A CCR received on 2027-05-19 with a 10-calendar-day action plan window is due that Tuesday.
    assert_eq!(
        cal.add_calendar_days_rolled(date(2027, 5, 19), 10),
        Ok(date(2027, 6, 1))
    );
    // Near-miss: received one day earlier, due Friday 2027-05-28, which stays.
    assert_eq!(
        cal.add_calendar_days_rolled(date(2027, 5, 18), 10),
        Ok(date(2027, 5, 28))
    );
}

#[test]
fn deadline_on_an_observed_friday_rolls_past_the_weekend() {
    // Independence Day 2026 (Saturday) is observed Friday 2026-07-03: a deadline on the 3rd
    // moves to Monday 2026-07-06.
    let cal = us();
    assert_eq!(cal.roll_forward(date(2026, 7, 3)), Ok(date(2026, 7, 6)));
    // Christmas Eve 2027 and New Year's Eve 2027 are the observed days off.
    assert_eq!(cal.roll_forward(date(2027, 12, 24)), Ok(date(2027, 12, 27)));
    assert_eq!(cal.roll_forward(date(2027, 12, 31)), Ok(date(2028, 1, 3)));
}

#[test]
fn business_day_arithmetic_on_known_dates() {
    let cal = us();
    // From Thursday 2027-05-27: Fri 28, (Sat, Sun, Memorial Day), Tue Jun 1, Wed 2, Thu 3, Fri 4.
    assert_eq!(
        cal.add_business_days(date(2027, 5, 27), 1),
        Ok(date(2027, 5, 28))
    );
    assert_eq!(
        cal.add_business_days(date(2027, 5, 27), 2),
        Ok(date(2027, 6, 1))
    );
    assert_eq!(
        cal.add_business_days(date(2027, 5, 27), 5),
        Ok(date(2027, 6, 4))
    );
    assert_eq!(
        cal.add_business_days(date(2027, 5, 29), 0),
        Ok(date(2027, 5, 29))
    );
    assert_eq!(
        cal.business_days_between(date(2027, 5, 27), date(2027, 6, 4)),
        5
    );
    assert_eq!(
        cal.business_days_between(date(2027, 6, 4), date(2027, 5, 27)),
        -5
    );
    assert_eq!(
        cal.business_days_between(date(2027, 5, 29), date(2027, 5, 31)),
        0
    );
    // 2026 has 261 weekdays (52 weeks + Thursday) and 11 weekday holidays: 250 business days.
    assert_eq!(
        cal.business_days_between(date(2025, 12, 31), date(2026, 12, 31)),
        250
    );
}

#[test]
fn identity_of_the_shipped_calendar() {
    let cal = us();
    assert_eq!(cal.id(), "us-federal");
    assert!(cal.name().contains("6103"));
}
