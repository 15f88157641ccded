//! "Did you mean …?": the nearest of a set of known words to a misspelt one, for hints.
//!
//! A foundation: it knows nothing of the program, and the model, the rules loader and the checks
//! all use it.

/// From a serde "unknown field `x`, expected one of `a`, `b`" message, the closest expected key.
pub(crate) fn suggest_from_message(msg: &str) -> String {
    let mut parts = msg.split('`');
    let _ = parts.next();
    let Some(unknown) = parts.next() else {
        return "remove the key or correct its spelling".into();
    };
    let expected: Vec<&str> = msg
        .split_once("expected")
        .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    match closest(unknown, &expected) {
        Some(best) => format!("did you mean `{best}`?"),
        None if expected.is_empty() => "remove the key".into(),
        None => format!("this section's keys are: {}", expected.join(", ")),
    }
}

/// The candidate nearest to `word`, if any is near enough to be a plausible typo.
#[must_use]
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
