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
            let encoded: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
            if let Ok(value) = HeaderValue::from_str(&format!("inline; filename*=UTF-8''{encoded}"))
            {
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
