//! `qcp check --cache DIR`: the on-disk store of document scans (`bundle::ScanCache`).
//!
//! Storage only: the library writes each entry's bytes and validates them when read back, so an
//! entry that is truncated, damaged, written by another version or for other content is
//! ignored and rewritten. Here: one file per key under a two-hex-digit folder, read through the
//! bounded read (`fsio`), written to a temporary file in the same folder and renamed over the
//! entry, so a reader — another `qcp check` running at the same time included — sees the old
//! entry or the new one, never half of one. Failures to read or write cost a rescan, never the
//! run: the cache is an optimisation.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use qcp::bundle::scan::{MAX_ENTRY_BYTES, ScanCache, ScanKey};

/// The tag that tells backup and archiving tools the folder is a cache
/// (<https://bford.info/cachedir/>).
const CACHEDIR_TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by qcp (qcp check --cache).\n";

/// Scan entries in a folder.
pub(crate) struct DiskCache {
    dir: PathBuf,
}

impl DiskCache {
    /// Opens (creating when missing) the cache folder `dir`.
    pub(crate) fn open(dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the cache folder {}", dir.display()))?;
        let meta = std::fs::metadata(dir)
            .with_context(|| format!("cannot read the cache folder {}", dir.display()))?;
        anyhow::ensure!(
            meta.is_dir(),
            "the cache path {} is not a folder",
            dir.display()
        );
        let tag = dir.join("CACHEDIR.TAG");
        if !tag.exists() {
            // Best effort, like every write here.
            let _ = write_atomically(dir, &tag, CACHEDIR_TAG.as_bytes());
        }
        Ok(DiskCache {
            dir: dir.to_path_buf(),
        })
    }

    fn path(&self, key: &ScanKey) -> Option<(PathBuf, PathBuf)> {
        let k = key.as_str();
        // Keys are hex digits; anything else never becomes a path.
        if k.len() != 64 || !k.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let sub = self.dir.join(&k[..2]);
        let file = sub.join(format!("{}.json", &k[2..]));
        Some((sub, file))
    }
}

impl ScanCache for DiskCache {
    fn get(&self, key: &ScanKey) -> Option<Vec<u8>> {
        let (_, file) = self.path(key)?;
        qcp::fsio::read_bounded(&file, MAX_ENTRY_BYTES).ok()
    }

    fn put(&self, key: &ScanKey, entry: &[u8]) {
        let Some((sub, file)) = self.path(key) else {
            return;
        };
        if std::fs::create_dir_all(&sub).is_err() {
            return;
        }
        let _ = write_atomically(&sub, &file, entry);
    }
}

/// Writes `bytes` to a temporary file in `dir` and renames it to `file` (same folder, so the
/// rename is one step on the same file system).
fn write_atomically(dir: &Path, file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    // No fsync: an entry a crash leaves empty or short fails validation and is rewritten.
    tmp.write_all(bytes)?;
    tmp.persist(file).map_err(|e| e.error)?;
    Ok(())
}
