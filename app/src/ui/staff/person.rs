//! `/staff/people/{key}`: one person's record: where they live, the roles they hold (ended ones
//! too), and what the caller may do: grant or end a role, hand out an invitation, or issue a
//! recovery invitation when they lost their passkeys.

use super::sheet::Card;
use super::{Refused, StaffNav};
use crate::api::invitations::{IssueInvitation, IssueRecoveryInvitation};
use crate::api::registry::{EndRole, GrantRole, GrantView, PersonFile, person_record};
use crate::domain::keys::PersonKey;
use crate::domain::roles::Role;
use crate::i18n::{t, use_i18n};
use crate::ui::forms::{FieldError, PostForm, chosen_or, keep, kept_form};
use crate::ui::roles::{role_name, role_names};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let record = Resource::new(key, person_record);
    view! {
        <StaffNav />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match record.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(file) => view! { <File file /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn File(file: PersonFile) -> impl IntoView {
    let i18n = use_i18n();
    let person = file.person;
    let key = person.key.clone();
    let category = person.category;
    let fact = |value: Option<String>| value.unwrap_or_else(|| "—".to_owned());
    view! {
        <h1 data-testid="person-name">{person.name.clone()}</h1>
        <dl class="facts">
            <dt>{t!(i18n, field_birth_date)}</dt>
            <dd>{fact(person.birth_date.map(|day| day.to_string()))}</dd>
            <dt>{t!(i18n, field_household)}</dt>
            <dd>{fact(person.household.clone())}</dd>
            <dt>{t!(i18n, field_grid)}</dt>
            <dd>{fact(person.grid.clone())}</dd>
            <dt>{t!(i18n, field_residents_group)}</dt>
            <dd>{fact(person.residents_group.clone())}</dd>
            <dt>{t!(i18n, field_category)}</dt>
            <dd>{move || super::people::category_name(i18n.get_locale(), category)}</dd>
            <dt>{t!(i18n, staff_passkey)}</dt>
            <dd data-testid="person-enrolled">
                {if person.enrolled { t!(i18n, staff_enrolled).into_any() } else { t!(i18n, staff_not_enrolled).into_any() }}
            </dd>
        </dl>
        <h2>{t!(i18n, staff_roles)}</h2>
        <Grants grants=file.grants person=key.clone() />
        {(!file.grantable.is_empty())
            .then(|| view! { <GrantForm person=key.clone() roles=file.grantable.clone() /> })}
        {file.can_invite.then(|| view! { <InviteForm person=key.clone() roles=file.grantable.clone() /> })}
        {file.can_recover.then(|| view! { <RecoveryForm person=key.clone() /> })}
    }
}

#[component]
fn Grants(grants: Vec<GrantView>, person: PersonKey) -> impl IntoView {
    let i18n = use_i18n();
    if grants.is_empty() {
        return view! { <p class="empty">{t!(i18n, me_no_roles)}</p> }.into_any();
    }
    view! {
        <ul class="grants" data-testid="grants">
            {grants
                .into_iter()
                .map(|grant| {
                    let person = person.clone();
                    let role = grant.role;
                    let term = term_text(grant.from, grant.until);
                    view! {
                        <li class:ended=!grant.in_force>
                            <strong>{move || role_names(i18n.get_locale(), std::slice::from_ref(&role)).join("")}</strong>
                            " "
                            <span class="hint">{term}</span>
                            {grant
                                .can_end
                                .then(|| {
                                    view! {
                                        <PostForm action=EndRole::PATH id=format!("end-{}", grant.key) attr:class="inline-form">
                                            <input type="hidden" name="person" value=person />
                                            <input type="hidden" name="grant" value=grant.key.clone() />
                                            <button type="submit" class="link-button" data-testid="end-role">
                                                {t!(i18n, staff_end_role)}
                                            </button>
                                        </PostForm>
                                    }
                                })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// The roles offered in a form, by name.
fn role_options(roles: Vec<Role>, chosen: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    roles
        .into_iter()
        .map(move |role| {
            view! {
                <option value=role.code() selected=chosen_or("role", role.code(), role.code() == chosen)>
                    {move || role_name(i18n.get_locale(), role)}
                </option>
            }
        })
        .collect_view()
}

#[component]
fn GrantForm(person: PersonKey, roles: Vec<Role>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{t!(i18n, staff_grant_role)}</h2>
        <PostForm action=GrantRole::PATH attr:class="stack" attr:data-testid="grant-form">
            <input type="hidden" name="person" value=person />
            <label>
                {t!(i18n, field_role)}
                <select name="role">{role_options(roles, "")}</select>
            </label>
            <label>
                {t!(i18n, staff_from)}
                <input type="date" name="from" value=keep("from") /> <FieldError name="from" />
            </label>
            <label>
                {t!(i18n, staff_until)}
                <input type="date" name="until" value=keep("until") /> <FieldError name="until" />
            </label>
            <p class="hint">{t!(i18n, staff_term_hint)}</p>
            <button type="submit" class="button">{t!(i18n, staff_grant_role)}</button>
        </PostForm>
    }
}

#[component]
fn InviteForm(person: PersonKey, roles: Vec<Role>) -> impl IntoView {
    let i18n = use_i18n();
    // Anyone may be invited as a resident; the caller's grantable roles are offered too.
    let mut offered = vec![Role::Resident];
    offered.extend(roles.into_iter().filter(|r| *r != Role::Resident));
    view! {
        <h2>{t!(i18n, staff_invite)}</h2>
        <PostForm action=IssueInvitation::PATH show=true attr:class="stack no-print" attr:data-testid="invite-form">
            <input type="hidden" name="person" value=person />
            <label>
                {t!(i18n, field_role)}
                <select name="role">{role_options(offered, "resident")}</select>
            </label>
            <button type="submit" class="button">{t!(i18n, staff_issue_invitation)}</button>
        </PostForm>
        {issued(IssueInvitation::PATH)}
    }
}

/// The card a form just issued, shown once.
fn issued(form: &str) -> Option<impl IntoView + use<>> {
    kept_form(form)
        .and_then(|kept| kept.answer::<crate::api::invitations::InvitationCard>())
        .map(|card| view! { <Card card /> })
}

#[component]
fn RecoveryForm(person: PersonKey) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2>{t!(i18n, staff_recovery)}</h2>
        <p class="hint">{t!(i18n, staff_recovery_explained)}</p>
        <PostForm action=IssueRecoveryInvitation::PATH show=true attr:class="stack no-print" attr:data-testid="recovery-form">
            <input type="hidden" name="person" value=person />
            <button type="submit" class="button secondary">{t!(i18n, staff_issue_recovery)}</button>
        </PostForm>
        {issued(IssueRecoveryInvitation::PATH)}
    }
}

/// A grant's term as the record lists it: `from – until`, with nothing after the dash when it
/// has no end (never a default day: the 2026-12-07 review saw open grants end "1970-01-01").
fn term_text(from: chrono::NaiveDate, until: Option<chrono::NaiveDate>) -> String {
    match until {
        Some(until) => format!("{from} – {until}"),
        None => format!("{from} – "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue18_review_an_open_ended_grant_shows_no_end_day() {
        let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 3, d).expect("day");
        assert_eq!(term_text(day(1), None), "2026-03-01 – ");
        assert_eq!(term_text(day(1), Some(day(31))), "2026-03-01 – 2026-03-31");
    }
}
