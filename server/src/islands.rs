//! Pages without islands ship no JavaScript and no wasm (issue 17). The shell always renders
//! the island script at the end of the body, inside `#islands-loader`
//! (`app::ui::shell::ISLANDS_LOADER_ID`); whether the page has an island is only known once it
//! is rendered, so this layer drops that element from every HTML page that has none, with the
//! other scripts only islands would read: leptos_i18n's empty translations script and the
//! resource data leptos_axum appends after `</html>`.

use app::ui::shell::{ISLAND_TAG, ISLANDS_LOADER_ID};
use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// Above the largest page the app renders: a refused form with files comes back carrying
/// them (up to the upload limit, 28 MiB by default, as base64 fields).
const PAGE_LIMIT: usize = 64 * 1024 * 1024;

pub async fn only_where_islands(request: Request, next: Next) -> Response {
    let locale = crate::error_page::request_locale(request.headers());
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, PAGE_LIMIT).await {
        Ok(bytes) => bytes,
        Err(error) => {
            // Part of the body is gone: an empty page with a success status would lose the
            // visitor's form without a word.
            tracing::error!(%error, "could not read a rendered page");
            return crate::error_page::render(locale, &app::AppError::Internal);
        }
    };
    let Ok(html) = std::str::from_utf8(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    match without_loader(html) {
        Some(page) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(page))
        }
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// `html` without its islands loader and the scripts only islands read, if it has no island;
/// `None` leaves it as is.
pub fn without_loader(html: &str) -> Option<String> {
    if html.contains(ISLAND_TAG) {
        return None;
    }
    let id = format!("id=\"{ISLANDS_LOADER_ID}\"");
    let at = html.find(&id)?;
    let start = html[..at].rfind("<div")?;
    let end = at + html[at..].find("</div>")? + "</div>".len();
    let page = format!("{}{}", &html[..start], &html[end..]);
    let page = match page.find(DOCUMENT_END) {
        Some(at) => &page[..at + DOCUMENT_END.len()],
        None => &page,
    };
    Some(page.replace(EMPTY_SCRIPT, ""))
}

const DOCUMENT_END: &str = "</html>";
const EMPTY_SCRIPT: &str = "<script></script>";

#[cfg(test)]
mod tests {
    use super::without_loader;

    const LOADER: &str = r#"<div id="islands-loader" hidden><link rel="modulepreload" href="/pkg/g.js"><script type="module">import("/pkg/g.js")</script></div>"#;

    #[test]
    fn a_page_without_islands_loses_its_island_script() {
        let page = format!(
            "<html><body><main>公告</main><script></script>{LOADER}</body></html><script>__RESOLVED_RESOURCES=[];</script>"
        );
        assert_eq!(
            without_loader(&page).as_deref(),
            Some("<html><body><main>公告</main></body></html>")
        );
    }

    #[test]
    fn a_page_with_an_island_keeps_it() {
        let page = format!(
            r#"<body><leptos-island data-component="SignIn"></leptos-island>{LOADER}</body>"#
        );
        assert_eq!(without_loader(&page), None);
    }
}
