//! `/evaluations/{key}/paper`: the organisers' paper desk. While the round is open, a rater
//! handed an anonymous paper form at a box is recorded here (which shuts their phone out);
//! after the close each box's tally of forms, per subject and grade, is entered here by two
//! officers, and the boxes' standings show. Plain forms: no JavaScript needed.

use super::{RoundNav, grade_name, scale_name};
use crate::api::evaluations::SubjectView;
use crate::api::evaluations::paper::{
    DeskBox, EnterFormTally, HandOutForm, PaperDeskView, count_field, paper_desk,
};
use crate::domain::double_entry::SheetStanding;
use crate::domain::evaluation::round::Phase;
use crate::domain::refusal::Refusal;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::errors::{Refused, refusal_message};
use crate::ui::forms::{FieldError, PostForm, chosen_or, keep_or};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

/// A box's standing in the evaluation's words.
pub(crate) fn box_standing_name(locale: Locale, standing: &SheetStanding) -> &'static str {
    match standing {
        SheetStanding::Missing => td_string!(locale, el_standing_missing),
        SheetStanding::AwaitingSecond => td_string!(locale, el_standing_awaiting_second),
        SheetStanding::Differ => td_string!(locale, el_standing_differ),
        SheetStanding::Confirmed => td_string!(locale, el_standing_confirmed),
        SheetStanding::VoidBox => td_string!(locale, ev_standing_void_box),
    }
}

#[component]
pub fn PaperPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let desk = Resource::new(key, paper_desk);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match desk.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(desk) => view! { <Desk desk /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Desk(desk: PaperDeskView) -> impl IntoView {
    let i18n = use_i18n();
    let key = desk.round.to_string();
    let body = match desk.phase {
        Phase::Preparing => view! { <p class="hint">{t!(i18n, ev_paper_not_open)}</p> }.into_any(),
        // Who is rated in the round neither hands out nor counts its forms: said, not offered.
        Phase::Open | Phase::Closed if !desk.may_count => view! {
            <p class="hint">{move || refusal_message(i18n.get_locale(), Refusal::SubjectMayNotCount)}</p>
        }
            .into_any(),
        Phase::Open => view! { <HandOut key=key.clone() waiting=desk.waiting.clone() /> }.into_any(),
        Phase::Closed if desk.boxes.is_empty() => view! {
            <p class="hint" data-testid="no-boxes">{t!(i18n, ev_no_paper)}</p>
        }
            .into_any(),
        Phase::Closed => view! {
            <TallyForm key=key.clone() boxes=desk.boxes.clone() subjects=desk.subjects.clone() />
            <p><a href=format!("/evaluations/{key}/projection") class="button secondary" data-testid="projection-link">{t!(i18n, ev_projection)}</a></p>
        }
            .into_any(),
    };
    view! {
        <RoundNav key=key.clone() phase=desk.phase />
        <h1 data-testid="paper-title">{desk.period.clone()} " " {t!(i18n, ev_paper_desk)}</h1>
        <p class="lead">{t!(i18n, ev_paper_intro)}</p>
        {body}
        <Boxes boxes=desk.boxes />
    }
}

#[component]
fn HandOut(key: String, waiting: Vec<(crate::domain::keys::PersonKey, String)>) -> impl IntoView {
    let i18n = use_i18n();
    if waiting.is_empty() {
        return view! { <p class="hint" data-testid="none-waiting">{t!(i18n, ev_none_waiting)}</p> }
            .into_any();
    }
    view! {
        <h2>{t!(i18n, ev_hand_out_title)}</h2>
        <p class="hint">{t!(i18n, ev_hand_out_hint)}</p>
        <PostForm action=HandOutForm::PATH attr:class="stack" attr:data-testid="hand-out-form">
            <input type="hidden" name="round" value=key />
            <label>
                {t!(i18n, ev_rater)}
                <select name="rater" required data-testid="hand-out-rater">
                    {waiting
                        .into_iter()
                        .map(|(person, name)| {
                            let selected = chosen_or("rater", person.as_str(), false);
                            view! { <option value=person.to_string() selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
                <FieldError name="rater" />
            </label>
            <label>
                {t!(i18n, ev_box_number)}
                <input type="text" name="paper_box" inputmode="numeric" required value=keep_or("paper_box", "1") data-testid="hand-out-box" />
                <FieldError name="paper_box" />
            </label>
            <button type="submit" class="button" data-testid="hand-out">{t!(i18n, ev_hand_out)}</button>
        </PostForm>
    }
        .into_any()
}

#[component]
fn Boxes(boxes: Vec<DeskBox>) -> impl IntoView {
    let i18n = use_i18n();
    if boxes.is_empty() {
        return None;
    }
    Some(view! {
        <h2>{t!(i18n, ev_boxes)}</h2>
        <ul class="grants" data-testid="paper-boxes">
            {boxes
                .into_iter()
                .map(|b| {
                    let standing = b.standing.clone();
                    let warn = matches!(standing, SheetStanding::VoidBox | SheetStanding::Differ);
                    let entered = b.entered_by.join(td_string!(i18n.get_locale_untracked(), list_separator));
                    view! {
                        <li data-testid="paper-box">
                            <strong>{t!(i18n, ev_box)} " " {b.paper_box}</strong>
                            " · " {t!(i18n, ev_handed_out)} " " {b.handed_out} " · "
                            <span class=if warn { "badge warn" } else { "badge" } data-testid="box-standing">
                                {move || box_standing_name(i18n.get_locale(), &standing)}
                            </span>
                            " " <span class="hint">{entered}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    })
}

#[component]
fn TallyForm(key: String, boxes: Vec<DeskBox>, subjects: Vec<SubjectView>) -> impl IntoView {
    let i18n = use_i18n();
    let number = |name: String| {
        let value = keep_or(&name, "0");
        let error = name.clone();
        view! { <input type="text" name=name inputmode="numeric" value=value /> <FieldError name=error /> }
    };
    // The first box still to enter comes chosen.
    let waiting = boxes.iter().position(|b| !b.standing.settled());
    view! {
        <h2>{t!(i18n, ev_enter_tally)}</h2>
        <p class="hint">{t!(i18n, ev_tally_hint)}</p>
        <PostForm action=EnterFormTally::PATH attr:class="stack sheet-form" attr:data-testid="tally-form">
            <input type="hidden" name="round" value=key />
            <label>
                {t!(i18n, ev_box_number)}
                <select name="paper_box" data-testid="tally-box">
                    {boxes
                        .into_iter()
                        .enumerate()
                        .map(|(i, b)| {
                            let value = b.paper_box.to_string();
                            let selected = chosen_or("paper_box", &value, Some(i) == waiting);
                            view! { <option value=value.clone() selected=selected>{t!(i18n, ev_box)} " " {value.clone()}</option> }
                        })
                        .collect_view()}
                </select>
                <FieldError name="paper_box" />
            </label>
            <label>{t!(i18n, ev_forms_in_box)} {number("forms_in_box".into())}</label>
            <label>{t!(i18n, ev_void_forms)} {number("void_forms".into())}</label>
            {subjects
                .into_iter()
                .map(|subject| {
                    let scale = subject.scale;
                    view! {
                        <fieldset class="contest" data-testid="tally-subject">
                            <legend><strong>{subject.name.clone()}</strong> " " <span class="hint">{move || scale_name(i18n.get_locale(), scale)}</span></legend>
                            <div class="sheet-row">
                                {scale
                                    .grades()
                                    .iter()
                                    .copied()
                                    .map(|grade| view! {
                                        <label>{move || grade_name(i18n.get_locale(), grade)} {number(count_field(&subject.person, grade.code()))}</label>
                                    })
                                    .collect_view()}
                                <label>{t!(i18n, ev_unmarked)} {number(count_field(&subject.person, "unmarked"))}</label>
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
            <button type="submit" class="button" data-testid="enter-tally">{t!(i18n, ev_enter_tally)}</button>
        </PostForm>
    }
}
