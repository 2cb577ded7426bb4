//! `/staff/import`: adding people from a household-register extract (CSV, Chinese or English
//! headers). Staff pick or paste the file and preview it (a chosen file is read in the browser
//! with JavaScript, on the server without); every bad row is listed with its line
//! and what is wrong, and the import button appears only for a file that is valid as a whole.
//! The import checks the file again on the server, so a preview cannot be skipped.

use super::{StaffGate, StaffNav};
use crate::api::registry::{ImportOutcome, ImportPeople, ImportPreview, PreviewImport};
use crate::domain::registry::{FieldError, RowError};
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::ui::forms::{PostForm, kept_form};
use crate::ui::prefs::locale_code;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn Import() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <StaffNav />
        <h1>{t!(i18n, staff_import)}</h1>
        <StaffGate>
            <ImportForms />
        </StaffGate>
    }
}

/// The preview form, and what the last post answered: the rows in error, or the summary with
/// the import button, or how many were imported.
#[component]
fn ImportForms() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let preview = kept_form(PreviewImport::PATH);
    let imported = kept_form(ImportPeople::PATH);
    let previewed = preview
        .as_ref()
        .and_then(|kept| kept.answer::<ImportPreview>());
    // The extract stays in the form after a preview (as read from the file, if one was chosen)
    // and after the import.
    let csv = previewed
        .as_ref()
        .map(|previewed| previewed.text.clone())
        .or_else(|| {
            preview
                .as_ref()
                .or(imported.as_ref())
                .and_then(|kept| kept.value("csv").map(str::to_owned))
        })
        .unwrap_or_default();
    let read_as_gbk = previewed.as_ref().is_some_and(|p| p.read_as_gbk);
    let confirmed = csv.clone();
    let imported = imported.and_then(|kept| kept.answer::<usize>());
    let summary = match previewed.map(|previewed| previewed.outcome) {
        None => None,
        Some(ImportOutcome::Invalid(rows)) => Some(view! { <RowErrors rows /> }.into_any()),
        Some(ImportOutcome::Valid(summary)) => Some(
            view! {
                <section class="card-plain" data-testid="import-summary">
                    <dl class="facts">
                        <dt>{t!(i18n, staff_import_people)}</dt>
                        <dd data-testid="import-people">{summary.people}</dd>
                        <dt>{t!(i18n, staff_households)}</dt>
                        <dd>{summary.households}</dd>
                        <dt>{t!(i18n, staff_grids)}</dt>
                        <dd>{summary.grids.join("、")}</dd>
                        <dt>{t!(i18n, staff_party_members)}</dt>
                        <dd>{summary.party_members}</dd>
                    </dl>
                    {(!summary.new_grids.is_empty() || !summary.new_groups.is_empty()).then(|| {
                        let names = summary
                            .new_grids
                            .iter()
                            .chain(&summary.new_groups)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(td_string!(i18n.get_locale_untracked(), list_separator));
                        view! {
                            <p class="warning" role="status" data-testid="import-new-places">
                                {t!(i18n, staff_import_new_places)} " " <strong>{names}</strong>
                            </p>
                        }
                    })}
                    <ul class="people">
                        {summary
                            .sample
                            .into_iter()
                            .map(|p| view! { <li>{p.name} " · " {p.household} " · " {p.grid}</li> })
                            .collect_view()}
                    </ul>
                    <PostForm action=ImportPeople::PATH show=true attr:class="stack" attr:enctype="multipart/form-data">
                        <input type="hidden" name="csv" value=confirmed />
                        <button type="submit" class="button" data-testid="import-confirm">
                            {t!(i18n, staff_import_confirm)}
                        </button>
                    </PostForm>
                </section>
            }
            .into_any(),
        ),
    };
    view! {
        <p class="hint">{t!(i18n, staff_import_format)}</p>
        {imported.map(|added| view! {
            <p class="success" role="status" data-testid="import-done">
                {t!(i18n, staff_import_done)} " " {added} " "
                <a href="/staff/people">{t!(i18n, staff_people)}</a>
            </p>
        })}
        <PostForm action=PreviewImport::PATH show=true attr:class="stack" attr:enctype="multipart/form-data" attr:data-testid="preview-form">
            <ExtractField lang=locale_code(locale).to_owned() text=csv read_as_gbk />
            <button type="submit" class="button">{t!(i18n, staff_preview)}</button>
        </PostForm>
        {summary}
    }
}

/// The extract's text, pasted or read from a chosen file. Without JavaScript the file is
/// posted and the server reads it (`api::registry::preview_import`); with it, this island reads
/// the file into the text at once, so it can be checked before the preview. `text`: what the
/// form had; `read_as_gbk`: the server read the posted file as GB18030.
#[island]
fn ExtractField(lang: String, text: String, read_as_gbk: bool) -> impl IntoView {
    let locale = crate::ui::prefs::parse_locale(&lang).unwrap_or_default();
    let csv = RwSignal::new(text);
    let read_as_gbk = RwSignal::new(read_as_gbk);
    let on_file = move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let file = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
                .and_then(|files| files.get(0));
            if let Some(file) = file {
                leptos::task::spawn_local(async move {
                    let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await;
                    if let Ok(bytes) = bytes {
                        let (text, gbk) = decode_extract(&bytes);
                        read_as_gbk.set(gbk);
                        csv.set(text);
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    view! {
        <label>
            {td_string!(locale, staff_import_file)}
            <input type="file" name="file" accept=".csv,text/csv" data-testid="import-file" on:change=on_file />
        </label>
        {move || read_as_gbk.get().then(|| view! { <p class="hint" data-testid="import-encoding">{td_string!(locale, staff_import_encoding)}</p> })}
        <label>
            {td_string!(locale, staff_import_paste)}
            <textarea
                name="csv"
                rows="8"
                data-testid="import-text"
                prop:value=move || csv.get()
                on:input=move |event| csv.set(event_target_value(&event))
            >
                {csv.get_untracked()}
            </textarea>
        </label>
    }
}

/// A chosen file's text: UTF-8 (with or without BOM) when it is, else GB18030 (which GBK is
/// part of: what Excel writes on a Chinese Windows PC), decoded by the browser's own
/// `TextDecoder`; answers whether it was read as GB18030. Bytes that are neither stay as the
/// browser reads them, and the server names the encoding problem (issue 16, item 19).
#[cfg(feature = "hydrate")]
fn decode_extract(bytes: &wasm_bindgen::JsValue) -> (String, bool) {
    use wasm_bindgen::JsCast;
    let Some(buffer) = bytes.dyn_ref::<js_sys::ArrayBuffer>() else {
        return (String::new(), false);
    };
    let view = js_sys::Uint8Array::new(buffer);
    let strict = |label: &str| {
        let options = web_sys::TextDecoderOptions::new();
        options.set_fatal(true);
        web_sys::TextDecoder::new_with_label_and_options(label, &options)
            .ok()?
            .decode_with_js_u8_array(&view)
            .ok()
    };
    if let Some(text) = strict("utf-8") {
        return (text, false);
    }
    if let Some(text) = strict("gb18030") {
        return (text, true);
    }
    let lossy = web_sys::TextDecoder::new()
        .ok()
        .and_then(|decoder| decoder.decode_with_js_u8_array(&view).ok())
        .unwrap_or_default();
    (lossy, false)
}

#[component]
fn RowErrors(rows: Vec<RowError>) -> impl IntoView {
    let i18n = use_i18n();
    let count = rows.len();
    view! {
        <section class="card-plain warn" data-testid="import-errors" role="alert">
            <p>{t!(i18n, staff_import_invalid)} " (" {count} ")"</p>
            <ul>
                {rows
                    .into_iter()
                    .map(|row| {
                        let errors = row.errors.clone();
                        view! {
                            <li>
                                {t!(i18n, staff_line)} " " {row.line} {t!(i18n, staff_line_end)}
                                {move || {
                                    errors
                                        .iter()
                                        .map(|e| field_problem(i18n.get_locale(), e))
                                        .collect::<Vec<_>>()
                                        .join("；")
                                }}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

/// "Birth date: not a date", in the visitor's language.
pub fn field_problem(locale: Locale, error: &FieldError) -> String {
    use crate::ui::errors::{field_label, problem_words};
    let field = field_label(locale, &error.field).unwrap_or(td_string!(locale, field_file));
    let problem = problem_words(locale, error.problem.code())
        .unwrap_or(td_string!(locale, problem_unreadable));
    format!("{field}{}{problem}", td_string!(locale, field_separator))
}
