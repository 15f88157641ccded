//! Turning a date cell into a `jiff::civil::Date`: Excel serials in the 1900 and 1904 systems,
//! ODS ISO values and two text forms (ISO `2026-03-14`, US `03/14/2026`). Not responsible for
//! deadlines or business days.
//!
//! Serials are converted here rather than with calamine's chrono feature so the crate needs no
//! chrono, and so impossible serials are refused instead of clamped: calamine's own
//! `to_ymd_hms_milli` maps negative serials to the epoch and serial 60 to 1900-02-29.

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use jiff::Span;
use jiff::civil::Date;

use super::error::DateRefusal;

/// Day 0 of the 1904 system.
const EPOCH_1904: Date = Date::constant(1904, 1, 1);
/// Day 0 for 1900-system serials after the phantom 1900-02-29 (serial 61 = 1900-03-01).
const EPOCH_1900_AFTER_BUG: Date = Date::constant(1899, 12, 30);
/// Day 0 for 1900-system serials before it (serial 1 = 1900-01-01).
const EPOCH_1900_BEFORE_BUG: Date = Date::constant(1899, 12, 31);
/// Largest serial Excel displays as a date (9999-12-31) in the 1900 system.
const MAX_SERIAL_1900: f64 = 2_958_465.0;
/// Same for the 1904 system.
const MAX_SERIAL_1904: f64 = 2_957_003.0;

/// A refused date: the value as the user sees it, and why.
pub(crate) type Refused = (String, DateRefusal);

/// Reads a non-empty date cell.
pub(crate) fn date_from_data(data: &Data) -> Result<Date, Refused> {
    match data {
        Data::DateTime(dt) => date_from_excel(dt).map_err(|r| (format_serial(dt.as_f64()), r)),
        Data::DateTimeIso(s) => parse_iso_value(s).ok_or_else(|| (quote(s), DateRefusal::NotADate)),
        Data::String(s) => parse_text_date(s).map_err(|r| (quote(s.trim()), r)),
        Data::Float(f) => Err((format_serial(*f), DateRefusal::UnformattedNumber)),
        Data::Int(i) => Err((i.to_string(), DateRefusal::UnformattedNumber)),
        Data::Bool(b) => Err((
            if *b { "TRUE" } else { "FALSE" }.to_owned(),
            DateRefusal::NotADate,
        )),
        Data::DurationIso(s) => Err((quote(s), DateRefusal::Duration)),
        Data::Error(e) => Err((e.to_string(), DateRefusal::NotADate)),
        Data::Empty => Err((String::new(), DateRefusal::NotADate)),
    }
}

/// Whether calamine read this value from a workbook flagged `date1904`.
///
/// calamine keeps the flag private; `ExcelDateTime` derives `PartialEq` over all its fields,
/// so rebuilding the value with the flag set and comparing recovers it.
pub(crate) fn is_1904(dt: &ExcelDateTime) -> bool {
    let kind = if dt.is_duration() {
        ExcelDateTimeType::TimeDelta
    } else {
        ExcelDateTimeType::DateTime
    };
    *dt == ExcelDateTime::new(dt.as_f64(), kind, true)
}

/// Converts a date-formatted Excel serial; any time of day is dropped.
pub(crate) fn date_from_excel(dt: &ExcelDateTime) -> Result<Date, DateRefusal> {
    if dt.is_duration() {
        return Err(DateRefusal::Duration);
    }
    serial_to_date(dt.as_f64(), is_1904(dt))
}

/// Converts a serial day number in the given date system.
pub(crate) fn serial_to_date(serial: f64, date1904: bool) -> Result<Date, DateRefusal> {
    let max = if date1904 {
        MAX_SERIAL_1904
    } else {
        MAX_SERIAL_1900
    };
    if !serial.is_finite() || serial < 0.0 || serial >= max + 1.0 {
        return Err(DateRefusal::OutOfRange);
    }
    let day = serial.floor();
    let (epoch, offset) = if date1904 {
        (EPOCH_1904, day)
    } else if day < 1.0 {
        // Serial 0 shows as 1900-01-00 in Excel: not a date.
        return Err(DateRefusal::OutOfRange);
    } else if day < 60.0 {
        (EPOCH_1900_BEFORE_BUG, day)
    } else if day == 60.0 {
        return Err(DateRefusal::Excel1900LeapBug);
    } else {
        (EPOCH_1900_AFTER_BUG, day)
    };
    // Bounded by `max` above, so the cast is exact.
    #[allow(clippy::cast_possible_truncation)]
    let days = offset as i64;
    Span::new()
        .try_days(days)
        .and_then(|span| epoch.checked_add(span))
        .map_err(|_| DateRefusal::OutOfRange)
}

/// An ODS date value: `2024-01-31` or `2024-01-31T13:45:30` (time dropped).
fn parse_iso_value(s: &str) -> Option<Date> {
    let s = s.trim();
    let date_part = match s.split_once('T') {
        Some((d, _time)) => d,
        None => s,
    };
    parse_iso_date(date_part).ok()
}

/// Text typed into a cell: ISO `YYYY-MM-DD` or US `M/D/YYYY` (one- or two-digit month and
/// day, four-digit year). Every other digit pattern is refused as ambiguous.
pub(crate) fn parse_text_date(text: &str) -> Result<Date, DateRefusal> {
    let t = text.trim();
    let dashed = split_digits(t, '-');
    if let Some([y, m, d]) = dashed.as_deref()
        && y.len() == 4
        && (1..=2).contains(&m.len())
        && (1..=2).contains(&d.len())
    {
        return make_date(y, m, d);
    }
    let slashed = split_digits(t, '/');
    if let Some([m, d, y]) = slashed.as_deref()
        && (1..=2).contains(&m.len())
        && (1..=2).contains(&d.len())
        && y.len() == 4
    {
        return make_date(y, m, d);
    }
    // Shapes that look like a date but whose field order is not self-evident:
    // 03-04-26, 14.03.2026, 3/4/26, 2026/03/14 ...
    if [dashed, slashed, split_digits(t, '.')]
        .into_iter()
        .flatten()
        .any(|p| p.len() == 3)
    {
        return Err(DateRefusal::Ambiguous);
    }
    Err(DateRefusal::NotADate)
}

/// Strict `YYYY-MM-DD` (the ODS value form).
fn parse_iso_date(t: &str) -> Result<Date, DateRefusal> {
    let b = t.as_bytes();
    let shaped = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shaped {
        return Err(DateRefusal::NotADate);
    }
    make_date(&t[0..4], &t[5..7], &t[8..10])
}

/// Splits `t` on `sep` if every part is a non-empty run of ASCII digits.
fn split_digits(t: &str, sep: char) -> Option<Vec<&str>> {
    let parts: Vec<&str> = t.split(sep).collect();
    (parts.len() > 1
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit())))
    .then_some(parts)
}

fn make_date(y: &str, m: &str, d: &str) -> Result<Date, DateRefusal> {
    let year: i16 = y.parse().map_err(|_| DateRefusal::NoSuchDay)?;
    let month: i8 = m.parse().map_err(|_| DateRefusal::NoSuchDay)?;
    let day: i8 = d.parse().map_err(|_| DateRefusal::NoSuchDay)?;
    Date::new(year, month, day).map_err(|_| DateRefusal::NoSuchDay)
}

fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

fn format_serial(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn serials_match_calamine_in_both_systems() {
        // notes/pdf-and-xlsx.md §7: 2024-01-31 is serial 45322 (1900) and 43860 (1904).
        assert_eq!(serial_to_date(45322.0, false), Ok(date(2024, 1, 31)));
        assert_eq!(serial_to_date(43860.0, true), Ok(date(2024, 1, 31)));
        assert_eq!(serial_to_date(45322.573, false), Ok(date(2024, 1, 31)));
        for serial in [
            1.0,
            59.0,
            61.0,
            366.0,
            1462.0,
            45322.0,
            46095.0,
            MAX_SERIAL_1900,
        ] {
            for date1904 in [false, true] {
                let Ok(ours) = serial_to_date(serial, date1904) else {
                    continue;
                };
                let theirs = ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, date1904)
                    .to_ymd_hms_milli();
                assert_eq!(
                    (ours.year(), ours.month(), ours.day()),
                    (
                        i16::try_from(theirs.0).unwrap_or(-1),
                        i8::try_from(theirs.1).unwrap_or(-1),
                        i8::try_from(theirs.2).unwrap_or(-1)
                    ),
                    "serial {serial} 1904={date1904}"
                );
            }
        }
    }

    #[test]
    fn excel_1900_leap_bug_is_refused_not_invented() {
        // Excel treats 1900 as a leap year (ECMA-376 Part 1 §18.17.4.1): serial 59 is
        // 1900-02-28, 60 the phantom 1900-02-29, 61 is 1900-03-01.
        assert_eq!(serial_to_date(59.0, false), Ok(date(1900, 2, 28)));
        assert_eq!(
            serial_to_date(60.0, false),
            Err(DateRefusal::Excel1900LeapBug)
        );
        assert_eq!(serial_to_date(61.0, false), Ok(date(1900, 3, 1)));
        assert_eq!(serial_to_date(60.0, true), Ok(date(1904, 3, 1)));
        assert_eq!(serial_to_date(0.0, false), Err(DateRefusal::OutOfRange));
        assert_eq!(serial_to_date(0.0, true), Ok(date(1904, 1, 1)));
        assert_eq!(serial_to_date(-1.0, true), Err(DateRefusal::OutOfRange));
        assert_eq!(
            serial_to_date(f64::NAN, false),
            Err(DateRefusal::OutOfRange)
        );
        assert_eq!(
            serial_to_date(MAX_SERIAL_1904, true),
            Ok(date(9999, 12, 31))
        );
        assert_eq!(
            serial_to_date(MAX_SERIAL_1900 + 1.0, false),
            Err(DateRefusal::OutOfRange)
        );
    }

    #[test]
    fn flag_1904_is_recovered_from_calamine_value() {
        let a = ExcelDateTime::new(1.0, ExcelDateTimeType::DateTime, true);
        let b = ExcelDateTime::new(1.0, ExcelDateTimeType::DateTime, false);
        assert!(is_1904(&a));
        assert!(!is_1904(&b));
    }

    #[test]
    fn text_dates_iso_and_us_only() {
        assert_eq!(parse_text_date("2026-03-14"), Ok(date(2026, 3, 14)));
        assert_eq!(parse_text_date(" 03/14/2026 "), Ok(date(2026, 3, 14)));
        assert_eq!(parse_text_date("3/4/2026"), Ok(date(2026, 3, 4)));
        assert_eq!(parse_text_date("03-04-26"), Err(DateRefusal::Ambiguous));
        assert_eq!(parse_text_date("3/4/26"), Err(DateRefusal::Ambiguous));
        assert_eq!(parse_text_date("14.03.2026"), Err(DateRefusal::Ambiguous));
        assert_eq!(parse_text_date("2026/03/14"), Err(DateRefusal::Ambiguous));
        assert_eq!(parse_text_date("14/03/2026"), Err(DateRefusal::NoSuchDay));
        assert_eq!(parse_text_date("2026-02-30"), Err(DateRefusal::NoSuchDay));
        assert_eq!(parse_text_date("March 14"), Err(DateRefusal::NotADate));
        assert_eq!(parse_text_date("2026-3-14"), Ok(date(2026, 3, 14)));
        assert_eq!(parse_text_date("26-03-14"), Err(DateRefusal::Ambiguous));
    }

    #[test]
    fn ods_iso_values_drop_the_time() {
        assert_eq!(
            date_from_data(&Data::DateTimeIso("2024-01-31T13:45:30".into())),
            Ok(date(2024, 1, 31))
        );
        assert!(date_from_data(&Data::DateTimeIso("13:45:30".into())).is_err());
        assert_eq!(
            date_from_data(&Data::Float(46095.0)),
            Err(("46095".to_owned(), DateRefusal::UnformattedNumber))
        );
    }
}
