//! Election files served outside the pages: the board as JSON for anyone to recount
//! (`/elections/{id}/board.json`, once the polls have closed) and candidates' photos
//! (`/elections/photos/{id}`, once the candidate list is published).

use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn board_json(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    match app::api::elections::export::board_export(&state.context.store, &key).await {
        Ok(export) => {
            let mut response = Json(export).into_response();
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, Json(serde_json::json!({ "error": error }))).into_response()
        }
    }
}

pub async fn photo(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let Ok(key) = app::domain::keys::CandidateKey::parse(&key) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let store = &state.context.store;
    let found = async {
        let Some((election, media, data)) = store.candidate_photo(&key).await? else {
            return Ok(None);
        };
        let published = store
            .election(&election)
            .await?
            .is_some_and(|e| e.candidates_published_on.is_some());
        Ok::<_, app::store::StoreError>(published.then_some((media, data)))
    };
    match found.await {
        Ok(Some((media, data))) => {
            let mut response = data.into_response();
            let headers = response.headers_mut();
            if let Ok(value) = HeaderValue::from_str(&media) {
                headers.insert(header::CONTENT_TYPE, value);
            }
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read a candidate's photo");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
