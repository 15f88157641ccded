//! Word vs Excel inside an OLE2 compound file, from the root storage's stream names.
//!
//! Responsible for: walking the header, FAT and directory chain just far enough to list the
//! streams directly under the root storage ([MS-CFB] §2.2, §2.3, §2.6). Not responsible for:
//! reading stream contents, mini streams, or validating the whole file.

/// OLE2 compound file signature ([MS-CFB] §2.2).
pub(crate) const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const HEADER_LEN: usize = 512;
const DIR_ENTRY_LEN: usize = 128;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const NO_STREAM: u32 = 0xFFFF_FFFF;
const HEADER_DIFAT: usize = 109;

/// What the root storage says the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ole2Kind {
    /// Has a `WordDocument` stream.
    Word,
    /// Has a `Workbook` (BIFF8) or `Book` (BIFF5) stream.
    Excel,
    /// Has `EncryptedPackage`: an encrypted OOXML file ([MS-OFFCRYPTO] §2.3.4.4).
    Encrypted,
    /// Readable, but none of the above (PowerPoint, Outlook message, ...).
    Other,
    /// Header or directory could not be followed.
    Unreadable,
}

/// Classify an OLE2 file; never panics, never reads outside `bytes`.
pub(crate) fn classify(bytes: &[u8]) -> Ole2Kind {
    match root_stream_names(bytes) {
        None => Ole2Kind::Unreadable,
        Some(names) => {
            let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
            if has("EncryptedPackage") {
                Ole2Kind::Encrypted
            } else if has("WordDocument") {
                Ole2Kind::Word
            } else if has("Workbook") || has("Book") {
                Ole2Kind::Excel
            } else {
                Ole2Kind::Other
            }
        }
    }
}

struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    fat_sectors: Vec<u32>,
}

impl<'a> Cfb<'a> {
    fn sector_size(&self) -> usize {
        1usize << self.shift
    }

    fn sector(&self, n: u32) -> Option<&'a [u8]> {
        let start = (usize::try_from(n).ok()?.checked_add(1)?).checked_shl(self.shift)?;
        self.bytes
            .get(start..start.checked_add(self.sector_size())?)
    }

    fn next(&self, n: u32) -> Option<u32> {
        let per = u32::try_from(self.sector_size() / 4).ok()?;
        let fat = *self.fat_sectors.get(usize::try_from(n / per).ok()?)?;
        le32(self.sector(fat)?, usize::try_from(n % per).ok()? * 4)
    }
}

fn root_stream_names(bytes: &[u8]) -> Option<Vec<String>> {
    let header = bytes.get(..HEADER_LEN)?;
    let shift = u32::from(le16(header, 0x1E)?);
    if shift != 9 && shift != 12 {
        return None;
    }
    let mut cfb = Cfb {
        bytes,
        shift,
        fat_sectors: Vec::new(),
    };
    // A chain can never be longer than the number of sectors in the file; this also stops loops.
    let max_sectors = bytes.len() >> shift;
    let n_fat = usize::try_from(le32(header, 0x2C)?).ok()?.min(max_sectors);
    for i in 0..HEADER_DIFAT.min(n_fat) {
        cfb.fat_sectors.push(le32(header, 0x4C + 4 * i)?);
    }
    let mut difat = le32(header, 0x44)?;
    let mut hops = 0;
    while cfb.fat_sectors.len() < n_fat && difat != END_OF_CHAIN && difat != NO_STREAM {
        hops += 1;
        if hops > max_sectors {
            return None;
        }
        let s = cfb.sector(difat)?;
        let per = cfb.sector_size() / 4 - 1;
        for i in 0..per {
            if cfb.fat_sectors.len() == n_fat {
                break;
            }
            cfb.fat_sectors.push(le32(s, 4 * i)?);
        }
        difat = le32(s, 4 * per)?;
    }

    let mut entries: Vec<&[u8]> = Vec::new();
    let mut dir = le32(header, 0x30)?;
    let mut hops = 0;
    while dir != END_OF_CHAIN {
        hops += 1;
        if hops > max_sectors {
            return None;
        }
        entries.extend(cfb.sector(dir)?.chunks_exact(DIR_ENTRY_LEN));
        dir = cfb.next(dir)?;
    }

    // Children of the root (entry 0) form a tree through left/right sibling links (§2.6.4).
    let root = entries.first()?;
    let mut names = Vec::new();
    let mut stack = vec![le32(root, 0x4C)?];
    let mut visited = 0;
    while let Some(id) = stack.pop() {
        if id == NO_STREAM {
            continue;
        }
        visited += 1;
        if visited > entries.len() {
            return None;
        }
        let e = entries.get(usize::try_from(id).ok()?)?;
        names.push(entry_name(e)?);
        stack.push(le32(e, 0x44)?);
        stack.push(le32(e, 0x48)?);
    }
    Some(names)
}

fn entry_name(e: &[u8]) -> Option<String> {
    let len = usize::from(le16(e, 0x40)?).min(64);
    let units = e
        .get(..len)?
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .take_while(|&u| u != 0);
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or('\u{FFFD}'))
            .collect(),
    )
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Minimal compound-file writer for tests: one FAT sector, one directory sector, no data.
#[cfg(test)]
pub(crate) fn test_file(stream_names: &[&str]) -> Vec<u8> {
    let mut h = vec![0u8; HEADER_LEN];
    h[..8].copy_from_slice(&SIGNATURE);
    h[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes());
    h[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes());
    h[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes());
    h[0x20..0x22].copy_from_slice(&6u16.to_le_bytes());
    h[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    h[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
    h[0x3C..0x40].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    h[0x44..0x48].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    for i in 0..HEADER_DIFAT {
        h[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&NO_STREAM.to_le_bytes());
    }
    h[0x4C..0x50].copy_from_slice(&0u32.to_le_bytes()); // FAT lives in sector 0
    let mut fat = vec![0xFFu8; 512];
    fat[0..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes()); // FATSECT
    fat[4..8].copy_from_slice(&END_OF_CHAIN.to_le_bytes());
    let mut dir = vec![0u8; 512];
    let mut entry = |i: usize, name: &str, ty: u8, child: u32, right: u32| {
        let e = &mut dir[i * DIR_ENTRY_LEN..(i + 1) * DIR_ENTRY_LEN];
        let units: Vec<u16> = name.encode_utf16().chain(Some(0)).collect();
        for (k, u) in units.iter().enumerate() {
            e[2 * k..2 * k + 2].copy_from_slice(&u.to_le_bytes());
        }
        e[0x40..0x42].copy_from_slice(&(u16::try_from(units.len() * 2).unwrap_or(0)).to_le_bytes());
        e[0x42] = ty;
        e[0x44..0x48].copy_from_slice(&NO_STREAM.to_le_bytes());
        e[0x48..0x4C].copy_from_slice(&right.to_le_bytes());
        e[0x4C..0x50].copy_from_slice(&child.to_le_bytes());
    };
    let n = stream_names.len().min(3);
    entry(
        0,
        "Root Entry",
        5,
        if n > 0 { 1 } else { NO_STREAM },
        NO_STREAM,
    );
    for (i, name) in stream_names.iter().take(3).enumerate() {
        let right = if i + 1 < n {
            u32::try_from(i + 2).unwrap_or(NO_STREAM)
        } else {
            NO_STREAM
        };
        entry(i + 1, name, 2, NO_STREAM, right);
    }
    [h, fat, dir].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_streams_decide_the_kind() {
        // [MS-DOC] §2.1.1 WordDocument stream; [MS-XLS] §2.1.2 Workbook stream.
        assert_eq!(
            classify(&test_file(&["\u{1}CompObj", "WordDocument"])),
            Ole2Kind::Word
        );
        assert_eq!(classify(&test_file(&["Workbook"])), Ole2Kind::Excel);
        assert_eq!(classify(&test_file(&["Book"])), Ole2Kind::Excel);
        assert_eq!(
            classify(&test_file(&["EncryptionInfo", "EncryptedPackage"])),
            Ole2Kind::Encrypted
        );
        assert_eq!(
            classify(&test_file(&["PowerPoint Document"])),
            Ole2Kind::Other
        );
    }

    #[test]
    fn truncated_is_unreadable() {
        let f = test_file(&["WordDocument"]);
        assert_eq!(classify(&f[..600]), Ole2Kind::Unreadable);
        assert_eq!(classify(&SIGNATURE), Ole2Kind::Unreadable);
    }
}
