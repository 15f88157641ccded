//! Text from an input file made safe to print on a terminal or into a CI log.
//!
//! A YAML key, a value or a file name can carry control characters: an escape sequence such as
//! `"\e[31m"` repaints or rewrites the terminal, a carriage return hides what was printed before
//! it, and the bidirectional controls reorder what a reader sees (the "Trojan Source" trick). qcp
//! quotes such text in finding messages, YAML paths and file names, so every human and GitHub
//! output passes it through [`escape`] first. The escapes are visible and unambiguous, and
//! text without such characters is returned as it is, without copying.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal raw.
///
/// C0 controls (U+0000–U+001F, including tab, line feed and carriage return), DEL (U+007F), C1
/// controls (U+0080–U+009F), and the bidirectional formatting characters: embeddings and
/// overrides (U+202A–U+202E), isolates (U+2066–U+2069), the left-to-right and right-to-left
/// marks (U+200E, U+200F) and the Arabic letter mark (U+061C).
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{61c}'
    )
}

/// Returns `s` with every [unsafe](is_unsafe) character replaced by a visible escape.
///
/// C0 controls and DEL become `\xNN` (`"\x1b"` for ESC, `"\x0a"` for a line feed); C1 and
/// bidirectional controls become `\u{NNNN}`. A backslash itself is left alone: the escapes are
/// for a person reading the output, and a path such as `C:\reports` should read as written.
///
/// ```
/// use qcp::termsafe::escape;
/// assert_eq!(escape("x\u{1b}[31mRED"), "x\\x1b[31mRED");
/// assert_eq!(escape("abc\u{202e}def"), "abc\\u{202e}def");
/// assert!(matches!(escape("plain: 86.25 %"), std::borrow::Cow::Borrowed(_)));
/// ```
#[must_use]
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !is_unsafe(c) {
            out.push(c);
        } else if u32::from(c) <= 0x7f {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else {
            let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(escape("x\u{1b}[31mRED\u{1b}[0m"), "x\\x1b[31mRED\\x1b[0m");
        assert_eq!(escape("a\rb\nc\td\u{7}"), "a\\x0db\\x0ac\\x09d\\x07");
        assert_eq!(escape("\u{0}"), "\\x00");
        assert_eq!(escape("del\u{7f}"), "del\\x7f");
    }

    #[test]
    fn c1_controls_are_escaped() {
        // U+009B is the one-character CSI some terminals still honour.
        assert_eq!(escape("\u{9b}31m"), "\\u{009b}31m");
        assert_eq!(escape("\u{80}\u{85}\u{9f}"), "\\u{0080}\\u{0085}\\u{009f}");
    }

    #[test]
    fn every_bidi_control_is_escaped() {
        for c in [
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}', '\u{200e}', '\u{200f}', '\u{61c}',
        ] {
            let s = format!("a{c}b");
            let e = escape(&s);
            assert_eq!(e, format!("a\\u{{{:04x}}}b", u32::from(c)));
            assert!(!e.contains(c));
        }
    }

    #[test]
    fn near_misses_pass_through_unchanged() {
        // Printable text next to the ranges: space, tilde, U+00A0, accented letters, Arabic and
        // Hebrew letters (right-to-left script is fine; only the invisible controls are not),
        // the zero-width joiner used in emoji, and U+2029.
        for s in [
            " ~",
            "\u{a0}Ærø, São Paulo — 86.25 %",
            "مرحبا שלום",
            "👩\u{200d}⚕️",
            "C:\\reports\\ccr.pdf",
            "",
        ] {
            assert!(matches!(escape(s), Cow::Borrowed(_)), "{s:?}");
        }
        assert!(!is_unsafe('\u{a0}'));
        assert!(!is_unsafe('\u{2065}'));
        assert!(!is_unsafe('\u{206a}'));
        assert!(!is_unsafe('\u{2029}'));
        assert!(!is_unsafe('\u{200d}'));
    }

    #[test]
    fn output_never_contains_an_unsafe_character() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let e = escape(&all);
        assert!(!e.chars().any(is_unsafe));
    }
}
