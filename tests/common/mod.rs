//! Shared test helpers: a small builder that runs the real `qcp` binary in a temporary folder.
#![allow(clippy::expect_used, dead_code, unreachable_pub, missing_docs)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// One CLI invocation: files to create, arguments, and expectations.
pub struct Test {
    dir: tempfile::TempDir,
    args: Vec<String>,
    status: i32,
    stdout_has: Vec<String>,
    stderr_has: Vec<String>,
    stdout_lacks: Vec<String>,
    env: Vec<(String, String)>,
}

/// What a run produced.
pub struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub dir: PathBuf,
    _keep: tempfile::TempDir,
}

impl Test {
    pub fn new() -> Self {
        Test {
            dir: tempfile::tempdir().expect("temp dir"),
            args: Vec::new(),
            status: 0,
            stdout_has: Vec::new(),
            stderr_has: Vec::new(),
            stdout_lacks: Vec::new(),
            env: Vec::new(),
        }
    }

    pub fn file(self, name: &str, content: impl AsRef<[u8]>) -> Self {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(p, content).expect("write fixture");
        self
    }

    pub fn example(self, name: &str) -> Self {
        let text = std::fs::read_to_string(repo().join("examples").join(name)).expect("example");
        self.file(name, text)
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|s| (*s).to_owned()));
        self
    }

    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn status(mut self, s: i32) -> Self {
        self.status = s;
        self
    }

    pub fn stdout_has(mut self, s: &str) -> Self {
        self.stdout_has.push(s.into());
        self
    }

    pub fn stdout_lacks(mut self, s: &str) -> Self {
        self.stdout_lacks.push(s.into());
        self
    }

    pub fn stderr_has(mut self, s: &str) -> Self {
        self.stderr_has.push(s.into());
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn run(self) -> Output {
        let out = Command::new(env!("CARGO_BIN_EXE_qcp"))
            .args(&self.args)
            .current_dir(self.dir.path())
            .env_remove("NO_COLOR")
            .env_remove("QCP_AS_OF")
            .env("COLUMNS", "120")
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .output()
            .expect("run qcp");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let status = out.status.code().unwrap_or(-1);
        let ctx = format!(
            "qcp {}\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
            self.args.join(" ")
        );
        assert_eq!(status, self.status, "exit status\n{ctx}");
        for s in &self.stdout_has {
            assert!(stdout.contains(s.as_str()), "stdout lacks {s:?}\n{ctx}");
        }
        for s in &self.stdout_lacks {
            assert!(!stdout.contains(s.as_str()), "stdout has {s:?}\n{ctx}");
        }
        for s in &self.stderr_has {
            assert!(stderr.contains(s.as_str()), "stderr lacks {s:?}\n{ctx}");
        }
        assert!(!stderr.contains("panicked"), "qcp panicked\n{ctx}");
        Output {
            status,
            stdout,
            stderr,
            dir: self.dir.path().to_path_buf(),
            _keep: self.dir,
        }
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
