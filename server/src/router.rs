//! The router: health, Leptos pages with their server functions (registered by
//! `leptos_routes_with_context`), and static files, wrapped in the
//! middleware stack (request ids, tracing, panic catching, security headers, compression,
//! body limit, origin check, sessions, island scripts only where islands are, plain form
//! posts to pages; outermost first).

use crate::{AppState, assets, error_page, health, middleware};
use axum::Router;
use axum::extract::Request;
use axum::http::HeaderName;
use axum::middleware::from_fn_with_state;
use axum::response::Response;
use axum::routing::get;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes};
use std::sync::OnceLock;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::cookie::time::Duration;
use tower_sessions::session_store::ExpiredDeletion;
use tower_sessions::{Expiry, SessionManagerLayer};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The app's pages, listed once per process. Listing them runs the app with resource loading
/// suppressed through a process-wide flag (leptos_server's `SuppressResourceLoad`); a page that
/// a second server in the same process (the HTTP tests run many) renders at that moment would
/// wait forever for its data (leptos issue 4773). Listing once, before any server exists, closes
/// that window.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| leptos_axum::generate_route_list(app::ui::App))
        .clone()
}

pub fn build(state: AppState) -> Router {
    let routes = page_routes();
    let page_context = state.context.clone();
    let shell_options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/notices/feed.atom", get(crate::feed::feed))
        .route(
            "/notices/attachments/{key}",
            get(crate::attachments::attachment),
        )
        .route(
            "/elections/{key}/board.json",
            get(crate::elections::board_json),
        )
        .route("/elections/photos/{key}", get(crate::elections::photo))
        .route(
            "/evaluations/{key}/results.csv",
            get(crate::evaluations::results_csv),
        )
        .route("/audit/heads.json", get(crate::audit_heads::heads_json))
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(page_context.clone()),
            move || app::ui::shell(shell_options.clone()),
        )
        .fallback(assets::fallback)
        .layer(from_fn_with_state(
            state.clone(),
            crate::form_posts::form_posts,
        ))
        // Server functions read their bodies through axum's limited body, 2 MiB unless told
        // otherwise: uploads stopped at about 1.5 MB of file. The limits are `body_limit`'s.
        .layer(axum::extract::DefaultBodyLimit::max(
            state.upload_limit.max(state.body_limit),
        ))
        .layer(axum::middleware::from_fn(
            crate::islands::only_where_islands,
        ))
        .layer(sessions(&state))
        .layer(axum::middleware::from_fn(
            middleware::server_fn_error_status,
        ))
        .layer(from_fn_with_state(state.clone(), middleware::origin_guard))
        .layer(from_fn_with_state(
            state.clone(),
            crate::client_address::resolve,
        ))
        // A backstop for bodies that stream past every limit; `body_limit`, outside it,
        // refuses what it can see first, in the visitor's language.
        .layer(RequestBodyLimitLayer::new(
            state.upload_limit.max(state.body_limit),
        ))
        .layer(from_fn_with_state(state.clone(), middleware::body_limit))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let id = request
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default();
                tracing::info_span!(
                    "request",
                    method = %request.method(),
                    path = %request.uri().path(),
                    request_id = %id,
                )
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// A panic is a bug: log it, answer with the generic error page, keep serving.
fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(detail, "a request handler panicked");
    error_page::render(app::i18n::Locale::zh_CN, &app::AppError::Internal)
}

/// Sessions in the database, so any app server can answer any browser. The cookie is
/// HttpOnly and SameSite=Lax, and Secure everywhere but plain-http localhost.
fn sessions(
    state: &AppState,
) -> SessionManagerLayer<
    tower_sessions_surrealdb_store::SurrealSessionStore<surrealdb::engine::any::Any>,
> {
    let store = state.context.store.session_store();
    let sweeper = store.clone();
    tokio::spawn(async move {
        if let Err(error) = sweeper
            .continuously_delete_expired(std::time::Duration::from_secs(3600))
            .await
        {
            tracing::error!(%error, "expired-session sweeper stopped");
        }
    });
    SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.context.secure_cookies)
        .with_expiry(Expiry::OnInactivity(Duration::days(SESSION_DAYS)))
}

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "gs_session";
/// Days of inactivity after which a browser is signed out.
const SESSION_DAYS: i64 = 14;
