//! Deterministic generator of labelled synthetic oncology policies (TXT, DOCX, PDF) for measuring
//! the PHI screen: every planted identifier is recorded with its kind and exact value, and every
//! document also carries look-alikes that are NOT PHI (policy dates, the practice's own phone,
//! address, e-mail and staff, doses, lot/catalogue numbers, standard ids, blank templates).
//!
//! All values are made up: names from short invented lists, phones in 555-01xx, e-mails at
//! example.com/.net/.org. The same seed always gives the same corpus, byte for byte.
//! Training seed: [`TRAIN_SEED`]; held-out seed (never tuned on): [`HELD_OUT_SEED`].
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;

pub const TRAIN_SEED: u64 = 0x5EED_0001;
pub const HELD_OUT_SEED: u64 = 0x0B5E_55ED_2026;

/// The twelve kinds of planted identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Name,
    Initials,
    Mrn,
    Dob,
    VisitDate,
    Ssn,
    Phone,
    Email,
    Address,
    Age,
    InsuranceId,
    DeviceSerial,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::Name,
        Kind::Initials,
        Kind::Mrn,
        Kind::Dob,
        Kind::VisitDate,
        Kind::Ssn,
        Kind::Phone,
        Kind::Email,
        Kind::Address,
        Kind::Age,
        Kind::InsuranceId,
        Kind::DeviceSerial,
    ];

    /// The screen's hit code that counts as finding this kind (`PhiKind::code`).
    pub fn hit_code(self) -> &'static str {
        match self {
            Kind::Name | Kind::Initials => "patient-name",
            Kind::Mrn => "mrn",
            Kind::Dob => "dob",
            Kind::VisitDate => "visit-date",
            Kind::Ssn => "ssn",
            Kind::Phone => "phone",
            Kind::Email => "email",
            Kind::Address => "address",
            Kind::Age => "age",
            Kind::InsuranceId => "insurance-id",
            Kind::DeviceSerial => "device-serial",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Txt,
    Docx,
    Pdf,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

/// One planted identifier: its kind and the exact text written into the document.
#[derive(Debug, Clone)]
pub struct Planted {
    pub kind: Kind,
    pub value: String,
}

pub struct Doc {
    pub name: String,
    pub format: Format,
    pub bytes: Vec<u8>,
    pub planted: Vec<Planted>,
}

/// The practice's own identifiers (as an application file would list them).
#[derive(Debug, Clone, Default)]
pub struct Practice {
    pub name: String,
    pub staff: Vec<String>,
    pub phones: Vec<String>,
    pub emails: Vec<String>,
    pub address: String,
    pub city: String,
    pub state: String,
    pub postal_code: String,
    pub npis: Vec<String>,
}

pub struct Corpus {
    pub practice: Practice,
    pub docs: Vec<Doc>,
}

/// splitmix64: tiny, deterministic, good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub fn chance(&mut self, pct: u32) -> bool {
        self.range(1, 100) <= pct
    }
    pub fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
    pub fn upper(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'A' + self.below(26) as u8))
            .collect()
    }
}

const FIRST: &[&str] = &[
    "Maria",
    "Jorell",
    "Anneka",
    "Delphine",
    "Tobias",
    "Marisol",
    "Quentin",
    "Larissa",
    "Evander",
    "Rosalind",
    "Dmitra",
    "Calloway",
    "Bettina",
    "Osric",
    "Yolanda",
    "Fenwick",
    "Imelda",
    "Rafferty",
    "Sunniva",
    "Thaddeus",
    "Corinna",
    "Ignatius",
    "Perpetua",
    "Lucan",
    "Wilhelmina",
    "Aurelio",
    "Henrietta",
    "Casimir",
    "Magdalena",
    "Ezekiel",
];
const LAST: &[&str] = &[
    "Lopez",
    "Quixby",
    "Brannigan",
    "Okonkwo-Hale",
    "Vandermeer",
    "Stroud",
    "Pellegrino",
    "Achterberg",
    "Moravec",
    "Tallis",
    "O'Rourke",
    "Delacroix",
    "Fairweather",
    "Nakamura-Biel",
    "Grummond",
    "Hollingsby",
    "Castellanos",
    "Winterbottom",
    "Szymanski",
    "Abernathy",
    "Kowalczyk",
    "Merriweather",
    "Thistlewood",
    "Ravensworth",
    "Dunleavy",
    "Ashcombe",
    "Penhaligon",
    "Vasquez",
];
const STAFF_FIRST: &[&str] = &[
    "Karen", "Ellen", "Priya", "Gordon", "Nadia", "Theo", "Renata", "Malcolm", "Ingrid", "Samuel",
];
const STAFF_LAST: &[&str] = &[
    "Whitfield",
    "Pratt",
    "Ramanathan",
    "Oyelaran",
    "Lindqvist",
    "Becerra",
    "Haldane",
    "Forsythe",
    "Marchetti",
    "Chowdhury",
];
const STREETS: &[&str] = &[
    "Maple",
    "Birch",
    "Sycamore",
    "Lakeview",
    "Juniper",
    "Hawthorne",
    "Prairie Wind",
    "Old Mill",
    "Cedar Ridge",
    "Willow Bend",
    "Foxglove",
    "Kingfisher",
];
const SUFFIX: &[&str] = &[
    "Street",
    "St",
    "Avenue",
    "Ave.",
    "Road",
    "Rd",
    "Lane",
    "Drive",
    "Court",
    "Boulevard",
    "Way",
    "Place",
];
const CITIES: &[(&str, &str, &str)] = &[
    ("Springfield", "IL", "62704"),
    ("Decatur", "IL", "62521"),
    ("Champaign", "IL", "61820"),
    ("Peoria", "IL", "61602"),
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn practice(r: &mut Rng) -> Practice {
    let mut staff = Vec::new();
    for (f, l) in STAFF_FIRST.iter().zip(STAFF_LAST) {
        staff.push(format!("{f} {l}"));
    }
    let (city, state, zip) = CITIES[0];
    Practice {
        name: "Prairie Valley Oncology".into(),
        staff,
        phones: vec![
            format!("(217) 555-01{:02}", r.range(0, 9)),
            format!("217-555-01{:02}", r.range(10, 19)),
        ],
        emails: vec![
            "oncology@prairievalley.example.org".into(),
            "k.whitfield@prairievalley.example.org".into(),
        ],
        address: "1200 Oak Street".into(),
        city: city.into(),
        state: state.into(),
        postal_code: zip.into(),
        npis: vec!["1234567893".into(), "1245319599".into()],
    }
}

// --- planted values -------------------------------------------------------------------------

struct Person {
    first: String,
    last: String,
}

fn person(r: &mut Rng) -> Person {
    Person {
        first: (*r.pick(FIRST)).to_owned(),
        last: (*r.pick(LAST)).to_owned(),
    }
}

fn name_value(r: &mut Rng, p: &Person) -> String {
    match r.below(4) {
        0 => format!("{} {}", p.first, p.last),
        1 => format!("{}, {}", p.last.to_uppercase(), p.first.to_uppercase()),
        2 => format!("{}, {}", p.last, p.first),
        _ => format!("{}. {}", &p.first[..1], p.last),
    }
}

fn initials_value(r: &mut Rng, p: &Person) -> String {
    let (a, b) = (&p.first[..1], &p.last[..1]);
    match r.below(3) {
        0 => format!("{a}{b}"),
        1 => format!("{a}.{b}."),
        _ => format!("{a}. {b}."),
    }
}

fn mrn_value(r: &mut Rng) -> String {
    match r.below(4) {
        0 => format!("00{}", r.digits(6)),
        1 => {
            let n = r.below(4) + 6;
            r.digits(n)
        }
        2 => format!("{}{}", r.upper(1), r.digits(7)),
        _ => format!("{}-{}", r.digits(3), r.digits(5)),
    }
}

fn date_value(r: &mut Rng, years: (u32, u32), dob_shapes: bool) -> String {
    let (y, m, d) = (r.range(years.0, years.1), r.range(1, 12), r.range(1, 28));
    let mon = MONTHS[m as usize - 1];
    let shapes = if dob_shapes { 9 } else { 6 };
    match r.below(shapes) {
        0 => format!("{m:02}/{d:02}/{y}"),
        1 => format!("{m}/{d}/{}", y % 100),
        2 => format!("{y}-{m:02}-{d:02}"),
        3 => format!("{mon} {d}, {y}"),
        4 => format!("{d:02}-{}-{y}", &mon[..3]),
        5 => format!("{m}/{d}/{y}"),
        6 => format!("{} {d} '{:02}", &mon[..3], y % 100),
        7 => format!("{m:02}{d:02}{:02}", y % 100),
        _ => format!("{d} {mon} {y}"),
    }
}

fn ssn_value(r: &mut Rng) -> String {
    let (a, g, s) = (r.range(101, 665), r.range(10, 99), r.range(1000, 9999));
    match r.below(3) {
        0 => format!("{a}-{g}-{s}"),
        1 => format!("{a} {g} {s}"),
        _ => format!("{a}{g}{s}"),
    }
}

fn phone_value(r: &mut Rng) -> String {
    let area = r.pick(&["217", "309", "312", "618", "773"]);
    let line = format!("01{:02}", r.range(20, 99));
    match r.below(4) {
        0 => format!("({area}) 555-{line}"),
        1 => format!("{area}-555-{line}"),
        2 => format!("{area}.555.{line}"),
        _ => format!("+1 {area} 555 {line}"),
    }
}

fn email_value(r: &mut Rng, p: &Person) -> String {
    let dom = r.pick(&[
        "example.com",
        "example.net",
        "example.org",
        "mail.example.com",
    ]);
    let local = match r.below(3) {
        0 => format!("{}{}{}", &p.first[..1], p.last, r.range(10, 99)),
        1 => format!("{}.{}", p.first, p.last),
        _ => format!("{}_{}", p.last, r.range(1950, 1999)),
    };
    format!("{}@{dom}", local.to_lowercase().replace('\'', ""))
}

fn address_value(r: &mut Rng) -> String {
    let n = r.range(12, 9899);
    let dir = if r.chance(30) {
        format!("{} ", r.pick(&["N", "S", "E", "W"]))
    } else {
        String::new()
    };
    let mut s = format!("{n} {dir}{} {}", r.pick(STREETS), r.pick(SUFFIX));
    if r.chance(30) {
        let _ = write!(s, ", Apt {}", r.range(1, 40));
    }
    s
}

fn age_value(r: &mut Rng) -> String {
    let a = r.range(90, 104);
    match r.below(4) {
        0 => format!("{a}-year-old"),
        1 => format!("{a} year old"),
        2 => format!("{a} y/o"),
        _ => format!("{a}yo"),
    }
}

fn insurance_value(r: &mut Rng) -> (String, &'static str) {
    match r.below(3) {
        0 => (format!("{}{}", r.upper(3), r.digits(9)), "member"),
        1 => {
            // Medicare Beneficiary Identifier shape (CMS): 1EG4-TE5-MK73.
            let l = |r: &mut Rng| char::from(*r.pick(b"ACDEFGHJKMNPQRTUVWXY"));
            let d = |r: &mut Rng| char::from(b'0' + r.range(1, 9) as u8);
            let s = format!(
                "{}{}{}{}-{}{}{}-{}{}{}{}",
                d(r),
                l(r),
                l(r),
                d(r),
                l(r),
                l(r),
                d(r),
                l(r),
                l(r),
                d(r),
                d(r)
            );
            (s, "medicare")
        }
        _ => (format!("{}{}", r.upper(2), r.digits(8)), "member"),
    }
}

fn serial_value(r: &mut Rng) -> String {
    match r.below(3) {
        0 => format!("SN-{}-{}", r.digits(5), r.upper(1)),
        1 => format!("{}-{}", r.digits(4), r.digits(5)),
        _ => format!("{}{}", r.upper(2), r.digits(7)),
    }
}

// --- blocks -----------------------------------------------------------------------------------

/// Document structure before rendering to a format.
enum Block {
    Para(String),
    /// Header row then data rows.
    Table(Vec<Vec<String>>),
    /// Running header (DOCX header part; first line elsewhere).
    Header(String),
    /// Footnote (DOCX footnotes part; end of document elsewhere).
    Footnote(String),
    /// Reviewer comment (DOCX comments part; end of document elsewhere).
    Comment(String),
}

struct Builder<'a> {
    r: &'a mut Rng,
    planted: Vec<Planted>,
    blocks: Vec<Block>,
}

impl Builder<'_> {
    fn plant(&mut self, kind: Kind, value: &str) -> String {
        self.planted.push(Planted {
            kind,
            value: value.to_owned(),
        });
        value.to_owned()
    }

    /// One PHI construct (one or more identifiers).
    fn construct(&mut self, pr: &Practice, format: Format) {
        let p = person(self.r);
        let which = self.r.below(16);
        match which {
            0 | 1 => {
                // EHR print banner.
                let n = name_value(self.r, &p);
                let n = self.plant(Kind::Name, &n);
                let m = mrn_value(self.r);
                let m = self.plant(Kind::Mrn, &m);
                let d = date_value(self.r, (1925, 1990), false);
                let d = self.plant(Kind::Dob, &d);
                let pl = *self.r.pick(&["Patient:", "Pt:", "Patient Name:", "Name:"]);
                let ml = *self.r.pick(&["MRN:", "MRN#", "MR #:", "Chart #:"]);
                let dl = *self.r.pick(&["DOB:", "DOB", "Birth date:"]);
                let banner = format!("{pl} {n}   {ml} {m}   {dl} {d}");
                if format == Format::Docx || self.r.chance(50) {
                    self.blocks.insert(0, Block::Header(banner));
                } else {
                    self.blocks.push(Block::Para(banner));
                }
            }
            2 | 3 => {
                // A log table.
                let cols: Vec<(Kind, &str)> = match self.r.below(5) {
                    0 => vec![
                        (Kind::VisitDate, "Date"),
                        (Kind::Initials, "Pt initials"),
                        (Kind::Mrn, "MRN"),
                    ],
                    1 => vec![
                        (Kind::VisitDate, "DOS"),
                        (Kind::Name, "Patient"),
                        (Kind::Mrn, "MR#"),
                    ],
                    2 => vec![
                        (Kind::VisitDate, "Infusion date"),
                        (Kind::Initials, "Initials"),
                        (Kind::Dob, "DOB"),
                    ],
                    3 => vec![
                        (Kind::Mrn, "Chart No."),
                        (Kind::Name, "Patient name"),
                        (Kind::VisitDate, "Visit date"),
                    ],
                    _ => vec![
                        (Kind::VisitDate, "Treatment date"),
                        (Kind::Initials, "Pt"),
                        (Kind::Mrn, "Record no."),
                    ],
                };
                let mut rows = vec![cols.iter().map(|c| c.1.to_owned()).collect::<Vec<_>>()];
                // A non-PHI column too, as real logs have.
                rows[0].push("Reaction grade".into());
                for _ in 0..self.r.range(2, 4) {
                    let p = person(self.r);
                    let mut row = Vec::new();
                    for (k, _) in &cols {
                        let v = match k {
                            Kind::VisitDate => date_value(self.r, (2022, 2024), false),
                            Kind::Initials => initials_value(self.r, &p),
                            Kind::Name => name_value(self.r, &p),
                            Kind::Dob => date_value(self.r, (1930, 1985), false),
                            _ => mrn_value(self.r),
                        };
                        row.push(self.plant(*k, &v));
                    }
                    row.push(format!("{}", self.r.range(0, 3)));
                    rows.push(row);
                }
                self.blocks.push(Block::Table(rows));
            }
            4 => {
                let d = date_value(self.r, (2022, 2024), false);
                let d = self.plant(Kind::VisitDate, &d);
                let i = initials_value(self.r, &p);
                let i = self.plant(Kind::Initials, &i);
                let c = self.r.range(2, 6);
                self.blocks.push(Block::Para(format!(
                    "For example, on {d} pt {i} received cycle {c} of FOLFOX and reported grade 2 neuropathy."
                )));
            }
            5 => {
                let t = *self.r.pick(&["Mrs.", "Mr.", "Ms."]);
                let v = format!("{t} {}", p.last);
                let v = self.plant(Kind::Name, &v);
                self.blocks.push(Block::Para(format!(
                    "{v} called the triage line after the second infusion with a fever of 38.4 C."
                )));
            }
            6 => {
                let v = format!("{} {}", p.first, p.last);
                let v = self.plant(Kind::Name, &v);
                self.blocks.push(Block::Para(format!(
                    "I, {v}, have received the chemotherapy education packet and had my questions answered."
                )));
            }
            7 => {
                let a = age_value(self.r);
                let a = self.plant(Kind::Age, &a);
                let sex = *self.r.pick(&["woman", "man", "patient"]);
                self.blocks.push(Block::Para(format!(
                    "Case review: a {a} {sex} with stage III colon cancer declined adjuvant therapy."
                )));
            }
            8 => {
                // Label at the end of a line, value on the next.
                let (k, label, v) = match self.r.below(3) {
                    0 => (Kind::Mrn, "medical record number:", mrn_value(self.r)),
                    1 => (
                        Kind::Dob,
                        "date of birth:",
                        date_value(self.r, (1930, 1985), false),
                    ),
                    _ => (
                        Kind::Name,
                        "patient name:",
                        format!("{} {}", p.first, p.last),
                    ),
                };
                let v = self.plant(k, &v);
                self.blocks.push(Block::Para(format!(
                    "The nurse confirmed the order against the wristband and recorded the {label}"
                )));
                self.blocks
                    .push(Block::Para(format!("{v} before the first dose was hung.")));
            }
            9 => {
                let (l, v) = match self.r.below(4) {
                    0 => ("Date of service:", date_value(self.r, (2022, 2024), false)),
                    1 => ("Infusion date:", date_value(self.r, (2022, 2024), false)),
                    2 => ("Admission date:", date_value(self.r, (2022, 2024), false)),
                    _ => ("Discharge date:", date_value(self.r, (2022, 2024), false)),
                };
                let v = self.plant(Kind::VisitDate, &v);
                self.blocks.push(Block::Para(format!("{l} {v}")));
            }
            10 => {
                let (l, v) = match self.r.below(4) {
                    0 => ("SSN:", ssn_value(self.r)),
                    1 => ("Social Security:", ssn_value(self.r)),
                    2 => ("SSN/ID:", ssn_value(self.r)),
                    _ => {
                        let (a, g, s) = (
                            self.r.range(101, 665),
                            self.r.range(10, 99),
                            self.r.range(1000, 9999),
                        );
                        ("ID on file", format!("{a}-{g}-{s}"))
                    }
                };
                let v = self.plant(Kind::Ssn, &v);
                self.blocks.push(Block::Para(format!("{l} {v}")));
            }
            11 => {
                let l =
                    *self
                        .r
                        .pick(&["Cell:", "Home phone:", "Mobile:", "Patient phone:", "Tel:"]);
                let v = phone_value(self.r);
                let v = self.plant(Kind::Phone, &v);
                self.blocks.push(Block::Para(format!("{l} {v}")));
            }
            12 => {
                let v = email_value(self.r, &p);
                let v = self.plant(Kind::Email, &v);
                if self.r.chance(50) {
                    self.blocks.push(Block::Para(format!("E-mail: {v}")));
                } else {
                    self.blocks.push(Block::Para(format!(
                        "The patient wrote from {v} to ask about rescheduling."
                    )));
                }
            }
            13 => {
                let v = address_value(self.r);
                let v = self.plant(Kind::Address, &v);
                let (c, s, z) = *self.r.pick(CITIES);
                if self.r.chance(50) {
                    self.blocks
                        .push(Block::Para(format!("Home address: {v}, {c}, {s} {z}")));
                } else {
                    self.blocks.push(Block::Para(format!(
                        "Home health visits were arranged at {v}, {c}."
                    )));
                }
            }
            14 => {
                let (v, what) = insurance_value(self.r);
                let v = self.plant(Kind::InsuranceId, &v);
                let l = if what == "medicare" {
                    *self.r.pick(&["Medicare #:", "Medicare number:", "MBI:"])
                } else {
                    *self
                        .r
                        .pick(&["Member ID:", "Subscriber ID:", "Insurance ID:", "Member #"])
                };
                self.blocks.push(Block::Para(format!("{l} {v}")));
            }
            _ => {
                let v = serial_value(self.r);
                let v = self.plant(Kind::DeviceSerial, &v);
                let l = *self.r.pick(&[
                    "Port serial no.:",
                    "Pump S/N:",
                    "Device serial number:",
                    "Implanted port serial #",
                ]);
                if self.r.chance(30) && format == Format::Docx {
                    self.blocks.push(Block::Footnote(format!("{l} {v}")));
                } else if self.r.chance(30) && format == Format::Docx {
                    self.blocks.push(Block::Comment(format!("{l} {v}")));
                } else {
                    self.blocks.push(Block::Para(format!("{l} {v}")));
                }
            }
        }
        let _ = pr;
    }

    /// One look-alike that is not PHI.
    fn look_alike(&mut self, pr: &Practice) {
        let r = &mut *self.r;
        let staff = r.pick(&pr.staff).clone();
        let staff_last = staff.rsplit(' ').next().unwrap_or("").to_owned();
        let date = date_value(r, (2021, 2025), false);
        let phone = r.pick(&pr.phones).clone();
        let s = match r.below(30) {
            0 => format!("Effective date: {date}"),
            1 => format!("Revised: {date}. Next review due in two years."),
            2 => format!("This policy applies to all patients seen on {date} and later."),
            3 => format!("Approved by: Dr. {staff}, Medical Director"),
            4 => format!("Policy owner: {staff}, RN, Nurse Manager"),
            5 => "Population \u{2014} Patient: Adult Oncology".to_owned(),
            6 => format!("Call the clinic at {phone} during business hours."),
            7 => format!("Phone: {phone}   Fax: {}", pr.phones[1]),
            8 => format!(
                "Location: {}, {}, {} {}",
                pr.address, pr.city, pr.state, pr.postal_code
            ),
            9 => format!("Questions may be sent to {}.", r.pick(&pr.emails)),
            10 => format!(
                "Order spill kits on supplier account number {}.",
                r.digits(7)
            ),
            11 => format!(
                "Chemotherapy spill kit, catalogue no. {}-{}-{}.",
                r.range(101, 665),
                r.range(10, 99),
                r.range(1000, 9999)
            ),
            12 => format!(
                "Carboplatin AUC 5 IV over 30 minutes; ondansetron {} mg PO; lot no. {}{}.",
                r.pick(&["8", "16", "24"]),
                r.digits(5),
                r.upper(1)
            ),
            13 => format!(
                "Meets ASCO/ONS Standard {}.{}.{} and QOPI measure {}.",
                r.range(1, 3),
                r.range(1, 9),
                r.range(1, 5),
                r.range(10, 140)
            ),
            14 => format!("Billing uses CPT 96413 and ICD-10 C50.911; group NPI {}.", pr.npis[0]),
            15 => "Patient name: ______________   DOB: __/__/____   MRN: __________".to_owned(),
            16 => "Patients aged 90 and older receive a geriatric assessment before cycle 1.".to_owned(),
            17 => format!("A {}-year-old patient must have a caregiver present.", r.range(18, 75)),
            18 => "Infusion pump serial numbers are recorded in the equipment log.".to_owned(),
            19 => format!(
                "Hazardous drug training was completed on {date} by all staff."
            ),
            20 => format!("Contact Ms. {staff_last}, nurse navigator, with questions."),
            21 => format!("Document version {}.{} ({})", r.range(1, 5), r.range(0, 9), r.range(2019, 2025)),
            22 => "Patient Safety Committee reviews all events; see Patient Education: Chemotherapy Basics.".to_owned(),
            23 => format!("Suite {}, extension {}.", r.range(100, 400), r.digits(4)),
            24 => format!("Name: {staff}"),
            25 => format!("Medicare Part B covers drugs administered in the clinic; see form CMS-{}.", r.digits(4)),
            26 => format!("Reviewed {date} by the Pharmacy and Therapeutics Committee."),
            27 => format!("Patients seen on or after {date} follow the updated consent process."),
            28 => format!("Prepared by {staff} on {date}."),
            _ => format!("Dose: {} mg/m2 on day 1 every {} days.", r.range(60, 1000), r.pick(&["14", "21", "28"])),
        };
        self.blocks.push(Block::Para(s));
    }
}

const FILLER: &[&str] = &[
    "Purpose: to describe how the practice verifies orders before chemotherapy is administered.",
    "Two licensed clinicians independently verify the drug, dose, route and rate before each infusion.",
    "The treating physician documents the treatment plan, including intent and expected duration.",
    "Staff use two patient identifiers, such as name and date of birth, at every encounter.",
    "Patients receive written education about side effects and whom to call after hours.",
    "The pharmacist reviews laboratory values against the protocol's parameters before preparation.",
    "Extravasation is managed according to the manufacturer's guidance and reported as an event.",
    "Emergency equipment is checked daily and the check is logged by the charge nurse.",
    "Orders are written on standardized regimen templates; verbal orders are not accepted.",
    "The medical record documents consent, the regimen, and each dose administered.",
    "Quality data are reviewed quarterly and shared with all clinical staff.",
    "Patients are assessed for psychosocial distress at the first visit and periodically thereafter.",
    "Oral chemotherapy adherence is assessed at each visit and documented in the record.",
    "Staff complete annual competency validation in safe handling of hazardous drugs.",
    "Any deviation from the protocol is discussed with the prescriber and documented.",
    "Fertility preservation is discussed with patients of reproductive age before treatment begins.",
    "The patient's weight is measured on the day of treatment and doses are recalculated when it changes by 10%.",
    "Smoking cessation resources are offered to every patient who uses tobacco.",
    "Section 4. Responsibilities of the infusion nurse, the pharmacist and the prescriber.",
    "Pregnancy testing is performed when clinically indicated, per the prescriber's order.",
];

fn build_blocks(
    r: &mut Rng,
    pr: &Practice,
    format: Format,
    with_phi: bool,
) -> (Vec<Block>, Vec<Planted>) {
    let mut b = Builder {
        r,
        planted: Vec::new(),
        blocks: Vec::new(),
    };
    let title = *b.r.pick(&[
        "Chemotherapy Order Verification Policy",
        "Patient Consent for Treatment",
        "Extravasation Management Procedure",
        "Oral Chemotherapy Monitoring",
        "Infusion Reaction Response",
    ]);
    b.blocks.push(Block::Para(title.to_owned()));
    let n_lines = b.r.range(60, 260);
    let n_phi = if with_phi { b.r.range(1, 5) } else { 0 };
    let n_look = b.r.range(6, 18);
    // Positions for constructs and look-alikes among the filler.
    let mut slots: Vec<u8> = Vec::new();
    slots.extend(std::iter::repeat_n(1, n_phi as usize));
    slots.extend(std::iter::repeat_n(2, n_look as usize));
    slots.extend(std::iter::repeat_n(0, n_lines as usize));
    for i in (1..slots.len()).rev() {
        let j = b.r.below(i + 1);
        slots.swap(i, j);
    }
    for s in slots {
        match s {
            0 => {
                let f = *b.r.pick(FILLER);
                b.blocks.push(Block::Para(f.to_owned()));
            }
            1 => b.construct(pr, format),
            _ => b.look_alike(pr),
        }
    }
    // An empty log template (look-alike) in some documents.
    if b.r.chance(25) {
        b.blocks.push(Block::Table(vec![
            vec!["Date".into(), "Pt initials".into(), "MRN".into()],
            vec![String::new(), String::new(), String::new()],
        ]));
    }
    (b.blocks, b.planted)
}

// --- rendering --------------------------------------------------------------------------------

fn render_txt(r: &mut Rng, blocks: &[Block]) -> Vec<u8> {
    let mut out = String::new();
    let mut tail = Vec::new();
    for bl in blocks {
        match bl {
            Block::Header(s) => out.insert_str(0, &format!("{s}\n")),
            Block::Para(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Block::Table(rows) => {
                let sep = if r.chance(50) { "\t" } else { " | " };
                for row in rows {
                    out.push_str(&row.join(sep));
                    out.push('\n');
                }
            }
            Block::Footnote(s) | Block::Comment(s) => tail.push(s.clone()),
        }
    }
    for t in tail {
        out.push_str(&t);
        out.push('\n');
    }
    if r.chance(30) {
        out = out.replace('\n', "\r\n");
    }
    out.into_bytes()
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Run properties a document repeats on every run: theme fonts (nothing), or a named font set
/// directly, as pasted or converted policies carry.
fn run_props(font: Option<&str>, bold: bool) -> String {
    let mut p = String::new();
    match font {
        Some(f) => {
            let _ = write!(
                p,
                "<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:cs=\"{f}\"/>"
            );
        }
        None => p.push_str("<w:rFonts w:cstheme=\"minorHAnsi\"/>"),
    }
    if bold {
        p.push_str("<w:b/><w:bCs/>");
    }
    if font.is_some() {
        p.push_str("<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>");
    }
    p
}

/// Writes Word-shaped story XML: paragraphs carry paraId/textId and revision-session ids, text
/// is split into runs where sessions and formatting change, with proofing marks around words the
/// speller flags, a `_GoBack` bookmark, list numbering, bold labels and styled tables.
struct Story<'a> {
    r: Rng,
    font: Option<&'static str>,
    rsids: &'a [String],
    gone_back: bool,
}

impl Story<'_> {
    fn rsid(&mut self) -> String {
        // Most text comes from the first few sessions, as in a document edited a few times.
        let n = self.rsids.len();
        let i = if self.r.chance(60) {
            self.r.below(n.min(3))
        } else {
            self.r.below(n)
        };
        self.rsids[i].clone()
    }

    fn para_open(&mut self) -> String {
        let (a, b, c) = (self.rsid(), self.rsid(), self.rsid());
        let id = super::word::hex8(&mut self.r);
        let text_id = if self.r.chance(70) {
            "77777777".to_owned()
        } else {
            super::word::hex8(&mut self.r)
        };
        format!(
            "<w:p w14:paraId=\"{id}\" w14:textId=\"{text_id}\" w:rsidR=\"{a}\" w:rsidRDefault=\"{b}\" w:rsidP=\"{c}\">"
        )
    }

    fn run(&mut self, text: &str, bold: bool, out: &mut String) {
        if text.is_empty() {
            return;
        }
        let rsid = self.rsid();
        let space = if text.starts_with(' ') || text.ends_with(' ') {
            " xml:space=\"preserve\""
        } else {
            ""
        };
        let _ = write!(
            out,
            "<w:r w:rsidR=\"{rsid}\"><w:rPr>{}</w:rPr><w:t{space}>{}</w:t></w:r>",
            run_props(self.font, bold),
            xml_escape(text)
        );
    }

    /// The runs of one paragraph's text.
    fn runs(&mut self, s: &str, out: &mut String) {
        // A short "Label:" at the start is bold, as in forms and policy headings.
        let (label, rest) = match s.find(": ") {
            Some(i) if i < 28 && !s[..i].contains('.') => (&s[..=i], &s[i + 1..]),
            _ => ("", s),
        };
        if !label.is_empty() {
            self.run(label, true, out);
        }
        // Split the rest at word boundaries into 1-4 runs (editing sessions), and set one word
        // apart between proofing marks now and then.
        let words: Vec<&str> = rest.split(' ').collect();
        let mut cuts: Vec<usize> = (0..self.r.range(0, 3))
            .map(|_| self.r.below(words.len().max(1)))
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let flagged = if self.r.chance(25) && words.len() > 2 {
            Some(self.r.below(words.len()))
        } else {
            None
        };
        let mut cur = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                cur.push(' ');
            }
            if flagged == Some(i) && !w.is_empty() {
                self.run(&std::mem::take(&mut cur), false, out);
                out.push_str("<w:proofErr w:type=\"spellStart\"/>");
                self.run(w, false, out);
                out.push_str("<w:proofErr w:type=\"spellEnd\"/>");
                continue;
            }
            cur.push_str(w);
            if cuts.contains(&i) {
                self.run(&std::mem::take(&mut cur), false, out);
            }
        }
        self.run(&cur, false, out);
    }

    fn para(&mut self, s: &str, style: Option<&str>, list: bool) -> String {
        let mut out = self.para_open();
        out.push_str("<w:pPr>");
        if let Some(st) = style {
            let _ = write!(out, "<w:pStyle w:val=\"{st}\"/>");
        }
        if list {
            out.push_str("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>");
        }
        if style.is_none() && !list {
            out.push_str("<w:spacing w:after=\"120\"/><w:jc w:val=\"both\"/>");
        }
        let _ = write!(
            out,
            "<w:rPr>{}</w:rPr></w:pPr>",
            run_props(self.font, false)
        );
        if !self.gone_back && self.r.chance(3) {
            out.push_str(
                "<w:bookmarkStart w:id=\"0\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"0\"/>",
            );
            self.gone_back = true;
        }
        self.runs(s, &mut out);
        out.push_str("</w:p>");
        out
    }

    fn table(&mut self, rows: &[Vec<String>]) -> String {
        let cols = rows.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let width = 9350 / cols;
        let mut out = String::from(
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        );
        for _ in 0..cols {
            let _ = write!(out, "<w:gridCol w:w=\"{width}\"/>");
        }
        out.push_str("</w:tblGrid>");
        for (k, row) in rows.iter().enumerate() {
            let (a, b) = (self.rsid(), self.rsid());
            let id = super::word::hex8(&mut self.r);
            let _ = write!(
                out,
                "<w:tr w:rsidR=\"{a}\" w:rsidTr=\"{b}\" w14:paraId=\"{id}\" w14:textId=\"77777777\">"
            );
            if k == 0 {
                out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
            }
            for c in row {
                let _ = write!(
                    out,
                    "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/></w:tcPr>"
                );
                out.push_str(&self.para_open());
                let _ = write!(
                    out,
                    "<w:pPr><w:rPr>{}</w:rPr></w:pPr>",
                    run_props(self.font, k == 0)
                );
                self.run(c, k == 0, &mut out);
                out.push_str("</w:p></w:tc>");
            }
            out.push_str("</w:tr>");
        }
        out.push_str("</w:tbl>");
        out
    }
}

/// Insert `xml` at the end of the last paragraph written so far (a note or comment reference).
fn append_to_last_para(body: &mut String, xml: &str) {
    match body.rfind("</w:p>") {
        Some(at) => body.insert_str(at, xml),
        None => body.push_str(xml),
    }
}

/// A DOCX package as Word writes one (tests/docscan_common/word.rs lists the parts and why).
/// `seed` drives only markup choices (run splits, ids, fonts): the text is exactly the blocks'.
fn render_docx(blocks: &[Block], pr: &Practice, seed: u64) -> Vec<u8> {
    use super::word;
    let mut r = Rng::new(seed);
    let rsids: Vec<String> = (0..r.range(4, 14))
        .map(|_| format!("00{:06X}", r.next() as u32 & 0xFF_FFFF))
        .collect();
    let font = if r.chance(40) { Some("Arial") } else { None };
    let author = r.pick(&pr.staff).clone();
    let mut st = Story {
        r: Rng::new(seed ^ 0x5151),
        font,
        rsids: &rsids,
        gone_back: false,
    };
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Para(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let mut body = String::new();
    let mut header = String::new();
    let mut notes = String::new();
    let mut comments = String::new();
    let mut comments_ex = String::new();
    let (mut n_notes, mut n_comments, mut n_paras, mut words, mut chars) = (0, 0, 0, 0, 0);
    let mut first_para = true;
    for bl in blocks {
        match bl {
            Block::Header(s) => header.push_str(&st.para(s, Some("Header"), false)),
            Block::Para(s) => {
                n_paras += 1;
                words += s.split_whitespace().count();
                chars += s.len();
                let style = if first_para {
                    Some("Title")
                } else if s.starts_with("Section ") {
                    Some("Heading1")
                } else {
                    None
                };
                let list = style.is_none() && !s.contains(": ") && st.r.chance(12);
                body.push_str(&st.para(s, style, list));
                first_para = false;
            }
            Block::Table(rows) => body.push_str(&st.table(rows)),
            Block::Footnote(s) => {
                n_notes += 1;
                append_to_last_para(
                    &mut body,
                    &format!(
                        "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"{n_notes}\"/></w:r>"
                    ),
                );
                let mut p = st.para_open();
                p.push_str("<w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>");
                st.runs(s, &mut p);
                p.push_str("</w:p>");
                let _ = write!(notes, "<w:footnote w:id=\"{n_notes}\">{p}</w:footnote>");
            }
            Block::Comment(s) => {
                let id = n_comments;
                n_comments += 1;
                append_to_last_para(
                    &mut body,
                    &format!(
                        "<w:commentRangeStart w:id=\"{id}\"/><w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
                    ),
                );
                let para_id = word::hex8(&mut st.r);
                let rsid = st.rsid();
                let mut p = format!(
                    "<w:p w14:paraId=\"{para_id}\" w14:textId=\"77777777\" w:rsidR=\"{rsid}\" w:rsidRDefault=\"{rsid}\"><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>"
                );
                st.runs(s, &mut p);
                p.push_str("</w:p>");
                let initials: String = author.split(' ').filter_map(|w| w.chars().next()).collect();
                let _ = write!(
                    comments,
                    "<w:comment w:id=\"{id}\" w:author=\"{author}\" w:date=\"2024-02-{:02}T{:02}:{:02}:00Z\" w:initials=\"{initials}\">{p}</w:comment>",
                    st.r.range(1, 28),
                    st.r.range(8, 17),
                    st.r.range(0, 59)
                );
                let _ = write!(
                    comments_ex,
                    "<w15:commentEx w15:paraId=\"{para_id}\" w15:done=\"0\"/>"
                );
            }
        }
    }
    let sect = format!(
        "<w:sectPr w:rsidR=\"{}\" w:rsidSect=\"{}\"><w:headerReference w:type=\"default\" r:id=\"rId8\"/><w:footerReference w:type=\"default\" r:id=\"rId9\"/><w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/><w:cols w:space=\"720\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr>",
        rsids[0], rsids[0]
    );
    let ns = format!("{} {}", word::MC_NS, word::STORY_NS);
    let doc = format!(
        "{}<w:document {ns}><w:body>{body}{sect}</w:body></w:document>",
        word::XML_DECL
    );
    // Header: any banner lines, then the practice's name beside its logo.
    let logo = word::logo_png(seed ^ 0x1060);
    let mut hdr_paras = header;
    hdr_paras.push_str(&st.para(&format!("{}\t\t{}", pr.name, title), Some("Header"), false));
    let anchor = word::logo_anchor(&pr.name, 1_143_000, 342_900);
    // The floating logo is anchored in the header's first paragraph, after its properties.
    if let Some(at) = hdr_paras.find("</w:pPr>") {
        hdr_paras.insert_str(at + "</w:pPr>".len(), &anchor);
    }
    let hdr = format!("{}<w:hdr {ns}>{hdr_paras}</w:hdr>", word::XML_DECL);
    let pages = n_paras / 28 + 1;
    let field = |instr: &str, result: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instr} \\* Arabic  \\* MERGEFORMAT </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:rPr><w:noProof/></w:rPr><w:t>{result}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    };
    let mut ftr_para = st.para_open();
    let _ = write!(
        ftr_para,
        "<w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t>{} \u{2014} uncontrolled when printed</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p>",
        xml_escape(&title),
        field("PAGE", "1"),
        field("NUMPAGES", &pages.to_string())
    );
    let ftr = format!("{}<w:ftr {ns}>{ftr_para}</w:ftr>", word::XML_DECL);
    let seps = |tag: &str, st: &mut Story| {
        let (a, b) = (word::hex8(&mut st.r), word::hex8(&mut st.r));
        let rsid = st.rsid();
        word::note_separators(tag, [&a, &b], &rsid)
    };
    let footnotes = format!(
        "{}<w:footnotes {ns}>{}{notes}</w:footnotes>",
        word::XML_DECL,
        seps("footnote", &mut st)
    );
    let endnotes = format!(
        "{}<w:endnotes {ns}>{}</w:endnotes>",
        word::XML_DECL,
        seps("endnote", &mut st)
    );
    let day = r.range(1, 28);
    let created = format!(
        "2023-{:02}-{day:02}T{:02}:{:02}:00Z",
        r.range(1, 12),
        r.range(8, 17),
        r.range(0, 59)
    );
    let modified = format!(
        "2024-{:02}-{day:02}T{:02}:{:02}:00Z",
        r.range(1, 12),
        r.range(8, 17),
        r.range(0, 59)
    );
    let info = word::PackageInfo {
        title: &xml_escape(&title),
        author: &author,
        company: &pr.name,
        has_comments: n_comments > 0,
        words,
        characters: chars,
        paragraphs: n_paras,
        pages,
        rsids: &rsids,
        created: &created,
        modified: &modified,
    };
    let doc_id = format!(
        "{}-{:04X}-{:04X}-{:04X}-{:012X}",
        word::hex8(&mut r),
        r.next() as u16,
        r.next() as u16,
        r.next() as u16,
        r.next() & 0xFFFF_FFFF_FFFF
    );
    let nsid = word::hex8(&mut r);
    // Entry order as Word writes it.
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            word::content_types(&info).into_bytes(),
        ),
        ("_rels/.rels".into(), word::package_rels().into_bytes()),
        ("word/document.xml".into(), doc.into_bytes()),
        (
            "word/_rels/document.xml.rels".into(),
            word::document_rels(n_comments > 0).into_bytes(),
        ),
        ("word/footnotes.xml".into(), footnotes.into_bytes()),
        ("word/endnotes.xml".into(), endnotes.into_bytes()),
        ("word/header1.xml".into(), hdr.into_bytes()),
        ("word/footer1.xml".into(), ftr.into_bytes()),
    ];
    if n_comments > 0 {
        parts.push((
            "word/comments.xml".into(),
            format!("{}<w:comments {ns}>{comments}</w:comments>", word::XML_DECL).into_bytes(),
        ));
        parts.push((
            "word/commentsExtended.xml".into(),
            format!(
                "{}<w15:commentsEx {ns}>{comments_ex}</w15:commentsEx>",
                word::XML_DECL
            )
            .into_bytes(),
        ));
        parts.push((
            "word/people.xml".into(),
            format!(
                "{}<w15:people {ns}><w15:person w15:author=\"{author}\"><w15:presenceInfo w15:providerId=\"None\" w15:userId=\"{author}\"/></w15:person></w15:people>",
                word::XML_DECL
            )
            .into_bytes(),
        ));
    }
    parts.extend([
        (
            "word/_rels/header1.xml.rels".to_owned(),
            word::header_rels().into_bytes(),
        ),
        ("word/media/image1.png".to_owned(), logo),
        (
            "word/theme/theme1.xml".to_owned(),
            word::theme_xml().into_bytes(),
        ),
        (
            "word/settings.xml".to_owned(),
            word::settings_xml(&rsids, &doc_id).into_bytes(),
        ),
        (
            "word/styles.xml".to_owned(),
            word::styles_xml(font).into_bytes(),
        ),
        (
            "word/numbering.xml".to_owned(),
            word::numbering_xml(&nsid).into_bytes(),
        ),
        (
            "word/webSettings.xml".to_owned(),
            word::web_settings_xml().into_bytes(),
        ),
        (
            "word/fontTable.xml".to_owned(),
            word::font_table_xml(font).into_bytes(),
        ),
        (
            "docProps/core.xml".to_owned(),
            word::core_xml(&info).into_bytes(),
        ),
        (
            "docProps/app.xml".to_owned(),
            word::app_xml(&info).into_bytes(),
        ),
    ]);
    let refs: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    super::zip(&refs)
}

fn pdf_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            // WinAnsi: em dash is 0x97.
            '\u{2014}' => out.push_str("\\227"),
            c if c.is_ascii() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// PDF lines: each is a list of cells drawn at column stops (one cell = ordinary text).
fn render_pdf(blocks: &[Block]) -> Vec<u8> {
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut tail = Vec::new();
    for bl in blocks {
        match bl {
            Block::Header(s) => lines.insert(0, vec![s.clone()]),
            Block::Para(s) => {
                // Wrap long paragraphs at ~95 characters, as a layout engine would.
                let mut cur = String::new();
                for w in s.split(' ') {
                    if !cur.is_empty() && cur.len() + w.len() + 1 > 95 {
                        lines.push(vec![std::mem::take(&mut cur)]);
                    }
                    if !cur.is_empty() {
                        cur.push(' ');
                    }
                    cur.push_str(w);
                }
                lines.push(vec![cur]);
            }
            Block::Table(rows) => lines.extend(rows.iter().cloned()),
            Block::Footnote(s) | Block::Comment(s) => tail.push(vec![s.clone()]),
        }
    }
    lines.extend(tail);
    let pages: Vec<&[Vec<String>]> = lines.chunks(50).collect();
    let n = pages.len();
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..n).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {n} >>", kids.join(" ")).into_bytes());
    objects.push(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    );
    for (i, page) in pages.iter().enumerate() {
        let mut content = String::from("BT /F1 10 Tf 13 TL\n");
        for (k, cells) in page.iter().enumerate() {
            let y = 740 - 13 * k as i32;
            for (c, cell) in cells.iter().enumerate() {
                if cell.is_empty() {
                    continue;
                }
                let x = 60 + 120 * c as i32;
                let _ = writeln!(content, "1 0 0 1 {x} {y} Tm ({}) Tj", pdf_escape(cell));
            }
        }
        content.push_str("ET\n");
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut e, content.as_bytes()).unwrap();
        let data = e.finish().unwrap();
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                5 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            data.len()
        )
        .into_bytes();
        stream.extend_from_slice(&data);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    super::assemble(b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", &objects, "")
}

/// A Word-shaped DOCX of plain paragraphs (for per-document benchmarks): the same package and
/// markup as the corpus's DOCX files, for the training seed's practice.
pub fn word_docx(paragraphs: &[String]) -> Vec<u8> {
    let pr = practice(&mut Rng::new(TRAIN_SEED));
    let blocks: Vec<Block> = paragraphs.iter().cloned().map(Block::Para).collect();
    render_docx(&blocks, &pr, TRAIN_SEED)
}

/// `n` documents (formats in turn), about 60 % of them carrying PHI.
pub fn corpus(seed: u64, n: usize) -> Corpus {
    let mut r = Rng::new(seed);
    let pr = practice(&mut r);
    let mut docs = Vec::new();
    for i in 0..n {
        let format = [Format::Txt, Format::Docx, Format::Pdf][i % 3];
        let with_phi = r.chance(60);
        let (blocks, planted) = build_blocks(&mut r, &pr, format, with_phi);
        let bytes = match format {
            Format::Txt => render_txt(&mut r, &blocks),
            // The markup's own generator, so DOCX markup never shifts the corpus's content.
            Format::Docx => render_docx(&blocks, &pr, seed ^ (i as u64).wrapping_mul(0x9E37)),
            Format::Pdf => render_pdf(&blocks),
        };
        docs.push(Doc {
            name: format!("policy-{i:03}.{}", format.ext()),
            format,
            bytes,
            planted,
        });
    }
    Corpus { practice: pr, docs }
}

// --- scoring ----------------------------------------------------------------------------------

use qcp::docscan::{PhiHit, TextUnit};

/// Where a unit or hit sits, for matching hits to the unit they point at.
pub type Loc = (String, Option<u32>, u32);

pub fn unit_loc(u: &TextUnit) -> Loc {
    (u.part.to_string(), u.page, u.line)
}

pub fn hit_loc(h: &PhiHit) -> Loc {
    (h.part.to_string(), h.page, h.line)
}

fn squash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[derive(Debug, Default, Clone)]
pub struct Score {
    /// Per kind: (found, planted).
    pub per_kind: std::collections::BTreeMap<Kind, (usize, usize)>,
    pub hits: usize,
    pub true_hits: usize,
    pub phi_docs: usize,
    pub phi_docs_flagged: usize,
    pub clean_docs: usize,
    pub clean_docs_flagged: usize,
    /// Documents that could not be screened at all (should be none).
    pub unscreened: usize,
    /// (document, hit code, unit text) of false hits, for tuning on the training seed only.
    pub false_hits: Vec<(String, String, String)>,
    /// (document, kind, value, unit text) of misses, for tuning on the training seed only.
    pub misses: Vec<(String, Kind, String)>,
}

impl Score {
    pub fn found(&self) -> usize {
        self.per_kind.values().map(|v| v.0).sum()
    }
    pub fn planted(&self) -> usize {
        self.per_kind.values().map(|v| v.1).sum()
    }
    pub fn recall(&self) -> f64 {
        pct(self.found(), self.planted())
    }
    pub fn precision(&self) -> f64 {
        pct(self.true_hits, self.hits)
    }
    pub fn phi_docs_flagged_pct(&self) -> f64 {
        pct(self.phi_docs_flagged, self.phi_docs)
    }
    pub fn clean_docs_flagged_pct(&self) -> f64 {
        pct(self.clean_docs_flagged, self.clean_docs)
    }
    pub fn report(&self) -> String {
        let mut s = String::new();
        for (k, (f, n)) in &self.per_kind {
            let _ = writeln!(
                s,
                "  {:<14} {:>4} / {:<4} {:6.1} %",
                format!("{k:?}"),
                f,
                n,
                pct(*f, *n)
            );
        }
        let _ = writeln!(
            s,
            "  items found    {} / {} = {:.1} %\n  hit precision  {} / {} = {:.1} %\n  PHI documents flagged   {} / {} = {:.1} %\n  clean documents flagged {} / {} = {:.1} %\n  documents not screened  {}",
            self.found(),
            self.planted(),
            self.recall(),
            self.true_hits,
            self.hits,
            self.precision(),
            self.phi_docs_flagged,
            self.phi_docs,
            self.phi_docs_flagged_pct(),
            self.clean_docs_flagged,
            self.clean_docs,
            self.clean_docs_flagged_pct(),
            self.unscreened
        );
        s
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Score one document's screen result against what was planted in it.
pub fn score_doc(score: &mut Score, doc: &Doc, result: Option<(&[TextUnit], &[PhiHit])>) {
    for p in &doc.planted {
        score.per_kind.entry(p.kind).or_default().1 += 1;
    }
    if doc.planted.is_empty() {
        score.clean_docs += 1;
    } else {
        score.phi_docs += 1;
    }
    let Some((units, hits)) = result else {
        score.unscreened += 1;
        return;
    };
    if !hits.is_empty() {
        if doc.planted.is_empty() {
            score.clean_docs_flagged += 1;
        } else {
            score.phi_docs_flagged += 1;
        }
    }
    let index: std::collections::HashMap<Loc, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (unit_loc(u), i))
        .collect();
    let text = |i: usize| units.get(i).map_or(String::new(), |u| squash(&u.text));
    let mut found = vec![false; doc.planted.len()];
    for h in hits {
        score.hits += 1;
        let code = h.kind.code();
        let Some(&i) = index.get(&hit_loc(h)) else {
            score
                .false_hits
                .push((doc.name.clone(), code.into(), "<no such unit>".into()));
            continue;
        };
        let here = text(i);
        let prev = if i > 0 { text(i - 1) } else { String::new() };
        let next = text(i + 1);
        let joined_next = format!("{here} {next}");
        let joined_prev = format!("{prev} {here}");
        let candidates: Vec<usize> = (0..doc.planted.len())
            .filter(|&k| doc.planted[k].kind.hit_code() == code)
            .collect();
        let v = |k: usize| squash(&doc.planted[k].value);
        let mut m: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&k| here.contains(&v(k)))
            .collect();
        if m.is_empty() {
            m = candidates
                .iter()
                .copied()
                .filter(|&k| {
                    (joined_next.contains(&v(k)) && !next.contains(&v(k)))
                        || (joined_prev.contains(&v(k)) && !prev.contains(&v(k)))
                })
                .collect();
        }
        if m.is_empty() {
            m = candidates
                .iter()
                .copied()
                .filter(|&k| next.contains(&v(k)))
                .collect();
        }
        if m.is_empty() {
            score.false_hits.push((doc.name.clone(), code.into(), here));
        } else {
            score.true_hits += 1;
            for k in m {
                found[k] = true;
            }
        }
    }
    for (k, p) in doc.planted.iter().enumerate() {
        if found[k] {
            score.per_kind.entry(p.kind).or_default().0 += 1;
        } else {
            score
                .misses
                .push((doc.name.clone(), p.kind, p.value.clone()));
        }
    }
}

impl Practice {
    /// What `bundle check` builds from the application file for this practice.
    pub fn known(&self) -> qcp::docscan::KnownIdentifiers {
        qcp::docscan::KnownIdentifiers {
            names: self.staff.clone(),
            phones: self.phones.clone(),
            emails: self.emails.clone(),
            addresses: vec![self.address.clone()],
            numbers: self.npis.clone(),
        }
    }
}
