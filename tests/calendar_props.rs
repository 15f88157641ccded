#![allow(clippy::expect_used, missing_docs)]
//! Property tests of deadline arithmetic over the US federal calendar (STYLE: "property tests
//! where a rule is arithmetic"; docs/rules.md §7 deadlines).

use jiff::civil::Date;
use proptest::prelude::*;
use qcp::calendar::HolidayCalendar;

const US_FEDERAL: &str = include_str!("../standards/calendar-us-federal.toml");

fn us() -> HolidayCalendar {
    HolidayCalendar::from_toml(US_FEDERAL).expect("the shipped US calendar loads")
}

/// Dates from 1971 (the Monday holiday rules) to 2200.
fn any_date() -> impl Strategy<Value = Date> {
    let first = jiff::civil::date(1971, 1, 1);
    (0i64..84_000).prop_map(move |n| {
        first
            .checked_add(jiff::Span::new().days(n))
            .expect("in range")
    })
}

fn plus(day: Date, n: i64) -> Date {
    day.checked_add(jiff::Span::new().days(n))
        .expect("in range")
}

/// The obvious day-by-day count, to check the arithmetic one against.
fn count_slowly(cal: &HolidayCalendar, a: Date, b: Date) -> i64 {
    let mut n = 0;
    let mut day = a;
    while day < b {
        day = plus(day, 1);
        if cal.is_business_day(day) {
            n += 1;
        }
    }
    n
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_rolled_date_is_a_business_day(day in any_date()) {
        let cal = us();
        let rolled = cal.roll_forward(day).expect("date arithmetic stays in range");
        prop_assert!(!cal.is_weekend(rolled));
        prop_assert_eq!(cal.holiday_on(rolled), None);
        prop_assert!(cal.is_business_day(rolled));
    }

    #[test]
    fn rolling_is_idempotent_and_stays_close(day in any_date()) {
        let cal = us();
        let rolled = cal.roll_forward(day).expect("date arithmetic stays in range");
        prop_assert_eq!(cal.roll_forward(rolled).expect("date arithmetic stays in range"), rolled);
        prop_assert!(rolled >= day);
        prop_assert!(rolled < plus(day, 10));
        // Federal days off come at most three in a row (a weekend beside a Friday or Monday
        // holiday), so a deadline moves by three days at most.
        prop_assert!(rolled <= plus(day, 3));
        // Every day skipped really is a day off.
        let mut skipped = day;
        while skipped < rolled {
            prop_assert!(!cal.is_business_day(skipped));
            skipped = plus(skipped, 1);
        }
        if cal.is_business_day(day) {
            prop_assert_eq!(rolled, day);
        }
    }

    #[test]
    fn add_business_days_is_monotonic_in_n(day in any_date(), n in 0u32..300) {
        let cal = us();
        let a = cal.add_business_days(day, n).expect("date arithmetic stays in range");
        let b = cal.add_business_days(day, n + 1).expect("date arithmetic stays in range");
        prop_assert!(b > a);
        prop_assert!(cal.is_business_day(b));
        prop_assert_eq!(cal.business_days_between(day, b), i64::from(n) + 1);
    }

    #[test]
    fn add_business_days_is_monotonic_in_the_date(day in any_date(), gap in 0i64..60, n in 0u32..60) {
        let cal = us();
        let later = plus(day, gap);
        prop_assert!(cal.add_business_days(day, n).expect("date arithmetic stays in range") <= cal.add_business_days(later, n).expect("date arithmetic stays in range"));
    }

    #[test]
    fn calendar_days_rolled_is_the_roll_of_the_sum(day in any_date(), n in 0u32..400) {
        let cal = us();
        let due = cal.add_calendar_days_rolled(day, n).expect("date arithmetic stays in range");
        prop_assert_eq!(due, cal.roll_forward(plus(day, i64::from(n))).expect("date arithmetic stays in range"));
        prop_assert!(cal.is_business_day(due));
    }

    #[test]
    fn business_days_between_matches_a_day_by_day_count(a in any_date(), span in 0i64..800) {
        let cal = us();
        let b = plus(a, span);
        let n = cal.business_days_between(a, b);
        prop_assert_eq!(n, count_slowly(&cal, a, b));
        prop_assert_eq!(cal.business_days_between(b, a), -n);
    }

    #[test]
    fn holidays_in_agrees_with_holiday_on(year in 1971i16..2200) {
        let cal = us();
        let list = cal.holidays_in(year);
        let mut day = jiff::civil::date(year, 1, 1);
        let mut found = Vec::new();
        while day.year() == year {
            if let Some(name) = cal.holiday_on(day) {
                found.push((day, name.to_owned()));
            }
            day = plus(day, 1);
        }
        let listed: Vec<_> = list.into_iter().map(|h| (h.date, h.name)).collect();
        prop_assert_eq!(listed, found);
    }
}
