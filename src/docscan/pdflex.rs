//! A small PDF content-stream lexer (PDF 32000-1 §7.2–7.3, §8.9.7 inline images) that hands
//! each operator and its operands to a callback without building the whole operation list.
//!
//! Responsible for: numbers, literal and hex strings, names, arrays, skipping dictionaries,
//! comments and inline image data, and counting operators plus array items against a budget.
//! Why not `lopdf::content::Content::decode`: it materializes every operation first, so a 90 KB
//! PDF whose content inflates to 45 MB needs gigabytes before any budget can be checked.

use lopdf::{Object, StringFormat};

/// Most operands kept for one operator; a hostile stream of bare numbers cannot grow memory.
const MAX_OPERANDS: usize = 64;

/// A budget ran out.
pub(crate) enum Over {
    /// Operators plus array items, across the document.
    Ops,
    /// Items in one array (a `TJ` array is one line of text: a few hundred items).
    ArrayItems,
}

fn is_white(c: u8) -> bool {
    matches!(c, 0 | b'\t' | b'\n' | 0x0C | b'\r' | b' ')
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    ops_left: u64,
    max_array: usize,
}

enum Tok<'a> {
    Obj(Object),
    ArrayStart,
    ArrayEnd,
    Op(&'a [u8]),
    End,
}

impl<'a> Lexer<'a> {
    fn skip_white(&mut self) {
        while let Some(&c) = self.b.get(self.i) {
            if is_white(c) {
                self.i += 1;
            } else if c == b'%' {
                while self
                    .b
                    .get(self.i)
                    .is_some_and(|&c| c != b'\n' && c != b'\r')
                {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular(&mut self) -> &'a [u8] {
        let s = self.i;
        while self
            .b
            .get(self.i)
            .is_some_and(|&c| !is_white(c) && !is_delim(c))
        {
            self.i += 1;
        }
        &self.b[s..self.i]
    }

    fn next(&mut self) -> Tok<'a> {
        self.skip_white();
        let Some(&c) = self.b.get(self.i) else {
            return Tok::End;
        };
        match c {
            b'(' => {
                self.i += 1;
                Tok::Obj(Object::String(self.literal(), StringFormat::Literal))
            }
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.skip_dict();
                Tok::Obj(Object::Null)
            }
            b'<' => {
                self.i += 1;
                Tok::Obj(Object::String(self.hex(), StringFormat::Hexadecimal))
            }
            b'[' => {
                self.i += 1;
                Tok::ArrayStart
            }
            b']' => {
                self.i += 1;
                Tok::ArrayEnd
            }
            b'/' => {
                self.i += 1;
                let raw = self.regular();
                Tok::Obj(Object::Name(unescape_name(raw)))
            }
            b'{' | b'}' | b')' | b'>' => {
                // Stray delimiters: skip one byte.
                self.i += 1;
                Tok::Obj(Object::Null)
            }
            _ => {
                let t = self.regular();
                if t.is_empty() {
                    self.i += 1;
                    return Tok::Obj(Object::Null);
                }
                match number(t) {
                    Some(o) => Tok::Obj(o),
                    None => match t {
                        b"true" => Tok::Obj(Object::Boolean(true)),
                        b"false" => Tok::Obj(Object::Boolean(false)),
                        b"null" => Tok::Obj(Object::Null),
                        _ => Tok::Op(t),
                    },
                }
            }
        }
    }

    fn literal(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            match c {
                b'(' => {
                    depth += 1;
                    out.push(c);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else { break };
                    self.i += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.b.get(self.i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        b'\r' => {
                            if self.b.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            if c == b'>' {
                break;
            }
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => continue,
            };
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    fn skip_dict(&mut self) {
        let mut depth = 0usize;
        while self.i < self.b.len() {
            if self.b[self.i..].starts_with(b"<<") {
                depth += 1;
                self.i += 2;
            } else if self.b[self.i..].starts_with(b">>") {
                depth = depth.saturating_sub(1);
                self.i += 2;
                if depth == 0 {
                    return;
                }
            } else if self.b[self.i] == b'(' {
                self.i += 1;
                let _ = self.literal();
            } else {
                self.i += 1;
            }
        }
    }

    /// After `ID`: skip the image data up to `EI` between white space (or the end).
    fn skip_inline_image(&mut self) {
        self.i += 1;
        while self.i + 1 < self.b.len() {
            if self.b[self.i] == b'E'
                && self.b[self.i + 1] == b'I'
                && self.i > 0
                && is_white(self.b[self.i - 1])
                && self
                    .b
                    .get(self.i + 2)
                    .is_none_or(|&c| is_white(c) || is_delim(c))
            {
                self.i += 2;
                return;
            }
            self.i += 1;
        }
        self.i = self.b.len();
    }

    fn spend(&mut self) -> Result<(), Over> {
        if self.ops_left == 0 {
            return Err(Over::Ops);
        }
        self.ops_left -= 1;
        Ok(())
    }
}

fn number(t: &[u8]) -> Option<Object> {
    let first = *t.first()?;
    if !(first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.')) {
        return None;
    }
    let s = std::str::from_utf8(t).ok()?;
    if !s.contains('.')
        && let Ok(i) = s.parse::<i64>()
    {
        return Some(Object::Integer(i));
    }
    s.parse::<f32>().ok().map(Object::Real)
}

fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' && i + 3 <= raw.len() {
            let h = std::str::from_utf8(&raw[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(v) = h {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

/// Walk `data`, calling `f(operator, operands)` for each operator. `ops_left` is the operator
/// budget (operators plus array items), shared across the pages of a document; `max_array` the
/// most items one array may hold.
pub(crate) fn for_each_op(
    data: &[u8],
    ops_left: &mut u64,
    max_array: usize,
    mut f: impl FnMut(&str, &[Object]),
) -> Result<(), Over> {
    let mut lx = Lexer {
        b: data,
        i: 0,
        ops_left: *ops_left,
        max_array,
    };
    let mut operands: Vec<Object> = Vec::new();
    // Open arrays (nested arrays are rare; each level is its own vector).
    let mut arrays: Vec<Vec<Object>> = Vec::new();
    let result = loop {
        let tok = lx.next();
        match tok {
            Tok::End => break Ok(()),
            Tok::Obj(o) => {
                if let Some(a) = arrays.last_mut() {
                    if let Err(e) = lx.spend() {
                        break Err(e);
                    }
                    if a.len() >= lx.max_array {
                        break Err(Over::ArrayItems);
                    }
                    a.push(o);
                } else if operands.len() < MAX_OPERANDS {
                    operands.push(o);
                }
            }
            Tok::ArrayStart => {
                if arrays.len() < 32 {
                    arrays.push(Vec::new());
                }
            }
            Tok::ArrayEnd => {
                if let Some(a) = arrays.pop() {
                    let o = Object::Array(a);
                    if let Some(outer) = arrays.last_mut() {
                        outer.push(o);
                    } else if operands.len() < MAX_OPERANDS {
                        operands.push(o);
                    }
                }
            }
            Tok::Op(op) => {
                if let Err(e) = lx.spend() {
                    break Err(e);
                }
                // An operator inside an unclosed array ends it (damaged stream).
                while let Some(a) = arrays.pop() {
                    if arrays.is_empty() && operands.len() < MAX_OPERANDS {
                        operands.push(Object::Array(a));
                    }
                }
                let name = std::str::from_utf8(op).unwrap_or("");
                f(name, &operands);
                operands.clear();
                if op == b"ID" {
                    lx.skip_inline_image();
                }
            }
        }
    };
    *ops_left = lx.ops_left;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(data: &[u8]) -> Vec<(String, Vec<Object>)> {
        let mut out = Vec::new();
        let mut budget = 1000;
        let _ = for_each_op(data, &mut budget, 100, |op, args| {
            out.push((op.to_owned(), args.to_vec()))
        });
        out
    }

    #[test]
    fn operators_and_operands() {
        let got = ops(b"BT /F1 11 Tf 72 720.5 Td (a\\(b\\)\\101) Tj [(x) -250 <4142>] TJ % c\nET");
        let names: Vec<&str> = got.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(names, ["BT", "Tf", "Td", "Tj", "TJ", "ET"]);
        assert_eq!(
            got[1].1,
            vec![Object::Name(b"F1".to_vec()), Object::Integer(11)]
        );
        assert_eq!(got[2].1[1], Object::Real(720.5));
        assert_eq!(
            got[3].1[0],
            Object::String(b"a(b)A".to_vec(), StringFormat::Literal)
        );
        let Object::Array(items) = &got[4].1[0] else {
            panic!()
        };
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[2],
            Object::String(b"AB".to_vec(), StringFormat::Hexadecimal)
        );
    }

    #[test]
    fn dictionaries_and_inline_images_are_skipped() {
        let got = ops(b"/P <</MCID 0>> BDC BI /W 1 /H 1 ID \x00\xffEIx EI Q");
        let names: Vec<&str> = got.iter().map(|o| o.0.as_str()).collect();
        assert_eq!(names, ["BDC", "BI", "ID", "Q"]);
    }

    #[test]
    fn budget_counts_operators_and_array_items() {
        let mut budget = 5;
        assert!(matches!(
            for_each_op(b"[(a) (b) (c) (d) (e) (f)] TJ", &mut budget, 100, |_, _| {}),
            Err(Over::Ops)
        ));
        let mut budget = 100;
        assert!(matches!(
            for_each_op(b"[(a) (b) (c) (d) (e) (f)] TJ", &mut budget, 5, |_, _| {}),
            Err(Over::ArrayItems)
        ));
        let mut budget = 3;
        assert!(for_each_op(b"q Q q Q", &mut budget, 100, |_, _| {}).is_err());
        let mut budget = 4;
        assert!(for_each_op(b"q Q q Q", &mut budget, 100, |_, _| {}).is_ok());
        assert_eq!(budget, 0);
    }
}
