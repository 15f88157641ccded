//! Layout: turns [`Block`]s into positioned text, rules and filled rectangles on pages.
//!
//! Works in two passes so "page N of M" is known before anything is drawn:
//! 1. every block becomes a list of unbreakable *atoms* (a text line, a table row, a bar)
//!    with a height and drawing items relative to the atom's top, plus pagination hints
//!    (keep with next, the table header to repeat, keep-together groups);
//! 2. the paginator stacks atoms onto pages, then adds the running header and footers.
//!
//! Not responsible for PDF syntax (see `emit`) or font data (see `font`). Sizes, spacing and
//! colours below are typography, not program rules, so they live here as constants.

use super::font::{Face, Fonts, Replacements};
use super::{Align, BarChart, Block, Document, Fill, Paper, PdfError, Table, TextStyle};

/// Page margin on all sides, in points (0.75 in).
const MARGIN: f32 = 54.0;
/// DejaVu Sans hhea ascender and descender in em, used to centre text in its line box.
const ASCENT: f32 = 0.928;
const DESCENT: f32 = 0.236;

/// An sRGB colour, components 0.0–1.0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

const INK: Rgb = Rgb(0.10, 0.10, 0.12);
const ACCENT: Rgb = Rgb(0.09, 0.20, 0.36);
const MUTED: Rgb = Rgb(0.38, 0.38, 0.42);
const RULE: Rgb = Rgb(0.80, 0.81, 0.84);
const RULE_DARK: Rgb = Rgb(0.45, 0.47, 0.52);
const HEADER_FILL: Rgb = Rgb(0.91, 0.93, 0.96);
const WHITE: Rgb = Rgb(1.0, 1.0, 1.0);

impl Fill {
    fn rgb(self) -> Rgb {
        match self {
            Fill::Good => Rgb(0.25, 0.58, 0.35),
            Fill::Warn => Rgb(0.95, 0.69, 0.20),
            Fill::Bad => Rgb(0.78, 0.24, 0.22),
            Fill::Neutral => Rgb(0.72, 0.74, 0.77),
        }
    }

    /// Text colour that stays readable on this fill.
    fn on(self) -> Rgb {
        match self {
            Fill::Good | Fill::Bad => WHITE,
            Fill::Warn | Fill::Neutral => INK,
        }
    }
}

/// Something drawn on a page; coordinates in points from the bottom-left corner.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One line of text; `(x, y)` is the start of its baseline.
    Text {
        /// Left end of the baseline.
        x: f32,
        /// Baseline height.
        y: f32,
        /// Face.
        face: Face,
        /// Size in points.
        size: f32,
        /// Fill colour.
        color: Rgb,
        /// Text, already limited to characters the face can draw.
        text: String,
        /// The structure node (index into [`LaidOut::nodes`]) this run belongs to; `None` for
        /// an artifact (running header, footer, a repeated table header).
        node: Option<usize>,
    },
    /// A filled rectangle; `(x, y)` is its bottom-left corner.
    Rect {
        /// Left edge.
        x: f32,
        /// Bottom edge.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill colour.
        color: Rgb,
    },
    /// A straight stroked line.
    Line {
        /// Start x.
        x1: f32,
        /// Start y.
        y1: f32,
        /// End x.
        x2: f32,
        /// End y.
        y2: f32,
        /// Stroke width.
        width: f32,
        /// Stroke colour.
        color: Rgb,
    },
}

impl Item {
    fn shifted(mut self, dy: f32) -> Self {
        match &mut self {
            Item::Text { y, .. } | Item::Rect { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
        self
    }
}

/// The result of layout: what goes on each page (a model tests can inspect or snapshot).
#[derive(Debug, Clone, PartialEq)]
pub struct LaidOut {
    /// Page size.
    pub paper: Paper,
    /// Items per page, in drawing order.
    pub pages: Vec<Vec<Item>>,
    /// The document's logical structure in reading order, for the tagged PDF: headings,
    /// paragraphs, tables with their rows and cells.
    pub nodes: Vec<Node>,
    /// Characters the fonts lack (drawn as U+FFFD), one message each.
    pub warnings: Vec<String>,
}

/// What a structure node is, as PDF structure types name it (ISO 32000-1 §14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A heading: level 1 is the document title, 2–4 the three section levels.
    Heading(u8),
    /// A paragraph, a bar label or a legend entry.
    Paragraph,
    /// A table (also the key/value list).
    Table,
    /// A table row.
    Row,
    /// A header cell: of its column, or (`row`) of its row as in a key/value list.
    HeaderCell {
        /// Heads a row rather than a column.
        row: bool,
    },
    /// A data cell.
    Cell,
}

/// One node of the structure tree; nodes are stored in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    /// What it is.
    pub role: Role,
    /// Its parent (a table for a row, a row for a cell); `None` under the document.
    pub parent: Option<usize>,
}

/// Lays out `doc` on `paper` without writing a PDF.
///
/// # Errors
/// [`PdfError`] for malformed tables, heading levels or spacers.
pub fn layout(doc: &Document, paper: Paper) -> Result<LaidOut, PdfError> {
    let fonts = Fonts::get()?;
    let (w, h) = paper.size_pt();
    let mut b = Builder {
        fonts,
        repl: Replacements::default(),
        atoms: Vec::new(),
        headers: Vec::new(),
        groups: Vec::new(),
        pending_space: 0.0,
        after_heading: false,
        x0: MARGIN,
        width: w - 2.0 * MARGIN,
        page_h: h - 2.0 * MARGIN,
        nodes: Vec::new(),
        node: None,
    };
    for block in &doc.blocks {
        b.block(block)?;
    }
    let running = b.repl.clean(fonts, Face::Regular, &doc.meta.title);
    let footer_left = b.repl.clean(fonts, Face::Regular, &doc.meta.footer_left);
    let mut pages = paginate(&b.atoms, &b.headers, &b.groups, h - MARGIN, MARGIN);
    decorate(fonts, &mut pages, (w, h), &running, &footer_left);
    Ok(LaidOut {
        paper,
        pages,
        nodes: b.nodes,
        warnings: b.repl.into_warnings(),
    })
}

/// Face, size, line height and colour of a run of text.
#[derive(Debug, Clone, Copy)]
struct Spec {
    face: Face,
    size: f32,
    leading: f32,
    color: Rgb,
}

impl Spec {
    const fn new(face: Face, size: f32, leading: f32, color: Rgb) -> Self {
        Self {
            face,
            size,
            leading,
            color,
        }
    }

    /// Baseline offset below the top of a line box, centring ascender-to-descender in it.
    fn baseline(&self) -> f32 {
        (self.leading - (ASCENT + DESCENT) * self.size) / 2.0 + ASCENT * self.size
    }
}

const TITLE: Spec = Spec::new(Face::Bold, 18.0, 22.0, INK);
const H1: Spec = Spec::new(Face::Bold, 13.5, 17.0, ACCENT);
const H2: Spec = Spec::new(Face::Bold, 11.5, 14.5, ACCENT);
const H3: Spec = Spec::new(Face::Bold, 10.0, 13.0, INK);
const BODY: Spec = Spec::new(Face::Regular, 10.0, 13.5, INK);
const BODY_BOLD: Spec = Spec::new(Face::Bold, 10.0, 13.5, INK);
const SMALL: Spec = Spec::new(Face::Regular, 8.0, 10.5, INK);
const MUTED_TEXT: Spec = Spec::new(Face::Regular, 9.0, 12.0, MUTED);
const KEY: Spec = Spec::new(Face::Bold, 9.5, 12.5, INK);
const VALUE: Spec = Spec::new(Face::Regular, 9.5, 12.5, INK);
const TH: Spec = Spec::new(Face::Bold, 8.5, 11.0, INK);
const TD: Spec = Spec::new(Face::Regular, 9.0, 11.5, INK);
const TD_BOLD: Spec = Spec::new(Face::Bold, 9.0, 11.5, INK);
const BAR_LABEL: Spec = Spec::new(Face::Regular, 9.0, 11.5, INK);
const BAR_VALUE: Spec = Spec::new(Face::Regular, 7.0, 11.5, INK);
const LEGEND: Spec = Spec::new(Face::Regular, 8.5, 12.0, INK);
const FOOTER: Spec = Spec::new(Face::Regular, 8.0, 10.0, MUTED);

/// Table cell padding.
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
/// Space between blocks, and after a heading.
const GAP: f32 = 8.0;
const GAP_AFTER_HEADING: f32 = 4.0;

/// An unbreakable vertical slice of content.
#[derive(Debug, Clone, Default)]
struct Atom {
    height: f32,
    /// Space above, dropped when the atom starts a page.
    before: f32,
    /// Items with `y` relative to the atom's top (so mostly negative).
    items: Vec<Item>,
    /// Move to the next page together with the following atom.
    keep_next: bool,
    /// Table header (index into `Builder::headers`) to repeat if this atom starts a page.
    header: Option<usize>,
    /// A forced page break (no content).
    brk: bool,
}

/// One column of a grid row: where its text goes and how it aligns.
#[derive(Debug, Clone, Copy)]
struct Cell {
    x: f32,
    w: f32,
    align: Align,
}

/// Decoration shared by all slices of a grid row.
#[derive(Debug, Clone, Copy, Default)]
struct RowLook {
    pad_top: f32,
    pad_bottom: f32,
    fill: Option<Rgb>,
    rule: Option<(f32, Rgb)>,
}

struct Builder<'f> {
    fonts: &'f Fonts,
    repl: Replacements,
    atoms: Vec<Atom>,
    headers: Vec<Atom>,
    /// Keep-together ranges of atom indices.
    groups: Vec<(usize, usize)>,
    pending_space: f32,
    after_heading: bool,
    x0: f32,
    width: f32,
    page_h: f32,
    /// Structure nodes so far, and the one text runs are added to now.
    nodes: Vec<Node>,
    node: Option<usize>,
}

impl Builder<'_> {
    /// Adds a structure node and returns its index.
    fn add_node(&mut self, role: Role, parent: Option<usize>) -> usize {
        self.nodes.push(Node { role, parent });
        self.nodes.len() - 1
    }

    /// Adds a node and makes it the one text runs belong to.
    fn enter(&mut self, role: Role, parent: Option<usize>) {
        self.node = Some(self.add_node(role, parent));
    }

    fn block(&mut self, block: &Block) -> Result<(), PdfError> {
        match block {
            Block::Title(text) => self.title(text),
            Block::Heading { level, text } => return self.heading(*level, text),
            Block::KeyValues(pairs) => self.key_values(pairs),
            Block::Paragraph { text, style } => self.paragraph(text, *style),
            Block::Table(table) => return self.table(table),
            Block::Bars(chart) => self.bars(chart),
            Block::Spacer(points) => {
                if !(points.is_finite() && *points >= 0.0 && *points <= self.page_h) {
                    return Err(PdfError::Spacer { points: *points });
                }
                self.pending_space += points;
            }
            Block::PageBreak => {
                self.atoms.push(Atom {
                    brk: true,
                    ..Atom::default()
                });
                self.pending_space = 0.0;
                self.after_heading = false;
            }
            Block::KeepTogether(blocks) => {
                let start = self.atoms.len();
                for b in blocks {
                    self.block(b)?;
                }
                let end = self.atoms.len();
                if end > start {
                    self.groups.push((start, end));
                }
            }
        }
        Ok(())
    }

    /// Space to put above the next block: a heading pulls what follows close to itself.
    fn gap(&mut self, default: f32) -> f32 {
        let g = if self.after_heading {
            GAP_AFTER_HEADING
        } else {
            default
        };
        self.after_heading = false;
        g + std::mem::take(&mut self.pending_space)
    }

    fn clean(&mut self, face: Face, s: &str) -> String {
        self.repl.clean(self.fonts, face, s)
    }

    fn width(&self, spec: Spec, s: &str) -> f32 {
        self.fonts.face(spec.face).width(s, spec.size)
    }

    /// Greedy word wrap to `max` points; `\n` breaks; a word wider than `max` is cut by characters.
    fn wrap(&mut self, spec: Spec, text: &str, max: f32) -> Vec<String> {
        let text = self.clean(spec.face, text);
        let m = self.fonts.face(spec.face);
        let space = m.width(" ", spec.size);
        let mut lines = Vec::new();
        for hard in text.split('\n') {
            let mut line = String::new();
            let mut line_w = 0.0_f32;
            for word in hard.split(is_break).filter(|w| !w.is_empty()) {
                let word_w = m.width(word, spec.size);
                if line.is_empty() && word_w <= max {
                    line.push_str(word);
                    line_w = word_w;
                } else if !line.is_empty() && line_w + space + word_w <= max {
                    line.push(' ');
                    line.push_str(word);
                    line_w += space + word_w;
                } else if word_w <= max {
                    lines.push(std::mem::take(&mut line));
                    line.push_str(word);
                    line_w = word_w;
                } else {
                    // Too wide for any line: fill the current line, then whole lines, by chars.
                    if !line.is_empty() {
                        line.push(' ');
                        line_w += space;
                    }
                    for c in word.chars() {
                        let mut buf = [0u8; 4];
                        let cw = m.width(c.encode_utf8(&mut buf), spec.size);
                        if line_w + cw > max && !line.trim_end().is_empty() {
                            lines.push(std::mem::take(&mut line).trim_end().to_owned());
                            line_w = 0.0;
                        } else if line_w + cw > max {
                            line.clear();
                            line_w = 0.0;
                        }
                        line.push(c);
                        line_w += cw;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A text item for `line` aligned inside `[x, x + w]`.
    fn text_item(&self, spec: Spec, line: String, x: f32, w: f32, align: Align, y: f32) -> Item {
        let x = match align {
            Align::Left => x,
            Align::Right => x + w - self.width(spec, &line),
            Align::Center => x + (w - self.width(spec, &line)) / 2.0,
        };
        Item::Text {
            x,
            y,
            face: spec.face,
            size: spec.size,
            color: spec.color,
            text: line,
            node: self.node,
        }
    }

    /// Full-width lines of text as one atom each, with widow/orphan control.
    fn lines(&mut self, spec: Spec, text: &str, before: f32, keep_all: bool) -> usize {
        let lines = self.wrap(spec, text, self.width);
        let n = lines.len();
        for (i, line) in lines.into_iter().enumerate() {
            let item = self.text_item(
                spec,
                line,
                self.x0,
                self.width,
                Align::Left,
                -spec.baseline(),
            );
            // Keep the first two and the last two lines of a paragraph together.
            let keep_next = keep_all || (i == 0 && n > 1) || (n >= 3 && i + 2 == n);
            self.atoms.push(Atom {
                height: spec.leading,
                before: if i == 0 { before } else { 0.0 },
                items: vec![item],
                keep_next,
                ..Atom::default()
            });
        }
        n
    }

    fn title(&mut self, text: &str) {
        self.enter(Role::Heading(1), None);
        let before = self.gap(0.0);
        self.lines(TITLE, text, before, true);
        let last = self.atoms.len() - 1;
        let atom = &mut self.atoms[last];
        let y = -atom.height - 4.0;
        atom.items.push(Item::Line {
            x1: self.x0,
            y1: y,
            x2: self.x0 + self.width,
            y2: y,
            width: 1.2,
            color: ACCENT,
        });
        atom.height += 6.0;
        self.after_heading = false;
        self.pending_space += 4.0;
    }

    fn heading(&mut self, level: u8, text: &str) -> Result<(), PdfError> {
        let (spec, space) = match level {
            1 => (H1, 16.0),
            2 => (H2, 12.0),
            3 => (H3, 9.0),
            _ => {
                return Err(PdfError::HeadingLevel {
                    level,
                    text: text.to_owned(),
                });
            }
        };
        self.after_heading = false;
        self.enter(Role::Heading(level + 1), None);
        let before = self.gap(space);
        self.lines(spec, text, before, true);
        if level == 1 {
            let last = self.atoms.len() - 1;
            let atom = &mut self.atoms[last];
            let y = -atom.height - 1.0;
            atom.items.push(Item::Line {
                x1: self.x0,
                y1: y,
                x2: self.x0 + self.width,
                y2: y,
                width: 0.6,
                color: RULE_DARK,
            });
            atom.height += 2.0;
        }
        self.after_heading = true;
        Ok(())
    }

    fn paragraph(&mut self, text: &str, style: TextStyle) {
        let spec = match style {
            TextStyle::Normal => BODY,
            TextStyle::Bold => BODY_BOLD,
            TextStyle::Small => SMALL,
            TextStyle::Muted => MUTED_TEXT,
        };
        self.enter(Role::Paragraph, None);
        let before = self.gap(if style == TextStyle::Small { 4.0 } else { 6.0 });
        self.lines(spec, text, before, false);
    }

    /// Lays one grid row (table row, key/value pair) as one atom, or as one atom per line
    /// when it is taller than `max_h`, so a giant row still splits cleanly between lines.
    #[allow(clippy::too_many_arguments)]
    fn grid_row(
        &mut self,
        table: usize,
        roles: &[Role],
        cells: &[(Spec, &str)],
        cols: &[Cell],
        leading: f32,
        look: RowLook,
        before: f32,
        header: Option<usize>,
        max_h: f32,
    ) -> Vec<Atom> {
        let wrapped: Vec<(Spec, Vec<String>)> = cells
            .iter()
            .zip(cols)
            .map(|(&(spec, text), col)| (spec, self.wrap(spec, text, col.w)))
            .collect();
        let row = self.add_node(Role::Row, Some(table));
        let cell_nodes: Vec<usize> = roles
            .iter()
            .take(cells.len())
            .map(|&r| self.add_node(r, Some(row)))
            .collect();
        let n = wrapped
            .iter()
            .map(|(_, l)| l.len())
            .max()
            .unwrap_or(1)
            .max(1);
        let full_h = look.pad_top + leading * n as f32 + look.pad_bottom;
        let row_x0 = cols.first().map_or(self.x0, |c| c.x - CELL_PAD_X);
        let row_x1 = cols.last().map_or(self.x0, |c| c.x + c.w + CELL_PAD_X);
        // Each slice: (first line, line count).
        let slices: Vec<(usize, usize)> = if full_h <= max_h {
            vec![(0, n)]
        } else {
            (0..n).map(|i| (i, 1)).collect()
        };
        let last = slices.len() - 1;
        let mut atoms = Vec::with_capacity(slices.len());
        for (k, &(first, count)) in slices.iter().enumerate() {
            let top_pad = if k == 0 { look.pad_top } else { 0.0 };
            let bottom_pad = if k == last { look.pad_bottom } else { 0.0 };
            let height = top_pad + leading * count as f32 + bottom_pad;
            let mut items = Vec::new();
            if let Some(fill) = look.fill {
                items.push(Item::Rect {
                    x: row_x0,
                    y: -height,
                    w: row_x1 - row_x0,
                    h: height,
                    color: fill,
                });
            }
            for (c, ((spec, lines), col)) in wrapped.iter().zip(cols).enumerate() {
                self.node = cell_nodes.get(c).copied();
                let line_spec = Spec { leading, ..*spec };
                for (j, line) in lines.iter().enumerate().skip(first).take(count) {
                    if line.is_empty() {
                        continue;
                    }
                    let y = -top_pad - leading * (j - first) as f32 - line_spec.baseline();
                    items.push(self.text_item(*spec, line.clone(), col.x, col.w, col.align, y));
                }
            }
            if let (Some((w, color)), true) = (look.rule, k == last) {
                items.push(Item::Line {
                    x1: row_x0,
                    y1: -height,
                    x2: row_x1,
                    y2: -height,
                    width: w,
                    color,
                });
            }
            atoms.push(Atom {
                height,
                before: if k == 0 { before } else { 0.0 },
                items,
                header,
                ..Atom::default()
            });
        }
        atoms
    }

    fn key_values(&mut self, pairs: &[(String, String)]) {
        let table = self.add_node(Role::Table, None);
        let before = self.gap(6.0);
        let key_w = pairs
            .iter()
            .map(|(k, _)| {
                let k = self.clean(KEY.face, k);
                self.width(KEY, &k)
            })
            .fold(0.0_f32, f32::max)
            .min(self.width * 0.35)
            .ceil();
        let gap = 12.0;
        let cols = [
            Cell {
                x: self.x0,
                w: key_w,
                align: Align::Left,
            },
            Cell {
                x: self.x0 + key_w + gap,
                w: self.width - key_w - gap,
                align: Align::Left,
            },
        ];
        let look = RowLook {
            pad_bottom: 1.5,
            ..RowLook::default()
        };
        for (i, (k, v)) in pairs.iter().enumerate() {
            let b = if i == 0 { before } else { 0.0 };
            let atoms = self.grid_row(
                table,
                &[Role::HeaderCell { row: true }, Role::Cell],
                &[(KEY, k), (VALUE, v)],
                &cols,
                KEY.leading,
                look,
                b,
                None,
                self.page_h,
            );
            self.atoms.extend(atoms);
        }
    }

    fn table(&mut self, table: &Table) -> Result<(), PdfError> {
        if table.columns.is_empty() {
            return Err(PdfError::ColumnWidth {
                column: 0,
                width: 0.0,
            });
        }
        for (i, c) in table.columns.iter().enumerate() {
            if !(c.width.is_finite() && c.width > 0.0) {
                return Err(PdfError::ColumnWidth {
                    column: i,
                    width: c.width,
                });
            }
        }
        for (i, r) in table.rows.iter().enumerate() {
            if r.cells.len() != table.columns.len() {
                return Err(PdfError::RowShape {
                    row: i,
                    cells: r.cells.len(),
                    columns: table.columns.len(),
                });
            }
        }
        let before = self.gap(GAP);
        let total: f32 = table.columns.iter().map(|c| c.width).sum();
        let mut x = self.x0;
        let cols: Vec<Cell> = table
            .columns
            .iter()
            .map(|c| {
                let w = self.width * c.width / total;
                let cell = Cell {
                    x: x + CELL_PAD_X,
                    w: (w - 2.0 * CELL_PAD_X).max(1.0),
                    align: c.align,
                };
                x += w;
                cell
            })
            .collect();

        let head_cells: Vec<(Spec, &str)> = table
            .columns
            .iter()
            .map(|c| (TH, c.header.as_str()))
            .collect();
        let head_look = RowLook {
            pad_top: CELL_PAD_Y,
            pad_bottom: CELL_PAD_Y,
            fill: Some(HEADER_FILL),
            rule: Some((0.7, RULE_DARK)),
        };
        // A header taller than a third of a page would be absurd; it is still laid whole.
        let node = self.add_node(Role::Table, None);
        let head_roles = vec![Role::HeaderCell { row: false }; head_cells.len()];
        let mut head = self.grid_row(
            node,
            &head_roles,
            &head_cells,
            &cols,
            TH.leading,
            head_look,
            0.0,
            None,
            f32::INFINITY,
        );
        let mut head = head.remove(0);
        let header_index = self.headers.len();
        // The repeated copy gets a little air below it: a row continued from the previous
        // page starts without its top padding.
        let mut repeated = head.clone();
        repeated.height += 2.0;
        // A reader hears the header once; its repetitions are layout.
        for item in &mut repeated.items {
            if let Item::Text { node, .. } = item {
                *node = None;
            }
        }
        let row_max = self.page_h - repeated.height;
        self.headers.push(repeated);
        head.before = before;
        head.keep_next = !table.rows.is_empty();
        self.atoms.push(head);

        let row_look = RowLook {
            pad_top: CELL_PAD_Y,
            pad_bottom: CELL_PAD_Y,
            fill: None,
            rule: Some((0.4, RULE)),
        };
        let cell_roles = vec![Role::Cell; table.columns.len()];
        for row in &table.rows {
            let spec = if row.bold { TD_BOLD } else { TD };
            let cells: Vec<(Spec, &str)> = row.cells.iter().map(|c| (spec, c.as_str())).collect();
            let atoms = self.grid_row(
                node,
                &cell_roles,
                &cells,
                &cols,
                TD.leading,
                row_look,
                0.0,
                Some(header_index),
                row_max,
            );
            self.atoms.extend(atoms);
        }
        Ok(())
    }

    fn bars(&mut self, chart: &BarChart) {
        let before = self.gap(GAP);
        let totals: Vec<u64> = chart
            .rows
            .iter()
            .map(|r| r.segments.iter().map(|s| u64::from(s.value)).sum())
            .collect();
        let max_total = totals.iter().copied().max().unwrap_or(0);
        let label_w = chart
            .rows
            .iter()
            .map(|r| {
                let l = self.clean(BAR_LABEL.face, &r.label);
                self.width(BAR_LABEL, &l)
            })
            .fold(0.0_f32, f32::max)
            .min(self.width * 0.35)
            .ceil();
        let total_w = self.width(BAR_LABEL, &max_total.to_string()) + 6.0;
        let bar_x = self.x0 + label_w + 8.0;
        let bar_area = (self.x0 + self.width - total_w - bar_x).max(1.0);
        let bar_h = 10.0;
        let row_gap = 5.0;
        let n = chart.rows.len();
        for (i, (row, &total)) in chart.rows.iter().zip(&totals).enumerate() {
            self.enter(Role::Paragraph, None);
            let lines = self.wrap(BAR_LABEL, &row.label, label_w);
            let text_h = BAR_LABEL.leading * lines.len() as f32;
            let height = text_h.max(bar_h + 1.5) + row_gap;
            let base = -BAR_LABEL.baseline();
            let mut items = Vec::new();
            for (j, line) in lines.into_iter().enumerate() {
                let y = base - BAR_LABEL.leading * j as f32;
                items.push(self.text_item(BAR_LABEL, line, self.x0, label_w, Align::Left, y));
            }
            // Centre the bar on the first label line's x-height band.
            let bar_bottom = base + 0.36 * BAR_LABEL.size - bar_h / 2.0;
            let mut x = bar_x;
            for seg in &row.segments {
                let w = if max_total == 0 {
                    0.0
                } else {
                    #[allow(clippy::cast_precision_loss)]
                    let share = f64::from(seg.value) / max_total as f64;
                    #[allow(clippy::cast_possible_truncation)]
                    let w = (share * f64::from(bar_area)) as f32;
                    w
                };
                if w <= 0.0 {
                    continue;
                }
                items.push(Item::Rect {
                    x,
                    y: bar_bottom,
                    w,
                    h: bar_h,
                    color: seg.fill.rgb(),
                });
                let label = seg.value.to_string();
                let lw = self.width(BAR_VALUE, &label);
                if lw + 4.0 <= w {
                    let spec = Spec {
                        color: seg.fill.on(),
                        ..BAR_VALUE
                    };
                    items.push(self.text_item(spec, label, x, w, Align::Center, base));
                }
                x += w;
            }
            items.push(self.text_item(
                BAR_LABEL,
                total.to_string(),
                x + 4.0,
                total_w,
                Align::Left,
                base,
            ));
            // A continuous axis: each row draws its own stretch of it.
            items.push(Item::Line {
                x1: bar_x,
                y1: 0.0,
                x2: bar_x,
                y2: -height,
                width: 0.6,
                color: RULE_DARK,
            });
            self.atoms.push(Atom {
                height,
                before: if i == 0 { before } else { 0.0 },
                items,
                keep_next: i + 1 == n && !chart.legend.is_empty(),
                ..Atom::default()
            });
        }
        self.legend(&chart.legend, if n == 0 { before } else { 4.0 });
    }

    fn legend(&mut self, entries: &[(Fill, String)], before: f32) {
        let swatch = 8.0;
        let mut lines: Vec<Vec<Item>> = vec![Vec::new()];
        let mut x = self.x0;
        let base = -LEGEND.baseline();
        for (fill, label) in entries {
            let label = self.clean(LEGEND.face, label);
            let lw = self.width(LEGEND, &label).min(self.width - swatch - 4.0);
            let entry_w = swatch + 4.0 + lw;
            if x > self.x0 && x + entry_w > self.x0 + self.width {
                lines.push(Vec::new());
                x = self.x0;
            }
            let Some(line) = lines.last_mut() else {
                continue;
            };
            line.push(Item::Rect {
                x,
                y: base - 0.5,
                w: swatch,
                h: swatch,
                color: fill.rgb(),
            });
            let node = Some(self.add_node(Role::Paragraph, None));
            line.push(Item::Text {
                x: x + swatch + 4.0,
                y: base,
                face: LEGEND.face,
                size: LEGEND.size,
                color: LEGEND.color,
                text: label,
                node,
            });
            x += entry_w + 14.0;
        }
        for (i, items) in lines.into_iter().enumerate() {
            if items.is_empty() {
                continue;
            }
            self.atoms.push(Atom {
                height: LEGEND.leading,
                before: if i == 0 { before } else { 0.0 },
                items,
                ..Atom::default()
            });
        }
    }
}

/// Whitespace where a line may break: not the no-break spaces (U+00A0, U+2007, U+202F), which
/// callers use to keep "10 %" or "Dr. X" together.
fn is_break(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{2007}' | '\u{202F}')
}

/// Stacks atoms onto pages between `top` and `bottom`.
fn paginate(
    atoms: &[Atom],
    headers: &[Atom],
    groups: &[(usize, usize)],
    top: f32,
    bottom: f32,
) -> Vec<Vec<Item>> {
    let page_h = top - bottom;
    let mut pages: Vec<Vec<Item>> = vec![Vec::new()];
    let mut y = top;
    let mut empty = true;
    let mut group = groups.iter().peekable();

    let place = |pages: &mut Vec<Vec<Item>>, y: &mut f32, empty: &mut bool, a: &Atom| {
        if !*empty {
            *y -= a.before;
        }
        if let Some(page) = pages.last_mut() {
            page.extend(a.items.iter().cloned().map(|it| it.shifted(*y)));
        }
        *y -= a.height;
        *empty = false;
    };

    for (i, a) in atoms.iter().enumerate() {
        if a.brk {
            if !empty {
                pages.push(Vec::new());
                y = top;
                empty = true;
            }
            continue;
        }
        let mut need_break = false;
        while group.peek().is_some_and(|g| g.0 < i) {
            group.next();
        }
        if let Some(&&(start, end)) = group.peek()
            && start == i
        {
            let h: f32 = atoms[start..end]
                .iter()
                .enumerate()
                .map(|(k, x)| x.height + if k == 0 { 0.0 } else { x.before })
                .sum();
            need_break |= h <= page_h && a.before + h > y - bottom;
        }
        // The chain of atoms that must move with this one.
        let mut chain = a.height;
        let mut j = i;
        while atoms[j].keep_next && j + 1 < atoms.len() && !atoms[j + 1].brk {
            j += 1;
            chain += atoms[j].before + atoms[j].height;
        }
        let room = page_h - a.header.map_or(0.0, |h| headers[h].height);
        need_break |= chain <= room && a.before + chain > y - bottom;
        need_break |= a.before + a.height > y - bottom;
        if need_break && !empty {
            pages.push(Vec::new());
            y = top;
            empty = true;
        }
        if empty && let Some(h) = a.header {
            place(&mut pages, &mut y, &mut empty, &headers[h]);
        }
        place(&mut pages, &mut y, &mut empty, a);
    }
    pages
}

/// Adds the running header (pages 2+) and the footer ("page N of M") to every page.
fn decorate(fonts: &Fonts, pages: &mut [Vec<Item>], (w, h): (f32, f32), title: &str, left: &str) {
    let m = fonts.face(FOOTER.face);
    let count = pages.len();
    let x1 = w - MARGIN;
    for (i, page) in pages.iter_mut().enumerate() {
        let label = format!("page {} of {count}", i + 1);
        let label_w = m.width(&label, FOOTER.size);
        let footer_base = MARGIN - 24.0;
        page.push(Item::Line {
            x1: MARGIN,
            y1: MARGIN - 12.0,
            x2: x1,
            y2: MARGIN - 12.0,
            width: 0.5,
            color: RULE,
        });
        let left = ellipsize(fonts, FOOTER, left, x1 - MARGIN - label_w - 18.0);
        if !left.is_empty() {
            page.push(Item::Text {
                x: MARGIN,
                y: footer_base,
                face: FOOTER.face,
                size: FOOTER.size,
                color: FOOTER.color,
                text: left,
                node: None,
            });
        }
        page.push(Item::Text {
            x: x1 - label_w,
            y: footer_base,
            face: FOOTER.face,
            size: FOOTER.size,
            color: FOOTER.color,
            text: label,
            node: None,
        });
        if i > 0 && !title.is_empty() {
            let text = ellipsize(fonts, FOOTER, title, x1 - MARGIN);
            page.push(Item::Text {
                x: MARGIN,
                y: h - MARGIN + 20.0,
                face: FOOTER.face,
                size: FOOTER.size,
                color: FOOTER.color,
                text,
                node: None,
            });
            page.push(Item::Line {
                x1: MARGIN,
                y1: h - MARGIN + 14.0,
                x2: x1,
                y2: h - MARGIN + 14.0,
                width: 0.5,
                color: RULE,
            });
        }
    }
}

/// `s` on one line of at most `max` points, cut with "…" if needed (only for page furniture).
fn ellipsize(fonts: &Fonts, spec: Spec, s: &str, max: f32) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let m = fonts.face(spec.face);
    if m.width(&s, spec.size) <= max {
        return s;
    }
    let mut out = String::new();
    for c in s.chars() {
        out.push(c);
        out.push('…');
        let fits = m.width(&out, spec.size) <= max;
        out.pop();
        if !fits {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::{Column, Meta, Row};

    fn texts(page: &[Item]) -> Vec<&str> {
        page.iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect()
    }

    fn para(text: &str) -> Block {
        Block::Paragraph {
            text: text.into(),
            style: TextStyle::Normal,
        }
    }

    fn doc(blocks: Vec<Block>) -> Document {
        Document {
            meta: Meta::new("T", "left"),
            blocks,
        }
    }

    #[test]
    fn long_word_is_cut_by_characters_not_overflowing() {
        let d = doc(vec![Block::Paragraph {
            text: "x".repeat(400),
            style: TextStyle::Normal,
        }]);
        let out = layout(&d, Paper::Letter).unwrap();
        let fonts = Fonts::get().unwrap();
        let lines: Vec<&str> = texts(&out.pages[0])
            .into_iter()
            .filter(|t| t.starts_with('x'))
            .collect();
        assert!(lines.len() > 1);
        assert_eq!(lines.concat().len(), 400);
        for l in lines {
            assert!(fonts.regular.width(l, 10.0) <= 612.0 - 2.0 * MARGIN + 0.01);
        }
    }

    #[test]
    fn wrapped_lines_stay_within_the_margins() {
        let words = "Interdisciplinary oncology documentation standards ".repeat(40);
        let d = doc(vec![Block::Paragraph {
            text: words,
            style: TextStyle::Normal,
        }]);
        let out = layout(&d, Paper::A4).unwrap();
        let fonts = Fonts::get().unwrap();
        let (w, _) = Paper::A4.size_pt();
        for item in &out.pages[0] {
            if let Item::Text {
                x,
                text,
                size,
                face,
                ..
            } = item
            {
                let right = x + fonts.face(*face).width(text, *size);
                assert!(*x >= MARGIN - 0.01 && right <= w - MARGIN + 0.01, "{text}");
            }
        }
    }

    #[test]
    fn heading_is_never_last_on_a_page() {
        // Fill a page nearly to the bottom, then a heading: it must move to page 2.
        let mut blocks = vec![para("start"), Block::Spacer(620.0)];
        blocks.push(Block::Heading {
            level: 1,
            text: "Orphan?".into(),
        });
        blocks.push(Block::Paragraph {
            text: "word ".repeat(200),
            style: TextStyle::Normal,
        });
        let out = layout(&doc(blocks), Paper::Letter).unwrap();
        assert!(!texts(&out.pages[0]).contains(&"Orphan?"));
        assert!(texts(&out.pages[1]).contains(&"Orphan?"));
    }

    #[test]
    fn tall_row_splits_by_lines_and_header_repeats() {
        let table = Table {
            columns: vec![
                Column::new("H1", 1.0, Align::Left),
                Column::new("H2", 1.0, Align::Right),
            ],
            rows: vec![Row::new([&*"line\n".repeat(120), "r"])],
        };
        let out = layout(&doc(vec![Block::Table(table)]), Paper::Letter).unwrap();
        assert!(out.pages.len() >= 2);
        for page in &out.pages {
            assert!(texts(page).contains(&"H1"));
        }
        let lines: usize = out
            .pages
            .iter()
            .map(|p| texts(p).iter().filter(|t| **t == "line").count())
            .sum();
        assert_eq!(lines, 120);
        // Tagging: the header is content once (a TH under the table's first row); its
        // repetitions on later pages are artifacts. Every "line" belongs to one TD.
        let nodes_of = |label: &str| -> Vec<Option<usize>> {
            out.pages
                .iter()
                .flatten()
                .filter_map(|i| match i {
                    Item::Text { text, node, .. } if text == label => Some(*node),
                    _ => None,
                })
                .collect()
        };
        let heads = nodes_of("H1");
        assert!(heads.len() >= 2);
        let first = heads[0].unwrap();
        assert_eq!(out.nodes[first].role, Role::HeaderCell { row: false });
        assert!(heads[1..].iter().all(Option::is_none), "{heads:?}");
        let cells: std::collections::BTreeSet<_> = nodes_of("line").into_iter().collect();
        assert_eq!(cells.len(), 1);
        let cell = cells.into_iter().next().flatten().unwrap();
        assert_eq!(out.nodes[cell].role, Role::Cell);
        let row = out.nodes[cell].parent.unwrap();
        assert_eq!(out.nodes[row].role, Role::Row);
        assert_eq!(out.nodes[out.nodes[row].parent.unwrap()].role, Role::Table);
    }

    #[test]
    fn no_break_space_keeps_words_together() {
        // Pick a filler so that "filler 10" fits the line but "filler 10\u{A0}%" does not:
        // the no-break space must carry "10" to the next line along with "%".
        let fonts = Fonts::get().unwrap();
        let max = 612.0 - 2.0 * MARGIN;
        let w = |s: &str| fonts.regular.width(s, BODY.size);
        let filler = (1..200)
            .map(|n| "a".repeat(n))
            .find(|f| w(&format!("{f} 10")) <= max && w(&format!("{f} 10\u{A0}%")) > max)
            .unwrap();
        let d = doc(vec![para(&format!("{filler} 10\u{A0}% end"))]);
        let out = layout(&d, Paper::Letter).unwrap();
        let lines = texts(&out.pages[0]);
        assert_eq!(lines[0], filler);
        assert_eq!(lines[1], "10\u{A0}% end");
    }

    #[test]
    fn bad_input_is_an_error_naming_the_value() {
        let t = Table {
            columns: vec![Column::new("a", 1.0, Align::Left)],
            rows: vec![Row::new(["x", "y"])],
        };
        let e = layout(&doc(vec![Block::Table(t)]), Paper::Letter).unwrap_err();
        assert_eq!(
            e.to_string(),
            "table row 0 has 2 cells but the table has 1 columns"
        );
        let e = layout(
            &doc(vec![Block::Heading {
                level: 4,
                text: "x".into(),
            }]),
            Paper::Letter,
        )
        .unwrap_err();
        assert!(matches!(e, PdfError::HeadingLevel { level: 4, .. }));
    }

    #[test]
    fn keep_together_moves_group_to_next_page() {
        let mut blocks = vec![para("start"), Block::Spacer(560.0)];
        blocks.push(Block::KeepTogether(vec![
            Block::Paragraph {
                text: "G1".into(),
                style: TextStyle::Normal,
            },
            Block::Paragraph {
                text: "G2".into(),
                style: TextStyle::Normal,
            },
            Block::Spacer(60.0),
            Block::Paragraph {
                text: "G3".into(),
                style: TextStyle::Normal,
            },
        ]));
        let out = layout(&doc(blocks), Paper::Letter).unwrap();
        assert!(texts(&out.pages[1]).contains(&"G1"));
        assert!(texts(&out.pages[1]).contains(&"G3"));
    }

    #[test]
    fn page_break_at_top_adds_no_blank_page() {
        let d = doc(vec![
            Block::PageBreak,
            Block::Paragraph {
                text: "a".into(),
                style: TextStyle::Normal,
            },
            Block::PageBreak,
            Block::PageBreak,
            Block::Paragraph {
                text: "b".into(),
                style: TextStyle::Normal,
            },
        ]);
        assert_eq!(layout(&d, Paper::Letter).unwrap().pages.len(), 2);
    }
}
