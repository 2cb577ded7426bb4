//! `/staff/audit`: the community's newest audit entries and whether the whole hash chain still
//! verifies (the same check as `gongshang audit verify`).

use super::audit_facts::{actor_words, fact_name, fact_value};
use super::{Refused, StaffNav};
use crate::api::audit::audit_log;
use crate::i18n::{Locale, t, td_string, use_i18n};
use leptos::prelude::*;

#[component]
pub fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let before = move || query.read().get("before");
    let log = Resource::new(before, audit_log);
    view! {
        <StaffNav />
        <h1>{t!(i18n, staff_audit)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match log.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(log) => {
                        view! {
                            {match log.broken_at {
                                None => view! {
                                    <p class="chain ok" data-testid="chain-ok">
                                        {t!(i18n, staff_chain_ok)} " (" {log.checked} ")"
                                    </p>
                                }.into_any(),
                                Some(seq) => view! {
                                    <p class="chain broken form-error" role="alert" data-testid="chain-broken">
                                        {t!(i18n, staff_chain_broken)} " #" {seq}
                                    </p>
                                }.into_any(),
                            }}
                            <ol class="audit" data-testid="audit">
                                {log
                                    .entries
                                    .into_iter()
                                    .map(|entry| {
                                        view! {
                                            <li>
                                                <span class="hint">"#" {entry.seq} " · " {entry.at}</span>
                                                <strong>{actor_words(i18n.get_locale_untracked(), &entry.actor)}</strong>
                                                <strong>{action_name(i18n.get_locale_untracked(), &entry.action)}</strong>
                                                {(!entry.detail.is_empty()).then(|| view! {
                                                    <span class="audit-detail">{worded(i18n.get_locale_untracked(), &entry.detail)}</span>
                                                })}
                                                {(!entry.facts.is_empty()).then(|| {
                                                    let locale = i18n.get_locale_untracked();
                                                    view! {
                                                        <span class="audit-detail" data-testid="audit-facts">
                                                            {entry.facts.iter().map(|shown| view! {
                                                                <span class="audit-fact">
                                                                    {fact_name(locale, shown.fact)} {td_string!(locale, field_separator)} {fact_value(locale, shown)}
                                                                </span>
                                                            }).collect_view()}
                                                        </span>
                                                    }
                                                })}
                                                {(!entry.rule_changes.is_empty()).then(|| view! {
                                                    <ul class="audit-detail" data-testid="rule-changes">
                                                        {entry.rule_changes.into_iter().map(|change| view! {
                                                            <li>{super::rules::rule_name(i18n.get_locale_untracked(), &change.field)} "：" {change.old} " → " {change.new}</li>
                                                        }).collect_view()}
                                                    </ul>
                                                })}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                            {log.older.map(|seq| view! {
                                <p><a class="button secondary" href=format!("/staff/audit?before={seq}") data-testid="audit-older">{t!(i18n, staff_audit_older)}</a></p>
                            })}
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A worded detail (from before facts) with the role codes it names (`district_admin`) said
/// as role names.
fn worded(locale: Locale, detail: &str) -> String {
    let mut out = String::with_capacity(detail.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match crate::domain::roles::Role::parse(word) {
            Some(role) => out.push_str(crate::ui::roles::role_name(locale, role)),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in detail.chars() {
        if c.is_ascii_lowercase() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// An audit action's name (issue 16, item 8: `invitation.use` reached the page as it is).
fn action_name(locale: Locale, code: &str) -> &'static str {
    match code {
        "community.create" => td_string!(locale, audit_community_create),
        "community.rules" => td_string!(locale, audit_community_rules),
        "election.candidate.describe" => td_string!(locale, audit_election_candidate_describe),
        "election.candidate.list" => td_string!(locale, audit_election_candidate_list),
        "election.candidate.unlist" => td_string!(locale, audit_election_candidate_unlist),
        "election.candidates.publish" => td_string!(locale, audit_election_candidates_publish),
        "election.committee.add" => td_string!(locale, audit_election_committee_add),
        "election.committee.withdraw" => td_string!(locale, audit_election_committee_withdraw),
        "election.create" => td_string!(locale, audit_election_create),
        "election.next_round" => td_string!(locale, audit_election_next_round),
        "election.nominate" => td_string!(locale, audit_election_nominate),
        "election.paper.dispute" => td_string!(locale, audit_election_paper_dispute),
        "election.paper.hand_out" => td_string!(locale, audit_election_paper_hand_out),
        "election.place.assign" => td_string!(locale, audit_election_place_assign),
        "election.proxy.name" => td_string!(locale, audit_election_proxy_name),
        "election.relative.declare" => td_string!(locale, audit_election_relative_declare),
        "election.result.publish" => td_string!(locale, audit_election_result_publish),
        "election.roll.application" => td_string!(locale, audit_election_roll_application),
        "election.roll.decide" => td_string!(locale, audit_election_roll_decide),
        "election.roll.draft" => td_string!(locale, audit_election_roll_draft),
        "election.roll.object" => td_string!(locale, audit_election_roll_object),
        "election.roll.publish" => td_string!(locale, audit_election_roll_publish),
        "election.sheet.enter" => td_string!(locale, audit_election_sheet_enter),
        "election.open_polls.ask" => td_string!(locale, audit_election_open_polls_ask),
        "election.open_polls.confirm" => td_string!(locale, audit_election_open_polls_confirm),
        "election.close_polls.ask" => td_string!(locale, audit_election_close_polls_ask),
        "election.close_polls.confirm" => td_string!(locale, audit_election_close_polls_confirm),
        "grid.assign" => td_string!(locale, audit_grid_assign),
        "invitation.issue" => td_string!(locale, audit_invitation_issue),
        "invitation.use" => td_string!(locale, audit_invitation_use),
        "recovery.use" => td_string!(locale, audit_recovery_use),
        "notice.correct" => td_string!(locale, audit_notice_correct),
        "notice.publish" => td_string!(locale, audit_notice_publish),
        "notice.take_down" => td_string!(locale, audit_notice_take_down),
        "passkey.add" => td_string!(locale, audit_passkey_add),
        "passkey.flag" => td_string!(locale, audit_passkey_flag),
        "passkey.remove" => td_string!(locale, audit_passkey_remove),
        "passkey.rename" => td_string!(locale, audit_passkey_rename),
        "people.import" => td_string!(locale, audit_people_import),
        "role.end" => td_string!(locale, audit_role_end),
        "evaluation.create" => td_string!(locale, audit_evaluation_create),
        "evaluation.open" => td_string!(locale, audit_evaluation_open),
        "evaluation.close" => td_string!(locale, audit_evaluation_close),
        "evaluation.report.publish" => td_string!(locale, audit_evaluation_report_publish),
        "evaluation.question.answer" => td_string!(locale, audit_evaluation_question_answer),
        "evaluation.question.hide" => td_string!(locale, audit_evaluation_question_hide),
        "evaluation.paper.hand_out" => td_string!(locale, audit_evaluation_paper_hand_out),
        "evaluation.paper.enter" => td_string!(locale, audit_evaluation_paper_enter),
        "evaluation.results.publish" => td_string!(locale, audit_evaluation_results_publish),
        "role.end.art37" => td_string!(locale, audit_role_end_art37),
        "role.grant" => td_string!(locale, audit_role_grant),
        "sessions.void" => td_string!(locale, audit_sessions_void),
        _ => td_string!(locale, audit_other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_item8_role_codes_in_a_detail_are_role_names() {
        assert_eq!(
            worded(Locale::zh_CN, "roles: district_admin,resident for 居民0"),
            format!(
                "roles: {},{} for 居民0",
                crate::ui::roles::role_name(
                    Locale::zh_CN,
                    crate::domain::roles::Role::DistrictAdmin
                ),
                crate::ui::roles::role_name(Locale::zh_CN, crate::domain::roles::Role::Resident)
            )
        );
        assert_eq!(worded(Locale::en, "no codes here"), "no codes here");
    }
}
