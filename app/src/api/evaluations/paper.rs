//! Paper rating forms at the meeting: the officers' paper desk (who has not taken part yet,
//! the boxes' hand-outs and standings), handing a rater a form at a box (which shuts their
//! phone out), and each box's tally, entered after the close by two officers who are not rated
//! in the round. The double entry is `domain::double_entry`'s, as for paper ballots.

use super::SubjectView;
use crate::AppError;
use crate::domain::double_entry::SheetStanding;
use crate::domain::evaluation::round::Phase;
use crate::domain::keys::{EvaluationKey, PersonKey};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A box on the paper desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskBox {
    pub paper_box: u32,
    pub handed_out: u64,
    pub standing: SheetStanding,
    /// Names of the officers whose entries stand, in the order entered.
    pub entered_by: Vec<String>,
}

/// The paper desk of a round, for those who run it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperDeskView {
    pub round: EvaluationKey,
    pub period: String,
    pub phase: Phase,
    /// Raters who have not taken part yet, by name (while the round is open).
    pub waiting: Vec<(PersonKey, String)>,
    pub subjects: Vec<SubjectView>,
    pub boxes: Vec<DeskBox>,
    /// The caller may enter tallies: they are not rated in the round.
    pub may_count: bool,
}

/// A box's tally as the form sends it (all strings, so the form's fields stay top-level
/// through `#[server(flatten)]`): totals, then `counts[k<person>-<grade code>]` per subject
/// and grade of their scale and `counts[k<person>-unmarked]`. Empty counts are 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormTallyForm {
    pub round: String,
    pub paper_box: String,
    pub forms_in_box: String,
    pub void_forms: String,
    #[serde(default)]
    pub counts: HashMap<String, String>,
}

/// The field of a subject's count of `what` (a grade's code, or `unmarked`).
pub fn count_field(person: &PersonKey, what: &str) -> String {
    format!("counts[k{person}-{what}]")
}

/// `round`'s paper desk: for those who run evaluations in its community.
#[server(prefix = "/api", endpoint = "paper_desk")]
pub async fn paper_desk(round: String) -> Result<PaperDeskView, AppError> {
    use super::request::{own_round, signed_in, store};
    use crate::domain::evaluation::paper::{FormTally, boxes};
    use crate::domain::policy::Action;
    use crate::store::secret::EVALUATION;
    let caller = signed_in(Action::RunEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let store = store()?;
    let subjects = store.evaluation_subjects(&row.key).await?;
    let mut waiting = Vec::new();
    if row.phase == Phase::Open {
        for (person, name) in store.evaluation_raters(&row.key).await? {
            if !store.took_part(EVALUATION, &row.key, &person).await? {
                waiting.push((person, name));
            }
        }
    }
    let handed_out = store.form_handouts(&row.key).await?;
    let rows = store.form_tally_entries(&row.key).await?;
    let entries: Vec<(u32, PersonKey, FormTally)> = rows
        .iter()
        .filter_map(|e| {
            let tally = serde_json::from_str(&e.tally).ok()?;
            Some((e.paper_box, e.officer.clone(), tally))
        })
        .collect();
    let desk_boxes = boxes(&handed_out, &entries)
        .into_iter()
        .map(|b| DeskBox {
            entered_by: rows
                .iter()
                .filter(|e| e.paper_box == b.paper_box)
                .map(|e| e.officer_name.clone())
                .collect(),
            paper_box: b.paper_box,
            handed_out: b.handed_out,
            standing: b.standing,
        })
        .collect();
    Ok(PaperDeskView {
        may_count: !subjects.iter().any(|s| s.person == caller.key),
        round: row.key,
        period: row.period,
        phase: row.phase,
        waiting,
        subjects: subjects
            .into_iter()
            .map(|s| SubjectView {
                person: s.person,
                name: s.name,
                posts: s.posts,
                scale: s.scale,
                report: s.report,
                report_title: None,
            })
            .collect(),
        boxes: desk_boxes,
    })
}

/// Hands `rater` (a key) a paper form at box `paper_box` (1 to 9) of `round`, while it is open
/// and in its window: from then on they cannot rate by phone.
///
/// Errors: [`crate::domain::refusal::Refusal::RaterAlreadyTookPart`] if they rated or were
/// handed a form; not a rater; the round not open.
#[server(prefix = "/api", endpoint = "hand_out_form")]
pub async fn hand_out_form(
    round: String,
    rater: String,
    paper_box: String,
) -> Result<(), AppError> {
    use super::request::{now, own_round, parse_key, signed_in, store};
    use crate::domain::evaluation::paper::parse_box;
    use crate::domain::evaluation::round::may_rate;
    use crate::domain::policy::Action;
    use crate::domain::refusal::Refusal;
    use crate::store::{Acting, StoreError};
    let caller = signed_in(Action::RunEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let rater: PersonKey = parse_key("rater", &rater)?;
    let paper_box = parse_box("paper_box", &paper_box)?;
    may_rate(row.phase, row.opens_at, row.closes_at, now())?;
    // Who is rated in the round neither hands out its forms nor counts them.
    let subjects = store()?.evaluation_subjects(&row.key).await?;
    if subjects.iter().any(|s| s.person == caller.key) {
        return Err(Refusal::SubjectMayNotCount.into());
    }
    let acting = Acting::new(&caller.community, format!("person:{}", caller.key));
    match store()?
        .hand_out_form(&acting, &row.key, &rater, paper_box)
        .await
    {
        // Said to the officer about the rater, not "you have rated".
        Err(StoreError::Refused(Refusal::AlreadyRated)) => {
            Err(Refusal::RaterAlreadyTookPart.into())
        }
        other => Ok(other?),
    }
}

/// Enters a box's tally ([`FormTallyForm`]) once the round closed, by one who runs evaluations
/// and is not rated in it. Answers the box's standing (`SheetStanding` code); refuses when the
/// two officers' entries differ (`entries_differ`), when the box is settled or two others
/// entered it (`already_entered`), and a tally that does not add up
/// (`form_tally_inconsistent`).
#[server(prefix = "/api", endpoint = "enter_form_tally")]
pub async fn enter_form_tally(#[server(flatten)] form: FormTallyForm) -> Result<String, AppError> {
    use super::request::{own_round, signed_in, store};
    use crate::domain::double_entry::{after_entry, may_enter, parse_count};
    use crate::domain::evaluation::paper::{FormTally, SubjectMarks, parse_box};
    use crate::domain::policy::Action;
    use crate::domain::refusal::Refusal;
    use crate::store::Acting;
    use std::collections::BTreeMap;
    let caller = signed_in(Action::RunEvaluation).await?;
    if form.counts.len() > 200 {
        return Err(AppError::invalid("counts", "too_long"));
    }
    let row = own_round(&caller, &form.round).await?;
    match row.phase {
        Phase::Closed => {}
        Phase::Preparing => return Err(Refusal::RoundNotOpen.into()),
        Phase::Open => return Err(Refusal::RoundWindowNotOver.into()),
    }
    let paper_box = parse_box("paper_box", &form.paper_box)?;
    let store = store()?;
    let subjects = store.evaluation_subjects(&row.key).await?;
    if subjects.iter().any(|s| s.person == caller.key) {
        return Err(Refusal::SubjectMayNotCount.into());
    }
    // The map holds what is inside `counts[…]`; a problem is said under the whole field name.
    let count = |field: String| {
        let inner = field
            .strip_prefix("counts[")
            .and_then(|rest| rest.strip_suffix(']'))
            .unwrap_or(&field);
        let raw = form.counts.get(inner).map_or("", String::as_str);
        parse_count(&field, raw)
    };
    let mut marks = BTreeMap::new();
    for subject in &subjects {
        let mut grades = BTreeMap::new();
        for grade in subject.scale.grades() {
            grades.insert(*grade, count(count_field(&subject.person, grade.code()))?);
        }
        let unmarked = count(count_field(&subject.person, "unmarked"))?;
        marks.insert(subject.person.clone(), SubjectMarks { grades, unmarked });
    }
    let tally = FormTally {
        forms_in_box: parse_count("forms_in_box", &form.forms_in_box)?,
        void_forms: parse_count("void_forms", &form.void_forms)?,
        subjects: marks,
    };
    let plans: Vec<_> = subjects.iter().map(|s| s.plan()).collect();
    tally.check(&plans)?;
    let out = store
        .form_handouts(&row.key)
        .await?
        .get(&paper_box)
        .copied()
        .unwrap_or(0);
    let entries: Vec<(PersonKey, FormTally)> = store
        .form_tally_entries(&row.key)
        .await?
        .into_iter()
        .filter(|e| e.paper_box == paper_box)
        .filter_map(|e| Some((e.officer, serde_json::from_str(&e.tally).ok()?)))
        .collect();
    may_enter(&entries, &caller.key, out)?;
    let json = serde_json::to_string(&tally).map_err(|_| AppError::Internal)?;
    let acting = Acting::new(&caller.community, format!("person:{}", caller.key));
    store
        .enter_form_tally(&acting, &row.key, paper_box, &json)
        .await?;
    Ok(after_entry(entries, caller.key.clone(), tally, out)?
        .code()
        .to_owned())
}
