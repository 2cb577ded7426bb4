//! `/staff/people`: the registry, searched by name or household number and filtered by grid,
//! residents' group, category and role. The filters are a plain GET form, so a search is a
//! link staff can bookmark; the same filters print a sheet of invitations.

use super::{Refused, StaffNav};
use crate::api::registry::{PeopleFilterInput, PersonView, people};
use crate::domain::registry::Category;
use crate::domain::roles::Role;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::forms::FieldError;
use crate::ui::roles::{role_name, role_names};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The filters as they stand in the page's query string.
pub(super) fn filter_from_query() -> Memo<PeopleFilterInput> {
    let query = use_query_map();
    Memo::new(move |_| {
        let query = query.read();
        let get = |name: &str| query.get(name).unwrap_or_default();
        PeopleFilterInput {
            q: get("q"),
            grid: get("grid"),
            group: get("group"),
            category: get("category"),
            role: get("role"),
            page: get("page"),
        }
    })
}

/// The query string of a filter, for links to other pages of it.
pub(super) fn query_string(filter: &PeopleFilterInput, page: Option<u32>) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in [
        ("q", &filter.q),
        ("grid", &filter.grid),
        ("group", &filter.group),
        ("category", &filter.category),
        ("role", &filter.role),
    ] {
        if !value.is_empty() {
            url.append_pair(name, value);
        }
    }
    if let Some(page) = page {
        url.append_pair("page", &page.to_string());
    }
    url.finish()
}

#[component]
pub fn People() -> impl IntoView {
    let i18n = use_i18n();
    let filter = filter_from_query();
    let found = Resource::new(move || filter.get(), people);
    view! {
        <StaffNav />
        <h1>{t!(i18n, staff_people)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match found.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(view_of) => {
                        let current = filter.get_untracked();
                        let sheet_link = format!("/staff/sheet?{}", query_string(&current, None));
                        let pages = view_of.pages;
                        let page = view_of.page;
                        let link = {
                            let current = current.clone();
                            move |page: u32| {
                                format!("/staff/people?{}", query_string(&current, Some(page)))
                            }
                        };
                        view! {
                            <Filters current=current.clone() grids=view_of.grids groups=view_of.groups />
                            <p class="hint" data-testid="people-total">
                                {t!(i18n, staff_found)} " " {view_of.total}
                            </p>
                            <ul class="people" data-testid="people">
                                {view_of.people.into_iter().map(|person| view! { <PersonLine person /> }).collect_view()}
                            </ul>
                            <nav class="pager">
                                {(page > 1)
                                    .then(|| view! { <a href=link(page - 1)>{t!(i18n, staff_previous)}</a> })}
                                <span>{page} " / " {pages}</span>
                                {(page < pages)
                                    .then(|| view! { <a href=link(page + 1)>{t!(i18n, staff_next)}</a> })}
                            </nav>
                            <p>
                                <a href=sheet_link class="button secondary" data-testid="print-sheet">
                                    {t!(i18n, staff_print_invitations)}
                                </a>
                            </p>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Filters(current: PeopleFilterInput, grids: Vec<String>, groups: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let options = |values: Vec<String>, chosen: String| {
        values
            .into_iter()
            .map(|value| {
                let selected = value == chosen;
                view! { <option value=value.clone() selected=selected>{value.clone()}</option> }
            })
            .collect_view()
    };
    let category = current.category.clone();
    let role = current.role.clone();
    view! {
        <form method="get" action="/staff/people" class="filters" role="search">
            <input
                type="search"
                name="q"
                value=current.q.clone()
                maxlength="40"
                placeholder=move || t_string!(i18n, staff_search_placeholder)
                aria-label=move || t_string!(i18n, staff_search_placeholder)
                data-testid="people-search"
            /> <FieldError name="q" />
            <select name="grid" aria-label=move || t_string!(i18n, field_grid)>
                <option value="">{t!(i18n, field_grid)}</option>
                {options(grids, current.grid.clone())}
            </select>
            <select name="group" aria-label=move || t_string!(i18n, field_residents_group)>
                <option value="">{t!(i18n, field_residents_group)}</option>
                {options(groups, current.group.clone())}
            </select>
            <select name="category" aria-label=move || t_string!(i18n, field_category)>
                <option value="">{t!(i18n, field_category)}</option>
                {[Category::Registered, Category::Permanent, Category::Worker]
                    .into_iter()
                    .map(|kind| {
                        let code = kind.code();
                        let selected = category == code;
                        view! {
                            <option value=code selected=selected>
                                {move || category_name(i18n.get_locale(), kind)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <select name="role" aria-label=move || t_string!(i18n, field_role)>
                <option value="">{t!(i18n, field_role)}</option>
                {Role::ALL
                    .iter()
                    .copied()
                    .map(|r| {
                        let selected = role == r.code();
                        view! {
                            <option value=r.code() selected=selected>
                                {move || role_name(i18n.get_locale(), r)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class="button">{t!(i18n, staff_search)}</button>
        </form>
    }
}

/// A category's name in the visitor's language.
pub(super) fn category_name(
    locale: crate::i18n::Locale,
    category: crate::domain::registry::Category,
) -> &'static str {
    use crate::domain::registry::Category;
    use crate::i18n::td_string;
    match category {
        Category::Registered => td_string!(locale, category_registered),
        Category::Permanent => td_string!(locale, category_permanent),
        Category::Worker => td_string!(locale, category_worker),
    }
}

#[component]
fn PersonLine(person: PersonView) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/staff/people/{}", person.key);
    let roles = person.roles.clone();
    let places = [
        person.household.clone(),
        person.grid.clone(),
        person.residents_group.clone(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li>
            <a href=href class="person-line">
                <strong>{person.name}</strong>
                <span class="hint">{places}</span>
                <span class="hint">{move || role_names(i18n.get_locale(), &roles).join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator))}</span>
                <span class=if person.enrolled { "badge ok" } else { "badge" }>
                    {move || {
                        if person.enrolled {
                            t_string!(i18n, staff_enrolled)
                        } else {
                            t_string!(i18n, staff_not_enrolled)
                        }
                    }}
                </span>
            </a>
        </li>
    }
}
