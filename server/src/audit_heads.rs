//! `/audit/heads.json`: every audit-chain head published so far (one per notice version, one per
//! day), public like the notice board, so anyone can keep a copy and later check the log
//! against it with `gongshang audit verify --heads FILE` (issue 15, item 14).

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn heads_json(State(state): State<AppState>) -> Response {
    match state.context.store.published_heads().await {
        Ok(heads) => {
            let mut response = Json(heads).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Err(error) => {
            tracing::error!(%error, "cannot read the published audit heads");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
