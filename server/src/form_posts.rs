//! Plain form posts to pages (`app::ui::forms`): every form that changes something works
//! without JavaScript.
//!
//! A form posts to the page it is on, naming its server function in a hidden field. This
//! layer calls the function as the browser's request (same session, same client), then:
//! - on success, sends the browser with a 303 where the function redirected, or back to the
//!   page (so a reload never posts twice), with the function's cookies;
//! - on a refusal, renders the same page with the refusal and everything that was typed
//!   ([`app::ui::forms::KeptForm`]), with the refusal's status;
//! - for a "stay" button (the ballot's review step), renders the page with what was typed
//!   without calling anything;
//! - for a form marked "show" (a new invitation's code, shown once), renders the page with the
//!   function's answer.
//!
//! What was typed is only ever in this request and its answer: never stored, never in an
//! address (a ballot's marks included).

use crate::middleware::UPLOAD_PATHS;
use crate::{AppState, error_page};
use app::AppError;
use app::ui::forms::{FN_FIELD, FORM_FIELD, KeptForm, SHOW_FIELD, STAY_FIELD};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

/// The most fields a page form may post.
const MAX_FIELDS: usize = 5_000;

/// Server functions live under this prefix; a page post may only name one of them.
const API_PREFIX: &str = "/api/";

/// Whether `request` is a plain form posted to a page, outside [`API_PREFIX`]:
/// `application/x-www-form-urlencoded`, or `multipart/form-data` for a form with files.
pub fn is_page_form(request: &Request) -> bool {
    request.method() == Method::POST
        && !request.uri().path().starts_with(API_PREFIX)
        && content_type(request).is_some_and(|value| {
            value.starts_with("application/x-www-form-urlencoded")
                || value.starts_with("multipart/form-data")
        })
}

/// Whether `request` is a page form that may carry files (`multipart/form-data`): only those
/// get the upload limit, so a plain form of text is refused at the ordinary one.
pub fn is_file_form(request: &Request) -> bool {
    is_page_form(request)
        && content_type(request).is_some_and(|value| value.starts_with("multipart/form-data"))
}

fn content_type(request: &Request) -> Option<&str> {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
}

/// Intercepts plain form posts to pages ([`is_page_form`]); every other request passes
/// through.
pub async fn form_posts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // On the heap: every request passes through this layer, and the page-form path's future
    // is large (reading files, calling, rendering); inline, it overflowed the stack of a
    // debug build's deeply nested services.
    Box::pin(page_form(state, request, next)).await
}

async fn page_form(state: AppState, request: Request, next: Next) -> Response {
    if !is_page_form(&request) {
        return next.run(request).await;
    }
    let locale = error_page::request_locale(request.headers());
    let multipart = content_type(&request).is_some_and(|value| value.starts_with("multipart/"));
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, state.upload_limit.max(state.body_limit)).await
    else {
        return error_page::render(locale, &AppError::PayloadTooLarge);
    };
    let read = if multipart {
        crate::form_files::read(&parts, bytes.clone(), MAX_FIELDS).await
    } else {
        read_urlencoded(&bytes)
    };
    let crate::form_files::Posted {
        mut fields,
        files,
        file_inputs,
    } = match read {
        Ok(read) => read,
        Err(error) => {
            tracing::warn!(path = %parts.uri.path(), ?error, "refused an unreadable page form");
            return error_page::render(locale, &error);
        }
    };
    let function = take(&mut fields, FN_FIELD);
    let form = take(&mut fields, FORM_FIELD);
    let stay = take(&mut fields, STAY_FIELD);
    let show = take(&mut fields, SHOW_FIELD).is_some();
    let Some(function) = function.filter(|path| {
        path.starts_with(API_PREFIX)
            && leptos::server_fn::axum::get_server_fn_service(path, Method::POST).is_some()
    }) else {
        return error_page::render(locale, &AppError::invalid("request", "malformed"));
    };
    // Only a function that takes files gets them, and may get a body over the ordinary limit;
    // another button of the same form (save as draft) is sent the rest.
    let forgotten = take_all(&mut fields, app::ui::uploads::FORGET_FIELD);
    if UPLOAD_PATHS.contains(&function.as_str()) {
        crate::form_files::forget(&mut fields, &forgotten);
        crate::form_files::merge(&mut fields, files);
    } else {
        crate::form_files::forget(&mut fields, &file_inputs);
        let size: usize = fields
            .iter()
            .map(|(name, value)| name.len() + value.len())
            .sum();
        if size > state.body_limit {
            tracing::warn!(%function, size, "refused an oversized page form");
            return error_page::render(locale, &AppError::PayloadTooLarge);
        }
    }
    let form = form.unwrap_or_else(|| function.clone());
    if stay.is_some() {
        let kept = KeptForm {
            form,
            fields,
            error: None,
            stay,
            answer: None,
        };
        return render_page(&state, parts, kept, StatusCode::OK).await;
    }
    let answer = call(&state, &parts, &function, &fields).await;
    if show && answer.status().is_success() {
        let answer = axum::body::to_bytes(answer.into_body(), state.body_limit)
            .await
            .ok()
            .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok());
        let kept = KeptForm {
            form,
            fields,
            error: None,
            stay: None,
            answer,
        };
        return render_page(&state, parts, kept, StatusCode::OK).await;
    }
    if answer.status().is_success() || answer.status().is_redirection() {
        return after_success(&parts, &function, answer);
    }
    let error = refusal(answer).await;
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
    let kept = KeptForm {
        form,
        fields,
        error: Some(error),
        stay: None,
        answer: None,
    };
    render_page(&state, parts, kept, status).await
}

/// The fields of an urlencoded form, refused beyond [`MAX_FIELDS`]: no form of the app has
/// more than a few hundred (a tally sheet), and millions of tiny fields would only cost the
/// server time.
fn read_urlencoded(bytes: &[u8]) -> Result<crate::form_files::Posted, AppError> {
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(bytes)
        .take(MAX_FIELDS + 1)
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if fields.len() > MAX_FIELDS {
        return Err(AppError::PayloadTooLarge);
    }
    Ok(crate::form_files::Posted {
        fields,
        ..Default::default()
    })
}

/// Removes every field `name` and gives their values, in order.
fn take_all(fields: &mut Vec<(String, String)>, name: &str) -> Vec<String> {
    let mut values = Vec::new();
    fields.retain(|(field, value)| {
        if field == name {
            values.push(value.clone());
            false
        } else {
            true
        }
    });
    values
}

/// Removes the control field `name` from the posted fields and gives its last value: a
/// submit button carrying one (a form's "save as draft") comes after the form's hidden field
/// and overrides it.
fn take(fields: &mut Vec<(String, String)>, name: &str) -> Option<String> {
    let mut last = None;
    fields.retain(|(field, value)| {
        if field == name {
            last = Some(value.clone());
            false
        } else {
            true
        }
    });
    last
}

/// Calls server function `path` with `fields`, as the browser's own request: its cookies and
/// the session and client address the outer layers attached travel along.
async fn call(
    state: &AppState,
    parts: &axum::http::request::Parts,
    path: &str,
    fields: &[(String, String)],
) -> Response {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let mut call_parts = parts.clone();
    call_parts.uri = match path.parse() {
        Ok(uri) => uri,
        Err(_) => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                axum::Json(AppError::invalid("request", "malformed")),
            )
                .into_response();
        }
    };
    call_parts.headers.remove(header::CONTENT_LENGTH);
    // Asked as a script would ask, so the function answers with its result or its error
    // rather than leptos_axum's redirect to the Referer.
    call_parts
        .headers
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    let context = state.context.clone();
    leptos_axum::handle_server_fns_with_context(
        move || provide_context(context.clone()),
        Request::from_parts(call_parts, Body::from(body)),
    )
    .await
    .into_response()
}

/// 303 to where the function sent the browser, or back to the page saying what was done
/// (`?done=`, read by `app::ui::forms::Done`); the function's cookies go along.
fn after_success(parts: &axum::http::request::Parts, function: &str, answer: Response) -> Response {
    let back = back_with_done(parts.uri.path(), parts.uri.query(), function);
    let location = answer
        .headers()
        .get(header::LOCATION)
        .cloned()
        .or_else(|| HeaderValue::from_str(&back).ok())
        .unwrap_or_else(|| HeaderValue::from_static("/"));
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(header::LOCATION, location);
    for cookie in answer.headers().get_all(header::SET_COOKIE) {
        response
            .headers_mut()
            .append(header::SET_COOKIE, cookie.clone());
    }
    response
}

/// The [`AppError`] a failed call answered with; one that does not decode was a fault,
/// logged.
async fn refusal(answer: Response) -> AppError {
    let status = answer.status();
    match axum::body::to_bytes(answer.into_body(), 64 * 1024).await {
        Ok(bytes) => serde_json::from_slice::<AppError>(&bytes).unwrap_or_else(|error| {
            tracing::error!(%error, %status, "a server function's error does not decode");
            AppError::Internal
        }),
        Err(error) => {
            tracing::error!(%error, "could not read a server function's error");
            AppError::Internal
        }
    }
}

/// The page the form was posted on, rendered as for a GET with `kept` in context.
async fn render_page(
    state: &AppState,
    parts: axum::http::request::Parts,
    kept: KeptForm,
    status: StatusCode,
) -> Response {
    let mut page_parts = parts;
    page_parts.method = Method::GET;
    page_parts.headers.remove(header::CONTENT_TYPE);
    page_parts.headers.remove(header::CONTENT_LENGTH);
    let context = state.context.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(context.clone());
            provide_context(kept.clone());
        },
        move || app::ui::shell(options.clone()),
    );
    let mut response = render(Request::from_parts(page_parts, Body::empty())).await;
    // The page's own status (a 404 for a page that is not there) wins over the form's.
    if response.status() == StatusCode::OK {
        *response.status_mut() = status;
    }
    // It holds what was typed (a ballot's marks, a new invitation's code): never stored.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page's address with `done=` naming the function that succeeded (its endpoint, the part
/// after [`API_PREFIX`]), replacing an earlier one.
fn back_with_done(path: &str, query: Option<&str>, function: &str) -> String {
    let endpoint = function.trim_start_matches(API_PREFIX);
    let mut pairs = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if name != app::ui::forms::DONE_PARAM {
            pairs.append_pair(&name, &value);
        }
    }
    pairs.append_pair(app::ui::forms::DONE_PARAM, endpoint);
    format!("{path}?{}", pairs.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_fields_are_taken_out_and_the_last_one_wins() {
        let mut fields = vec![
            (FN_FIELD.to_owned(), "/api/publish_notice".to_owned()),
            ("title".to_owned(), "停水".to_owned()),
            (FN_FIELD.to_owned(), "/api/save_notice_draft".to_owned()),
        ];
        assert_eq!(
            take(&mut fields, FN_FIELD).as_deref(),
            Some("/api/save_notice_draft")
        );
        assert_eq!(fields, vec![("title".to_owned(), "停水".to_owned())]);
        assert_eq!(take(&mut fields, STAY_FIELD), None);
    }

    #[test]
    fn back_on_the_page_it_says_what_was_done_once() {
        assert_eq!(
            back_with_done("/staff/rules", None, "/api/set_community_rules"),
            "/staff/rules?done=set_community_rules"
        );
        assert_eq!(
            back_with_done(
                "/elections/k/station",
                Some("place=p1&q=%E5%BC%A0&done=hand_out_paper"),
                "/api/hand_out_paper"
            ),
            "/elections/k/station?place=p1&q=%E5%BC%A0&done=hand_out_paper"
        );
    }
}
