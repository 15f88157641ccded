//! The one bounded read every input file goes through.
//!
//! qcp reads files other people wrote: applications, rule editions, fee schedules, catalogs,
//! calendars, suppressions, workbooks. [`read_bounded`] refuses anything that is not a regular
//! file *before* opening it (a FIFO would block the open, `/dev/zero` would never end), checks
//! the type again on the open handle (the path may have been swapped in between), and reads
//! through `take(limit + 1)`, so a file that grows or lies about its size (`/proc`, a device
//! reporting length 0) costs at most `limit + 1` bytes of memory.
//!
//! This is a leaf module: no program knowledge, no findings. Callers turn a [`ReadError`] into
//! their own located error (exit status 2 for input qcp must read).

use std::fmt;
use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The path does not exist (or a symbolic link on it is broken).
    NotFound,
    /// The path is a directory.
    Directory,
    /// The path is a FIFO, socket or device (the kind, in words).
    NotRegular(&'static str),
    /// The file holds more than `limit` bytes (`size` when the file system said how many).
    TooLarge {
        /// The budget that was exceeded.
        limit: u64,
        /// The size reported by the file system, when it reported more than the limit.
        size: Option<u64>,
    },
    /// Any other I/O error (permissions, a read failing half-way).
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => f.write_str("no such file"),
            ReadError::Directory => f.write_str("is a directory, not a file"),
            ReadError::NotRegular(kind) => {
                write!(
                    f,
                    "is {kind}, not a regular file; qcp reads regular files only"
                )
            }
            ReadError::TooLarge {
                limit,
                size: Some(s),
            } => write!(
                f,
                "the file is {s} bytes; qcp reads at most {limit} bytes here"
            ),
            ReadError::TooLarge { limit, size: None } => {
                write!(
                    f,
                    "the file is larger than {limit} bytes, the most qcp reads here"
                )
            }
            ReadError::Io(e) => write!(f, "cannot read the file: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// What kind of non-regular file `meta` describes, or `None` for a regular file.
fn irregular(meta: &Metadata) -> Option<&'static str> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_char_device() {
            return Some("a character device");
        }
        if ft.is_block_device() {
            return Some("a block device");
        }
    }
    Some("not a regular file")
}

fn check(meta: &Metadata, limit: u64) -> Result<(), ReadError> {
    match irregular(meta) {
        Some("a directory") => return Err(ReadError::Directory),
        Some(kind) => return Err(ReadError::NotRegular(kind)),
        None => {}
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            limit,
            size: Some(meta.len()),
        });
    }
    Ok(())
}

/// Checks that `path` (following symbolic links) is a regular file of at most `limit` bytes,
/// without opening it.
///
/// # Errors
/// As [`read_bounded`], before any read.
pub fn check_regular(path: &Path, limit: u64) -> Result<Metadata, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    check(&meta, limit)?;
    Ok(meta)
}

/// Reads the whole of `path`, at most `limit` bytes, refusing non-regular files before opening
/// them and again on the open handle.
///
/// # Errors
/// [`ReadError::NotFound`], [`ReadError::Directory`], [`ReadError::NotRegular`],
/// [`ReadError::TooLarge`] or [`ReadError::Io`].
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_bounded_seen(path, limit, None)
}

/// [`read_bounded`] given what the caller's `lstat` of `path` said (`seen`): when it is a
/// regular file, no link, that answer is checked instead of asking again before opening; the
/// open handle is checked as always.
///
/// # Errors
/// As [`read_bounded`].
pub fn read_bounded_seen(
    path: &Path,
    limit: u64,
    seen: Option<&Metadata>,
) -> Result<Vec<u8>, ReadError> {
    match seen {
        Some(meta) if meta.file_type().is_file() => check(meta, limit)?,
        _ => {
            check_regular(path, limit)?;
        }
    }
    let file = File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(e),
    })?;
    read_file_bounded(file, limit)
}

/// Reads an already open file, at most `limit` bytes, after checking on the handle that it is
/// a regular file.
///
/// # Errors
/// As [`read_bounded`].
pub fn read_file_bounded(file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = file.metadata().map_err(ReadError::Io)?;
    check(&meta, limit)?;
    // The reported length is only a hint for the first allocation, never trusted as a bound.
    let hint = usize::try_from(meta.len().min(limit)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(hint);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit, size: None });
    }
    Ok(bytes)
}

/// [`read_bounded`] as UTF-8 text; invalid UTF-8 is an [`std::io::ErrorKind::InvalidData`]
/// error naming the byte offset.
///
/// # Errors
/// As [`read_bounded`], and [`ReadError::Io`] for text that is not UTF-8.
pub fn read_text_bounded(path: &Path, limit: u64) -> Result<String, ReadError> {
    let bytes = read_bounded(path, limit)?;
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seen_regular_file_is_checked_from_what_was_seen() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"hello").unwrap_or_else(|e| panic!("{e}"));
        let seen = std::fs::symlink_metadata(&p).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            read_bounded_seen(&p, 5, Some(&seen)).ok(),
            Some(b"hello".to_vec())
        );
        assert!(matches!(
            read_bounded_seen(&p, 4, Some(&seen)),
            Err(ReadError::TooLarge { limit: 4, .. })
        ));
        // What was seen is no regular file (a folder): asked again, refused as before.
        let d = std::fs::symlink_metadata(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(
            read_bounded_seen(dir.path(), 5, Some(&d)),
            Err(ReadError::Directory)
        ));
    }

    #[test]
    fn reads_small_files_and_refuses_large_ones() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("a.txt");
        std::fs::write(&p, b"hello").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_bounded(&p, 5).ok(), Some(b"hello".to_vec()));
        assert!(matches!(
            read_bounded(&p, 4),
            Err(ReadError::TooLarge {
                limit: 4,
                size: Some(5)
            })
        ));
        assert!(matches!(
            read_bounded(dir.path(), 4),
            Err(ReadError::Directory)
        ));
        assert!(matches!(
            read_bounded(&dir.path().join("nope"), 4),
            Err(ReadError::NotFound)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_before_reading() {
        // `/dev/zero` reports length 0 and never ends: refused by type, not by a read.
        let e = read_bounded(Path::new("/dev/zero"), 10).err();
        assert!(
            matches!(e, Some(ReadError::NotRegular("a character device"))),
            "{e:?}"
        );
    }

    #[test]
    fn a_handle_is_read_through_take() {
        // /proc files report length 0 but have content: the bound still holds.
        let p = Path::new("/proc/self/status");
        if p.exists() {
            let r = read_bounded(p, 8);
            assert!(
                matches!(r, Err(ReadError::TooLarge { size: None, .. })),
                "{r:?}"
            );
        }
    }
}
