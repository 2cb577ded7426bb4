//! Democratic evaluation (DESIGN.md "Democratic evaluation"; L25 Art. 37): one module per step,
//! named as in `domain::evaluation` and `store::evaluations`: the plan (listing and planning
//! rounds), a round's page with its opening and close, work reports, questions, rating, and
//! results. Every server function checks who may, asks `domain::evaluation`, and has
//! `store::evaluations` keep the outcome; `request` holds what each does first on the server.
//! This module holds the views the evaluation pages share.

pub mod paper;
pub mod plan;
pub mod publication;
pub mod questions;
pub mod rating;
pub mod reports;
#[cfg(feature = "ssr")]
pub(crate) mod request;
pub mod results;
pub mod round;

use crate::domain::evaluation::grading::GradingChoice;
use crate::domain::evaluation::round::{Phase, Raters};
use crate::domain::evaluation::scale::Scale;
use crate::domain::keys::{EvaluationKey, NoticeKey, PersonKey, QuestionKey};
use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// A round in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundLine {
    pub key: EvaluationKey,
    pub period: String,
    pub community_name: String,
    pub phase: Phase,
    /// The window, local `YYYY-MM-DD HH:MM`.
    pub opens: String,
    pub closes: String,
}

/// A subject as a round's pages show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectView {
    pub person: PersonKey,
    pub name: String,
    pub posts: Vec<Role>,
    pub scale: Scale,
    pub report: Option<NoticeKey>,
    /// The report's title, once published.
    pub report_title: Option<String>,
}

/// A question as everyone sees it: never the asker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionView {
    pub key: QuestionKey,
    pub subject: PersonKey,
    /// `None` once hidden; `hidden_reason` says why.
    pub text: Option<String>,
    pub asked: String,
    pub answer: Option<String>,
    pub hidden_reason: Option<String>,
}

/// What the caller may do on a round's page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundCan {
    /// Organise it: open, close, hide questions.
    pub run: bool,
    /// They are on the raters' list.
    pub rater: bool,
    /// They may rate now: on the list, the round open and now in its window.
    pub rate: bool,
    /// They rated already.
    pub rated: bool,
    /// They are a subject of the round (write their report, answer their questions).
    pub report: bool,
}

/// A round's public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundView {
    pub key: EvaluationKey,
    pub period: String,
    pub community_name: String,
    pub phase: Phase,
    pub raters: Raters,
    pub grading: GradingChoice,
    pub opens: String,
    pub closes: String,
    pub subjects: Vec<SubjectView>,
    pub questions: Vec<QuestionView>,
    /// The raters' list, from the opening on: names.
    pub rater_names: Vec<String>,
    /// Raters who took part so far (shown to organisers while open, to all after the close).
    pub took_part: Option<u64>,
    pub eligible: Option<u64>,
    /// The numbers the round runs by, each `(CommunityRules field, value as shown)`.
    pub rules: Vec<(String, String)>,
    /// Steps with their local time: planned, opened, closed.
    pub timeline: Vec<(String, String)>,
    pub can: RoundCan,
    /// The signed-in caller of the round's community: their own report and questions are
    /// theirs to write and answer.
    pub viewer: Option<PersonKey>,
    /// The round is open but its window has not begun.
    pub before_window: bool,
}
