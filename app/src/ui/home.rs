//! The signed-in part of the home page: who you are, your roles, and what they let you do,
//! read from the policy table so the list never promises what the server would refuse.

use super::roles::role_names;
use crate::api::identity::my_account;
use crate::domain::policy::Action;
use crate::i18n::{t, td_string, use_i18n};
use leptos::prelude::*;

/// Where an allowed action is done, and how the home page calls it. Actions done from another
/// page (signing out, passkeys) are reached through that page's entry.
fn ability(locale: crate::i18n::Locale, action: Action) -> Option<(&'static str, &'static str)> {
    Some(match action {
        Action::ViewOwnAccount => ("/me", td_string!(locale, can_own_account)),
        Action::ViewStaffOffice => ("/staff", td_string!(locale, can_staff_office)),
        Action::ListPeople => ("/staff/people", td_string!(locale, can_people)),
        Action::ImportPeople => ("/staff/import", td_string!(locale, can_import)),
        Action::IssueInvitation => ("/staff/people", td_string!(locale, can_invite)),
        Action::IssueRecoveryInvitation => ("/staff/people", td_string!(locale, can_recover)),
        Action::ManageRoles => ("/staff/people", td_string!(locale, can_manage_roles)),
        Action::ViewAuditLog => ("/staff/audit", td_string!(locale, can_audit)),
        Action::RunElection => ("/elections", td_string!(locale, can_run_elections)),
        Action::CountVotes => ("/elections", td_string!(locale, can_count_votes)),
        Action::SetCommunityRules => ("/staff/rules", td_string!(locale, can_set_rules)),
        Action::RunEvaluation => ("/evaluations", td_string!(locale, can_run_evaluations)),
        _ => return None,
    })
}

#[component]
pub fn SignedInSummary() -> impl IntoView {
    let i18n = use_i18n();
    let account = Resource::new(|| (), |_| my_account());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                account
                    .await
                    .ok()
                    .flatten()
                    .map(|account| {
                        let roles = account.roles.clone();
                        let can = account.can.clone();
                        view! {
                            {account
                                .open_polls
                                .iter()
                                .map(|poll| {
                                    view! {
                                        <section class="card poll-card" data-testid="home-open-poll">
                                            <h2>{poll.title.clone()}</h2>
                                            <p>{t!(i18n, home_polls_close)} " " <strong>{poll.closes.clone()}</strong></p>
                                            {if poll.voted {
                                                view! {
                                                    <p class="success">{t!(i18n, home_you_voted)}</p>
                                                    <p class="actions">
                                                        <a href=format!("/elections/{}", poll.key)>{t!(i18n, home_election_page)}</a>
                                                    </p>
                                                }
                                                    .into_any()
                                            } else {
                                                view! {
                                                    <p>
                                                        <a class="button big" href=format!("/elections/{}/ballot", poll.key) data-testid="home-vote">
                                                            {t!(i18n, home_vote_now)}
                                                        </a>
                                                    </p>
                                                }
                                                    .into_any()
                                            }}
                                        </section>
                                    }
                                })
                                .collect_view()}
                            <section class="card-plain" data-testid="home-signed-in">
                                <p class="person-name">
                                    {t!(i18n, home_hello)} " " {account.name} " · " {account.community_name}
                                </p>
                                <p data-testid="home-roles">
                                    {move || {
                                        let names = role_names(i18n.get_locale(), &roles);
                                        if names.is_empty() {
                                            td_string!(i18n.get_locale(), me_no_roles).to_owned()
                                        } else {
                                            names.join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator))
                                        }
                                    }}
                                </p>
                                {(!account.unread.is_empty())
                                    .then(|| {
                                        view! {
                                            <h2>{t!(i18n, home_unread)} " (" {account.unread.len()} ")"</h2>
                                            <ul class="notices" data-testid="home-unread">
                                                {account
                                                    .unread
                                                    .iter()
                                                    .map(|line| {
                                                        view! {
                                                            <li>
                                                                <a href=format!("/notices/{}", line.key)>{line.title.clone()}</a>
                                                                " " <span class="hint">{line.published.clone()}</span>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                                {(!account.deadlines.is_empty())
                                    .then(|| {
                                        view! {
                                            <h2>{t!(i18n, home_deadlines)}</h2>
                                            <ul class="timeline" data-testid="home-deadlines">
                                                {account
                                                    .deadlines
                                                    .iter()
                                                    .map(|duty| {
                                                        let code = duty.deadline.duty;
                                                        view! {
                                                            <li>
                                                                <strong>{duty.deadline.last_day.clone()}</strong> " "
                                                                {move || crate::ui::elections::duty_name(i18n.get_locale(), code)} " · "
                                                                <a href=duty.href.clone()>{duty.title.clone()}</a>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()}
                                            </ul>
                                        }
                                    })}
                                <h2>{t!(i18n, home_you_can)}</h2>
                                <ul class="abilities" data-testid="home-abilities">
                                    {move || {
                                        can.iter()
                                            .filter_map(|action| ability(i18n.get_locale(), *action))
                                            .map(|(href, label)| view! { <li><a href=href>{label}</a></li> })
                                            .collect_view()
                                    }}
                                </ul>
                            </section>
                        }
                    })
            })}
        </Suspense>
    }
}
