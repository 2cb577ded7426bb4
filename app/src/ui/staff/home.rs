//! `/staff`: the community at a glance: how many people are registered, staffing against the
//! ratios (one grid worker per 400 households, one director or deputy per 800), and grids that
//! have outgrown their size.

use super::{Refused, StaffNav};
use crate::api::registry::{AssignGridWorker, staff_office};
use crate::domain::staffing::{GridStatus, Ratio};
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::forms::{PostForm, chosen_or};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn StaffHome() -> impl IntoView {
    let i18n = use_i18n();
    let office = Resource::new(|| (), |_| staff_office());
    view! {
        <StaffNav />
        <h1>{t!(i18n, staff_office)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match office.await {
                    Err(error) => view! { <Refused error /> }.into_any(),
                    Ok(office) => {
                        let staffing = office.staffing;
                        view! {
                            <section class="card-plain" data-testid="office">
                                <p class="person-name">{office.district} " " {office.community_name}</p>
                                <dl class="facts">
                                    <dt>{t!(i18n, staff_households)}</dt>
                                    <dd>{staffing.households}</dd>
                                    <dt>{t!(i18n, staff_registered_people)}</dt>
                                    <dd data-testid="people-count">{office.people}</dd>
                                </dl>
                            </section>
                            <h2>{t!(i18n, staff_staffing)}</h2>
                            <ul class="ratios" data-testid="staffing">
                                <RatioLine
                                    label=t_string!(i18n, staff_grid_workers)
                                    rule=t_string!(i18n, staff_grid_workers_rule)
                                    ratio=staffing.grid_workers
                                />
                                <RatioLine
                                    label=t_string!(i18n, staff_directors)
                                    rule=t_string!(i18n, staff_directors_rule)
                                    ratio=staffing.directors_and_deputies
                                />
                            </ul>
                            <h2>{t!(i18n, staff_grids)}</h2>
                            {if staffing.grids.is_empty() {
                                view! { <p class="empty">{t!(i18n, staff_no_grids)}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="table" data-testid="grids">
                                        <thead>
                                            <tr>
                                                <th>{t!(i18n, field_grid)}</th>
                                                <th>{t!(i18n, staff_households)}</th>
                                                <th>{t!(i18n, staff_grid_worker)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {staffing
                                                .grids
                                                .into_iter()
                                                .map(|grid| {
                                                    let workers = office.grid_workers.clone();
                                                    view! { <GridRow grid workers /> }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }}
                            <ul class="cards">
                                <li>
                                    <a href="/staff/people" class="card">
                                        <strong>{t!(i18n, staff_people)}</strong>
                                        <span>{t!(i18n, staff_people_explained)}</span>
                                    </a>
                                </li>
                                <li>
                                    <a href="/staff/import" class="card">
                                        <strong>{t!(i18n, staff_import)}</strong>
                                        <span>{t!(i18n, staff_import_explained)}</span>
                                    </a>
                                </li>
                                {office
                                    .audit
                                    .then(|| {
                                        view! {
                                            <li>
                                                <a href="/staff/audit" class="card">
                                                    <strong>{t!(i18n, staff_audit)}</strong>
                                                    <span>{t!(i18n, staff_audit_explained)}</span>
                                                </a>
                                            </li>
                                        }
                                    })}
                            </ul>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// A grid: its households, its grid worker, and (for those who may) a form to assign one.
#[component]
fn GridRow(
    grid: GridStatus,
    workers: Vec<(crate::domain::keys::PersonKey, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = grid.load.grid.clone();
    let current = grid.load.worker.clone();
    let warn = grid.too_big || grid.unstaffed;
    view! {
        <tr class:warn=warn data-testid="grid-row">
            <td>{name.clone()}</td>
            <td>
                {grid.load.households}
                {grid.too_big.then(|| view! { " · " {t!(i18n, staff_grid_too_big)} })}
            </td>
            <td>
                {match current.clone() {
                    Some(worker) => view! { <span data-testid="grid-worker">{worker}</span> }.into_any(),
                    None => view! { <span>{t!(i18n, staff_no_grid_worker)}</span> }.into_any(),
                }}
                {(!workers.is_empty())
                    .then(|| {
                        view! {
                            <PostForm action=AssignGridWorker::PATH id=format!("assign-{name}") attr:class="assign-form">
                                <input type="hidden" name="grid" value=name.clone() />
                                <select name="person" aria-label=t_string!(i18n, staff_grid_worker)>
                                    {workers
                                        .into_iter()
                                        .map(|(key, worker)| {
                                            let selected = chosen_or("person", &key, current.as_deref() == Some(worker.as_str()));
                                            view! { <option value=key selected=selected>{worker}</option> }
                                        })
                                        .collect_view()}
                                </select>
                                <button type="submit" class="link-button">{t!(i18n, staff_assign)}</button>
                            </PostForm>
                        }
                    })}
            </td>
        </tr>
    }
}

#[component]
fn RatioLine(label: &'static str, rule: &'static str, ratio: Ratio) -> impl IntoView {
    let i18n = use_i18n();
    let short = ratio.shortfall();
    let warn = short > 0;
    view! {
        <li class:warn=warn>
            <strong>{label}</strong>
            " "
            <span>{ratio.have} " / " {ratio.needed}</span>
            <span class="hint">" (" {rule} ")"</span>
            {(short > 0)
                .then(|| {
                    view! {
                        <span class="shortfall">
                            " " {t!(i18n, staff_short_by)} " " {short}
                        </span>
                    }
                })}
        </li>
    }
}
