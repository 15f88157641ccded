#![allow(missing_docs, clippy::expect_used)]
//! Writing into real application files keeps everything the user wrote (issue: "never silently
//! lose a comment"): every original line survives, in order, around the edited entry.

fn examples() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("examples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).expect("read"),
            )
        })
        .collect();
    v.sort();
    v
}

/// `small` appears in `big` as a subsequence of lines.
fn lines_kept_in_order(small: &str, big: &str) -> bool {
    let mut it = big.lines();
    small.lines().all(|l| it.any(|b| b == l))
}

#[test]
fn adding_a_section_keeps_every_line_of_every_example() {
    for (name, text) in examples() {
        let out = qcp::yaml_edit::set(
            &text,
            &["payment", "estimate"],
            "schedule: fees-2024\ntotal: \"5500.00\"\n",
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(lines_kept_in_order(&text, &out), "{name}: a line was lost");
        let src = qcp::source::SourceFile::new(&name, out.clone());
        assert!(
            qcp::model::load::parse(&src).is_ok(),
            "{name}: still a valid application"
        );
        // Replacing it again changes only that entry.
        let again = qcp::yaml_edit::set(&out, &["payment", "estimate"], "total: \"0.01\"\n")
            .expect("again");
        assert!(
            lines_kept_in_order(&text, &again),
            "{name}: a line was lost on replace"
        );
    }
}

#[test]
fn replacing_a_value_keeps_comments_on_other_lines() {
    for (name, text) in examples() {
        let comments_before = text.lines().filter(|l| l.contains('#')).count();
        let out = qcp::yaml_edit::set(&text, &["applicant", "type"], "new")
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let comments_after = out.lines().filter(|l| l.contains('#')).count();
        assert_eq!(comments_before, comments_after, "{name}");
    }
}
