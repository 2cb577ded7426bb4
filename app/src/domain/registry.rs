//! The community registry's rules: what a community, a person and a household-register extract
//! must look like before anything is written. Staff import people from a CSV extract of the
//! household register; the whole file is checked first and every bad row is reported with its
//! line number, so nothing is written until all of it is right.

use super::rules::CommunityRules;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Longest name accepted for a person, a community or a unit (characters, not bytes).
pub const MAX_NAME_CHARS: usize = 40;
/// Largest extract accepted in one import.
pub const MAX_IMPORT_ROWS: usize = 20_000;

/// A rule an input broke, as an i18n key suffix (`invalid_<problem>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Problem {
    Missing,
    TooLong,
    NotADate,
    InTheFuture,
    NotANumber,
    OutOfRange,
    UnknownValue,
    AlreadyRegistered,
    TooShort,
    /// The file is not UTF-8 text (an extract saved by Excel on a Chinese Windows PC is GBK).
    Encoding,
    /// A file whose content is none of the kinds accepted (an attachment's PDF, PNG or JPEG),
    /// whatever its name says.
    UnsupportedFile,
}

impl Problem {
    pub fn code(self) -> &'static str {
        self.into()
    }
}

impl From<super::text::NumberProblem> for Problem {
    fn from(problem: super::text::NumberProblem) -> Self {
        match problem {
            super::text::NumberProblem::NotANumber => Problem::NotANumber,
            super::text::NumberProblem::OutOfRange => Problem::OutOfRange,
        }
    }
}

/// A field that broke a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
}

impl FieldError {
    pub fn new(field: &str, problem: Problem) -> Self {
        Self {
            field: field.to_owned(),
            problem,
        }
    }
}

/// A name as `text::name` reads it (no control characters, no space beside a Chinese
/// character), not empty, not longer than [`MAX_NAME_CHARS`].
pub fn parse_name(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let name = super::text::name(raw);
    if name.is_empty() {
        return Err(FieldError::new(field, Problem::Missing));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(FieldError::new(field, Problem::TooLong));
    }
    Ok(name)
}

/// A number or code people type (a household number, a grid, a residents' group) as
/// `text::code` reads it (NFKC: `９１０１` is `9101`), not empty, not longer than
/// [`MAX_NAME_CHARS`].
pub fn parse_code(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let code = super::text::code(raw);
    if code.is_empty() {
        return Err(FieldError::new(field, Problem::Missing));
    }
    if code.chars().count() > MAX_NAME_CHARS {
        return Err(FieldError::new(field, Problem::TooLong));
    }
    Ok(code)
}

/// A free-text note of at most `max` characters, which may be empty: trimmed, with control
/// characters (other than line breaks) taken out, so it can go into a page, a feed or a log.
pub fn parse_note(field: &'static str, raw: &str, max: usize) -> Result<String, FieldError> {
    let note = super::text::paragraphs(raw);
    if note.chars().count() > max {
        return Err(FieldError::new(field, Problem::TooLong));
    }
    Ok(note)
}

/// A new community, as the district administrator creates it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCommunity {
    pub name: String,
    pub district: String,
    pub households: u32,
}

impl NewCommunity {
    pub fn parse(name: &str, district: &str, households: u32) -> Result<Self, FieldError> {
        if households == 0 || households > 100_000 {
            return Err(FieldError::new("households", Problem::OutOfRange));
        }
        Ok(Self {
            name: parse_name("name", name)?,
            district: parse_name("district", district)?,
            households,
        })
    }

    /// L25 Art. 3 expects 1,000 to 3,000 households; outside that officers are warned, not
    /// stopped, because local circumstances differ.
    pub fn size_warning(&self, rules: &CommunityRules) -> bool {
        rules.households_outside_expected_range(self.households)
    }
}

/// How a person stands on the voter roll (L25 Arts. 16–17).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum Category {
    /// 户籍居民: registered in the community.
    Registered,
    /// 常住非户籍居民: lives here without registration; may apply to vote.
    Permanent,
    /// 社区工作者: works here; may apply after six months.
    Worker,
}

impl Category {
    /// Reads a category as a register extract or a form spells it: the code or the register's
    /// Chinese words (kept by hand: `code()` is one spelling, this accepts several).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "户籍" | "户籍居民" | "registered" => Some(Self::Registered),
            "常住" | "常住非户籍" | "常住非户籍居民" | "permanent" => {
                Some(Self::Permanent)
            }
            "工作者" | "社区工作者" | "worker" => Some(Self::Worker),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum Gender {
    Female,
    Male,
}

impl Gender {
    /// Reads a gender as a register extract or a form spells it: the code, 女/男 or F/M (kept by
    /// hand: `code()` is one spelling, this accepts several).
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "女" | "female" | "F" | "f" => Some(Self::Female),
            "男" | "male" | "M" | "m" => Some(Self::Male),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        self.into()
    }
}

/// A person as the household register describes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub name: String,
    pub birth_date: NaiveDate,
    pub gender: Gender,
    /// The household's number in the register (户号); people sharing it share a household.
    pub household: String,
    pub grid: String,
    pub residents_group: String,
    pub party_member: bool,
    pub category: Category,
}

/// The raw text of a person's fields, as typed into a form or read from a CSV row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonInput<'a> {
    pub name: &'a str,
    pub birth_date: &'a str,
    pub gender: &'a str,
    pub household: &'a str,
    pub grid: &'a str,
    pub residents_group: &'a str,
    pub party_member: &'a str,
    pub category: &'a str,
}

impl NewPerson {
    /// Checks every field, reporting all problems rather than the first.
    pub fn parse(input: &PersonInput<'_>, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = keep(&mut errors, parse_name("name", input.name));
        let birth_date = keep(&mut errors, parse_birth_date(input.birth_date, today));
        let gender = keep(
            &mut errors,
            required("gender", input.gender, Gender::parse(input.gender)),
        );
        let household = keep(&mut errors, parse_code("household", input.household));
        let grid = keep(&mut errors, parse_code("grid", input.grid));
        let residents_group = keep(
            &mut errors,
            parse_code("residents_group", input.residents_group),
        );
        let party_member = keep(
            &mut errors,
            required(
                "party_member",
                input.party_member,
                parse_yes_no(input.party_member),
            ),
        );
        let category = keep(
            &mut errors,
            required("category", input.category, Category::parse(input.category)),
        );
        match (
            name,
            birth_date,
            gender,
            household,
            grid,
            residents_group,
            party_member,
            category,
        ) {
            (
                Some(name),
                Some(birth_date),
                Some(gender),
                Some(household),
                Some(grid),
                Some(residents_group),
                Some(party_member),
                Some(category),
            ) => Ok(Self {
                name,
                birth_date,
                gender,
                household,
                grid,
                residents_group,
                party_member,
                category,
            }),
            _ => Err(errors),
        }
    }
}

/// The value, or `None` with its error recorded.
fn keep<T>(errors: &mut Vec<FieldError>, result: Result<T, FieldError>) -> Option<T> {
    result.map_err(|error| errors.push(error)).ok()
}

fn required<T>(field: &'static str, raw: &str, parsed: Option<T>) -> Result<T, FieldError> {
    match parsed {
        Some(value) => Ok(value),
        None if raw.trim().is_empty() => Err(FieldError::new(field, Problem::Missing)),
        None => Err(FieldError::new(field, Problem::UnknownValue)),
    }
}

fn parse_yes_no(raw: &str) -> Option<bool> {
    match raw.trim() {
        "是" | "yes" | "true" | "1" => Some(true),
        "否" | "no" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// A birth date, `YYYY-MM-DD` or `YYYY/MM/DD`, not in the future, not before 1900.
pub fn parse_birth_date(raw: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let field = "birth_date";
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::new(field, Problem::Missing));
    }
    let date = super::clock::parse_day(raw).ok_or(FieldError::new(field, Problem::NotADate))?;
    if date > today {
        return Err(FieldError::new(field, Problem::InTheFuture));
    }
    if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(date) {
        return Err(FieldError::new(field, Problem::OutOfRange));
    }
    Ok(date)
}

/// A row of an import that cannot be used: its line in the file and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// 1-based line number in the file, the header being line 1.
    pub line: u64,
    pub errors: Vec<FieldError>,
}

/// Columns of a register extract: Chinese headers as the register prints them, or English.
const COLUMNS: [(&str, &str); 8] = [
    ("姓名", "name"),
    ("出生日期", "birth_date"),
    ("性别", "gender"),
    ("户号", "household"),
    ("网格", "grid"),
    ("居民小组", "residents_group"),
    ("党员", "party_member"),
    ("类别", "category"),
];

/// A person read from a line of an extract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: u64,
    pub person: NewPerson,
}

/// The text of an extract chosen as a file (`bytes`, as the browser posted them): UTF-8, with
/// or without a byte-order mark, when it is; else GB18030, which GBK is part of (what Excel
/// writes on a Chinese Windows PC). Answers the text and whether it was read as GB18030;
/// bytes that are neither come back with replacement characters, which
/// [`parse_register_rows`] names as an encoding problem. The browser decodes the same way
/// with JavaScript (`ui::staff::import`); this is the form posted without it.
#[cfg(feature = "ssr")]
pub fn decode_extract(bytes: &[u8]) -> (String, bool) {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), false);
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => (text.into_owned(), true),
        None => (String::from_utf8_lossy(bytes).into_owned(), false),
    }
}

/// Reads a whole household-register extract. Either every row is a valid person, or the
/// answer lists every bad row (and a missing column or an unreadable file as line 1).
pub fn parse_register_csv(text: &str, today: NaiveDate) -> Result<Vec<NewPerson>, Vec<RowError>> {
    parse_register_rows(text, today).map(|rows| rows.into_iter().map(|row| row.person).collect())
}

/// Like [`parse_register_csv`], keeping each person's line for later checks.
pub fn parse_register_rows(text: &str, today: NaiveDate) -> Result<Vec<ImportRow>, Vec<RowError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Excel writes CRLF and a browser posts a textarea with CRLF; the csv reader then numbers
    // lines one short. One line end, so a row's line is the line the clerk sees in the file.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text = text.as_str();
    // A GBK file read as UTF-8 arrives full of replacement characters: say so, rather than
    // that the name column is missing (issue 16, item 19).
    if text.contains('\u{fffd}') {
        return Err(vec![RowError {
            line: 1,
            errors: vec![FieldError::new("file", Problem::Encoding)],
        }]);
    }
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_error = |field| {
        vec![RowError {
            line: 1,
            errors: vec![FieldError::new(field, Problem::Missing)],
        }]
    };
    let headers = reader
        .headers()
        .map_err(|_| header_error("header"))?
        .clone();
    let mut index = [0usize; 8];
    for (slot, (zh, en)) in index.iter_mut().zip(COLUMNS) {
        *slot = headers
            .iter()
            .position(|h| h == zh || h == en)
            .ok_or_else(|| header_error(en))?;
    }
    let mut people = Vec::new();
    let mut errors = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position().map(|p| p.line()))
            .unwrap_or(row as u64 + 2);
        if row >= MAX_IMPORT_ROWS {
            errors.push(RowError {
                line,
                errors: vec![FieldError::new("file", Problem::OutOfRange)],
            });
            break;
        }
        let Ok(record) = record else {
            errors.push(RowError {
                line,
                errors: vec![FieldError::new("row", Problem::NotANumber)],
            });
            continue;
        };
        let cell = |i: usize| record.get(index[i]).unwrap_or("");
        let input = PersonInput {
            name: cell(0),
            birth_date: cell(1),
            gender: cell(2),
            household: cell(3),
            grid: cell(4),
            residents_group: cell(5),
            party_member: cell(6),
            category: cell(7),
        };
        match NewPerson::parse(&input, today) {
            Ok(person) => people.push(ImportRow { line, person }),
            Err(field_errors) => errors.push(RowError {
                line,
                errors: field_errors,
            }),
        }
    }
    if errors.is_empty() {
        Ok(people)
    } else {
        Err(errors)
    }
}

/// What identifies a person in the register: the same name, birth date and household is the
/// same person, whatever else differs.
pub type RegisterKey = (String, NaiveDate, String);

impl NewPerson {
    pub fn register_key(&self) -> RegisterKey {
        (self.name.clone(), self.birth_date, self.household.clone())
    }
}

/// Rows naming a person already in the registry, or named twice in the file. Importing them
/// would make two records of one person (and, later, two votes).
pub fn duplicate_rows(
    rows: &[ImportRow],
    registered: &std::collections::HashSet<RegisterKey>,
) -> Vec<RowError> {
    let mut seen = std::collections::HashSet::new();
    rows.iter()
        .filter(|row| {
            let key = row.person.register_key();
            registered.contains(&key) || !seen.insert(key)
        })
        .map(|row| RowError {
            line: row.line,
            errors: vec![FieldError::new("name", Problem::AlreadyRegistered)],
        })
        .collect()
}

/// What an extract would add, for the preview staff confirm before importing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub people: u32,
    pub households: u32,
    pub grids: Vec<String>,
    pub party_members: u32,
    /// The first rows, as they will be stored.
    pub sample: Vec<NewPerson>,
    /// Grids and residents' groups of the extract the registry does not have yet, when it
    /// has some: a typo (`第一网络` for `第一网格`) would otherwise make a new grid silently.
    pub new_grids: Vec<String>,
    pub new_groups: Vec<String>,
}

/// The grids and residents' groups a registry already uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownPlaces {
    pub grids: Vec<String>,
    pub groups: Vec<String>,
}

/// Rows shown in an import preview.
pub const PREVIEW_ROWS: usize = 10;

/// What `rows` would add to a registry that already uses `known` grids and groups. Names new
/// to a registry that has none are not flagged: the first extract makes them all.
pub fn summarize(rows: &[ImportRow], known: &KnownPlaces) -> ImportSummary {
    let new_in = |known: &[String], names: &mut dyn Iterator<Item = &String>| -> Vec<String> {
        if known.is_empty() {
            return Vec::new();
        }
        let names: std::collections::BTreeSet<&String> = names
            .filter(|name| !name.is_empty() && !known.contains(name))
            .collect();
        let mut names: Vec<String> = names.into_iter().cloned().collect();
        super::place_order::sort(&mut names);
        names
    };
    let new_grids = new_in(&known.grids, &mut rows.iter().map(|r| &r.person.grid));
    let new_groups = new_in(
        &known.groups,
        &mut rows.iter().map(|r| &r.person.residents_group),
    );
    let households: std::collections::BTreeSet<_> =
        rows.iter().map(|r| r.person.household.as_str()).collect();
    let grids: std::collections::BTreeSet<_> = rows.iter().map(|r| r.person.grid.clone()).collect();
    let mut grids: Vec<String> = grids.into_iter().collect();
    super::place_order::sort(&mut grids);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    ImportSummary {
        people: count(rows.len()),
        households: count(households.len()),
        grids,
        party_members: count(rows.iter().filter(|r| r.person.party_member).count()),
        sample: rows
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| r.person.clone())
            .collect(),
        new_grids,
        new_groups,
    }
}

/// Rows of the people list per page.
pub const PAGE_SIZE: u32 = 50;

/// The people list's search and filters, as typed into its form (query-string values).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleFilterInput {
    pub q: String,
    pub grid: String,
    pub group: String,
    pub category: String,
    pub role: String,
    pub page: String,
}

/// A checked search of the registry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeopleFilter {
    /// Part of a name, or a whole household number.
    pub text: Option<String>,
    pub grid: Option<String>,
    pub residents_group: Option<String>,
    pub category: Option<Category>,
    pub role: Option<super::roles::Role>,
    /// 0-based.
    pub page: u32,
}

impl PeopleFilter {
    pub fn parse(input: &PeopleFilterInput) -> Result<Self, FieldError> {
        let optional = |field: &'static str, raw: &str| -> Result<Option<String>, FieldError> {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                // A name or a household number, typed either way: normalised as both are.
                parse_name(field, &super::text::code(raw)).map(Some)
            }
        };
        let category = match input.category.trim() {
            "" => None,
            raw => Some(
                Category::parse(raw).ok_or(FieldError::new("category", Problem::UnknownValue))?,
            ),
        };
        let role = match input.role.trim() {
            "" => None,
            raw => Some(
                super::roles::Role::parse(raw)
                    .ok_or(FieldError::new("role", Problem::UnknownValue))?,
            ),
        };
        let page = match input.page.trim() {
            "" => 0,
            raw => super::text::number::<u32>(raw)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .filter(|p| *p < 10_000)
                .ok_or(FieldError::new("page", Problem::OutOfRange))?,
        };
        Ok(Self {
            text: optional("q", &input.q)?,
            grid: optional("grid", &input.grid)?,
            residents_group: optional("group", &input.group)?,
            category,
            role,
            page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue18_item2_codes_are_unchanged() {
        let problems = [
            (Problem::Missing, "missing"),
            (Problem::TooLong, "too_long"),
            (Problem::NotADate, "not_a_date"),
            (Problem::InTheFuture, "in_the_future"),
            (Problem::NotANumber, "not_a_number"),
            (Problem::OutOfRange, "out_of_range"),
            (Problem::UnknownValue, "unknown_value"),
            (Problem::AlreadyRegistered, "already_registered"),
            (Problem::TooShort, "too_short"),
            (Problem::Encoding, "encoding"),
            (Problem::UnsupportedFile, "unsupported_file"),
        ];
        for (problem, code) in problems {
            assert_eq!(problem.code(), code);
            let json = serde_json::to_string(&problem).unwrap_or_default();
            assert_eq!(json, format!("\"{code}\""));
        }
        let categories = [
            (Category::Registered, "registered"),
            (Category::Permanent, "permanent"),
            (Category::Worker, "worker"),
        ];
        for (category, code) in categories {
            assert_eq!(category.code(), code);
            assert_eq!(Category::parse(category.code()), Some(category));
            let json = serde_json::to_string(&category).unwrap_or_default();
            assert_eq!(json, format!("\"{code}\""));
        }
        for (gender, code) in [(Gender::Female, "female"), (Gender::Male, "male")] {
            assert_eq!(gender.code(), code);
            assert_eq!(Gender::parse(gender.code()), Some(gender));
            let json = serde_json::to_string(&gender).unwrap_or_default();
            assert_eq!(json, format!("\"{code}\""));
        }
        assert_eq!(
            Category::parse(" 常住非户籍居民 "),
            Some(Category::Permanent)
        );
        assert_eq!(Gender::parse("女"), Some(Gender::Female));
    }

    #[test]
    fn a_note_loses_control_characters_and_keeps_its_length_bound() {
        assert_eq!(
            parse_note("note", "  不是我\u{8}领的\r\n第二行 ", 20),
            Ok("不是我领的\n第二行".to_owned())
        );
        assert_eq!(parse_note("note", "", 20), Ok(String::new()));
        assert_eq!(
            parse_note("note", &"长".repeat(21), 20).map_err(|e| e.problem),
            Err(Problem::TooLong)
        );
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
    }

    const HEADER: &str = "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n";

    #[test]
    fn a_community_outside_1000_to_3000_households_is_warned_not_refused() {
        let rules = CommunityRules::default();
        let small = NewCommunity::parse("示例社区", "青山区", 600).expect("valid");
        assert!(small.size_warning(&rules));
        let normal = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        assert!(!normal.size_warning(&rules));
        assert_eq!(
            NewCommunity::parse(" ", "青山区", 2_400),
            Err(FieldError::new("name", Problem::Missing))
        );
        assert_eq!(
            NewCommunity::parse("示例社区", "青山区", 0),
            Err(FieldError::new("households", Problem::OutOfRange))
        );
    }

    #[test]
    fn a_valid_extract_gives_every_person() {
        let csv = format!(
            "{HEADER}王秀英,1958-03-02,女,H001,第一网格,一组,是,户籍\n李明,1990/07/15,男,H002,第二网格,三组,否,常住\n"
        );
        let people = parse_register_csv(&csv, today()).expect("valid");
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].name, "王秀英");
        assert_eq!(people[0].gender, Gender::Female);
        assert!(people[0].party_member);
        assert_eq!(people[1].category, Category::Permanent);
        assert_eq!(
            people[1].birth_date,
            NaiveDate::from_ymd_opt(1990, 7, 15).expect("date")
        );
    }

    #[test]
    fn english_headers_and_a_byte_order_mark_are_accepted() {
        let csv = "\u{feff}name,birth_date,gender,household,grid,residents_group,party_member,category\nAn,1970-01-01,female,H1,G1,R1,no,registered\n";
        assert_eq!(parse_register_csv(csv, today()).expect("valid").len(), 1);
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line_and_nothing_is_returned() {
        let csv = format!(
            "{HEADER}王秀英,1958-03-02,女,H001,第一网格,一组,是,户籍\n,2030-01-01,女,H001,第一网格,一组,是,户籍\n张伟,1980-13-01,未知,H003,第一网格,一组,也许,游客\n"
        );
        let errors = parse_register_csv(&csv, today()).expect_err("invalid");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].line, 3);
        assert!(
            errors[0]
                .errors
                .contains(&FieldError::new("name", Problem::Missing))
        );
        assert!(
            errors[0]
                .errors
                .contains(&FieldError::new("birth_date", Problem::InTheFuture))
        );
        assert_eq!(errors[1].line, 4);
        let fields: Vec<_> = errors[1].errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["birth_date", "gender", "party_member", "category"]);
    }

    #[test]
    fn a_windows_extract_with_crlf_line_ends_reports_the_same_lines() {
        // What Excel writes, and what a browser posts from a textarea: CRLF.
        let csv = format!(
            "{HEADER}王秀英,1958-03-02,女,H001,第一网格,一组,是,户籍\n张伟,1980-13-01,男,H003,第一网格,一组,也许,户籍\n"
        )
        .replace('\n', "\r\n");
        let errors = parse_register_csv(&csv, today()).expect_err("invalid");
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn a_missing_column_is_reported_on_the_header_line() {
        let csv = "姓名,出生日期\n王秀英,1958-03-02\n";
        let errors = parse_register_csv(csv, today()).expect_err("invalid");
        assert_eq!(
            errors,
            vec![RowError {
                line: 1,
                errors: vec![FieldError::new("gender", Problem::Missing)]
            }]
        );
    }

    #[test]
    fn a_person_already_registered_or_twice_in_the_file_is_refused_with_its_line() {
        let csv = format!(
            "{HEADER}王秀英,1958-03-02,女,H001,第一网格,一组,是,户籍\n李明,1990-07-15,男,H002,第二网格,三组,否,常住\n李明,1990-07-15,男,H002,第二网格,三组,否,常住\n"
        );
        let rows = parse_register_rows(&csv, today()).expect("valid");
        let registered: std::collections::HashSet<_> =
            [rows[0].person.register_key()].into_iter().collect();
        let errors = duplicate_rows(&rows, &registered);
        let lines: Vec<_> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 4]);
        assert_eq!(
            errors[0].errors,
            [FieldError::new("name", Problem::AlreadyRegistered)]
        );
        assert!(duplicate_rows(&rows[..2], &Default::default()).is_empty());
    }

    #[test]
    fn the_import_preview_counts_people_households_and_grids() {
        let csv = format!(
            "{HEADER}王秀英,1958-03-02,女,H001,第一网格,一组,是,户籍\n王强,1985-01-09,男,H001,第一网格,一组,否,户籍\n李明,1990-07-15,男,H002,第二网格,三组,否,常住\n"
        );
        let rows = parse_register_rows(&csv, today()).expect("valid");
        let summary = summarize(&rows, &KnownPlaces::default());
        assert_eq!(summary.people, 3);
        assert_eq!(summary.households, 2);
        assert_eq!(summary.grids, ["第一网格", "第二网格"]);
        assert_eq!(summary.party_members, 1);
        assert_eq!(summary.sample.len(), 3);
        assert!(summary.new_grids.is_empty() && summary.new_groups.is_empty());
    }

    #[test]
    fn issue16_an_import_names_the_grids_and_groups_the_registry_does_not_have() {
        let csv = format!(
            "{HEADER}王秀英,1958-03-02,女,H001,第一网络,一组,是,户籍\n李明,1990-07-15,男,H002,第二网格,三组,否,常住\n"
        );
        let rows = parse_register_rows(&csv, today()).expect("valid");
        let known = KnownPlaces {
            grids: vec!["第一网格".into(), "第二网格".into()],
            groups: vec!["一组".into(), "二组".into()],
        };
        let summary = summarize(&rows, &known);
        assert_eq!(summary.new_grids, ["第一网络"]);
        assert_eq!(summary.new_groups, ["三组"]);
    }

    #[test]
    fn issue16_item20_the_same_person_typed_two_ways_is_one_person() {
        let csv = format!(
            "{HEADER}张　测戊,1958-03-02,女,９１０１,第一网格,一组,否,户籍\n张测戊,1958-03-02,女,9101,第一网格,一组,否,户籍\n"
        );
        let rows = parse_register_rows(&csv, today()).expect("valid");
        assert_eq!(rows[0].person, rows[1].person);
        assert_eq!(rows[0].person.household, "9101");
        let duplicates = duplicate_rows(&rows, &Default::default());
        assert_eq!(duplicates.iter().map(|r| r.line).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn issue16_item19_a_file_that_is_not_utf8_is_named_as_such() {
        // What a browser makes of a GBK extract read as UTF-8.
        let garbled = format!(
            "{}\n\u{fffd}\u{fffd},1958-03-02\n",
            "\u{fffd}\u{fffd}".repeat(4)
        );
        let errors = parse_register_rows(&garbled, today()).expect_err("refused");
        assert_eq!(
            errors[0].errors,
            vec![FieldError::new("file", Problem::Encoding)]
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn issue17_a_gbk_file_posted_without_javascript_is_read_as_the_clerk_wrote_it() {
        // "姓名" as Excel on a Chinese Windows PC saves it.
        assert_eq!(
            decode_extract(&[0xd0, 0xd5, 0xc3, 0xfb]),
            ("姓名".into(), true)
        );
        let csv = "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n王秀英,1958-03-02,女,H1,一网格,一组,否,户籍\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(csv);
        let (text, as_gbk) = decode_extract(&gbk);
        assert!(as_gbk);
        let people = parse_register_csv(&text, today()).expect("read");
        assert_eq!(people[0].name, "王秀英");
        // UTF-8, with Excel's byte-order mark or without, is UTF-8.
        let bom = [b"\xef\xbb\xbf".as_slice(), csv.as_bytes()].concat();
        assert_eq!(decode_extract(&bom), (csv.to_owned(), false));
        assert_eq!(decode_extract(csv.as_bytes()), (csv.to_owned(), false));
        // Neither: the parser names the encoding.
        let (text, _) = decode_extract(&[0x81, 0x30, 0xff, 0xff, b'\n']);
        let errors = parse_register_rows(&text, today()).expect_err("refused");
        assert_eq!(
            errors[0].errors,
            vec![FieldError::new("file", Problem::Encoding)]
        );
    }

    #[test]
    fn the_people_filter_checks_what_was_typed() {
        let empty = PeopleFilter::parse(&PeopleFilterInput::default()).expect("valid");
        assert_eq!(empty, PeopleFilter::default());
        let input = PeopleFilterInput {
            q: " 王 ".into(),
            grid: "第一网格".into(),
            category: "户籍".into(),
            role: "household_rep".into(),
            page: "3".into(),
            ..Default::default()
        };
        let filter = PeopleFilter::parse(&input).expect("valid");
        assert_eq!(filter.text.as_deref(), Some("王"));
        assert_eq!(filter.category, Some(Category::Registered));
        assert_eq!(filter.role, Some(super::super::roles::Role::HouseholdRep));
        assert_eq!(filter.page, 2);
        let bad_role = PeopleFilterInput {
            role: "mayor".into(),
            ..Default::default()
        };
        assert_eq!(
            PeopleFilter::parse(&bad_role),
            Err(FieldError::new("role", Problem::UnknownValue))
        );
        for page in ["0", "-1", "x", "99999"] {
            let input = PeopleFilterInput {
                page: page.into(),
                ..Default::default()
            };
            assert_eq!(
                PeopleFilter::parse(&input),
                Err(FieldError::new("page", Problem::OutOfRange)),
                "{page}"
            );
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(parse_name("name", "  王秀英 "), Ok("王秀英".to_owned()));
        let long = "名".repeat(MAX_NAME_CHARS + 1);
        assert_eq!(
            parse_name("name", &long),
            Err(FieldError::new("name", Problem::TooLong))
        );
    }
}
