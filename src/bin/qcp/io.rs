//! File output for every command: atomic writes that never lose the user's data and update
//! the user's file *in place of itself*.
//!
//! - A symbolic link is followed: the real file is updated and the link stays a link.
//! - The file keeps its mode, and its owner and group where the system allows (`fchown`
//!   succeeds for root, and for the group when the user belongs to it).
//! - A file with a single link is replaced atomically: a temporary file in the real file's
//!   folder, written, synced, given the old mode and owner, then renamed over it.
//! - A file with several hard links cannot be renamed over without breaking them, so it is
//!   rewritten in place, after a temporary copy of the new content has been written, synced
//!   and read back. If the in-place write fails, the copy is kept and its path printed, so
//!   nothing is lost; otherwise it is removed.
//! - A read-only file is refused with a clear error, never replaced.
//! - New files honour the umask (created 0666 & !umask, like any editor would).
//! - Temporary files are removed on every error path qcp controls (a `kill -9` is not one).

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The file a write must update: `path`, or the file a symbolic link at `path` points to.
fn real_target(path: &Path) -> Result<PathBuf> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).with_context(|| {
            format!(
                "{} is a symbolic link to a file that does not exist",
                path.display()
            )
        }),
        _ => Ok(path.to_path_buf()),
    }
}

fn temp_in(dir: &Path) -> Result<tempfile::NamedTempFile> {
    let mut b = tempfile::Builder::new();
    b.prefix(".qcp-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created 0666 & !umask, as a new file should be; an existing file's mode is copied
        // onto the temporary file before it takes the file's place.
        b.permissions(fs::Permissions::from_mode(0o666));
    }
    b.tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))
}

/// Gives `file` the mode, owner and group of `meta` (owner and group where permitted).
fn copy_attributes(file: &File, meta: &fs::Metadata) -> Result<()> {
    file.set_permissions(meta.permissions())
        .context("cannot copy the file's permissions")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Owner and group: allowed for root; the group alone when the user belongs to it.
        // Refusal is not an error: the file then belongs to the user who rewrote it.
        if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn link_count(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn link_count(_: &fs::Metadata) -> u64 {
    1
}

/// Writes `bytes` to `path` so that an interrupted write never leaves half a file (see the
/// module documentation for links, modes and hard links). Without `overwrite`, an existing
/// file is kept.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let target = real_target(path)?;
    let existing = match fs::metadata(&target) {
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot write {}", path.display())),
    };
    if let Some(meta) = &existing {
        if !overwrite {
            bail!(
                "{} already exists; pass --force to overwrite it",
                path.display()
            );
        }
        if !meta.is_file() {
            bail!(
                "{} is not a regular file; qcp writes regular files only",
                path.display()
            );
        }
        if meta.permissions().readonly() {
            bail!(
                "{} is read-only; qcp does not replace a read-only file (make it writable first, e.g. `chmod u+w {}`)",
                path.display(),
                path.display()
            );
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = temp_in(&dir)?;
    // On any error below `tmp` is dropped, which removes the temporary file.
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    match &existing {
        None => {
            tmp.persist_noclobber(&target)
                .map_err(|e| e.error)
                .with_context(|| {
                    format!(
                        "{} already exists; pass --force to overwrite it",
                        path.display()
                    )
                })?;
        }
        Some(meta) if link_count(meta) <= 1 => {
            copy_attributes(tmp.as_file(), meta)?;
            tmp.persist(&target)
                .map_err(|e| e.error)
                .with_context(|| format!("cannot replace {}", path.display()))?;
        }
        Some(_) => write_in_place(path, &target, bytes, tmp)?,
    }
    sync_dir(&dir);
    Ok(())
}

/// Rewrites a hard-linked file in place, after verifying a temporary copy of `bytes`.
fn write_in_place(
    shown: &Path,
    target: &Path,
    bytes: &[u8],
    mut tmp: tempfile::NamedTempFile,
) -> Result<()> {
    // Verify the copy: what is on disk is what is about to be written.
    let mut back = Vec::with_capacity(bytes.len());
    tmp.as_file_mut()
        .rewind()
        .and_then(|()| tmp.as_file_mut().read_to_end(&mut back))
        .with_context(|| format!("cannot verify the temporary copy for {}", shown.display()))?;
    if back != bytes {
        bail!(
            "the temporary copy for {} did not read back intact; {} was not changed",
            shown.display(),
            shown.display()
        );
    }
    let written = OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(target)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()));
    match written {
        Ok(()) => Ok(()), // `tmp` is dropped and removed
        Err(e) => {
            let kept = tmp.into_temp_path().keep().ok();
            match kept {
                Some(p) => bail!(
                    "cannot rewrite {} in place ({e}); the new content is kept in {}",
                    shown.display(),
                    p.display()
                ),
                None => bail!("cannot rewrite {} in place ({e})", shown.display()),
            }
        }
    }
}

/// Makes the rename durable where the platform allows syncing a folder; best effort.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpdir() -> tempfile::TempDir {
        tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
    }

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{e}"))
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".qcp-"))
            .collect()
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_target_updates_the_real_file_and_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let d = tmpdir();
        let real = d.path().join("real.yaml");
        fs::write(&real, "old").unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640))
            .unwrap_or_else(|e| panic!("{e}"));
        let link = d.path().join("link.yaml");
        std::os::unix::fs::symlink(&real, &link).unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&link, b"new", true).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            fs::symlink_metadata(&link)
                .unwrap_or_else(|e| panic!("{e}"))
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(&real).unwrap_or_else(|e| panic!("{e}")), b"new");
        let mode = fs::metadata(&real)
            .unwrap_or_else(|e| panic!("{e}"))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
        assert!(leftovers(d.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn hard_links_survive_and_read_only_files_are_refused() {
        use std::os::unix::fs::PermissionsExt;
        let d = tmpdir();
        let a = d.path().join("a.yaml");
        let b = d.path().join("b.yaml");
        fs::write(&a, "old").unwrap_or_else(|e| panic!("{e}"));
        fs::hard_link(&a, &b).unwrap_or_else(|e| panic!("{e}"));
        write_atomic(&a, b"new", true).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read(&b).unwrap_or_else(|e| panic!("{e}")), b"new");
        assert!(leftovers(d.path()).is_empty());

        let ro = d.path().join("ro.yaml");
        fs::write(&ro, "keep").unwrap_or_else(|e| panic!("{e}"));
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o444))
            .unwrap_or_else(|e| panic!("{e}"));
        let e = write_atomic(&ro, b"new", true).err().map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|m| m.contains("read-only")),
            "{e:?}"
        );
        assert_eq!(fs::read(&ro).unwrap_or_else(|e| panic!("{e}")), b"keep");
        assert!(leftovers(d.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_honour_the_umask() {
        use std::os::unix::fs::PermissionsExt;
        let d = tmpdir();
        // The reference: what the system gives a plain new file under the current umask.
        let probe = d.path().join("probe");
        File::create(&probe).unwrap_or_else(|e| panic!("{e}"));
        let want = fs::metadata(&probe)
            .unwrap_or_else(|e| panic!("{e}"))
            .permissions()
            .mode()
            & 0o777;
        let p = d.path().join("out.pdf");
        write_atomic(&p, b"%PDF", false).unwrap_or_else(|e| panic!("{e}"));
        let got = fs::metadata(&p)
            .unwrap_or_else(|e| panic!("{e}"))
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(got, want);
        let e = write_atomic(&p, b"x", false).err().map(|e| e.to_string());
        assert!(e.is_some_and(|m| m.contains("--force")));
        assert!(leftovers(d.path()).is_empty());
    }
}
