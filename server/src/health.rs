//! `/healthz`: answers 200 with the schema version and installation id when the database
//! answers, 503 otherwise. Load balancers and the browser-test harness poll it.

use crate::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    match state.context.store.health().await {
        Ok(health) => (
            StatusCode::OK,
            Json(json!({
                "status": "ok",
                "schema_version": health.schema_version,
                "installation": health.installation,
            })),
        ),
        Err(error) => {
            tracing::error!(%error, "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable" })),
            )
        }
    }
}
