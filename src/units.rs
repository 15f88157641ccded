//! Exact quantities: percentages, FTE, money and civil dates.
//!
//! Rule code compares these values exactly. A score of 74.99 % must fail a 75 % threshold and
//! 75.00 % must pass, with no floating-point drift on the way. So nothing here is a float:
//! percentages and decimal figures are integer hundredths, FTE is an exact ratio of integers, money
//! is integer cents. This module parses the text forms users write and says precisely why a form
//! is refused. It does not know which figure a rule needs; the rules and the checks decide that.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

/// Why a piece of text is not the quantity it should be. The text is a whole sentence fragment
/// that a caller puts after "expected …, found …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseProblem {
    /// What is wrong, quoting the offending text.
    pub message: String,
    /// How to write it instead.
    pub hint: String,
}

impl ParseProblem {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// A non-negative decimal with at most two fractional digits, held as integer hundredths.
///
/// Used for thresholds and figures in rule data (`"75.00"`, `"49.99"`) and as the inner value of
/// [`Percent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Dec2(i64);

impl Dec2 {
    /// Zero.
    pub const ZERO: Dec2 = Dec2(0);

    /// A value from integer hundredths (`7499` is 74.99).
    #[must_use]
    pub const fn from_hundredths(h: i64) -> Self {
        Dec2(h)
    }

    /// A whole number.
    #[must_use]
    pub const fn from_int(n: i64) -> Self {
        Dec2(n * 100)
    }

    /// The value in integer hundredths.
    #[must_use]
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// The value without trailing fractional zeros: `2`, `2.5`, `74.99`.
    #[must_use]
    pub fn trimmed(self) -> String {
        let s = self.to_string();
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }

    /// Parses `"75"`, `"75.5"`, `"75.00"`; refuses signs, exponents and a third decimal.
    ///
    /// ```
    /// use qcp::units::Dec2;
    /// assert_eq!("74.99".parse::<Dec2>().map(Dec2::hundredths), Ok(7499));
    /// assert!("74.999".parse::<Dec2>().is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, ParseProblem> {
        parse_decimal(text.trim(), 2).map(Dec2)
    }
}

impl std::str::FromStr for Dec2 {
    type Err = ParseProblem;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dec2::parse(s)
    }
}

impl fmt::Display for Dec2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", a / 100, a % 100)
    }
}

impl Serialize for Dec2 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> serde::Deserialize<'de> for Dec2 {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = NumberText::deserialize(d)?;
        Dec2::parse(&raw.0).map_err(|p| serde::de::Error::custom(p.message))
    }
}

/// Parses an unsigned decimal with at most `places` fractional digits into an integer scaled by
/// 10^places. Refuses anything that is not plain digits with one optional point.
fn parse_decimal(text: &str, places: u32) -> Result<i64, ParseProblem> {
    let hint = "write a plain number such as 86 or 86.25";
    if text.is_empty() {
        return Err(ParseProblem::new("an empty value", hint));
    }
    if text.starts_with('-') {
        return Err(ParseProblem::new(
            format!("`{text}` is negative"),
            "write a number of zero or more",
        ));
    }
    let body = text.strip_prefix('+').unwrap_or(text);
    let (int_part, frac_part) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty())
        || !digits_ok(int_part)
        || !digits_ok(frac_part)
        || body.ends_with('.') && frac_part.is_empty() && int_part.is_empty()
    {
        return Err(ParseProblem::new(format!("`{text}` is not a number"), hint));
    }
    if frac_part.len() > places as usize {
        let extra = &frac_part[places as usize..];
        if extra.bytes().any(|b| b != b'0') {
            return Err(ParseProblem::new(
                format!("`{text}` has more than {places} decimal places"),
                format!("round it to {places} decimal places, as the program reports it"),
            ));
        }
    }
    let scale = 10_i64.pow(places);
    let int_val: i64 = if int_part.is_empty() {
        0
    } else {
        int_part.parse().map_err(|_| {
            ParseProblem::new(format!("`{text}` is too large"), "write a smaller number")
        })?
    };
    let mut frac_val: i64 = 0;
    for (i, b) in frac_part.bytes().take(places as usize).enumerate() {
        let exp = places - 1 - u32::try_from(i).unwrap_or(0);
        frac_val += i64::from(b - b'0') * 10_i64.pow(exp);
    }
    int_val
        .checked_mul(scale)
        .and_then(|v| v.checked_add(frac_val))
        .ok_or_else(|| {
            ParseProblem::new(format!("`{text}` is too large"), "write a smaller number")
        })
}

/// The text of a YAML scalar as it was written, used for numbers so that `74.99` is read as the
/// decimal 74.99 and never passes through a float.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberText(pub String);

impl schemars::JsonSchema for NumberText {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "a plain number (at most two decimals), or its text",
            "type": ["number", "integer", "string"]
        })
    }
}

impl<'de> serde::Deserialize<'de> for NumberText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = NumberText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number (a single value, not a list or mapping)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<NumberText, E> {
                Ok(NumberText(v.to_owned()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<NumberText, E> {
                Ok(NumberText(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<NumberText, E> {
                Ok(NumberText(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<NumberText, E> {
                // Rust prints the shortest text that reads back as the same float, so a value
                // written with a few decimals comes back exactly as written.
                Ok(NumberText(v.to_string()))
            }
        }
        // Asking for a string makes the YAML and TOML readers hand over the scalar's own text.
        d.deserialize_str(V)
    }
}

/// A percentage between 0 and 100 with at most two decimals (an Overall Quality Score).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Percent(Dec2);

impl Percent {
    /// A percentage from integer hundredths of a percent (`7500` is 75.00 %).
    #[must_use]
    pub const fn from_hundredths(h: i64) -> Self {
        Percent(Dec2::from_hundredths(h))
    }

    /// The value as a [`Dec2`] (75.00 for 75 %).
    #[must_use]
    pub const fn value(self) -> Dec2 {
        self.0
    }

    /// Reads a score as users write it: `86`, `86.25`, `"86%"` or `"86.25 %"`.
    ///
    /// Refused, with a reason: values above 100 or below 0, more than two decimals, and values
    /// between 0 and 1 exclusive of 0, which look like fractions (`0.86`) and are ambiguous.
    ///
    /// ```
    /// use qcp::units::Percent;
    /// assert_eq!(Percent::parse("75").unwrap(), Percent::parse("\"75.00%\"".trim_matches('"')).unwrap());
    /// assert!(Percent::parse("0.86").is_err());
    /// assert!(Percent::parse("120").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, ParseProblem> {
        let t = text.trim();
        let number = t.strip_suffix('%').map_or(t, str::trim_end);
        let d = Dec2::parse(number).map_err(|p| ParseProblem {
            message: p.message,
            hint: "write the percentage as a number from 0 to 100, e.g. 86.25 (or \"86.25%\")"
                .into(),
        })?;
        if d > Dec2::from_int(100) {
            return Err(ParseProblem::new(
                format!("`{t}` is above 100 %"),
                "a percentage is between 0 and 100; copy the Overall Quality Score from the round's final report",
            ));
        }
        if d > Dec2::ZERO && d <= Dec2::from_int(1) && !t.ends_with('%') {
            return Err(ParseProblem::new(
                format!("`{t}` is ambiguous: it looks like a fraction"),
                format!(
                    "write percentages out of 100 (e.g. 86 for 86 %); if you really mean {t} %, write \"{t}%\""
                ),
            ));
        }
        Ok(Percent(d))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} %", self.0)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0.to_string())
    }
}

/// Full-time equivalents, kept as an exact ratio so that FTE derived from weekly hours
/// (hours ÷ hours-per-FTE) compares exactly with thresholds such as 50 FTE.
#[derive(Debug, Clone, Copy)]
pub struct Fte {
    num: i64,
    den: i64,
}

impl Fte {
    /// FTE given directly, in hundredths (`1250` is 12.5 FTE).
    #[must_use]
    pub fn from_dec(d: Dec2) -> Self {
        Fte {
            num: d.hundredths(),
            den: 100,
        }
    }

    /// FTE from total weekly clinical hours and the hours that make one FTE, both as [`Dec2`].
    /// Returns `None` when `hours_per_fte` is zero.
    #[must_use]
    pub fn from_hours(total_hours: Dec2, hours_per_fte: Dec2) -> Option<Self> {
        (hours_per_fte.hundredths() > 0).then_some(Fte {
            num: total_hours.hundredths(),
            den: hours_per_fte.hundredths(),
        })
    }

    /// Whether the value is above zero.
    #[must_use]
    pub fn is_positive(self) -> bool {
        self.num > 0
    }

    /// Compares with a decimal threshold exactly.
    #[must_use]
    pub fn cmp_dec(self, d: Dec2) -> Ordering {
        (i128::from(self.num) * 100).cmp(&(i128::from(d.hundredths()) * i128::from(self.den)))
    }

    /// The value rounded half-up to two decimals, for display.
    #[must_use]
    pub fn rounded(self) -> Dec2 {
        let n = i128::from(self.num) * 100;
        let d = i128::from(self.den);
        let q = (2 * n + d) / (2 * d);
        Dec2::from_hundredths(i64::try_from(q).unwrap_or(i64::MAX))
    }

    /// True when the value is exactly representable with two decimals.
    #[must_use]
    pub fn is_exact_2dp(self) -> bool {
        (i128::from(self.num) * 100) % i128::from(self.den) == 0
    }
}

impl PartialEq for Fte {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Fte {}
impl PartialOrd for Fte {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Fte {
    fn cmp(&self, other: &Self) -> Ordering {
        (i128::from(self.num) * i128::from(other.den))
            .cmp(&(i128::from(other.num) * i128::from(self.den)))
    }
}

impl fmt::Display for Fte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let approx = if self.is_exact_2dp() { "" } else { "≈" };
        write!(f, "{approx}{}", self.rounded().trimmed())
    }
}

impl Serialize for Fte {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.rounded().to_string())
    }
}

/// An amount of money in integer cents. Currency is carried by the fee schedule, not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cents(pub i64);

impl Cents {
    /// Parses `"5500"`, `"5500.00"`, `"5,500.00"`; refuses a third decimal.
    pub fn parse(text: &str) -> Result<Self, ParseProblem> {
        let cleaned: String = text.trim().chars().filter(|c| *c != ',').collect();
        parse_decimal(&cleaned, 2).map(Cents)
    }

    /// Checked addition; `None` on overflow.
    #[must_use]
    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    /// Formats with thousands separators: `5,500.00`.
    #[must_use]
    pub fn grouped(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        let whole = (a / 100).to_string();
        let mut out = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        format!("{sign}{out}.{:02}", a % 100)
    }
}

impl<'de> serde::Deserialize<'de> for Cents {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = NumberText::deserialize(d)?;
        Cents::parse(&raw.0).map_err(|p| serde::de::Error::custom(p.message))
    }
}

impl Serialize for Cents {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

/// A civil (calendar) date with no time zone.
pub type Date = jiff::civil::Date;

/// Parses an ISO 8601 calendar date `YYYY-MM-DD`, refusing impossible dates such as 2026-02-30.
///
/// ```
/// assert!(qcp::units::parse_date("2026-02-28").is_ok());
/// assert!(qcp::units::parse_date("2026-02-30").is_err());
/// ```
pub fn parse_date(text: &str) -> Result<Date, ParseProblem> {
    let t = text.trim();
    let b = t.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(ParseProblem::new(
            format!("`{t}` is not a date in the form YYYY-MM-DD"),
            "write dates as YYYY-MM-DD, e.g. 2026-03-14",
        ));
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<i16>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    let m8 = i8::try_from(m).unwrap_or(0);
    let d8 = i8::try_from(d).unwrap_or(0);
    Date::new(y, m8, d8).map_err(|_| {
        ParseProblem::new(
            format!("`{t}` is not a real date"),
            if (1..=12).contains(&m) {
                format!("month {m} of {y} has no day {d}")
            } else {
                "the month must be 01 to 12".to_owned()
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_comparison_is_exact() {
        // docs/rules.md §3: equal passes, 74.99 fails.
        let t = Dec2::parse("75").unwrap();
        assert!(Percent::parse("74.99").unwrap().value() < t);
        assert_eq!(Percent::parse("75.00").unwrap().value(), t);
        assert_eq!(Percent::parse("75.0").unwrap().value(), t);
    }

    #[test]
    fn percent_forms() {
        assert_eq!(
            Percent::parse("86%").unwrap(),
            Percent::from_hundredths(8600)
        );
        assert_eq!(
            Percent::parse("86.25 %").unwrap(),
            Percent::from_hundredths(8625)
        );
        assert_eq!(Percent::parse("0").unwrap(), Percent::from_hundredths(0));
        assert_eq!(
            Percent::parse("0.5%").unwrap(),
            Percent::from_hundredths(50)
        );
        for bad in [
            "120", "100.01", "0.86", "1", "-3", "86.255", "eighty", "", "1e2", "NaN",
        ] {
            assert!(Percent::parse(bad).is_err(), "{bad} should be refused");
        }
        assert!(Percent::parse("100").is_ok());
        assert!(
            Percent::parse("86.250").is_ok(),
            "trailing zeros are not extra precision"
        );
    }

    #[test]
    fn fte_from_hours_matches_domain_example() {
        // docs/rules.md §3: 50 + 40 + 10 hours → 2.5 FTE.
        let h = Dec2::from_int(100);
        let fte = Fte::from_hours(h, Dec2::from_int(40)).unwrap();
        assert_eq!(fte, Fte::from_dec(Dec2::parse("2.5").unwrap()));
        assert_eq!(fte.to_string(), "2.5");
    }

    #[test]
    fn fte_threshold_exact() {
        let fifty = Dec2::from_int(50);
        assert_eq!(
            Fte::from_dec(Dec2::parse("49.99").unwrap()).cmp_dec(fifty),
            Ordering::Less
        );
        assert_eq!(Fte::from_dec(fifty).cmp_dec(fifty), Ordering::Equal);
        // 1999.6 hours / 40 = 49.99 FTE exactly; 1999.99 h / 40 = 49.99975 < 50.
        let h = Dec2::parse("1999.99").unwrap();
        let f = Fte::from_hours(h, Dec2::from_int(40)).unwrap();
        assert_eq!(f.cmp_dec(fifty), Ordering::Less);
        assert!(!f.is_exact_2dp());
        assert_eq!(f.rounded(), Dec2::from_int(50));
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("2024-02-29").is_ok());
        assert!(parse_date("2023-02-29").is_err());
        assert!(parse_date("2026-13-01").is_err());
        assert!(parse_date("03/14/2026").is_err());
        assert!(parse_date("2026-3-14").is_err());
    }

    #[test]
    fn cents() {
        assert_eq!(Cents::parse("5,500.00").unwrap(), Cents(550_000));
        assert_eq!(Cents(550_000).grouped(), "5,500.00");
        assert_eq!(Cents(123_456_789).grouped(), "1,234,567.89");
        assert!(Cents::parse("1.234").is_err());
    }
}
