//! Invitations on paper. `Card` is one invitation as handed over: the person's name, the QR
//! code of the link, the code to type and the last day it works. `/staff/sheet` issues cards
//! for everyone a people search finds who has not joined yet and lays them out eight to an A4
//! page for printing (style/main.css, `@media print`).

use super::people::{filter_from_query, query_string};
use super::{StaffGate, StaffNav};
use crate::api::invitations::{InvitationCard, IssueInvitationSheet, SHEET_MAX};
use crate::i18n::{t, use_i18n};
use crate::ui::forms::{PostForm, kept_form};
use crate::ui::roles::role_names;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn Card(card: InvitationCard) -> impl IntoView {
    let i18n = use_i18n();
    let roles: Vec<crate::domain::roles::Role> = card.role.into_iter().collect();
    let place = [card.household.clone(), card.grid.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <article class="invitation-card" data-testid="invitation-card">
            <header>
                <strong class="card-name">{card.name}</strong>
                <span class="hint">{place}</span>
            </header>
            <div class="qr" inner_html=card.qr_svg></div>
            <p class="card-title">
                {if card.recovery {
                    t!(i18n, staff_card_recovery).into_any()
                } else {
                    view! { {t!(i18n, staff_card_title)} " · " {move || role_names(i18n.get_locale(), &roles).join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator))} }.into_any()
                }}
            </p>
            <p class="card-steps">{t!(i18n, staff_card_steps)}</p>
            <p class="card-code" data-testid="invitation-code">{card.code}</p>
            <p class="card-link" data-testid="invitation-link">{card.link}</p>
            <p class="hint">{t!(i18n, staff_card_valid_until)} " " {card.expires}</p>
        </article>
    }
}

#[component]
pub fn Sheet() -> impl IntoView {
    let i18n = use_i18n();
    let filter = filter_from_query();
    let cards = StoredValue::new(
        kept_form(IssueInvitationSheet::PATH).and_then(|kept| kept.answer::<Vec<InvitationCard>>()),
    );
    let back = move || format!("/staff/people?{}", query_string(&filter.get(), None));
    view! {
        <StaffNav />
        <h1 class="no-print">{t!(i18n, staff_print_invitations)}</h1>
        <StaffGate>
        <p class="hint no-print">{t!(i18n, staff_sheet_explained)} " " {SHEET_MAX}</p>
        <PostForm action=IssueInvitationSheet::PATH show=true attr:class="stack no-print" attr:data-testid="sheet-form">
            {{
                let f = filter.get_untracked();
                view! {
                    <input type="hidden" name="filter[q]" value=f.q />
                    <input type="hidden" name="filter[grid]" value=f.grid />
                    <input type="hidden" name="filter[group]" value=f.group />
                    <input type="hidden" name="filter[category]" value=f.category />
                    <input type="hidden" name="filter[role]" value=f.role />
                    <input type="hidden" name="filter[page]" value="" />
                }
            }}
            <input type="hidden" name="role" value="resident" />
            <button type="submit" class="button">{t!(i18n, staff_issue_sheet)}</button>
            <a href=back>{t!(i18n, staff_back_to_people)}</a>
        </PostForm>
        {{
            cards
                .get_value()
                .map(|cards| {
                    if cards.is_empty() {
                        view! { <p class="empty" data-testid="sheet-empty">{t!(i18n, staff_sheet_empty)}</p> }.into_any()
                    } else {
                        let count = cards.len();
                        view! {
                            <p class="no-print" data-testid="sheet-count">
                                {t!(i18n, staff_sheet_issued)} " " {count} " "
                                <crate::ui::print::PrintButton label=crate::i18n::td_string!(i18n.get_locale_untracked(), staff_print).to_owned() />
                            </p>
                            <div class="sheet" data-testid="sheet">
                                {cards.into_iter().map(|card| view! { <Card card /> }).collect_view()}
                            </div>
                        }
                            .into_any()
                    }
                })
        }}
        </StaffGate>
    }
}
