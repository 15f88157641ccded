//! Business-day calendar: which days are weekends or holidays, and deadline arithmetic over them.
//!
//! The holiday rules are data. A calendar is loaded from TOML (for qcp, the US federal calendar in
//! `standards/calendar-us-federal.toml`), so a practice that works to another calendar loads another
//! file. This module parses and validates that file, computes the days off of any year (including a
//! holiday observed in the year before its date, like New Year's Day 2022 observed on Friday
//! 2021-12-31), and answers "is this a business day", "roll this deadline forward", "add N business
//! days".
//!
//! It does not know any program rule: how many days an action plan may take, or that deadlines roll
//! forward at all, is decided by the caller, which passes the day counts in. It reads no clock and
//! no file.

use std::collections::BTreeSet;
use std::fmt;

use jiff::Span;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use toml::Spanned;

/// How far [`HolidayCalendar::roll_forward`] and friends search for a business day before giving
/// up. A real calendar has one within days; this bound only stops a malformed calendar (for
/// example, every weekday a holiday) from looping for ever.
const SEARCH_LIMIT_DAYS: i64 = 366;

/// Easter offsets are limited to a year either side, so that computing the days off of one year
/// only needs the rules of the year before, that year and the year after.
const EASTER_OFFSET_LIMIT: i64 = 365;

/// A place in the calendar's TOML text: 1-based line and column (the column counts characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`.
    fn in_text(text: &str, offset: usize) -> Self {
        let mut line = 1;
        let mut column = 1;
        for (index, ch) in text.char_indices() {
            if index >= offset {
                break;
            }
            if ch == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        Position { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why a calendar could not be loaded, or why a date computation over it failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The text is not TOML, or not shaped like a calendar (unknown key, wrong type, missing key).
    #[error("calendar{}: {message}", position.map(|p| format!(" {p}")).unwrap_or_default())]
    Parse {
        /// Where the problem is, when the TOML parser knows.
        position: Option<Position>,
        /// The parser's description, naming the offending key or value.
        message: String,
    },
    /// A value is well-formed TOML but not a valid calendar rule.
    #[error("calendar {position}: `{field}`: {message}")]
    Invalid {
        /// Where the offending value (or holiday table) starts.
        position: Position,
        /// The TOML key at fault.
        field: &'static str,
        /// What is wrong, quoting the value.
        message: String,
    },
    /// Date arithmetic left the range of dates that can be represented (years -9999..=9999).
    #[error("date {date} moved by {days} days is outside the supported range")]
    OutOfRange {
        /// The date the computation started from.
        date: Date,
        /// How many days it was moved by.
        days: i64,
    },
    /// The calendar has no business day near the given date.
    #[error(
        "no business day within {days} days after {date}: check the calendar's weekend and holidays"
    )]
    NoBusinessDay {
        /// The date the search started from.
        date: Date,
        /// How many days were searched.
        days: i64,
    },
}

/// A day off in a given year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    /// The day that is off (the observed day).
    pub date: Date,
    /// The holiday's name, as the calendar file gives it.
    pub name: String,
    /// The holiday's own date, when it fell on a weekend and is observed on `date` instead.
    pub observed_from: Option<Date>,
}

/// A validated business-day calendar: a weekend and a list of holiday rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    id: String,
    name: String,
    /// Indexed by `Weekday::to_monday_zero_offset`.
    weekend: [bool; 7],
    rules: Vec<Rule>,
    years: YearMemo,
}

/// The observed holidays of each year asked about, computed once per calendar: a bundle of
/// thousands of applications walks the same few years again and again. Not part of the
/// calendar's value (a clone starts empty; two calendars compare by their rules).
#[derive(Debug, Default)]
struct YearMemo(std::sync::Mutex<std::collections::BTreeMap<i16, std::sync::Arc<[Occurrence]>>>);

impl Clone for YearMemo {
    fn clone(&self) -> Self {
        YearMemo::default()
    }
}

impl PartialEq for YearMemo {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for YearMemo {}

/// The most years one calendar remembers (dates are bounded, but a hostile walk need not be).
const YEAR_MEMO_MAX: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    name: String,
    date: DateRule,
    observed: Observance,
    from_year: Option<i16>,
    until_year: Option<i16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateRule {
    Fixed {
        month: i8,
        day: i8,
    },
    NthWeekday {
        month: i8,
        weekday: Weekday,
        nth: i8,
    },
    Easter {
        offset: i16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Observance {
    /// The holiday stays on its date, even on a weekend.
    None,
    /// A weekend holiday moves to the nearest non-weekend day (the later one on a tie).
    NearestWeekday,
    /// A weekend holiday moves to the next non-weekend day.
    NextWeekday,
    /// A weekend holiday moves to the next day that is neither weekend nor another holiday.
    NextFreeDay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum RuleKind {
    Fixed,
    NthWeekday,
    Easter,
}

impl RuleKind {
    fn as_str(self) -> &'static str {
        match self {
            RuleKind::Fixed => "fixed",
            RuleKind::NthWeekday => "nth-weekday",
            RuleKind::Easter => "easter",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum DayName {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl From<DayName> for Weekday {
    fn from(day: DayName) -> Weekday {
        match day {
            DayName::Monday => Weekday::Monday,
            DayName::Tuesday => Weekday::Tuesday,
            DayName::Wednesday => Weekday::Wednesday,
            DayName::Thursday => Weekday::Thursday,
            DayName::Friday => Weekday::Friday,
            DayName::Saturday => Weekday::Saturday,
            DayName::Sunday => Weekday::Sunday,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCalendar {
    id: Spanned<String>,
    name: Spanned<String>,
    weekend: Vec<Spanned<DayName>>,
    #[serde(default, rename = "holiday")]
    holidays: Vec<Spanned<RawHoliday>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHoliday {
    name: Spanned<String>,
    rule: Spanned<RuleKind>,
    month: Option<Spanned<i64>>,
    day: Option<Spanned<i64>>,
    weekday: Option<Spanned<DayName>>,
    nth: Option<Spanned<i64>>,
    offset: Option<Spanned<i64>>,
    observed: Option<Spanned<Observance>>,
    from_year: Option<Spanned<i64>>,
    until_year: Option<Spanned<i64>>,
}

/// Turns spans into positions while validating one document.
struct Validator<'t> {
    text: &'t str,
}

impl Validator<'_> {
    fn invalid<T>(
        &self,
        span: std::ops::Range<usize>,
        field: &'static str,
        message: String,
    ) -> Result<T, CalendarError> {
        Err(CalendarError::Invalid {
            position: Position::in_text(self.text, span.start),
            field,
            message,
        })
    }

    fn non_empty(
        &self,
        value: &Spanned<String>,
        field: &'static str,
    ) -> Result<String, CalendarError> {
        if value.get_ref().trim().is_empty() {
            return self.invalid(value.span(), field, "must not be empty".to_owned());
        }
        Ok(value.get_ref().clone())
    }

    /// The value as a `T`, if it lies in `range` (which must fit in `T`).
    fn in_range<T: TryFrom<i64>>(
        &self,
        value: &Spanned<i64>,
        field: &'static str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Result<T, CalendarError> {
        let v = *value.get_ref();
        match T::try_from(v) {
            Ok(t) if range.contains(&v) => Ok(t),
            _ => self.invalid(
                value.span(),
                field,
                format!("{v} is not in {}..={}", range.start(), range.end()),
            ),
        }
    }

    fn required<'v, T>(
        &self,
        value: Option<&'v Spanned<T>>,
        table: &Spanned<RawHoliday>,
        field: &'static str,
    ) -> Result<&'v Spanned<T>, CalendarError> {
        match value {
            Some(v) => Ok(v),
            None => self.invalid(
                table.span(),
                field,
                format!(
                    "rule \"{}\" needs `{field}`",
                    table.get_ref().rule.get_ref().as_str()
                ),
            ),
        }
    }

    fn forbidden<T>(
        &self,
        value: Option<&Spanned<T>>,
        kind: RuleKind,
        field: &'static str,
    ) -> Result<(), CalendarError> {
        match value {
            Some(v) => self.invalid(
                v.span(),
                field,
                format!("does not apply to rule \"{}\"", kind.as_str()),
            ),
            None => Ok(()),
        }
    }

    fn calendar(&self, raw: &RawCalendar) -> Result<HolidayCalendar, CalendarError> {
        let id = self.non_empty(&raw.id, "id")?;
        let name = self.non_empty(&raw.name, "name")?;
        let mut weekend = [false; 7];
        for day in &raw.weekend {
            let slot = &mut weekend[weekday_index(Weekday::from(*day.get_ref()))];
            if *slot {
                return self.invalid(
                    day.span(),
                    "weekend",
                    format!("{:?} is listed twice", day.get_ref()).to_lowercase(),
                );
            }
            *slot = true;
        }
        if weekend.iter().all(|w| *w) {
            let span = raw.weekend.first().map(Spanned::span).unwrap_or_default();
            return self.invalid(
                span,
                "weekend",
                "all seven days are weekend days: no day could be a business day".to_owned(),
            );
        }
        let rules = raw
            .holidays
            .iter()
            .map(|h| self.rule(h))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(HolidayCalendar {
            id,
            name,
            weekend,
            rules,
            years: YearMemo::default(),
        })
    }

    fn rule(&self, table: &Spanned<RawHoliday>) -> Result<Rule, CalendarError> {
        let raw = table.get_ref();
        let name = self.non_empty(&raw.name, "name")?;
        let kind = *raw.rule.get_ref();
        let date = match kind {
            RuleKind::Fixed => {
                self.forbidden(raw.weekday.as_ref(), kind, "weekday")?;
                self.forbidden(raw.nth.as_ref(), kind, "nth")?;
                self.forbidden(raw.offset.as_ref(), kind, "offset")?;
                let month = self.month(self.required(raw.month.as_ref(), table, "month")?)?;
                let day_value = self.required(raw.day.as_ref(), table, "day")?;
                let day: i8 = self.in_range(day_value, "day", 1..=31)?;
                // 2001 is not a leap year: a fixed holiday on February 29 would vanish three years
                // in four, which is never what a holiday law means.
                if Date::new(2001, month, day).is_err() {
                    return self.invalid(
                        day_value.span(),
                        "day",
                        format!("month {month} has no day {day} in every year"),
                    );
                }
                DateRule::Fixed { month, day }
            }
            RuleKind::NthWeekday => {
                self.forbidden(raw.day.as_ref(), kind, "day")?;
                self.forbidden(raw.offset.as_ref(), kind, "offset")?;
                let month = self.month(self.required(raw.month.as_ref(), table, "month")?)?;
                let weekday = Weekday::from(
                    *self
                        .required(raw.weekday.as_ref(), table, "weekday")?
                        .get_ref(),
                );
                let nth_value = self.required(raw.nth.as_ref(), table, "nth")?;
                // Every month has at least four of each weekday but not always five, so a fifth
                // occurrence would silently skip some years; "last" is written -1.
                let nth = match i8::try_from(*nth_value.get_ref()) {
                    Ok(n) if n != 0 && (-4..=4).contains(&n) => n,
                    _ => {
                        return self.invalid(
                            nth_value.span(),
                            "nth",
                            format!(
                                "{} is not 1..=4 or -4..=-1 (use -1 for the last)",
                                nth_value.get_ref()
                            ),
                        );
                    }
                };
                DateRule::NthWeekday {
                    month,
                    weekday,
                    nth,
                }
            }
            RuleKind::Easter => {
                self.forbidden(raw.month.as_ref(), kind, "month")?;
                self.forbidden(raw.day.as_ref(), kind, "day")?;
                self.forbidden(raw.weekday.as_ref(), kind, "weekday")?;
                self.forbidden(raw.nth.as_ref(), kind, "nth")?;
                let offset = match &raw.offset {
                    Some(v) => {
                        self.in_range(v, "offset", -EASTER_OFFSET_LIMIT..=EASTER_OFFSET_LIMIT)?
                    }
                    None => 0,
                };
                DateRule::Easter { offset }
            }
        };
        let from_year = raw
            .from_year
            .as_ref()
            .map(|y| self.year(y, "from_year"))
            .transpose()?;
        let until_year = raw
            .until_year
            .as_ref()
            .map(|y| self.year(y, "until_year"))
            .transpose()?;
        if let (Some(from), Some(until), Some(until_value)) =
            (from_year, until_year, &raw.until_year)
            && until < from
        {
            return self.invalid(
                until_value.span(),
                "until_year",
                format!("{until} is before from_year {from}"),
            );
        }
        Ok(Rule {
            name,
            date,
            observed: raw
                .observed
                .as_ref()
                .map_or(Observance::None, |o| *o.get_ref()),
            from_year,
            until_year,
        })
    }

    fn month(&self, value: &Spanned<i64>) -> Result<i8, CalendarError> {
        self.in_range(value, "month", 1..=12)
    }

    fn year(&self, value: &Spanned<i64>, field: &'static str) -> Result<i16, CalendarError> {
        self.in_range(value, field, -9999..=9999)
    }
}

fn weekday_index(day: Weekday) -> usize {
    // to_monday_zero_offset is 0..=6, never negative.
    usize::from(day.to_monday_zero_offset().unsigned_abs())
}

/// Moves `date` by `days`, or says it left the representable range.
fn shift(date: Date, days: i64) -> Result<Date, CalendarError> {
    Span::new()
        .try_days(days)
        .and_then(|span| date.checked_add(span))
        .map_err(|_| CalendarError::OutOfRange { date, days })
}

/// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher).
/// `None` before 1583, when the Gregorian computus did not yet apply.
fn easter_sunday(year: i16) -> Option<Date> {
    if year < 1583 {
        return None;
    }
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// One day off computed from a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Occurrence {
    /// The observed day off.
    date: Date,
    /// The holiday's own date.
    nominal: Date,
    /// Index into `HolidayCalendar::rules`.
    rule: usize,
}

impl HolidayCalendar {
    /// Parses and validates a calendar from TOML text (format: see NOTES.md and the US file).
    ///
    /// # Errors
    /// [`CalendarError::Parse`] for TOML syntax, an unknown or missing key or a wrong type;
    /// [`CalendarError::Invalid`] for a value out of range or a key that does not fit the rule.
    ///
    /// ```
    /// use qcp::calendar::HolidayCalendar;
    /// let cal = HolidayCalendar::from_toml(r#"
    ///     id = "demo"
    ///     name = "Demo"
    ///     weekend = ["saturday", "sunday"]
    ///     [[holiday]]
    ///     name = "New Year's Day"
    ///     rule = "fixed"
    ///     month = 1
    ///     day = 1
    ///     observed = "nearest-weekday"
    /// "#)?;
    /// let new_year = jiff::civil::date(2021, 12, 31); // for Saturday 2022-01-01
    /// assert_eq!(cal.holiday_on(new_year), Some("New Year's Day"));
    /// # Ok::<(), qcp::calendar::CalendarError>(())
    /// ```
    pub fn from_toml(text: &str) -> Result<Self, CalendarError> {
        let raw: RawCalendar = toml::from_str(text).map_err(|e| CalendarError::Parse {
            position: e.span().map(|s| Position::in_text(text, s.start)),
            message: e.message().trim().to_owned(),
        })?;
        Validator { text }.calendar(&raw)
    }

    /// The calendar's short identifier (`id` in the file).
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The calendar's descriptive name (`name` in the file).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether `date` falls on one of the calendar's weekend days.
    #[must_use]
    pub fn is_weekend(&self, date: Date) -> bool {
        self.weekend[weekday_index(date.weekday())]
    }

    /// The days off whose observed date lies in `year`, sorted by date.
    ///
    /// A holiday observed in the previous year (New Year's Day on a Saturday, observed on Friday
    /// December 31) is listed under the year it is observed in.
    #[must_use]
    pub fn holidays_in(&self, year: i16) -> Vec<Holiday> {
        self.observed_in(year)
            .into_iter()
            .map(|o| Holiday {
                date: o.date,
                name: self.rules[o.rule].name.clone(),
                observed_from: (o.date != o.nominal).then_some(o.nominal),
            })
            .collect()
    }

    /// The name of the holiday observed on `date`, if any.
    ///
    /// Only observed days off count: when a Saturday holiday is observed on the Friday, the
    /// Friday has the name and the Saturday is just a weekend day.
    #[must_use]
    pub fn holiday_on(&self, date: Date) -> Option<&str> {
        YearCache::new(self).holiday_on(date)
    }

    /// Whether `date` is neither a weekend day nor an observed holiday.
    #[must_use]
    pub fn is_business_day(&self, date: Date) -> bool {
        YearCache::new(self).is_business_day(date)
    }

    /// `date` itself if it is a business day, otherwise the next business day.
    ///
    /// # Errors
    /// [`CalendarError::OutOfRange`] past 9999-12-31; [`CalendarError::NoBusinessDay`] when the
    /// calendar has no business day within a year.
    pub fn roll_forward(&self, date: Date) -> Result<Date, CalendarError> {
        YearCache::new(self).roll_forward(date)
    }

    /// The `n`th business day after `date` (`date` itself is not counted; `n = 0` returns `date`
    /// unchanged, business day or not).
    ///
    /// # Errors
    /// As for [`HolidayCalendar::roll_forward`].
    pub fn add_business_days(&self, date: Date, n: u32) -> Result<Date, CalendarError> {
        let mut cache = YearCache::new(self);
        let mut day = date;
        let mut days_moved: i64 = 0;
        let mut since_business: i64 = 0;
        let mut found = 0;
        while found < n {
            day = shift(day, 1).map_err(|_| CalendarError::OutOfRange {
                date,
                days: days_moved + 1,
            })?;
            days_moved += 1;
            if cache.is_business_day(day) {
                found += 1;
                since_business = 0;
            } else {
                since_business += 1;
                if since_business > SEARCH_LIMIT_DAYS {
                    return Err(CalendarError::NoBusinessDay {
                        date,
                        days: days_moved,
                    });
                }
            }
        }
        Ok(day)
    }

    /// `date` plus `n` calendar days, rolled forward to a business day if it lands on a weekend or
    /// holiday: the way a "due N calendar days after" deadline is computed.
    ///
    /// # Errors
    /// As for [`HolidayCalendar::roll_forward`].
    pub fn add_calendar_days_rolled(&self, date: Date, n: u32) -> Result<Date, CalendarError> {
        let due = shift(date, i64::from(n))?;
        self.roll_forward(due)
    }

    /// The number of business days `d` with `a < d <= b`; negative (the same count) when `b < a`.
    ///
    /// So `business_days_between(a, add_business_days(a, n)) == n`.
    #[must_use]
    pub fn business_days_between(&self, a: Date, b: Date) -> i64 {
        if b < a {
            return -self.business_days_between(b, a);
        }
        let total = i64::from((b - a).get_days());
        let weekend_per_week: i64 = self.weekend.iter().map(|w| i64::from(*w)).sum();
        let mut weekend_days = total / 7 * weekend_per_week;
        let start = a.weekday();
        for k in 1..=total % 7 {
            if self.weekend[weekday_index(start.wrapping_add(k))] {
                weekend_days += 1;
            }
        }
        // The occurrences come sorted by date; two holidays observed on one day take only one
        // business day, so repeated dates are counted once.
        let mut holidays: i64 = 0;
        let mut previous = None;
        for day in (a.year()..=b.year())
            .flat_map(|year| self.observed_in(year))
            .map(|o| o.date)
            .filter(|d| a < *d && *d <= b && !self.is_weekend(*d))
        {
            if previous != Some(day) {
                holidays += 1;
                previous = Some(day);
            }
        }
        total - weekend_days - holidays
    }

    /// The occurrences observed in `year`, sorted by date.
    /// [`HolidayCalendar::observed_in`], remembered per year.
    fn observed_memo(&self, year: i16) -> std::sync::Arc<[Occurrence]> {
        if let Some(days) = self.years.0.lock().ok().and_then(|m| m.get(&year).cloned()) {
            return days;
        }
        let days: std::sync::Arc<[Occurrence]> = self.observed_in(year).into();
        if let Ok(mut m) = self.years.0.lock()
            && m.len() < YEAR_MEMO_MAX
        {
            m.insert(year, std::sync::Arc::clone(&days));
        }
        days
    }

    fn observed_in(&self, year: i16) -> Vec<Occurrence> {
        // Observance moves a holiday by a few days at most, so only its neighbours can spill into
        // `year` (New Year's Day of year + 1 observed on December 31).
        let first = year.saturating_sub(1).max(-9999);
        let last = year.saturating_add(1).min(9999);
        let mut all = self.occurrences(first, last);
        all.retain(|o| o.date.year() == year);
        all
    }

    /// All occurrences of holidays whose own date lies in nominal years `first..=last`, sorted by
    /// observed date. Dates beyond the representable range are left out: no day there can be
    /// asked about.
    fn occurrences(&self, first: i16, last: i16) -> Vec<Occurrence> {
        let mut nominal: Vec<(Date, usize)> = (first..=last)
            .flat_map(|year| {
                self.rules
                    .iter()
                    .enumerate()
                    .filter_map(move |(index, rule)| Some((rule.nominal_date(year)?, index)))
            })
            .collect();
        nominal.sort();
        // Days already taken, for "next-free-day": every holiday that stays on its own date, then
        // each moved holiday in date order (Christmas on Saturday takes Monday, Boxing Day on
        // Sunday then takes Tuesday).
        let mut taken: BTreeSet<Date> = nominal
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| !self.is_weekend(*d))
            .collect();
        let mut out = Vec::with_capacity(nominal.len());
        for (day, index) in nominal {
            let observed = if self.is_weekend(day) {
                match self.rules[index].observed {
                    Observance::None => Some(day),
                    Observance::NearestWeekday => self.nearest_weekday(day),
                    Observance::NextWeekday => next_matching(day, |d| !self.is_weekend(d)),
                    Observance::NextFreeDay => {
                        let free =
                            next_matching(day, |d| !self.is_weekend(d) && !taken.contains(&d));
                        if let Some(d) = free {
                            taken.insert(d);
                        }
                        free
                    }
                }
            } else {
                Some(day)
            };
            if let Some(date) = observed {
                out.push(Occurrence {
                    date,
                    nominal: day,
                    rule: index,
                });
            }
        }
        out.sort_by_key(|o| (o.date, o.rule));
        out
    }

    /// The nearest non-weekend day to `day`; the later one when two are equally near.
    fn nearest_weekday(&self, day: Date) -> Option<Date> {
        (1..=7).find_map(|k| {
            let after = shift(day, k).ok().filter(|d| !self.is_weekend(*d));
            let before = shift(day, -k).ok().filter(|d| !self.is_weekend(*d));
            after.or(before)
        })
    }
}

/// The first day after `day` (within the search limit) that satisfies `accept`.
fn next_matching(day: Date, accept: impl Fn(Date) -> bool) -> Option<Date> {
    (1..=SEARCH_LIMIT_DAYS)
        .map_while(|k| shift(day, k).ok())
        .find(|d| accept(*d))
}

impl Rule {
    /// The holiday's own date in `year`, if the rule applies that year.
    fn nominal_date(&self, year: i16) -> Option<Date> {
        if self.from_year.is_some_and(|from| year < from)
            || self.until_year.is_some_and(|until| year > until)
        {
            return None;
        }
        match self.date {
            DateRule::Fixed { month, day } => Date::new(year, month, day).ok(),
            DateRule::NthWeekday {
                month,
                weekday,
                nth,
            } => Date::new(year, month, 1)
                .ok()?
                .nth_weekday_of_month(nth, weekday)
                .ok(),
            DateRule::Easter { offset } => shift(easter_sunday(year)?, i64::from(offset)).ok(),
        }
    }
}

/// The observed holidays of one year at a time, so that walking day by day recomputes them only
/// when the walk crosses into another year.
struct YearCache<'c> {
    calendar: &'c HolidayCalendar,
    year: Option<i16>,
    days: std::sync::Arc<[Occurrence]>,
}

impl<'c> YearCache<'c> {
    fn new(calendar: &'c HolidayCalendar) -> Self {
        YearCache {
            calendar,
            year: None,
            days: std::sync::Arc::from([]),
        }
    }

    fn holiday_on(&mut self, date: Date) -> Option<&'c str> {
        if self.year != Some(date.year()) {
            self.days = self.calendar.observed_memo(date.year());
            self.year = Some(date.year());
        }
        let calendar = self.calendar;
        self.days
            .iter()
            .find(|o| o.date == date)
            .map(|o| calendar.rules[o.rule].name.as_str())
    }

    fn is_business_day(&mut self, date: Date) -> bool {
        !self.calendar.is_weekend(date) && self.holiday_on(date).is_none()
    }

    fn roll_forward(&mut self, date: Date) -> Result<Date, CalendarError> {
        let mut day = date;
        for moved in 0..=SEARCH_LIMIT_DAYS {
            if self.is_business_day(day) {
                return Ok(day);
            }
            day = shift(day, 1).map_err(|_| CalendarError::OutOfRange {
                date,
                days: moved + 1,
            })?;
        }
        Err(CalendarError::NoBusinessDay {
            date,
            days: SEARCH_LIMIT_DAYS,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    const HEADER: &str = "id = \"t\"\nname = \"Test\"\nweekend = [\"saturday\", \"sunday\"]\n";

    fn load(holidays: &str) -> Result<HolidayCalendar, CalendarError> {
        HolidayCalendar::from_toml(&format!("{HEADER}{holidays}"))
    }

    fn invalid_at(
        result: Result<HolidayCalendar, CalendarError>,
    ) -> (usize, usize, &'static str, String) {
        match result {
            Err(CalendarError::Invalid {
                position,
                field,
                message,
            }) => (position.line, position.column, field, message),
            other => panic!("expected an invalid-value error, got {other:?}"),
        }
    }

    #[test]
    fn easter_sundays_match_published_dates() {
        // Source: the Gregorian Easter tables (e.g. 1818 and 2285 are the earliest possible,
        // March 22; 1943 and 2038 the latest, April 25).
        for (y, m, d) in [
            (1818, 3, 22),
            (1943, 4, 25),
            (2000, 4, 23),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), Some(date(y, m, d)), "easter {y}");
        }
        assert_eq!(easter_sunday(1582), None);
    }

    /// The per-year memo changes no answer: walks in any order, over year ends, agree with a
    /// fresh copy of the calendar (whose memo is empty), which still compares equal.
    #[test]
    fn remembered_years_give_the_answers_of_a_fresh_calendar() {
        let cal = load(
            "[[holiday]]\nname = \"New Year\"\nrule = \"fixed\"\nmonth = 1\nday = 1\nobserved = \"nearest-weekday\"\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let starts = [date(2027, 12, 20), date(2021, 12, 28), date(2027, 12, 31)];
        let walk = |c: &HolidayCalendar| -> Vec<Date> {
            starts
                .iter()
                .map(|d| c.add_business_days(*d, 5).unwrap_or_else(|e| panic!("{e}")))
                .collect()
        };
        let first = walk(&cal);
        assert_eq!(walk(&cal), first, "asked again, from the memo");
        let fresh = cal.clone();
        assert_eq!(fresh, cal);
        assert_eq!(walk(&fresh), first);
        // 2022-01-01 is a Saturday observed on Friday 2021-12-31: the walk skips it (January 4
        // without the holiday).
        assert_eq!(first[1], date(2022, 1, 5));
    }

    #[test]
    fn unknown_key_is_an_error_with_its_position() {
        let err = load("[[holiday]]\nname = \"X\"\nrule = \"fixed\"\nmonth = 1\ndayy = 1\n")
            .expect_err("must be refused");
        let CalendarError::Parse { position, message } = &err else {
            panic!("expected a parse error, got {err:?}");
        };
        assert_eq!(*position, Some(Position { line: 8, column: 1 }));
        assert!(message.contains("dayy"), "{message}");
        assert!(err.to_string().starts_with("calendar 8:1: "), "{err}");
    }

    #[test]
    fn unknown_top_level_key_and_bad_names_are_parse_errors() {
        let err = HolidayCalendar::from_toml(&format!("{HEADER}region = \"x\"\n"))
            .expect_err("must be refused");
        assert!(
            matches!(&err, CalendarError::Parse { position: Some(p), .. } if p.line == 4),
            "{err:?}"
        );
        let err = load("[[holiday]]\nname = \"X\"\nrule = \"fixed\"\nmonth = 1\nday = 1\nobserved = \"sunday-rule\"\n")
            .expect_err("must be refused");
        assert!(err.to_string().contains("sunday-rule"), "{err}");
        let err = load("[[holiday]]\nname = \"X\"\nrule = \"nth-weekday\"\nmonth = 1\nweekday = \"mon\"\nnth = 1\n")
            .expect_err("must be refused");
        assert!(
            matches!(&err, CalendarError::Parse { position: Some(p), .. } if p.line == 8),
            "{err:?}"
        );
    }

    #[test]
    fn out_of_range_values_name_field_and_value() {
        let (line, column, field, message) = invalid_at(load(
            "[[holiday]]\nname = \"X\"\nrule = \"fixed\"\nmonth = 13\nday = 1\n",
        ));
        assert_eq!((line, column, field), (7, 9, "month"));
        assert!(message.contains("13"), "{message}");

        let (line, _, field, message) = invalid_at(load(
            "[[holiday]]\nname = \"X\"\nrule = \"fixed\"\nmonth = 2\nday = 29\n",
        ));
        assert_eq!((line, field), (8, "day"));
        assert!(message.contains("29"), "{message}");

        let (_, _, field, message) = invalid_at(load(
            "[[holiday]]\nname = \"X\"\nrule = \"nth-weekday\"\nmonth = 5\nweekday = \"monday\"\nnth = 5\n",
        ));
        assert_eq!(field, "nth");
        assert!(message.contains("-1 for the last"), "{message}");
    }

    #[test]
    fn rule_fields_must_match_the_rule() {
        let (line, _, field, message) = invalid_at(load(
            "[[holiday]]\nname = \"X\"\nrule = \"fixed\"\nmonth = 1\n",
        ));
        assert_eq!((line, field), (4, "day"));
        assert_eq!(message, "rule \"fixed\" needs `day`");

        let (_, _, field, _) = invalid_at(load(
            "[[holiday]]\nname = \"X\"\nrule = \"fixed\"\nmonth = 1\nday = 1\nweekday = \"monday\"\n",
        ));
        assert_eq!(field, "weekday");

        let (_, _, field, _) = invalid_at(load(
            "[[holiday]]\nname = \"X\"\nrule = \"easter\"\nmonth = 4\n",
        ));
        assert_eq!(field, "month");

        let (_, _, field, _) = invalid_at(load(
            "[[holiday]]\nname = \"X\"\nrule = \"fixed\"\nmonth = 1\nday = 1\nfrom_year = 2020\nuntil_year = 2019\n",
        ));
        assert_eq!(field, "until_year");
    }

    #[test]
    fn weekend_must_leave_a_business_day_and_not_repeat() {
        let all = "id = \"t\"\nname = \"T\"\nweekend = [\"monday\", \"tuesday\", \"wednesday\", \"thursday\", \"friday\", \"saturday\", \"sunday\"]\n";
        let (_, _, field, _) = invalid_at(HolidayCalendar::from_toml(all));
        assert_eq!(field, "weekend");
        let twice = "id = \"t\"\nname = \"T\"\nweekend = [\"sunday\", \"sunday\"]\n";
        let (_, _, field, message) = invalid_at(HolidayCalendar::from_toml(twice));
        assert_eq!(field, "weekend");
        assert!(message.contains("sunday"), "{message}");
    }

    #[test]
    fn position_counts_characters_not_bytes() {
        let text = "a = \"Ærø\"\nbé = 1";
        assert_eq!(
            Position::in_text(text, text.find('1').unwrap_or(0)),
            Position { line: 2, column: 6 }
        );
        assert_eq!(Position::in_text(text, 0), Position { line: 1, column: 1 });
    }

    #[test]
    fn next_free_day_takes_the_next_untaken_weekday() {
        // UK-style substitute days (Banking and Financial Dealings Act 1971): Christmas 2021 was a
        // Saturday and Boxing Day a Sunday, observed Monday 27 and Tuesday 28 December.
        let cal = load(
            "[[holiday]]\nname = \"Christmas Day\"\nrule = \"fixed\"\nmonth = 12\nday = 25\nobserved = \"next-free-day\"\n\
             [[holiday]]\nname = \"Boxing Day\"\nrule = \"fixed\"\nmonth = 12\nday = 26\nobserved = \"next-free-day\"\n",
        )
        .expect("test input is valid");
        let days: Vec<_> = cal
            .holidays_in(2021)
            .into_iter()
            .map(|h| (h.date, h.name))
            .collect();
        assert_eq!(
            days,
            vec![
                (date(2021, 12, 27), "Christmas Day".to_owned()),
                (date(2021, 12, 28), "Boxing Day".to_owned()),
            ]
        );
        // 2022: Christmas on Sunday, Boxing Day on Monday stays; Christmas moves to Tuesday.
        let days: Vec<_> = cal.holidays_in(2022).into_iter().map(|h| h.date).collect();
        assert_eq!(days, vec![date(2022, 12, 26), date(2022, 12, 27)]);
    }

    #[test]
    fn observance_can_move_a_holiday_into_the_next_year() {
        // Sunday 2023-12-31 moves to Monday 2024-01-01, where New Year's Day also falls: the
        // day is listed under 2024 (twice, one per holiday) and counted once as a day off.
        let cal = load(
            "[[holiday]]\nname = \"Eve\"\nrule = \"fixed\"\nmonth = 12\nday = 31\nobserved = \"next-weekday\"\n\
             [[holiday]]\nname = \"New Year\"\nrule = \"fixed\"\nmonth = 1\nday = 1\n",
        )
        .expect("test input is valid");
        let in_2024: Vec<_> = cal
            .holidays_in(2024)
            .into_iter()
            .filter(|h| h.date.month() == 1)
            .map(|h| (h.date, h.name, h.observed_from))
            .collect();
        assert_eq!(
            in_2024,
            vec![
                (date(2024, 1, 1), "Eve".to_owned(), Some(date(2023, 12, 31))),
                (date(2024, 1, 1), "New Year".to_owned(), None),
            ]
        );
        assert!(
            cal.holidays_in(2023)
                .iter()
                .all(|h| h.date != date(2023, 12, 31))
        );
        assert_eq!(cal.holiday_on(date(2024, 1, 1)), Some("Eve"));
        // Friday 2023-12-29 to Tuesday 2024-01-02: only the Tuesday is a business day.
        assert_eq!(
            cal.business_days_between(date(2023, 12, 29), date(2024, 1, 2)),
            1
        );
    }

    #[test]
    fn easter_rules_and_no_observance() {
        let cal = load(
            "[[holiday]]\nname = \"Good Friday\"\nrule = \"easter\"\noffset = -2\n\
             [[holiday]]\nname = \"Easter Monday\"\nrule = \"easter\"\noffset = 1\n\
             [[holiday]]\nname = \"Boxing Day\"\nrule = \"fixed\"\nmonth = 12\nday = 26\n",
        )
        .expect("test input is valid");
        let days: Vec<_> = cal
            .holidays_in(2026)
            .into_iter()
            .map(|h| (h.date, h.observed_from))
            .collect();
        // Boxing Day 2026 is a Saturday and, with no observance, stays there.
        assert_eq!(
            days,
            vec![
                (date(2026, 4, 3), None),
                (date(2026, 4, 6), None),
                (date(2026, 12, 26), None)
            ]
        );
        assert_eq!(cal.holiday_on(date(2026, 12, 26)), Some("Boxing Day"));
        assert!(!cal.is_business_day(date(2026, 4, 3)));
    }

    #[test]
    fn nearest_weekday_on_a_friday_saturday_weekend() {
        let cal = HolidayCalendar::from_toml(
            "id = \"t\"\nname = \"T\"\nweekend = [\"friday\", \"saturday\"]\n\
             [[holiday]]\nname = \"H\"\nrule = \"fixed\"\nmonth = 1\nday = 1\nobserved = \"nearest-weekday\"\n",
        )
        .expect("test input is valid");
        // 2027-01-01 is a Friday: nearest non-weekend day is Thursday 2026-12-31.
        assert_eq!(cal.holiday_on(date(2026, 12, 31)), Some("H"));
        // 2028-01-01 is a Saturday: nearest is Sunday 2028-01-02.
        assert_eq!(cal.holiday_on(date(2028, 1, 2)), Some("H"));
    }

    #[test]
    fn extremes_of_the_date_range_do_not_panic() {
        let cal = load("[[holiday]]\nname = \"X\"\nrule = \"fixed\"\nmonth = 12\nday = 31\nobserved = \"next-weekday\"\n")
            .expect("test input is valid");
        assert!(cal.holidays_in(9999).len() <= 1);
        assert!(cal.holidays_in(-9999).len() <= 1);
        assert!(matches!(
            cal.roll_forward(date(9999, 12, 31)),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(matches!(
            cal.add_calendar_days_rolled(date(9999, 12, 1), 40),
            Err(CalendarError::OutOfRange { .. })
        ));
        assert!(cal.add_business_days(date(9999, 12, 1), 100).is_err());
    }

    #[test]
    fn long_gaps_are_crossed_and_endless_ones_reported() {
        let six_day_weekend = "id = \"t\"\nname = \"T\"\nweekend = [\"monday\", \"tuesday\", \"wednesday\", \"thursday\", \"friday\", \"saturday\"]\n";
        let january: String = (1..=31)
            .map(|d| {
                format!("[[holiday]]\nname = \"H{d}\"\nrule = \"fixed\"\nmonth = 1\nday = {d}\n")
            })
            .collect();
        let cal = HolidayCalendar::from_toml(&format!("{six_day_weekend}{january}"))
            .expect("test input is valid");
        // Every January day is a holiday and Sunday the only working day: the first business day
        // after New Year's Eve 2025 is Sunday 2026-02-01.
        assert_eq!(cal.roll_forward(date(2026, 1, 1)), Ok(date(2026, 2, 1)));
        assert_eq!(
            cal.add_business_days(date(2025, 12, 31), 1),
            Ok(date(2026, 2, 1))
        );

        // Every Sunday of every month a holiday: there is never a business day.
        let sundays: String = (1..=12)
            .flat_map(|m| [1, 2, 3, 4, -1].map(move |n| (m, n)))
            .map(|(m, n)| {
                format!("[[holiday]]\nname = \"S\"\nrule = \"nth-weekday\"\nmonth = {m}\nweekday = \"sunday\"\nnth = {n}\n")
            })
            .collect();
        let cal = HolidayCalendar::from_toml(&format!("{six_day_weekend}{sundays}"))
            .expect("test input is valid");
        assert!(matches!(
            cal.roll_forward(date(2026, 1, 1)),
            Err(CalendarError::NoBusinessDay {
                days: SEARCH_LIMIT_DAYS,
                ..
            })
        ));
        assert!(matches!(
            cal.add_business_days(date(2026, 1, 1), 1),
            Err(CalendarError::NoBusinessDay { .. })
        ));
    }
}
