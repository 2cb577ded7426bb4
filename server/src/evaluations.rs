//! Evaluation files served outside the pages: a closed round's results as CSV
//! (`/evaluations/{id}/results.csv`), for anyone, as the results page shows them. Before the
//! close it is refused like the page (409): nobody sees a result early.

use crate::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn results_csv(State(state): State<AppState>, Path(key): Path<String>) -> Response {
    let Ok(key) = app::domain::keys::EvaluationKey::parse(&key) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let store = &state.context.store;
    let found = async {
        let row = store
            .evaluation(&key)
            .await?
            .ok_or(app::AppError::NotFound)?;
        let view = app::api::evaluations::results::results_of(store, &row).await?;
        let csv = app::api::evaluations::publication::results_csv(&view)?;
        Ok::<_, app::AppError>((view.period, csv))
    };
    match found.await {
        Ok((period, csv)) => {
            let mut response = csv.into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            // A download, not a page: the browser saves it.
            let disposition = crate::attachments::content_disposition(&format!(
                "{period}-results.csv"
            ))
            .replacen("inline", "attachment", 1);
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => {
            let status =
                StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, Json(serde_json::json!({ "error": error }))).into_response()
        }
    }
}
