//! `/staff/rules`: the numbers the community runs under, each with its default. Everyone signed
//! in may read them (officers see what binds them); the district administrator changes them,
//! and the server refuses a set that cannot work.

use crate::api::rules::{SetCommunityRules, community_rules};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::forms::{PostForm, field_problem, kept_form};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// A rule's name in the visitor's language.
pub(crate) fn rule_name(locale: Locale, field: &str) -> &'static str {
    match field {
        "expected_households" => td_string!(locale, rule_expected_households),
        "households_per_grid" => td_string!(locale, rule_households_per_grid),
        "households_per_director_or_deputy" => {
            td_string!(locale, rule_households_per_director_or_deputy)
        }
        "committee_size" => td_string!(locale, rule_committee_size),
        "term_years" => td_string!(locale, rule_term_years),
        "min_display_days" => td_string!(locale, rule_min_display_days),
        "voter_roll_days_before" => td_string!(locale, rule_voter_roll_days_before),
        "objection_days" => td_string!(locale, rule_objection_days),
        "objection_decision_days" => td_string!(locale, rule_objection_decision_days),
        "candidate_list_days_before" => td_string!(locale, rule_candidate_list_days_before),
        "hearing_notice_days" => td_string!(locale, rule_hearing_notice_days),
        "joint_meeting_notice_days" => td_string!(locale, rule_joint_meeting_notice_days),
        "evaluation_results_days" => td_string!(locale, rule_evaluation_results_days),
        "handover_days" => td_string!(locale, rule_handover_days),
        "voting_age" => td_string!(locale, rule_voting_age),
        "worker_months" => td_string!(locale, rule_worker_months),
        "turnout" => td_string!(locale, rule_turnout),
        "representative_turnout" => td_string!(locale, rule_representative_turnout),
        "win_share" => td_string!(locale, rule_win_share),
        "runoff_share" => td_string!(locale, rule_runoff_share),
        "nomination_endorsements" => td_string!(locale, rule_nomination_endorsements),
        "proxies_per_holder" => td_string!(locale, rule_proxies_per_holder),
        "scrutineers_per_box" => td_string!(locale, rule_scrutineers_per_box),
        "women_on_committee" => td_string!(locale, rule_women_on_committee),
        "smallest_published_group" => td_string!(locale, rule_smallest_published_group),
        "evaluation_quorum" => td_string!(locale, rule_evaluation_quorum),
        "evaluation_dissatisfied_share" => td_string!(locale, rule_evaluation_dissatisfied_share),
        "evaluation_smallest_breakdown" => td_string!(locale, rule_evaluation_smallest_breakdown),
        "evaluation_excellent_share" => td_string!(locale, rule_evaluation_excellent_share),
        "evaluation_competent_share" => td_string!(locale, rule_evaluation_competent_share),
        "evaluation_failing_share" => td_string!(locale, rule_evaluation_failing_share),
        _ => "",
    }
}

#[component]
pub fn Rules() -> impl IntoView {
    let i18n = use_i18n();
    let rules = Resource::new(|| (), |_| community_rules());
    // A refused save comes back with every number as typed.
    let kept = StoredValue::new(kept_form(SetCommunityRules::PATH));
    view! {
        <super::StaffNav />
        <h1>{t!(i18n, staff_rules)}</h1>
        <p class="lead">{t!(i18n, staff_rules_intro)}</p>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match rules.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(view_of) => {
                        let editable = view_of.can_change;
                        let rows = view_of
                            .fields
                            .into_iter()
                            .map(|(field, value, default)| {
                                let name = field.clone();
                                let input = format!("rules[{field}]");
                                // What was typed, only for those who may change the rules: a
                                // refused post must never show as the community's rule.
                                let value = kept
                                    .with_value(|kept| kept.as_ref().and_then(|kept| kept.value(&input).map(str::to_owned)))
                                    .filter(|_| editable)
                                    .unwrap_or(value);
                                view! {
                                    <label class="rule" data-testid=format!("rule-{field}")>
                                        <span>{move || rule_name(i18n.get_locale(), &name)}</span>
                                        {if editable {
                                            view! { <input type="text" name=input value=value inputmode="numeric" /> }.into_any()
                                        } else {
                                            view! { <strong>{value}</strong> }.into_any()
                                        }}
                                        <span class="hint">{t!(i18n, staff_rules_default)} " " {default}</span>
                                        {kept.with_value(|kept| field_problem(i18n.get_locale_untracked(), kept.as_ref(), &field)).map(|problem| view! {
                                            <span class="field-error" role="alert" data-testid="field-error">{problem}</span>
                                        })}
                                    </label>
                                }
                            })
                            .collect_view();
                        if editable {
                            view! {
                                <p class="person-name">{view_of.community_name}</p>
                                <PostForm action=SetCommunityRules::PATH attr:class="stack" attr:data-testid="rules-form">
                                    {rows}
                                    <button type="submit" class="button">{t!(i18n, staff_rules_save)}</button>
                                </PostForm>
                            }
                                .into_any()
                        } else {
                            view! {
                                <p class="person-name">{view_of.community_name}</p>
                                <div class="stack" data-testid="rules">{rows}</div>
                            }
                                .into_any()
                        }
                    }
                }
            })}
        </Suspense>
    }
}
