//! What happens to a closed round's results: published on the notice board as a notice written
//! in the community's language (once, within the calendar's `evaluation_results_days`; the
//! officers' home page reminds them), exported as CSV, and, for a committee member rated
//! 不称职 in two running rounds, their office ended under L25 Art. 37 by those who manage
//! roles, audited with that basis.

#[cfg(feature = "ssr")]
use super::results::ResultsView;
use crate::AppError;
use crate::domain::keys::NoticeKey;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::i18n::{Locale, td_string};

/// The language notices and exports are written in (as the election's notices).
#[cfg(feature = "ssr")]
const COMMUNITY: Locale = Locale::zh_CN;

/// Fills `%name%` placeholders of a locale text.
#[cfg(feature = "ssr")]
fn fill(text: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(text.to_owned(), |text, (name, value)| {
        text.replace(&format!("%{name}%"), value)
    })
}

/// The results notice: title and Markdown body. Figures per subject, never the comments (they
/// are on the results page, linked).
#[cfg(feature = "ssr")]
pub(crate) fn announcement(view: &ResultsView) -> (String, String) {
    use crate::domain::notice::markdown_literal;
    use crate::ui::evaluations::results::rate;
    use crate::ui::evaluations::{flag_name, grade_name};
    use crate::ui::roles::role_names;
    let title = fill(
        td_string!(COMMUNITY, notice_ev_title),
        &[("period", &view.period)],
    );
    let mut body = fill(
        td_string!(COMMUNITY, notice_ev_figures),
        &[
            ("eligible", &view.eligible.to_string()),
            ("took_part", &view.took_part.to_string()),
            ("online", &view.online.to_string()),
            (
                "paper",
                &view.took_part.saturating_sub(view.online).to_string(),
            ),
            ("rate", &rate(view.took_part, view.eligible)),
        ],
    );
    body.push_str(if view.valid {
        td_string!(COMMUNITY, ev_valid)
    } else {
        td_string!(COMMUNITY, ev_not_valid)
    });
    body.push_str("\n\n");
    for subject in &view.subjects {
        let posts = role_names(COMMUNITY, &subject.posts).join("、");
        let mut line = format!(
            "**{}**（{posts}）：{} {}",
            markdown_literal(&subject.name),
            td_string!(COMMUNITY, ev_ratings),
            subject.ratings
        );
        if subject.grades.is_empty() {
            line.push_str(&format!(
                "；{}{}",
                td_string!(COMMUNITY, ev_too_few),
                view.smallest_breakdown
            ));
        } else {
            let grades: Vec<String> = subject
                .grades
                .iter()
                .map(|(grade, count, share)| {
                    format!(
                        "{} {count}（{}）",
                        grade_name(COMMUNITY, *grade),
                        crate::ui::evaluations::results::percent(*share)
                    )
                })
                .collect();
            line.push_str(&format!("；{}", grades.join("、")));
            if let Some((satisfied, valid)) = subject.satisfaction {
                line.push_str(&format!(
                    "；{} {}",
                    td_string!(COMMUNITY, ev_satisfaction_rate),
                    rate(satisfied, valid)
                ));
            }
            if let Some(grade) = subject.grade {
                line.push_str(&format!(
                    "；{}：{}",
                    td_string!(COMMUNITY, ev_overall),
                    grade_name(COMMUNITY, grade)
                ));
            }
        }
        line.push_str("。\n\n");
        for flag in &subject.flags {
            line.push_str(&format!("> {}\n\n", flag_name(COMMUNITY, *flag)));
        }
        body.push_str(&line);
    }
    body.push_str(&fill(
        td_string!(COMMUNITY, notice_ev_link),
        &[("href", &format!("/evaluations/{}/results", view.key))],
    ));
    (title, body)
}

/// The results as CSV (UTF-8 with a byte order mark, so spreadsheet programs set to Chinese
/// read it): one row per subject and grade, with the subject's valid ratings, satisfaction
/// rate, overall grade and flags; a subject rated fewer times than the smallest breakdown has
/// one row without grades. Headers in the community's language.
#[cfg(feature = "ssr")]
pub fn results_csv(view: &ResultsView) -> Result<String, AppError> {
    use crate::ui::evaluations::results::{percent, rate};
    use crate::ui::evaluations::{flag_name, grade_name, scale_name};
    use crate::ui::roles::role_names;
    let mut out = csv::Writer::from_writer(Vec::new());
    let internal = |error: csv::Error| {
        tracing::error!(%error, "writing the results' CSV");
        AppError::Internal
    };
    out.write_record([
        td_string!(COMMUNITY, csv_ev_period),
        td_string!(COMMUNITY, csv_ev_subject),
        td_string!(COMMUNITY, csv_ev_posts),
        td_string!(COMMUNITY, csv_ev_scale),
        td_string!(COMMUNITY, csv_ev_ratings),
        td_string!(COMMUNITY, csv_ev_grade),
        td_string!(COMMUNITY, csv_ev_count),
        td_string!(COMMUNITY, csv_ev_share),
        td_string!(COMMUNITY, csv_ev_satisfaction),
        td_string!(COMMUNITY, csv_ev_overall),
        td_string!(COMMUNITY, csv_ev_flags),
    ])
    .map_err(internal)?;
    for subject in &view.subjects {
        let posts = role_names(COMMUNITY, &subject.posts).join("、");
        let satisfaction = subject
            .satisfaction
            .map(|(s, v)| rate(s, v))
            .unwrap_or_default();
        let overall = subject
            .grade
            .map(|g| grade_name(COMMUNITY, g))
            .unwrap_or_default();
        let flags: Vec<&str> = subject
            .flags
            .iter()
            .map(|f| flag_name(COMMUNITY, *f))
            .collect();
        let flags = flags.join("；");
        let ratings = subject.ratings.to_string();
        let rows: Vec<(String, String, String)> = if subject.grades.is_empty() {
            vec![(String::new(), String::new(), String::new())]
        } else {
            subject
                .grades
                .iter()
                .map(|(grade, count, share)| {
                    (
                        grade_name(COMMUNITY, *grade).to_owned(),
                        count.to_string(),
                        percent(*share),
                    )
                })
                .collect()
        };
        for (grade, count, share) in rows {
            out.write_record([
                &spreadsheet_safe(&view.period),
                &spreadsheet_safe(&subject.name),
                &posts,
                scale_name(COMMUNITY, subject.scale),
                &ratings,
                &grade,
                &count,
                &share,
                &satisfaction,
                overall,
                &flags,
            ])
            .map_err(internal)?;
        }
    }
    let bytes = out.into_inner().map_err(|error| {
        tracing::error!(%error, "finishing the results' CSV");
        AppError::Internal
    })?;
    let text = String::from_utf8(bytes).map_err(|_| AppError::Internal)?;
    Ok(format!("\u{feff}{text}"))
}

/// A cell a spreadsheet will not read as a formula: a name starting with `=`, `+`, `-` or `@`
/// gets a leading apostrophe (CSV injection).
#[cfg(feature = "ssr")]
fn spreadsheet_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// `person`'s grants of a committee post in `row`'s community in force on `today`.
#[cfg(feature = "ssr")]
pub(crate) async fn committee_grants(
    store: &crate::store::Store,
    row: &crate::store::evaluations::EvaluationRow,
    person: &crate::domain::keys::PersonKey,
    today: chrono::NaiveDate,
) -> Result<Vec<(crate::domain::keys::GrantKey, crate::domain::roles::Role)>, AppError> {
    use crate::domain::evaluation::round::is_committee_post;
    Ok(store
        .grant_records(&row.community, person)
        .await?
        .into_iter()
        .filter(|g| is_committee_post(g.role))
        .filter(|g| g.from <= today && g.until.is_none_or(|until| until >= today))
        .map(|g| (g.key, g.role))
        .collect())
}

/// The community's closed rounds whose results are not yet published, each with its duty to
/// publish them (the calendar's `evaluation_results_days` after the close), soonest first. An
/// overdue one stays listed until it is done: the officers' home page reminds them.
#[cfg(feature = "ssr")]
pub(crate) async fn results_to_publish(
    store: &crate::store::Store,
    community: &crate::domain::keys::CommunityKey,
) -> Result<Vec<crate::api::elections::DutyLine>, AppError> {
    use crate::api::elections::{DeadlineLine, DutyLine};
    use crate::domain::calendar::{Duty, Occasion, When, duties};
    use crate::domain::evaluation::round::Phase;
    let rules = crate::api::rules::ssr::rules_with(store, community).await?;
    let mut lines = Vec::new();
    for row in store.evaluations(community).await? {
        if row.phase != Phase::Closed || row.results_notice.is_some() {
            continue;
        }
        let closed_on = row
            .closed_at
            .map_or_else(crate::domain::clock::today, crate::domain::clock::local_day);
        for deadline in duties(&rules, Occasion::EvaluationClosed(closed_on)) {
            if deadline.duty != Duty::PublishEvaluationResults {
                continue;
            }
            let (first_day, last_day) = match deadline.when {
                When::OnOrBefore(last) => (None, last),
                When::Between(first, last) => (Some(first.to_string()), last),
            };
            lines.push(DutyLine {
                href: format!("/evaluations/{}/results", row.key),
                title: format!(
                    "{} {}",
                    row.period,
                    td_string!(COMMUNITY, home_duty_evaluation)
                ),
                deadline: DeadlineLine {
                    duty: deadline.duty,
                    first_day,
                    last_day: last_day.to_string(),
                    rule: deadline.rule,
                    done_on: None,
                },
            });
        }
    }
    lines.sort_by(|a, b| a.deadline.last_day.cmp(&b.deadline.last_day));
    Ok(lines)
}

/// Publishes closed round `round`'s results on the notice board, once, by one who runs the
/// community's evaluations, when every paper box is settled. Sends a plain form post to the
/// notice; answers its key.
///
/// Errors: `sheets_missing` while a box waits for its double entry;
/// `evaluation_results_published` the second time; the results hidden before the close.
#[server(prefix = "/api", endpoint = "publish_evaluation_results")]
pub async fn publish_evaluation_results(round: String) -> Result<NoticeKey, AppError> {
    use super::request::{now, own_round, signed_in, store};
    use crate::domain::notice::{NewNotice, NoticeInput, NoticeKind};
    use crate::domain::policy::Action;
    use crate::domain::refusal::Refusal;
    let caller = signed_in(Action::RunEvaluation).await?;
    let row = own_round(&caller, &round).await?;
    let store = store()?;
    let view = super::results::results_of(&store, &row).await?;
    if row.results_notice.is_some() {
        return Err(Refusal::EvaluationResultsPublished.into());
    }
    if view.provisional() {
        return Err(Refusal::SheetsMissing.into());
    }
    let (title, body) = announcement(&view);
    let rules = crate::api::rules::ssr::rules_with(&store, &row.community).await?;
    let notice = NewNotice::parse(
        &NoticeInput {
            kind: NoticeKind::Evaluation.code(),
            title: &title,
            body: &body,
            publish_at: None,
            ends_on: None,
        },
        &rules,
        now(),
    )
    .map_err(|errors| {
        tracing::error!(?errors, "the results notice did not pass the notice rules");
        AppError::Internal
    })?;
    let key = store
        .publish_evaluation_results(&caller.acting(), &row.key, &notice)
        .await?;
    leptos_axum::redirect(&format!("/notices/{key}"));
    Ok(key)
}

/// Ends `person`'s committee post under L25 Art. 37, from today: they were rated 不称职 in
/// closed round `round` and in the round before (checked again here from the results), by one
/// who manages roles. Every committee grant they hold ends yesterday, audited with the round as
/// the basis. Sends a plain form post back to the results, where a by-election is offered.
///
/// Errors: `not_found` when the flag does not stand for them or they hold no committee post.
#[server(prefix = "/api", endpoint = "end_office_under_art37")]
pub async fn end_office_under_art37(round: String, person: String) -> Result<(), AppError> {
    use super::request::{own_round, parse_key, signed_in, store, today};
    use crate::domain::evaluation::grading::Flag;
    use crate::domain::keys::PersonKey;
    use crate::domain::policy::Action;
    let caller = signed_in(Action::ManageRoles).await?;
    let row = own_round(&caller, &round).await?;
    let person: PersonKey = parse_key("person", &person)?;
    let store = store()?;
    let view = super::results::results_of(&store, &row).await?;
    let flagged = view.subjects.iter().any(|s| {
        s.person == person && s.office_can_end && s.flags.contains(&Flag::IncompetentTwiceRunning)
    });
    if !crate::domain::evaluation::round::may_end_office(flagged, view.valid, !view.provisional()) {
        return Err(AppError::NotFound);
    }
    let today = today();
    let grants = committee_grants(&store, &row, &person, today).await?;
    if grants.is_empty() {
        return Err(AppError::NotFound);
    }
    // Only who may end each post ends it, as on the staff's roles page.
    for (_, role) in &grants {
        crate::domain::appointment::check_grant(&caller.roles, person == caller.key, *role)
            .map_err(|refusal| {
                tracing::warn!(%refusal, caller = %caller.key, ?role, "ending an office refused");
                AppError::Forbidden
            })?;
    }
    let yesterday = today.pred_opt().unwrap_or(today);
    for (grant, _) in &grants {
        store
            .end_role_under_art37(&caller.acting(), grant, yesterday, &row.key)
            .await?;
    }
    leptos_axum::redirect(&format!("/evaluations/{}/results?ended={person}", row.key));
    Ok(())
}

#[cfg(feature = "ssr")]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue19_a_name_is_never_a_spreadsheet_formula() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM"), "'@SUM");
        assert_eq!(spreadsheet_safe("\t=1"), "'\t=1");
        assert_eq!(spreadsheet_safe("王书记"), "王书记");
    }
}
