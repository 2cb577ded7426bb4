//! Forms that change something: plain HTML forms, posted to the page they sit on, so each
//! works without JavaScript (issue 17; DESIGN.md "Progressive enhancement").
//!
//! A [`PostForm`] names the server function it calls in a hidden field. The server
//! (`gongshang_server::form_posts`) calls that function; on success it sends the browser back
//! to the page (or where the function sends it), on a refusal it renders the same page again
//! with a [`KeptForm`] in context: the form shows the reason at its top and every field what
//! was typed. Nothing typed is stored or put in an address on the way: a ballot's marks only
//! ever travel in the request and the page answering it: a "show" form's answer (a new
//! invitation's code, see [`SHOW_FIELD`]) is rendered on the page answering the post, never
//! kept for a later page load, so no code is ever stored in the clear.

use crate::AppError;
use crate::i18n::{Locale, td_string, use_i18n};
use crate::ui::errors::ErrorLine;
use leptos::prelude::*;

/// Hidden field: the path of the server function a form calls (`ServerFn::PATH`).
pub const FN_FIELD: &str = "_fn";
/// Hidden field: which form of the page was posted, when several call the same function
/// (one "withdraw" per committee member).
pub const FORM_FIELD: &str = "_form";
/// A submit button with this name asks for the page again with what was typed, without
/// calling the function: the ballot's review step and its way back to change a mark.
pub const STAY_FIELD: &str = "_stay";
/// Hidden field of a form whose function answers something to show once (a new invitation's
/// code): the page is rendered with the answer instead of the browser being sent back to it.
pub const SHOW_FIELD: &str = "_show";

/// Query parameter naming the server function (its endpoint) a plain form post just ran; the
/// page says so at its top ([`Done`]).
pub const DONE_PARAM: &str = "done";

/// A posted form the page shows again: refused (`error`), or asked to stay (`stay`, the
/// value of the [`STAY_FIELD`] button pressed).
#[derive(Debug, Clone, PartialEq)]
pub struct KeptForm {
    /// The form's id (its [`FORM_FIELD`]).
    pub form: String,
    /// Every field as posted, hidden ones included, in order.
    pub fields: Vec<(String, String)>,
    /// Why the function refused, if it did.
    pub error: Option<AppError>,
    /// The [`STAY_FIELD`] button pressed, if any.
    pub stay: Option<String>,
    /// What the function answered (JSON), for a form with [`SHOW_FIELD`] that succeeded.
    pub answer: Option<String>,
}

impl KeptForm {
    /// The first value posted for `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// The function's answer, decoded, for a form with [`SHOW_FIELD`] that succeeded.
    pub fn answer<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self.answer.as_deref()?).ok()
    }

    /// Whether `name` was posted with `value` (a ticked box, a chosen radio or option).
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.fields
            .iter()
            .any(|(field, posted)| field == name && posted == value)
    }
}

/// The kept form of the form being rendered (inside a [`PostForm`]), if the page is
/// answering its post.
#[derive(Debug, Clone)]
struct FormScope(Option<KeptForm>);

/// The kept form for the form with id `form`, if this page answers its post.
pub fn kept_form(form: &str) -> Option<KeptForm> {
    use_context::<KeptForm>().filter(|kept| kept.form == form)
}

fn scope() -> Option<KeptForm> {
    use_context::<FormScope>().and_then(|scope| scope.0)
}

/// What is wrong with field `name` when `kept` came back refused for it, in the visitor's
/// language: the words for the problem, or the refusal's own message.
pub fn field_problem(locale: Locale, kept: Option<&KeptForm>, name: &str) -> Option<String> {
    let error = kept.and_then(|kept| kept.error.as_ref())?;
    let reason = error.problem_of(name)?;
    Some(
        crate::ui::errors::problem_words(locale, reason)
            .unwrap_or_else(|| crate::ui::errors::error_message(locale, error))
            .to_owned(),
    )
}

/// Beside a field of the enclosing [`PostForm`]: what is wrong with it, when the form came back
/// refused for it (the brief: "the reason beside the field"; issue 16, item 1). `name` is the
/// field as the server function names it in its refusal.
#[component]
pub fn FieldError(#[prop(into)] name: String) -> impl IntoView {
    let i18n = use_i18n();
    field_problem(i18n.get_locale_untracked(), scope().as_ref(), &name).map(|problem| {
        view! { <span class="field-error" role="alert" data-testid="field-error">{problem}</span> }
    })
}

/// What was typed into field `name` of the enclosing [`PostForm`], for an input's `value` or a
/// textarea's text; `None` on a fresh page.
pub fn keep(name: &str) -> Option<String> {
    scope().and_then(|kept| kept.value(name).map(str::to_owned))
}

/// What was typed into `name`, or `initial` on a fresh page (a form showing current values).
pub fn keep_or(name: &str, initial: impl Into<String>) -> String {
    match scope() {
        Some(kept) => kept.value(name).unwrap_or_default().to_owned(),
        None => initial.into(),
    }
}

/// Whether a box, radio or option (`name` = `value`) is chosen: as posted, or `initial` on a
/// fresh page.
pub fn chosen_or(name: &str, value: &str, initial: bool) -> bool {
    match scope() {
        Some(kept) => kept.has(name, value),
        None => initial,
    }
}

/// A form posting to its own page. `action` is the server function's path (`S::PATH`); `id`
/// tells apart forms calling the same function on one page. Attributes given as `attr:…`
/// land on the `<form>`. A refusal is shown at the top of the form, in the visitor's
/// language (`beside_only`: only beside what it is about, and at the top of the page).
/// `show`: the page shows what the function answered (see [`SHOW_FIELD`]).
#[component]
pub fn PostForm(
    action: &'static str,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional)] show: bool,
    // The form's refusal is said beside what it is about and at the top of the page, not again
    // at the top of the form: the ballot, whose form is the page.
    #[prop(optional)] beside_only: bool,
    children: Children,
) -> impl IntoView {
    let form = id.unwrap_or_else(|| action.to_owned());
    let kept = kept_form(&form);
    let error = kept
        .as_ref()
        .and_then(|kept| kept.error.clone())
        .filter(|_| !beside_only);
    // Components share their parent's owner, so the scope is set for the children alone and
    // cleared before any form after this one is built.
    provide_context(FormScope(kept));
    let fields = children();
    provide_context(FormScope(None));
    view! {
        <form method="post">
            <input type="hidden" name=FN_FIELD value=action />
            <input type="hidden" name=FORM_FIELD value=form />
            {show.then(|| view! { <input type="hidden" name=SHOW_FIELD value="yes" /> })}
            {error.map(|error| view! { <ErrorLine error /> })}
            {fields}
        </form>
    }
}

/// What the page says after a plain form post succeeded (issue 16, item 7): the function's
/// own words where it has them, "done" for the other functions that change something, and
/// nothing for the preference switches (their effect is the page itself) or a name that is
/// no such function (a crafted link must not claim something was done).
pub fn done_message(locale: Locale, endpoint: &str) -> Option<&'static str> {
    Some(match endpoint {
        "set_community_rules" => td_string!(locale, staff_rules_saved),
        "file_objection" => td_string!(locale, el_object_filed),
        "dispute_paper_handout" => td_string!(locale, el_dispute_sent),
        "publish_result" => td_string!(locale, done_publish_result),
        "confirm_poll_step" => td_string!(locale, done_confirm_poll_step),
        "enter_tally_sheet" => td_string!(locale, done_enter_tally_sheet),
        "hand_out_paper" => td_string!(locale, done_hand_out_paper),
        "hand_out_form" => td_string!(locale, done_hand_out_form),
        "enter_form_tally" => td_string!(locale, done_enter_form_tally),
        "publish_roll" => td_string!(locale, done_publish_roll),
        "publish_candidates" => td_string!(locale, done_publish_candidates),
        "grant_role" => td_string!(locale, done_grant_role),
        "end_role" => td_string!(locale, done_end_role),
        "sign_out" => td_string!(locale, done_sign_out),
        "sign_out_everywhere" => td_string!(locale, done_sign_out_everywhere),
        "take_down_notice" => td_string!(locale, done_take_down_notice),
        "publish_notice" | "publish_evaluation_results" => td_string!(locale, done_publish_notice),
        "remove_passkey" => td_string!(locale, done_remove_passkey),
        "rename_passkey"
        | "assign_grid_worker"
        | "add_committee_member"
        | "assign_place_officer"
        | "withdraw_committee_member"
        | "declare_relative"
        | "record_application"
        | "draft_roll"
        | "decide_objection"
        | "nominate_for_party"
        | "list_candidate"
        | "unlist_candidate"
        | "describe_candidate"
        | "name_proxy"
        | "nominate_by_voters"
        | "endorse_nomination"
        | "discard_notice_draft"
        | "correct_notice"
        | "open_evaluation"
        | "close_evaluation"
        | "publish_report"
        | "ask_question"
        | "answer_question"
        | "hide_question" => td_string!(locale, done_generic),
        _ => return None,
    })
}

/// The top of a page a plain form post came back to: a refusal, said again at the top of the
/// page (the form says it beside its fields; a form that is no longer offered, such as a
/// list already published, has only this), or what was done. "Done" is only said to a browser
/// coming from a page of this site: a link with `?done=` sent from elsewhere claims nothing.
#[component]
pub fn Done() -> impl IntoView {
    let i18n = use_i18n();
    if let Some(error) = use_context::<KeptForm>().and_then(|kept| kept.error) {
        return Some(
            view! { <div data-testid="page-refusal"><ErrorLine error /></div> }.into_any(),
        );
    }
    let query = leptos_router::hooks::use_query_map();
    let endpoint = query
        .with_untracked(|q| q.get(DONE_PARAM))
        .filter(|_| use_context::<KeptForm>().is_none() && came_from_this_page());
    endpoint
        .and_then(|endpoint| done_message(i18n.get_locale_untracked(), &endpoint))
        .map(|message| {
            view! { <p class="success" role="status" data-testid="done">{message}</p> }.into_any()
        })
}

/// Whether the request being rendered was sent from a page of this site (its Referer has the
/// site's public origin, as the origin check reads it): true after a form's 303, never for a
/// link followed from a chat message or another site.
fn came_from_this_page() -> bool {
    #[cfg(feature = "ssr")]
    {
        let Ok(site) = crate::api::context::ServerContext::current() else {
            return false;
        };
        use_context::<http::request::Parts>().is_some_and(|parts| {
            parts
                .headers
                .get(http::header::REFERER)
                .and_then(|value| value.to_str().ok())
                .and_then(|referer| url::Url::parse(referer).ok())
                .is_some_and(|referer| {
                    crate::auth::origin::same_origin(
                        &referer.origin().ascii_serialization(),
                        &site.public_origin,
                    )
                })
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_form_gives_back_what_was_typed_by_field() {
        let kept = KeptForm {
            form: "f".into(),
            fields: vec![
                ("title".into(), "停水通知".into()),
                ("marks[k1]".into(), "for".into()),
                ("tick".into(), "yes".into()),
            ],
            error: None,
            stay: None,
            answer: Some("[1,2]".into()),
        };
        assert_eq!(kept.answer::<Vec<u8>>(), Some(vec![1, 2]));
        assert_eq!(kept.value("title"), Some("停水通知"));
        assert_eq!(kept.value("missing"), None);
        assert!(kept.has("marks[k1]", "for"));
        assert!(!kept.has("marks[k1]", "against"));
        assert!(kept.has("tick", "yes"));
    }

    #[test]
    fn issue16_item7_an_officer_action_ends_on_a_page_saying_it_was_done() {
        for locale in [Locale::zh_CN, Locale::en] {
            assert!(done_message(locale, "publish_result").is_some());
            assert_ne!(
                done_message(locale, "set_community_rules"),
                done_message(locale, "publish_result")
            );
            assert_eq!(done_message(locale, "set_language"), None);
            assert_eq!(done_message(locale, "anything_at_all"), None);
        }
    }
}
