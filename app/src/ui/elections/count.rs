//! `/elections/{key}/count`: the officers' count view, to project in the hall once the polls
//! close: the live count (online ballots and confirmed paper sheets), each box's standing, the
//! tally sheet form (each box entered by two officers), and publishing the result.

use super::results::ResultsBody;
use super::{ElectionNav, office_name, standing_name};
use crate::api::elections::ContestView;
use crate::api::elections::paper::EnterTallySheet;
use crate::api::elections::plan::election;
use crate::api::elections::publication::PublishResult;
use crate::api::elections::tally::count_view;
use crate::domain::election::paper::SheetStanding;
use crate::domain::election::polls::Phase;
use crate::i18n::{t, use_i18n};
use crate::ui::errors::Refused;
use crate::ui::forms::{FieldError, PostForm, chosen_or, keep, keep_or};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CountPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let count = Resource::new(key, count_view);
    let contests = Resource::new(key, election);
    view! {
        <ElectionNav key=key() />
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match count.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(count) => {
                        let may_publish = count.may_publish;
                        let results = count.results;
                        let boxes = results.boxes.clone();
                        let complete = results.complete;
                        let published = results.phase == Phase::Published;
                        let contests = contests.await.map(|e| e.contests).unwrap_or_default();
                        view! {
                            <ResultsBody results />
                            <h2>{t!(i18n, el_boxes)}</h2>
                            <ul class="grants" data-testid="boxes">
                                {boxes
                                    .iter()
                                    .map(|b| {
                                        view! {
                                            <li data-testid="box">
                                                <strong>{b.name.clone()}</strong> " · " {t!(i18n, el_handed_out)} " " {b.handed_out} " · "
                                                <span class=if b.standing == Some(SheetStanding::VoidBox) { "badge warn" } else { "badge" } data-testid="box-standing">
                                                    {b.standing.as_ref().map(|s| standing_name(i18n.get_locale_untracked(), s))}
                                                </span>
                                                " " <span class="hint">{b.entered_by.join(crate::i18n::td_string!(i18n.get_locale_untracked(), list_separator))}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                            {(!published)
                                .then(|| {
                                    view! {
                                        <SheetForm key=key() boxes=boxes.clone() contests />
                                        {may_publish.then(|| view! {
                                            <PostForm action=PublishResult::PATH attr:class="stack">
                                                <input type="hidden" name="election" value=key() />
                                                {(!complete).then(|| view! { <p class="hint">{t!(i18n, refusal_sheets_missing)}</p> })}
                                                <button type="submit" class="button big" data-testid="publish-result">{t!(i18n, el_publish_result)}</button>
                                            </PostForm>
                                        })}
                                    }
                                })}
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn SheetForm(
    key: String,
    boxes: Vec<crate::api::elections::PollingPlaceCount>,
    contests: Vec<ContestView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let number = |name: String| {
        let value = keep_or(&name, "0");
        let error = name.clone();
        view! { <input type="number" name=name min="0" inputmode="numeric" value=value /> <FieldError name=error /> }
    };
    view! {
        <h2>{t!(i18n, el_enter_sheet)}</h2>
        <p class="hint">{t!(i18n, el_sheet_hint)}</p>
        <PostForm action=EnterTallySheet::PATH attr:class="stack sheet-form" attr:data-testid="sheet-form">
            <input type="hidden" name="election" value=key />
            <label>
                {t!(i18n, el_box)}
                <select name="place" data-testid="sheet-box">
                    {
                        // The first box still to enter, with ballots handed out, comes chosen:
                        // the order of places says nothing about which box is on the table.
                        let waiting = boxes
                            .iter()
                            .position(|b| b.handed_out > 0 && !matches!(b.standing, Some(SheetStanding::Confirmed | SheetStanding::VoidBox)));
                        boxes
                            .into_iter()
                            .enumerate()
                            .map(|(i, b)| {
                                let selected = chosen_or("place", &b.key, Some(i) == waiting);
                                view! { <option value=b.key selected=selected>{b.name}</option> }
                            })
                            .collect_view()
                    }
                </select>
            </label>
            <label>{t!(i18n, el_in_box)} {number("ballots_in_box".into())}</label>
            <label>{t!(i18n, el_void)} {number("void_ballots".into())}</label>
            <label>{t!(i18n, el_blank)} {number("blank_ballots".into())}</label>
            {contests
                .into_iter()
                .map(|contest| {
                    let office_label = contest.office;
                    let office = contest.office.code();
                    view! {
                        <fieldset class="contest">
                            <legend>{move || office_name(i18n.get_locale(), office_label)}</legend>
                            <label>{t!(i18n, el_void_sections)} {number(format!("counts[void-{office}]"))}</label>
                            {contest
                                .candidates
                                .iter()
                                .map(|c| {
                                    view! {
                                        <div class="sheet-row" data-testid="sheet-candidate">
                                            <strong>{c.name.clone()}</strong>
                                            <label>{t!(i18n, el_mark_for)} {number(format!("counts[for-{}]", c.key))}</label>
                                            <label>{t!(i18n, el_mark_against)} {number(format!("counts[against-{}]", c.key))}</label>
                                            <label>{t!(i18n, el_mark_abstain)} {number(format!("counts[abstain-{}]", c.key))}</label>
                                        </div>
                                    }
                                })
                                .collect_view()}
                            <div class="sheet-row">
                                <label>{t!(i18n, el_write_in)} <input type="text" name=format!("write_in_name[{office}-0]") value=keep(&format!("write_in_name[{office}-0]")) /></label>
                                <label>{t!(i18n, el_mark_for)} {number(format!("write_in_votes[{office}-0]"))}</label>
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
            <button type="submit" class="button" data-testid="enter-sheet">{t!(i18n, el_enter_sheet)}</button>
        </PostForm>
    }
}
