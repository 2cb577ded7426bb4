//! `/notices/attachments/{id}`: a notice's file, once the notice is public. The type comes
//! from the stored, content-checked kind, never from the upload's name.

use crate::AppState;
use app::domain::notice::{Standing, standing};
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn attachment(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let plain =
        !key.is_empty() && key.len() <= 64 && key.chars().all(|c| c.is_ascii_alphanumeric());
    if !plain {
        return StatusCode::NOT_FOUND.into_response();
    }
    match find(&state, &key).await {
        Ok(Some((name, media, data))) => {
            let mut response = data.into_response();
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&media) {
                headers.insert(header::CONTENT_TYPE, value);
            }
            if let Ok(value) = HeaderValue::from_str(&content_disposition(&name)) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read an attachment");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Characters RFC 5987 lets stand in an `ext-value` (`attr-char`) but `+`, which form
/// decoders read as a space; every other byte of the UTF-8 name is percent-encoded.
const NOT_ATTR_CHAR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `Content-Disposition` for a file called `name` (RFC 6266): a plain-ASCII `filename` for
/// old clients (anything else as `_`), then the exact name as `filename*` (RFC 5987), which
/// every current browser prefers. A `+` stays a plus and a space a space (issue 16, item 22:
/// `居务 公开 1+1.pdf` came down as `居务+公开+1+1.pdf`).
pub fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let exact = percent_encoding::utf8_percent_encode(name, NOT_ATTR_CHAR);
    format!("inline; filename=\"{fallback}\"; filename*=UTF-8''{exact}")
}

async fn find(
    state: &AppState,
    key: &str,
) -> Result<Option<(String, String, Vec<u8>)>, app::store::StoreError> {
    let store = &state.context.store;
    let Some(notice) = store.attachment_notice(key).await? else {
        return Ok(None);
    };
    let Some(head) = store.notice_head(&notice).await? else {
        return Ok(None);
    };
    let placement = head.placement();
    if standing(&placement, chrono::Utc::now()) == Standing::Scheduled {
        // Not public yet.
        return Ok(None);
    }
    store.attachment_data(key).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue16_item22_file_names_keep_spaces_plus_signs_and_chinese() {
        assert_eq!(
            content_disposition("居务 公开 1+1.pdf"),
            "inline; filename=\"__ __ 1+1.pdf\"; \
             filename*=UTF-8''%E5%B1%85%E5%8A%A1%20%E5%85%AC%E5%BC%80%201%2B1.pdf"
        );
        assert_eq!(
            content_disposition("a\"b\\c;d.png"),
            "inline; filename=\"a_b_c;d.png\"; filename*=UTF-8''a%22b%5Cc%3Bd.png"
        );
    }
}
