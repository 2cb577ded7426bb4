//! An evaluation round (测评轮次) as its organisers plan it and as it moves (DESIGN.md
//! "Democratic evaluation"; L25 Art. 37): its period, its subjects (office holders, and
//! committee members if the round asks), who rates, the window, the grading choice; the phases
//! it passes and what each step needs. The round's numbers are `CommunityRules`' (frozen into
//! it as [`EvaluationRules`]); what rating and counting mean is `sheet` and `grading`.

use super::grading::{EvaluationRules, GradingChoice, SubjectResult, Tally, result};
use super::scale::{Grade, Scale};
use super::sheet::{RatingSheet, Subject};
use crate::domain::keys::PersonKey;
use crate::domain::refusal::Refusal;
use crate::domain::registry::{Category, FieldError, Problem};
use crate::domain::roles::Role;
use crate::domain::text;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
#[cfg(feature = "ssr")]
use surrealdb::types::SurrealValue;

/// Longest period label ("2026年度", "2026年上半年"), in characters.
pub const MAX_PERIOD_CHARS: usize = 40;

/// Most subjects one round rates: the three office holders and a committee of at most nine,
/// with room for a station's deputy.
pub const MAX_SUBJECTS: usize = 15;

/// Longest rating window. A round is held around one meeting; a month covers a window left
/// open for those who could not come.
pub const MAX_WINDOW_DAYS: i64 = 31;

/// Shortest rating window: long enough for a meeting's representatives to rate on their phones.
pub const MIN_WINDOW_MINUTES: i64 = 30;

/// The posts a subject may be rated in. The first three are the office holders who report
/// every year (述职); committee members are rated when the round asks (L25 Art. 37).
pub const POSTS: [Role; 5] = [
    Role::PartySecretary,
    Role::CommitteeDirector,
    Role::StationChief,
    Role::DeputyDirector,
    Role::CommitteeMember,
];

/// The office holders a round rates by default.
pub const OFFICE_HOLDERS: [Role; 3] = [
    Role::PartySecretary,
    Role::CommitteeDirector,
    Role::StationChief,
];

/// Posts on the residents' committee: two consecutive 不称职 end the office (L25 Art. 37).
pub fn is_committee_post(post: Role) -> bool {
    matches!(
        post,
        Role::CommitteeDirector | Role::DeputyDirector | Role::CommitteeMember
    )
}

/// Who rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[derive(strum::IntoStaticStr, strum::EnumString, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum Raters {
    /// Party member representatives and resident representatives (DESIGN.md: the default).
    Representatives,
    /// Every registered resident of voting age on the day the round opens.
    AdultResidents,
}

impl Raters {
    /// The default first.
    pub const ALL: &'static [Raters] = <Raters as strum::VariantArray>::VARIANTS;

    pub fn code(self) -> &'static str {
        self.into()
    }

    pub fn parse(code: &str) -> Option<Self> {
        code.trim().parse().ok()
    }

    /// Whether a person with `roles`, `category` and `birth_date` rates, on `day` (the day
    /// the round opens), of age at `voting_age`. Subjects never rate in their own round: they
    /// would grade themselves.
    pub fn includes(
        self,
        person: &RaterFacts,
        day: NaiveDate,
        voting_age: u8,
        is_subject: bool,
    ) -> bool {
        if is_subject {
            return false;
        }
        match self {
            Raters::Representatives => person
                .roles
                .iter()
                .any(|r| matches!(r, Role::PartyMemberRep | Role::ResidentRep)),
            Raters::AdultResidents => {
                // Without a birth date nobody can tell they are of age: not on the list until
                // the register says.
                person.category == Category::Registered
                    && person
                        .birth_date
                        .and_then(|born| day.years_since(born))
                        .is_some_and(|age| age >= u32::from(voting_age))
            }
        }
    }
}

/// What decides whether a person rates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaterFacts {
    pub roles: Vec<Role>,
    pub category: Category,
    /// `None` when the register does not say (someone who joined by invitation alone).
    pub birth_date: Option<NaiveDate>,
}

/// One subject of a round: a person, the posts they are rated in (a party secretary who also
/// directs the committee, 一肩挑, is one subject with two posts) and their scale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectPlan {
    pub person: PersonKey,
    pub posts: Vec<Role>,
    pub scale: Scale,
}

impl SubjectPlan {
    /// The default scale: satisfaction for office holders, competence for committee members
    /// who hold no office (the scale L25 Art. 37's 不称职 is on).
    pub fn default_scale(posts: &[Role]) -> Scale {
        if posts.iter().any(|p| OFFICE_HOLDERS.contains(p)) {
            Scale::Satisfaction
        } else {
            Scale::Competence
        }
    }

    /// Whether two 不称职 running end this subject's office (L25 Art. 37).
    pub fn office_ends_on_two_failures(&self) -> bool {
        self.scale == Scale::Competence && self.posts.iter().copied().any(is_committee_post)
    }

    /// The subject as a sheet knows them.
    pub fn as_sheet_subject(&self) -> Subject {
        Subject {
            key: self.person.to_string(),
            scale: self.scale,
        }
    }
}

/// A round as planned, checked ([`parse_plan`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundPlan {
    pub period: String,
    pub subjects: Vec<SubjectPlan>,
    pub raters: Raters,
    /// The window, UTC: rating is accepted from `opens_at` until before `closes_at`.
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub grading: GradingChoice,
}

/// A round plan as the form sends it, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundInput {
    pub period: String,
    pub raters: String,
    /// Local times, `YYYY-MM-DDTHH:MM` (`clock::parse_minute`).
    pub opens_at: String,
    pub closes_at: String,
    pub grading: String,
    /// Person keys of the chosen subjects.
    pub subjects: Vec<String>,
    /// (person key, scale code) for subjects whose scale is not the default.
    pub scales: Vec<(String, String)>,
}

/// Reads `input` for a round opened in a community whose holders of [`POSTS`] are `holders`
/// (person, their posts), at `now` (UTC). Every problem is named by its field, all at once:
/// `period` (missing or longer than [`MAX_PERIOD_CHARS`]), `raters`, `grading`, `opens_at`
/// (not a time, or already past), `closes_at` (not after `opens_at` by [`MIN_WINDOW_MINUTES`],
/// or more than [`MAX_WINDOW_DAYS`] after it), `subjects` (none, more than [`MAX_SUBJECTS`],
/// or someone who holds no post), `scale[<person>]`.
pub fn parse_plan(
    input: &RoundInput,
    holders: &[(PersonKey, Vec<Role>)],
    now: DateTime<Utc>,
) -> Result<RoundPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    // Read like a code (NFKC): "２０２６年度" typed on a phone is the 2026年度 of the trend.
    let period = text::code(&input.period);
    if period.is_empty() {
        errors.push(FieldError::new("period", Problem::Missing));
    } else if period.chars().count() > MAX_PERIOD_CHARS {
        errors.push(FieldError::new("period", Problem::TooLong));
    }
    let raters = Raters::parse(&input.raters);
    if raters.is_none() {
        errors.push(FieldError::new("raters", Problem::UnknownValue));
    }
    let grading = GradingChoice::parse(input.grading.trim());
    if grading.is_none() {
        errors.push(FieldError::new("grading", Problem::UnknownValue));
    }
    let opens_at = crate::domain::clock::parse_minute(&input.opens_at);
    match opens_at {
        None if input.opens_at.trim().is_empty() => {
            errors.push(FieldError::new("opens_at", Problem::Missing));
        }
        None => errors.push(FieldError::new("opens_at", Problem::NotADate)),
        // A minute's grace: the form was filled in a moment ago.
        Some(at) if at < now - Duration::minutes(1) => {
            errors.push(FieldError::new("opens_at", Problem::OutOfRange));
        }
        Some(_) => {}
    }
    let closes_at = crate::domain::clock::parse_minute(&input.closes_at);
    match (opens_at, closes_at) {
        (_, None) if input.closes_at.trim().is_empty() => {
            errors.push(FieldError::new("closes_at", Problem::Missing));
        }
        (_, None) => errors.push(FieldError::new("closes_at", Problem::NotADate)),
        (Some(from), Some(to))
            if to < from + Duration::minutes(MIN_WINDOW_MINUTES)
                || to > from + Duration::days(MAX_WINDOW_DAYS) =>
        {
            errors.push(FieldError::new("closes_at", Problem::OutOfRange));
        }
        _ => {}
    }
    let mut subjects = Vec::new();
    for raw in &input.subjects {
        let raw = text::code(raw);
        let held = holders.iter().find(|(person, _)| *person == raw.as_str());
        let Some((person, posts)) = held else {
            errors.push(FieldError::new("subjects", Problem::UnknownValue));
            continue;
        };
        if subjects.iter().any(|s: &SubjectPlan| s.person == *person) {
            continue;
        }
        let posts: Vec<Role> = POSTS.into_iter().filter(|p| posts.contains(p)).collect();
        if posts.is_empty() {
            errors.push(FieldError::new("subjects", Problem::UnknownValue));
            continue;
        }
        let chosen = input
            .scales
            .iter()
            .find(|(key, _)| text::code(key) == person.as_str());
        let scale = match chosen {
            None => SubjectPlan::default_scale(&posts),
            Some((_, code)) => match Scale::parse(code) {
                Some(scale) => scale,
                None => {
                    errors.push(FieldError::new(
                        &format!("scale[{person}]"),
                        Problem::UnknownValue,
                    ));
                    continue;
                }
            },
        };
        subjects.push(SubjectPlan {
            person: person.clone(),
            posts,
            scale,
        });
    }
    if input.subjects.is_empty() {
        errors.push(FieldError::new("subjects", Problem::Missing));
    } else if subjects.len() > MAX_SUBJECTS {
        errors.push(FieldError::new("subjects", Problem::OutOfRange));
    }
    match (raters, grading, opens_at, closes_at) {
        (Some(raters), Some(grading), Some(opens_at), Some(closes_at)) if errors.is_empty() => {
            Ok(RoundPlan {
                period,
                subjects,
                raters,
                opens_at,
                closes_at,
                grading,
            })
        }
        _ => Err(errors),
    }
}

/// Where a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(
    feature = "ssr",
    derive(surrealdb::types::SurrealValue),
    surreal(untagged, rename_all = "snake_case"),
    surreal(crate = "surrealdb::types")
)]
pub enum Phase {
    /// Planned; subjects write their reports. Nobody rates yet.
    Preparing,
    /// Opened: raters rate within the window, and ask questions.
    Open,
    /// Closed: no more ratings; the results are shown.
    Closed,
}

impl Phase {
    pub fn code(self) -> &'static str {
        match self {
            Phase::Preparing => "preparing",
            Phase::Open => "open",
            Phase::Closed => "closed",
        }
    }
}

/// Whether the round may be opened at `now`: it is being prepared, every subject's report is
/// published (`reports_missing` is how many are not), and its window has not passed.
pub fn may_open(
    phase: Phase,
    reports_missing: usize,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    match phase {
        Phase::Preparing if reports_missing > 0 => Err(Refusal::ReportsMissing),
        Phase::Preparing if now >= closes_at => Err(Refusal::RoundWindowPassed),
        Phase::Preparing => Ok(()),
        Phase::Open => Err(Refusal::RoundAlreadyOpen),
        Phase::Closed => Err(Refusal::RoundClosed),
    }
}

/// Whether a sheet is accepted at `now`: the round is open and `now` is in its window.
pub fn may_rate(
    phase: Phase,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    match phase {
        Phase::Preparing => Err(Refusal::RoundNotOpen),
        Phase::Open if now < opens_at => Err(Refusal::RoundNotOpen),
        Phase::Open if now >= closes_at => Err(Refusal::RoundClosed),
        Phase::Open => Ok(()),
        Phase::Closed => Err(Refusal::RoundClosed),
    }
}

/// Whether the round may be closed at `now`: it is open, and its window has passed or every
/// eligible rater took part (a meeting where all rated on the spot need not wait).
pub fn may_close(
    phase: Phase,
    closes_at: DateTime<Utc>,
    now: DateTime<Utc>,
    took_part: u64,
    eligible: u64,
) -> Result<(), Refusal> {
    match phase {
        Phase::Preparing => Err(Refusal::RoundNotOpen),
        Phase::Open if now >= closes_at || took_part >= eligible => Ok(()),
        Phase::Open => Err(Refusal::RoundWindowNotOver),
        Phase::Closed => Err(Refusal::RoundClosed),
    }
}

/// A content the count could not read as a sheet of this round: stored by something other
/// than rating, or damaged. It is counted as not valid, never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    pub times: u64,
}

/// Each subject's tally from the round's sheets (`(content as stored, times)`), and how many
/// sheets could not be read. A sheet's grade for someone who is not a subject, or on another
/// scale, makes the whole sheet unreadable: rating validated it against the same subjects.
pub fn tally_sheets(
    subjects: &[SubjectPlan],
    sheets: &[(String, u64)],
) -> (BTreeMap<PersonKey, Tally>, Unreadable) {
    let mut tallies: BTreeMap<PersonKey, Tally> = subjects
        .iter()
        .map(|s| (s.person.clone(), Tally::new(s.scale)))
        .collect();
    let mut unreadable = 0;
    for (content, times) in sheets {
        let sheet: Option<RatingSheet> = serde_json::from_str(content).ok();
        let fits = sheet.as_ref().is_some_and(|sheet| {
            sheet.grades.len() == subjects.len()
                && subjects.iter().all(|s| {
                    sheet
                        .grades
                        .get(s.person.as_str())
                        .is_some_and(|g| g.scale() == s.scale)
                })
        });
        match sheet {
            Some(sheet) if fits => {
                for subject in subjects {
                    if let (Some(grade), Some(tally)) = (
                        sheet.grades.get(subject.person.as_str()),
                        tallies.get_mut(&subject.person),
                    ) {
                        // Checked above: on the subject's scale.
                        let _on_scale = tally.add(*grade, *times);
                    }
                }
            }
            _ => unreadable += times,
        }
    }
    (tallies, Unreadable { times: unreadable })
}

/// The comments on each subject, without their sheets (so a comment cannot be matched with
/// the grades beside it), each as many times as it was written, in an order that depends only
/// on the texts (sorted): it says nothing of who wrote them or when, and is the same on every
/// page load.
pub fn comments(
    subjects: &[SubjectPlan],
    sheets: &[(String, u64)],
) -> BTreeMap<PersonKey, Vec<String>> {
    let mut comments: BTreeMap<PersonKey, Vec<String>> = subjects
        .iter()
        .map(|s| (s.person.clone(), Vec::new()))
        .collect();
    for (content, times) in sheets {
        let Ok(sheet) = serde_json::from_str::<RatingSheet>(content) else {
            continue;
        };
        for (subject, comment) in sheet.comments {
            let Some(list) = comments
                .iter_mut()
                .find(|(person, _)| person.as_str() == subject)
                .map(|(_, list)| list)
            else {
                continue;
            };
            for _ in 0..*times {
                list.push(comment.clone());
            }
        }
    }
    for list in comments.values_mut() {
        list.sort();
    }
    comments
}

/// Each subject's result: their tally under the round's rules, with the two-rounds rule of
/// L25 Art. 37 applied to those whose office it can end, by their overall grade in the round
/// before (`previous`).
pub fn results(
    subjects: &[SubjectPlan],
    tallies: &BTreeMap<PersonKey, Tally>,
    rules: &EvaluationRules,
    previous: &BTreeMap<PersonKey, Grade>,
) -> Vec<(PersonKey, SubjectResult)> {
    subjects
        .iter()
        .map(|subject| {
            let empty = Tally::new(subject.scale);
            let tally = tallies.get(&subject.person).unwrap_or(&empty);
            let before = subject
                .office_ends_on_two_failures()
                .then(|| previous.get(&subject.person).copied())
                .flatten();
            (subject.person.clone(), result(tally, rules, before))
        })
        .collect()
}

/// Whether a closed round's results may end a committee member's office under L25 Art. 37:
/// they are flagged 不称职 twice running, the round reached its quorum (a void round decides
/// nothing), and every paper box is counted (incomplete results may still change the grade).
pub fn may_end_office(flagged_twice: bool, valid: bool, complete: bool) -> bool {
    flagged_twice && valid && complete
}

#[cfg(test)]
mod tests;
