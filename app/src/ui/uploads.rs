//! Files chosen in a form, read in the browser and sent as base64 with it (notice attachments,
//! candidates' photos): the one island of those forms. The server checks every file by its
//! content. Without JavaScript the rest of the form still posts; the files are left out.

use crate::api::notices::Upload;
use leptos::prelude::*;

/// A file input whose chosen files travel as hidden fields `field[i][name]` and
/// `field[i][data]` (`multiple`), or `field[name]` and `field[data]` (one file).
#[island]
pub fn FilePicker(
    lang: String,
    label: String,
    field: String,
    accept: String,
    multiple: bool,
    testid: String,
) -> impl IntoView {
    let uploads = RwSignal::new(Vec::<Upload>::new());
    let on_files = reader(uploads);
    let hidden = move || {
        uploads
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, upload)| {
                let prefix = if multiple {
                    format!("{field}[{i}]")
                } else {
                    field.clone()
                };
                view! {
                    <input type="hidden" name=format!("{prefix}[name]") value=upload.name />
                    <input type="hidden" name=format!("{prefix}[data]") value=upload.data />
                }
            })
            .collect_view()
    };
    let locale = crate::ui::prefs::parse_locale(&lang).unwrap_or_default();
    view! {
        <label>
            {label}
            <input type="file" multiple=multiple accept=accept data-testid=testid on:change=on_files />
        </label>
        <noscript>
            <p class="hint">{crate::i18n::td_string!(locale, files_need_js)}</p>
        </noscript>
        {hidden}
    }
}

/// Drops the files a form came back with (`data-kept-file`, rendered by the server beside the
/// picker): newly chosen files replace them.
#[cfg(feature = "hydrate")]
fn forget_kept() {
    if let Ok(kept) = document().query_selector_all("[data-kept-file]") {
        for i in 0..kept.length() {
            if let Some(node) = kept.item(i)
                && let Some(parent) = node.parent_node()
            {
                let _ = parent.remove_child(&node);
            }
        }
    }
}

/// An `on:change` handler for a file input that reads the chosen files into `uploads`.
fn reader(uploads: RwSignal<Vec<Upload>>) -> impl Fn(leptos::ev::Event) + Clone + 'static {
    move |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use base64::Engine;
            use wasm_bindgen::JsCast;
            let Some(files) = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|input| input.files())
            else {
                return;
            };
            let chosen: Vec<web_sys::File> =
                (0..files.length()).filter_map(|i| files.get(i)).collect();
            leptos::task::spawn_local(async move {
                let mut read = Vec::new();
                for file in chosen {
                    let Ok(buffer) =
                        wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await
                    else {
                        continue;
                    };
                    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
                    read.push(Upload {
                        name: file.name(),
                        data: base64::engine::general_purpose::STANDARD.encode(bytes),
                    });
                }
                forget_kept();
                uploads.set(read);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (event, uploads);
        }
    }
}
