//! Request guards and response hardening: the security headers (with a fresh CSP nonce per
//! response), the cross-site origin check on state-changing requests, and the body limit.
//! Refusals answer in the visitor's language: a page for browsers, the encoded [`AppError`]
//! for server-function calls made by the wasm client.

use crate::AppState;
use crate::error_page;
use app::AppError;
use app::auth::origin::{RequestSource, changes_state, origin_allowed};
use app::ui::CspNonce;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Adds the security headers; mints the CSP nonce the page shell puts on its one inline script.
pub async fn security_headers(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = uuid::Uuid::new_v4().simple().to_string();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Same-origin only: server-function form posts redirect back by Referer.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static("geolocation=(), microphone=(), payment=(), usb=()"),
    );
    if state.context.secure_cookies {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    // Pages may be personal: revalidate them every time unless a handler said otherwise.
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache, private"));
    response
}

/// Refuses a state-changing request that does not show it comes from this site
/// (`app::auth::origin`).
pub async fn origin_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if changes_state(request.method().as_str()) {
        // A header that is not text is as good as a foreign one.
        let text = |name: &str| {
            request
                .headers()
                .get(name)
                .map(|value| value.to_str().unwrap_or("null"))
        };
        let source = RequestSource {
            origin: text(header::ORIGIN.as_str()),
            sec_fetch_site: text("sec-fetch-site"),
            referer: text(header::REFERER.as_str()),
        };
        if !origin_allowed(source, &state.context.public_origin) {
            tracing::warn!(?source, path = %request.uri().path(), "refused a cross-site request");
            return refuse(&request, &AppError::BadOrigin);
        }
    }
    next.run(request).await
}

/// Server functions that take files (a household-register extract, a notice's attachments),
/// and so get `upload_limit` rather than `body_limit`.
pub const UPLOAD_PATHS: &[&str] = &[
    "/api/preview_import",
    "/api/import_people",
    "/api/publish_notice",
    "/api/describe_candidate",
    "/api/publish_report",
];

/// How far over its limit a refused body is still read (and dropped) before the refusal is
/// sent: 2 MiB.
const DRAIN_BYTES: usize = 2 * 1024 * 1024;

/// Refuses a body whose declared length is over its path's limit, reading at most
/// [`DRAIN_BYTES`] more of it.
/// A body without a declared length is read up to the limit and refused beyond it
/// (`RequestBodyLimitLayer`, inside this layer, stops any body at the upload limit as it
/// streams).
pub async fn body_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // A page's form with files may carry them for an upload function; `form_posts` holds it
    // to `body_limit` once it knows which function the form names.
    let limit = if UPLOAD_PATHS.contains(&request.uri().path())
        || crate::form_posts::is_file_form(&request)
    {
        state.upload_limit
    } else {
        state.body_limit
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    match declared {
        Some(length) if length > limit => {
            tracing::warn!(?declared, path = %request.uri().path(), "refused an oversized body");
            let refusal = refuse(&request, &AppError::PayloadTooLarge);
            // Closing on a client still sending makes it see a broken connection, not the
            // refusal: a body a little over its limit is read and dropped first, so the
            // visitor is told why.
            if length <= limit.saturating_add(DRAIN_BYTES) {
                let _ = axum::body::to_bytes(request.into_body(), length).await;
            }
            refusal
        }
        Some(_) => next.run(request).await,
        None => {
            let (parts, body) = request.into_parts();
            match axum::body::to_bytes(body, limit).await {
                Ok(bytes) => {
                    next.run(Request::from_parts(parts, Body::from(bytes)))
                        .await
                }
                Err(_) => {
                    tracing::warn!(path = %parts.uri.path(), "refused an oversized streamed body");
                    refuse(
                        &Request::from_parts(parts, Body::empty()),
                        &AppError::PayloadTooLarge,
                    )
                }
            }
        }
    }
}

/// A page for a browser navigation, the JSON-encoded error for a server-function client.
fn refuse(request: &Request, error: &AppError) -> Response {
    let wants_html = request
        .headers()
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_html {
        error_page::render(error_page::request_locale(request.headers()), error)
    } else {
        let status =
            StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(error)).into_response()
    }
}

/// Server functions answer every failure with 500; give it the status its [`AppError`]
/// carries instead, so bad input is a 4xx. Done here once rather than in every function.
/// A call the router refuses before any function runs (a GET to a POST-only function) gets
/// the same error body as a malformed call instead of an empty one.
pub async fn server_fn_error_status(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    if is_server_fn
        && response.status().is_client_error()
        && axum::body::HttpBody::size_hint(response.body()).exact() == Some(0)
    {
        let (parts, _) = response.into_parts();
        let error = AppError::invalid("request", "malformed");
        let body = serde_json::to_vec(&error).unwrap_or_default();
        let mut response = Response::from_parts(parts, Body::from(body));
        response.headers_mut().remove(header::CONTENT_LENGTH);
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        return response;
    }
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, ERROR_BODY_LIMIT).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "could not read a server function's error");
            return error_page::render(app::i18n::Locale::zh_CN, &AppError::Internal);
        }
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(parts.status);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// An encoded [`AppError`] is a few hundred bytes at most.
const ERROR_BODY_LIMIT: usize = 64 * 1024;
