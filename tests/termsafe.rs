#![allow(clippy::expect_used, missing_docs)]
//! Control and bidi characters from an input file never reach a terminal or CI log raw
//! (src/termsafe.rs): the human and GitHub outputs print them as visible escapes.

mod common;
use common::Test;

/// A key with an ANSI colour sequence (YAML's `\e` escape inside a double-quoted key), a value
/// that would clear the screen, and a key carrying a right-to-left override.
const HOSTILE: &str = "practice: {name: \"Demo\\e[2J\", country: US, \"x\\e[31mRED\\e[0m\": 1, \"ro\u{202e}und\": 2}\n";

fn assert_clean(stream: &str, text: &str) {
    for c in ['\u{1b}', '\u{202e}'] {
        assert!(!text.contains(c), "{stream} carries {c:?} raw:\n{text}");
    }
}

#[test]
fn human_output_escapes_control_characters_even_without_colour() {
    let o = Test::new()
        .file("app.yaml", HOSTILE)
        .args(&["validate", "app.yaml", "--color", "never"])
        .status(2)
        .stderr_has("unknown key `x\\x1b[31mRED\\x1b[0m`")
        .stderr_has("ro\\u{202e}und")
        .run();
    assert_clean("stdout", &o.stdout);
    assert_clean("stderr", &o.stderr);
}

#[test]
fn github_and_human_bundle_output_escape_keys_and_file_names() {
    for format in ["github", "human"] {
        let o = Test::new()
            .file("app.yaml", HOSTILE)
            .file("evil\u{1b}]0;title\u{7}.yaml", HOSTILE)
            .args(&[
                "bundle", "check", ".", "--format", format, "--color", "never",
            ])
            .status(2)
            .run();
        let all = format!("{}{}", o.stdout, o.stderr);
        assert!(all.contains("x\\x1b[31mRED"), "{format}: {all}");
        assert!(
            all.contains("evil\\x1b]0;title\\x07.yaml"),
            "{format}: {all}"
        );
        assert_clean("stdout", &o.stdout);
        assert_clean("stderr", &o.stderr);
    }
}

#[test]
fn near_miss_plain_non_ascii_text_is_printed_as_written() {
    // Accents and right-to-left letters are text, not controls: nothing is escaped.
    let o = Test::new()
        .file(
            "app.yaml",
            "practice: {name: São Paulo, country: US, \"clé שלום\": 1}\n",
        )
        .args(&["validate", "app.yaml", "--color", "never"])
        .status(2)
        .stderr_has("unknown key `clé שלום`")
        .run();
    assert!(!o.stderr.contains("\\u{"), "{}", o.stderr);
}
