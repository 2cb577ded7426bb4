//! `/evaluations/{key}/rate`: the rating sheet. Every subject on one page, one grade each on
//! their scale and an optional comment; the button asks the server for the review, which shows
//! the sheet as it will be kept, and rating from there answers with the tracker. A plain form
//! throughout: it works without JavaScript, and a refused sheet comes back as it was filled in.

use super::{RoundNav, grade_name, scale_name};
use crate::api::evaluations::SubjectView;
use crate::api::evaluations::rating::{Rate, RatingForm, rating_page, sheet_field};
use crate::domain::evaluation::round::Phase;
use crate::domain::evaluation::scale::Grade;
use crate::i18n::{t, td_string, use_i18n};
use crate::ui::errors::{Refused, refusal_message};
use crate::ui::forms::{FieldError, KeptForm, PostForm, STAY_FIELD, chosen_or, keep, kept_form};
use crate::ui::roles::role_names;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

/// The `_stay` value of the review button.
const REVIEW: &str = "review";

#[component]
pub fn RatePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let page = Resource::new(key, rating_page);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Err(error) => view! { <Refused error heading=true /> }.into_any(),
                    Ok(form) => view! { <Sheet form /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Sheet(form: RatingForm) -> impl IntoView {
    let i18n = use_i18n();
    let kept = kept_form(Rate::PATH);
    let key = form.round.to_string();
    let tracker = kept.as_ref().and_then(KeptForm::answer::<String>);
    let nav = view! { <RoundNav key=key.clone() phase=Phase::Open /> };
    let period = form.period.clone();
    let body = if let Some(tracker) = tracker {
        view! {
            <section class="card" data-testid="rated">
                <h2 class="success">{t!(i18n, ev_rated_title)}</h2>
                <p>{t!(i18n, ev_tracker_intro)}</p>
                <p class="tracker" data-testid="tracker">{tracker}</p>
                <p class="hint">{t!(i18n, ev_tracker_hint)}</p>
                <p><a href=format!("/evaluations/{key}") class="button secondary">{t!(i18n, ev_round_page)}</a></p>
            </section>
        }
            .into_any()
    } else if let Some(refusal) = form.cannot_rate {
        // A form handed out in their name is said as such, not as "you have rated": they may
        // never have had it (the 2026-12-08 review).
        let said = match form.handout.clone() {
            Some((paper_box, at, by)) => view! {
                <p class="card" role="alert" data-testid="handout-note">
                    {t!(i18n, ev_handout_note)} " " {at} " · " {t!(i18n, ev_box)} " " {paper_box} " · " {by}
                </p>
            }
                .into_any(),
            None => view! {
                <p class="form-error" role="alert" data-testid="cannot-rate">{move || refusal_message(i18n.get_locale(), refusal)}</p>
            }
                .into_any(),
        };
        view! {
            {said}
            <p><a href=format!("/evaluations/{key}") class="button secondary">{t!(i18n, ev_round_page)}</a></p>
        }
            .into_any()
    } else {
        match kept.filter(|k| k.stay.as_deref() == Some(REVIEW) && k.error.is_none()) {
            Some(kept) => view! { <Review form kept /> }.into_any(),
            None => view! { <Filling form /> }.into_any(),
        }
    };
    view! {
        {nav}
        <h1 data-testid="rate-title">{period} " " {t!(i18n, ev_rating_sheet)}</h1>
        {body}
    }
}

#[component]
fn Filling(form: RatingForm) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="lead">{t!(i18n, ev_sheet_intro)}</p>
        <PostForm action=Rate::PATH show=true beside_only=true attr:class="ballot" attr:data-testid="sheet">
            <input type="hidden" name="round" value=form.round.to_string() />
            <FieldError name="subject" />
            {form.subjects.iter().cloned().map(|subject| view! { <SubjectGrades subject /> }).collect_view()}
            <button type="submit" name=STAY_FIELD value=REVIEW class="button big" data-testid="review-button">
                {t!(i18n, ev_review_button)}
            </button>
        </PostForm>
    }
}

#[component]
fn SubjectGrades(subject: SubjectView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let grade_field = sheet_field("grades", &subject.person);
    let comment_field = sheet_field("comments", &subject.person);
    let posts = role_names(locale, &subject.posts).join(td_string!(locale, list_separator));
    let scale = subject.scale;
    view! {
        <fieldset class="contest" data-testid="sheet-subject">
            <legend>
                <strong>{subject.name.clone()}</strong> " " <span class="hint">{posts}</span>
            </legend>
            <p class="hint">{move || scale_name(i18n.get_locale(), scale)}</p>
            <FieldError name=format!("grade[{}]", subject.person) />
            <div class="grades">
                {scale
                    .grades()
                    .iter()
                    .copied()
                    .map(|grade| {
                        let checked = chosen_or(&grade_field, grade.code(), false);
                        view! {
                            <label class="mark">
                                <input type="radio" name=grade_field.clone() value=grade.code() checked=checked required />
                                <span>{move || grade_name(i18n.get_locale(), grade)}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <label>
                {t!(i18n, ev_comment)}
                <textarea name=comment_field.clone() rows="2" maxlength="500">{keep(&comment_field)}</textarea>
            </label>
            <FieldError name=format!("comment[{}]", subject.person) />
        </fieldset>
    }
}

#[component]
fn Review(form: RatingForm, kept: KeptForm) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PostForm action=Rate::PATH show=true beside_only=true attr:class="ballot" attr:data-testid="sheet">
            <div class="review" data-testid="review">
                <h2>{t!(i18n, ev_review)}</h2>
                <ul>
                    {form
                        .subjects
                        .iter()
                        .map(|subject| {
                            let grade = kept
                                .value(&sheet_field("grades", &subject.person))
                                .and_then(Grade::parse);
                            let comment = kept
                                .value(&sheet_field("comments", &subject.person))
                                .map(str::trim)
                                .filter(|c| !c.is_empty())
                                .map(str::to_owned);
                            let (class, text) = match grade {
                                Some(grade) => ("ok", grade_name(i18n.get_locale_untracked(), grade)),
                                None => ("void", td_string!(i18n.get_locale_untracked(), ev_no_grade)),
                            };
                            view! {
                                <li class=class data-testid="review-subject">
                                    <strong>{subject.name.clone()}</strong> " " {text}
                                    {comment.map(|c| view! { <br /> <span class="hint">{c}</span> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <p class="hint">{t!(i18n, ev_review_hint)}</p>
            </div>
            {kept
                .fields
                .iter()
                .map(|(name, value)| view! { <input type="hidden" name=name.clone() value=value.clone() /> })
                .collect_view()}
            <button type="submit" class="button big" data-testid="submit-rating">{t!(i18n, ev_submit)}</button>
            <button type="submit" name=STAY_FIELD value="change" class="button secondary" data-testid="change">{t!(i18n, ev_change)}</button>
        </PostForm>
    }
}
