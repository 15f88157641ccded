//! JUnit XML as typed structures and one writer that escapes every attribute and text node, so a
//! message can never break the document.
//!
//! Knows nothing of the program: `render::bundle` fills these from findings. The shape
//! is the one CI servers read (GitLab's `artifacts:reports:junit`, Jenkins, GitHub test
//! reporters): `testsuites` › `testsuite` › `testcase` with an optional `failure` and
//! `system-out`.

use std::fmt::Write as _;

/// The whole report.
#[derive(Debug, Clone, Default)]
pub struct TestSuites {
    /// Its name.
    pub name: String,
    /// One suite per application file.
    pub suites: Vec<TestSuite>,
}

/// One suite.
#[derive(Debug, Clone, Default)]
pub struct TestSuite {
    /// Its name (the file).
    pub name: String,
    /// Its cases.
    pub cases: Vec<TestCase>,
}

/// One case.
#[derive(Debug, Clone, Default)]
pub struct TestCase {
    /// The class name (the file relative to the checked root).
    pub classname: String,
    /// The case name (a check family).
    pub name: String,
    /// Why it failed, when it did.
    pub failure: Option<Failure>,
    /// What else was found (warnings, notes, waived findings).
    pub system_out: Option<String>,
}

/// A failure.
#[derive(Debug, Clone, Default)]
pub struct Failure {
    /// Its type (the first failing finding's code).
    pub kind: String,
    /// A one-line message.
    pub message: String,
    /// Every failing finding, one per line.
    pub text: String,
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // XML 1.0 allows no other control characters, not even escaped.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push(' '),
            '\u{7f}'..='\u{9f}' | '\u{fffe}' | '\u{ffff}' => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

impl TestSuite {
    /// The number of failed cases.
    #[must_use]
    pub fn failures(&self) -> usize {
        self.cases.iter().filter(|c| c.failure.is_some()).count()
    }

    /// Writes the suite's XML.
    pub fn write(&self, o: &mut String) {
        let _ = writeln!(
            o,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">",
            esc(&self.name),
            self.cases.len(),
            self.failures()
        );
        for c in &self.cases {
            let _ = write!(
                o,
                "    <testcase classname=\"{}\" name=\"{}\"",
                esc(&c.classname),
                esc(&c.name)
            );
            if c.failure.is_none() && c.system_out.is_none() {
                o.push_str("/>\n");
                continue;
            }
            o.push_str(">\n");
            if let Some(f) = &c.failure {
                let _ = writeln!(
                    o,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    esc(&f.kind),
                    esc(&f.message),
                    esc(&f.text)
                );
            }
            if let Some(s) = &c.system_out {
                let _ = writeln!(o, "      <system-out>{}</system-out>", esc(s));
            }
            o.push_str("    </testcase>\n");
        }
        o.push_str("  </testsuite>\n");
    }
}

impl TestSuites {
    /// The XML declaration and opening element.
    #[must_use]
    pub fn open(name: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\">\n",
            esc(name)
        )
    }

    /// The closing element.
    #[must_use]
    pub fn close() -> &'static str {
        "</testsuites>\n"
    }

    /// The whole document.
    #[must_use]
    pub fn to_xml(&self) -> String {
        let mut o = Self::open(&self.name);
        for s in &self.suites {
            s.write(&mut o);
        }
        o.push_str(Self::close());
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_and_text_is_escaped() {
        let doc = TestSuites {
            name: "a&b".into(),
            suites: vec![TestSuite {
                name: "<x>".into(),
                cases: vec![TestCase {
                    classname: "\"q\"".into(),
                    name: "n".into(),
                    failure: Some(Failure {
                        kind: "k".into(),
                        message: "m\u{1b}[31m".into(),
                        text: "</failure>".into(),
                    }),
                    system_out: None,
                }],
            }],
        };
        let x = doc.to_xml();
        assert!(x.contains("name=\"a&amp;b\""));
        assert!(x.contains("name=\"&lt;x&gt;\" tests=\"1\" failures=\"1\""));
        assert!(x.contains("classname=\"&quot;q&quot;\""));
        assert!(x.contains("&lt;/failure&gt;</failure>"));
        assert!(!x.contains('\u{1b}'));
    }
}
