//! Files chosen in a plain form (notice attachments, candidates' photos): a file input the
//! browser posts as `multipart/form-data`, with or without JavaScript, and the files a refused
//! form came back with.
//!
//! The form post layer (`server::form_posts`) turns each posted file into the two fields the
//! server function reads, `field[i][name]` and `field[i][data]` (base64) for an input that
//! takes several files, `field[name]` and `field[data]` for one. A form that comes back
//! refused carries its files as those hidden fields ([`KeptFiles`]), so they need not be
//! chosen again; choosing new files for the field replaces them (decided on the server, so it
//! holds without JavaScript).

use crate::ui::forms::kept_form;
use leptos::prelude::*;

/// The suffix of a file input's name that takes several files (`attachments[]`).
pub const MANY: &str = "[]";

/// A checkbox field naming a file input whose kept files are not to be sent again (a file
/// refused, or attached by mistake): without it, only choosing other files would drop them.
pub const FORGET_FIELD: &str = "_forget_files";

/// A file input for `field` inside a form with `enctype="multipart/form-data"`.
#[component]
pub fn FileField(
    label: String,
    field: &'static str,
    accept: &'static str,
    multiple: bool,
    testid: &'static str,
) -> impl IntoView {
    let name = if multiple {
        format!("{field}{MANY}")
    } else {
        field.to_owned()
    };
    view! {
        <label>
            {label}
            <input type="file" name=name multiple=multiple accept=accept data-testid=testid />
        </label>
    }
}

/// The files form `form` came back with for `field` (`multiple` as the input is), as hidden
/// fields, with their names said above the input.
#[component]
pub fn KeptFiles(form: String, field: &'static str, multiple: bool) -> impl IntoView {
    let kept = kept_form(&form);
    let prefixes: Box<dyn Iterator<Item = String>> = if multiple {
        Box::new((0..).map(move |i| format!("{field}[{i}]")))
    } else {
        Box::new(std::iter::once(field.to_owned()))
    };
    let files: Vec<(String, String, String)> = prefixes
        .map_while(|prefix| {
            let kept = kept.as_ref()?;
            let name = kept.value(&format!("{prefix}[name]"))?.to_owned();
            let data = kept.value(&format!("{prefix}[data]"))?.to_owned();
            Some((prefix, name, data))
        })
        .collect();
    let i18n = crate::i18n::use_i18n();
    let locale = i18n.get_locale_untracked();
    let names = files
        .iter()
        .map(|(_, name, _)| name.clone())
        .collect::<Vec<_>>()
        .join(crate::i18n::td_string!(locale, list_separator));
    let input = if multiple {
        format!("{field}{MANY}")
    } else {
        field.to_owned()
    };
    (!files.is_empty()).then(|| {
        view! {
            <p class="hint" data-testid="kept-files">
                {crate::i18n::td_string!(locale, files_kept)} " " {names}
            </p>
            <label class="check">
                <input type="checkbox" name=FORGET_FIELD value=input data-testid="forget-files" />
                {crate::i18n::td_string!(locale, files_forget)}
            </label>
            {files
                .into_iter()
                .map(|(prefix, name, data)| view! {
                    <input type="hidden" name=format!("{prefix}[name]") value=name />
                    <input type="hidden" name=format!("{prefix}[data]") value=data />
                })
                .collect_view()}
        }
    })
}
