//! `/notices/feed.atom`: the notice board as an Atom feed, every community's or one's
//! (`?c=<community>`), newest first. Only what is public: scheduled notices wait for their time.

use crate::AppState;
use app::domain::notice::{Standing, standing};
use atom_syndication::{Content, Entry, Feed, Link, Text};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Utc;

/// Entries in the feed at most.
const ENTRIES: usize = 50;

#[derive(Debug, serde::Deserialize)]
pub struct FeedQuery {
    c: Option<String>,
}

pub async fn feed(State(state): State<AppState>, Query(query): Query<FeedQuery>) -> Response {
    // A community that is no key is no community: the feed is not found, as for an unknown one.
    let community = match query
        .c
        .as_deref()
        .map(app::domain::keys::CommunityKey::parse)
    {
        Some(Err(_)) => return StatusCode::NOT_FOUND.into_response(),
        Some(Ok(key)) => Some(key),
        None => None,
    };
    match build(&state, community.as_ref()).await {
        Ok(Some(xml)) => {
            let mut response = xml.into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            );
            response
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot build the notice feed");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

async fn build(
    state: &AppState,
    community: Option<&app::domain::keys::CommunityKey>,
) -> Result<Option<String>, app::store::StoreError> {
    let store = &state.context.store;
    let origin = state.context.public_origin.trim_end_matches('/');
    let title = match community {
        Some(key) => match store.community(key).await? {
            Some(c) => format!("{} {} 居务公开", c.district, c.name),
            None => return Ok(None),
        },
        None => "共商 居务公开".to_owned(),
    };
    let now = Utc::now();
    // Entries carry the community's own time.
    let china = app::domain::clock::offset();
    let mut entries = Vec::new();
    for head in store.notice_heads(community).await? {
        let placement = head.placement();
        if standing(&placement, now) == Standing::Scheduled {
            continue;
        }
        let body = store
            .notice_versions(&head.key)
            .await?
            .into_iter()
            .find(|v| v.number == head.latest)
            .map(|v| app::api::notices::render_markdown(&v.body))
            .unwrap_or_default();
        let link = format!("{origin}/notices/{}", head.key);
        let mut entry = Entry::default();
        entry.set_id(link.clone());
        entry.set_title(Text::plain(head.title));
        entry.set_updated(head.publish_at.with_timezone(&china));
        entry.set_published(Some(head.first_published.with_timezone(&china)));
        let mut alternate = Link::default();
        alternate.set_href(link);
        entry.set_links(vec![alternate]);
        let mut content = Content::default();
        content.set_content_type(Some("html".to_owned()));
        content.set_value(Some(body));
        entry.set_content(Some(content));
        entries.push(entry);
        if entries.len() == ENTRIES {
            break;
        }
    }
    let mut feed = Feed::default();
    let self_link = match community {
        Some(key) => format!("{origin}/notices/feed.atom?c={key}"),
        None => format!("{origin}/notices/feed.atom"),
    };
    feed.set_id(self_link.clone());
    feed.set_title(Text::plain(title));
    feed.set_updated(
        entries
            .iter()
            .map(|e| *e.updated())
            .max()
            .unwrap_or_else(|| now.with_timezone(&china)),
    );
    let mut link = Link::default();
    link.set_href(self_link);
    link.set_rel("self");
    feed.set_links(vec![link]);
    feed.set_entries(entries);
    Ok(Some(feed.to_string()))
}
