//! A notice an officer has started and saved to finish later. Lenient where a notice is strict
//! (a draft may still lack its title or its text, and its dates are kept as typed), strict where
//! the store needs it (a kind the author may publish, the same size limits, a cap on how many).
//! Publishing a draft goes through `NewNotice::parse` like any notice.

use super::notice::{MAX_BODY_CHARS, MAX_TITLE_CHARS, NoticeKind, may_publish};
use super::refusal::Refusal;
use super::registry::{FieldError, Problem};
use super::roles::Role;

/// How many drafts one person keeps at most: enough for real work, a bound on what one
/// account can pile into the database.
pub const MAX_DRAFTS_PER_PERSON: usize = 50;

/// The fields of the drafting form, as typed.
#[derive(Debug, Clone, Copy)]
pub struct DraftInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    /// Local `YYYY-MM-DDTHH:MM`, or empty.
    pub publish_at: &'a str,
    /// `YYYY-MM-DD`, or empty.
    pub ends_on: &'a str,
}

/// A draft worth keeping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeDraft {
    pub kind: NoticeKind,
    pub title: String,
    pub body: String,
    pub publish_at: String,
    pub ends_on: String,
}

/// Why a draft is not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftProblem {
    Field(FieldError),
    Refused(Refusal),
    /// A kind the author may not publish: they may not draft it either.
    NotTheirKind,
}

impl NoticeDraft {
    /// Checks a draft by `roles`, who already keep `kept` other drafts.
    pub fn parse(
        input: &DraftInput<'_>,
        roles: &[Role],
        kept: usize,
    ) -> Result<Self, DraftProblem> {
        let field = |name: &str, problem| DraftProblem::Field(FieldError::new(name, problem));
        let kind =
            NoticeKind::parse(input.kind).ok_or_else(|| field("kind", Problem::UnknownValue))?;
        if !may_publish(roles, kind) {
            return Err(DraftProblem::NotTheirKind);
        }
        let title = super::text::line(input.title);
        let body = super::text::paragraphs(input.body);
        if title.chars().count() > MAX_TITLE_CHARS {
            return Err(field("title", Problem::TooLong));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(field("body", Problem::TooLong));
        }
        if title.is_empty() && body.is_empty() {
            return Err(DraftProblem::Refused(Refusal::EmptyDraft));
        }
        if kept >= MAX_DRAFTS_PER_PERSON {
            return Err(DraftProblem::Refused(Refusal::TooManyDrafts));
        }
        Ok(Self {
            kind,
            title: title.to_owned(),
            body: body.to_owned(),
            publish_at: typed_moment(input.publish_at)
                .ok_or_else(|| field("publish_at", Problem::NotADate))?,
            ends_on: typed_day(input.ends_on).ok_or_else(|| field("ends_on", Problem::NotADate))?,
        })
    }
}

/// A publication moment as the form's `datetime-local` sends it, or empty; `None` when it is
/// neither (a draft keeps only what the form can show again).
fn typed_moment(raw: &str) -> Option<String> {
    let raw = raw.trim();
    (raw.is_empty() || super::clock::parse_minute(raw).is_some()).then(|| raw.to_owned())
}

/// A day as the form's `date` input sends it, or empty.
fn typed_day(raw: &str) -> Option<String> {
    let raw = raw.trim();
    (raw.is_empty() || super::clock::parse_day(raw).is_some()).then(|| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input<'a>(title: &'a str, body: &'a str) -> DraftInput<'a> {
        DraftInput {
            kind: "general",
            title,
            body,
            publish_at: "",
            ends_on: "",
        }
    }

    const DIRECTOR: &[Role] = &[Role::CommitteeDirector];

    #[test]
    fn a_draft_may_lack_its_title_or_its_text_but_not_both() {
        assert!(NoticeDraft::parse(&input("停水通知", ""), DIRECTOR, 0).is_ok());
        assert!(NoticeDraft::parse(&input("", "明天停水"), DIRECTOR, 0).is_ok());
        assert_eq!(
            NoticeDraft::parse(&input("  ", "\n"), DIRECTOR, 0),
            Err(DraftProblem::Refused(Refusal::EmptyDraft))
        );
    }

    #[test]
    fn a_draft_keeps_the_notice_size_limits() {
        let long_title = "题".repeat(MAX_TITLE_CHARS + 1);
        assert_eq!(
            NoticeDraft::parse(&input(&long_title, ""), DIRECTOR, 0),
            Err(DraftProblem::Field(FieldError::new(
                "title",
                Problem::TooLong
            )))
        );
        let long_body = "字".repeat(MAX_BODY_CHARS + 1);
        assert_eq!(
            NoticeDraft::parse(&input("", &long_body), DIRECTOR, 0),
            Err(DraftProblem::Field(FieldError::new(
                "body",
                Problem::TooLong
            )))
        );
    }

    #[test]
    fn only_a_kind_the_author_may_publish_can_be_drafted() {
        let election = DraftInput {
            kind: "election",
            ..input("选民名单", "")
        };
        assert_eq!(
            NoticeDraft::parse(&election, &[Role::Resident], 0),
            Err(DraftProblem::NotTheirKind)
        );
        let unknown = DraftInput {
            kind: "gossip",
            ..input("x", "")
        };
        assert!(matches!(
            NoticeDraft::parse(&unknown, DIRECTOR, 0),
            Err(DraftProblem::Field(_))
        ));
    }

    #[test]
    fn one_person_keeps_at_most_fifty_drafts() {
        assert!(NoticeDraft::parse(&input("t", ""), DIRECTOR, MAX_DRAFTS_PER_PERSON - 1).is_ok());
        assert_eq!(
            NoticeDraft::parse(&input("t", ""), DIRECTOR, MAX_DRAFTS_PER_PERSON),
            Err(DraftProblem::Refused(Refusal::TooManyDrafts))
        );
    }

    #[test]
    fn dates_are_kept_as_typed_when_the_form_could_show_them_again() {
        let dated = DraftInput {
            publish_at: "2026-12-01T09:30",
            ends_on: "2026-12-20",
            ..input("t", "")
        };
        let draft = NoticeDraft::parse(&dated, DIRECTOR, 0).expect("kept");
        assert_eq!(draft.publish_at, "2026-12-01T09:30");
        assert_eq!(draft.ends_on, "2026-12-20");
        let garbled = DraftInput {
            ends_on: "20 December",
            ..input("t", "")
        };
        assert_eq!(
            NoticeDraft::parse(&garbled, DIRECTOR, 0),
            Err(DraftProblem::Field(FieldError::new(
                "ends_on",
                Problem::NotADate
            )))
        );
    }
}
