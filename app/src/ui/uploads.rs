//! Files chosen in a form, read in the browser and sent as base64 with it (notice attachments,
//! candidates' photos). The server checks every file by its content.

use crate::api::notices::Upload;
use leptos::prelude::*;

/// An `on:change` handler for a file input that reads the chosen files into `uploads`.
pub fn reader(uploads: RwSignal<Vec<Upload>>) -> impl Fn(leptos::ev::Event) + Clone + 'static {
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
                uploads.set(read);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (event, uploads);
        }
    }
}
