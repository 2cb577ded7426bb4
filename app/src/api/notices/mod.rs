//! The notice board: reading it (public, no sign-in), and publishing, scheduling, previewing
//! and correcting notices (by those `domain::notice::publishers` names). Bodies are Markdown,
//! rendered on the server and sanitised before any browser sees them.

use crate::AppError;
use crate::domain::notice::{NoticeKind, Standing};
#[cfg(feature = "ssr")]
use crate::{
    api::{context::ServerContext, guard::authorize, registry::ssr::parse_key},
    domain::clock::local_day,
    domain::notice::{
        NewNotice, NoticeInput, earliest_end, may_publish, next_version, publishable_kinds,
        standing,
    },
    domain::policy::Action,
};
#[cfg(feature = "ssr")]
use chrono::Utc;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use ssr::{first_problem, local_time, may_change, parse_day, parse_local, render, sees_scheduled};

pub mod drafts;

use crate::domain::keys::{CommunityKey, NoticeKey};

/// A notice in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLine {
    pub key: NoticeKey,
    pub kind: NoticeKind,
    pub title: String,
    /// Local day the latest version went up.
    pub published: String,
    /// Its last day on the board, the community's day.
    pub ends_on: Option<chrono::NaiveDate>,
    pub version: i64,
    pub standing: Standing,
}

/// A community's board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardView {
    /// The community shown (key, name), if one could be chosen.
    pub community: Option<(CommunityKey, String)>,
    /// Every community, to choose another board.
    pub communities: Vec<(CommunityKey, String)>,
    pub notices: Vec<NoticeLine>,
    /// Kinds the caller may publish here (empty for residents and visitors).
    pub can_publish: Vec<String>,
    /// The caller is signed in (a visitor asked to publish is asked to sign in first).
    pub signed_in: bool,
}

/// One version as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionView {
    pub number: i64,
    pub title: String,
    /// Sanitised HTML of the Markdown body.
    pub body_html: String,
    /// Local date and time it went up.
    pub published: String,
    pub ends_on: Option<chrono::NaiveDate>,
    /// The audit-chain head published with it: `#seq · first 16 hex digits of the hash`
    /// (the whole list is `/audit/heads.json`).
    pub audit_head: Option<String>,
}

/// A notice with its history, newest version first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeView {
    pub key: NoticeKey,
    pub community_name: String,
    pub kind: NoticeKind,
    pub standing: Standing,
    /// The last day the latest version must stay up at least.
    pub shown_until_at_least: String,
    pub versions: Vec<VersionView>,
    /// The caller may publish a correction.
    pub can_correct: bool,
    /// Files of the versions shown.
    pub attachments: Vec<AttachmentLink>,
    /// Where the notice is online, and that link as an SVG QR code (for the printed poster).
    pub link: String,
    pub qr_svg: String,
    /// The page of the record the notice is about (an election…), if any.
    pub about: Option<String>,
    /// The last day it was shown, if staff took it down.
    pub taken_down_on: Option<chrono::NaiveDate>,
    /// Taking it down, when the caller may publish its kind and it is still up.
    pub take_down: Option<TakeDown>,
}

/// When a notice may be taken down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TakeDown {
    /// The first local day, `YYYY-MM-DD`.
    pub from: String,
    /// That day has come.
    pub now: bool,
}

/// The notice board of `community` (a key; empty: the caller's own, or the only one there is),
/// of one `kind` (a code; empty: every kind). `archive`: the notices past their end instead of
/// the current ones. Scheduled notices are listed only to those who may publish them there.
#[server(prefix = "/api", endpoint = "notice_board")]
pub async fn notice_board(
    community: String,
    kind: String,
    archive: bool,
) -> Result<BoardView, AppError> {
    let caller = authorize(Action::ViewNotices).await?;
    let kind = match kind.trim() {
        "" => None,
        raw => {
            Some(NoticeKind::parse(raw).ok_or_else(|| AppError::invalid("kind", "unknown_value"))?)
        }
    };
    let store = ServerContext::current()?.store;
    let communities: Vec<(CommunityKey, String)> = store
        .communities()
        .await?
        .into_iter()
        .map(|c| (c.key, format!("{} {}", c.district, c.name)))
        .collect();
    let chosen = if community.trim().is_empty() {
        caller
            .as_ref()
            .map(|c| c.community.clone())
            .or_else(|| (communities.len() == 1).then(|| communities[0].0.clone()))
    } else {
        Some(parse_key("community", &community)?)
    };
    let Some(chosen) = chosen else {
        return Ok(BoardView {
            community: None,
            communities,
            notices: Vec::new(),
            can_publish: Vec::new(),
            signed_in: caller.is_some(),
        });
    };
    let name = communities
        .iter()
        .find(|(key, _)| *key == chosen)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let notices = store
        .notice_heads(Some(&chosen))
        .await?
        .into_iter()
        .filter(|head| kind.is_none_or(|k| head.kind == k))
        .filter_map(|head| {
            let standing = standing(&head.placement(), now);
            let wanted = match standing {
                Standing::Current => !archive,
                Standing::Archived => archive,
                Standing::Scheduled => !archive && sees_scheduled(caller.as_ref(), &head),
                Standing::Superseded => false,
            };
            wanted.then(|| NoticeLine {
                published: local_day(head.publish_at).to_string(),
                key: head.key,
                kind: head.kind,
                title: head.title,
                ends_on: head.ends_on,
                version: head.latest,
                standing,
            })
        })
        .collect();
    let signed_in = caller.is_some();
    let can_publish = caller
        .filter(|c| c.community == chosen)
        .map(|c| {
            publishable_kinds(&c.roles)
                .into_iter()
                .map(|k| k.code().to_owned())
                .collect()
        })
        .unwrap_or_default();
    Ok(BoardView {
        community: Some(name),
        communities,
        notices,
        can_publish,
        signed_in,
    })
}

/// The notice `key` with its versions, newest first, its attachments and what the caller may
/// do with it; marks it read for a signed-in reader. A scheduled notice is `NotFound` to
/// anyone who may not publish it.
#[server(prefix = "/api", endpoint = "notice")]
pub async fn notice(key: String) -> Result<NoticeView, AppError> {
    let caller = authorize(Action::ViewNotices).await?;
    let key = parse_key("key", &key)?;
    let store = ServerContext::current()?.store;
    let head = store.notice_head(&key).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let standing = standing(&head.placement(), now);
    if standing == Standing::Scheduled && !sees_scheduled(caller.as_ref(), &head) {
        // Not public yet: it does not exist for anyone else.
        return Err(AppError::NotFound);
    }
    let community_name = store
        .community(&head.community)
        .await?
        .map(|c| format!("{} {}", c.district, c.name))
        .unwrap_or_default();
    if let Some(reader) = &caller
        && let Err(error) = store.mark_read(&reader.key, &key).await
    {
        // Reading matters more than the receipt: log and go on.
        tracing::warn!(%error, "could not record a notice as read");
    }
    let mut versions: Vec<VersionView> = store
        .notice_versions(&key)
        .await?
        .into_iter()
        .filter(|v| v.publish_at <= now || sees_scheduled(caller.as_ref(), &head))
        .map(|v| VersionView {
            number: v.number,
            title: v.title,
            body_html: render(&v.body),
            published: local_time(v.publish_at),
            ends_on: v.ends_on,
            audit_head: v.audit_seq.zip(v.audit_hash).map(|(seq, hash)| {
                format!("#{seq} · {}", hash.chars().take(16).collect::<String>())
            }),
        })
        .collect();
    versions.reverse();
    let shown: Vec<i64> = versions.iter().map(|v| v.number).collect();
    let attachments = store
        .notice_attachments(&key)
        .await?
        .into_iter()
        .filter(|a| shown.contains(&a.version))
        .map(|a| AttachmentLink {
            href: format!("/notices/attachments/{}", a.key),
            name: a.name,
            kind: a.kind,
            size: a.size,
        })
        .collect();
    let can_correct = match caller.as_ref() {
        Some(caller) => may_change(caller, &head).await.is_ok(),
        None => false,
    };
    let rules = crate::api::rules::ssr::rules(&head.community).await?;
    let take_down = (can_correct && head.taken_down_on.is_none() && standing == Standing::Current)
        .then(|| {
            let from = crate::domain::notice::take_down_from(&rules, &head.placement());
            TakeDown {
                from: from.to_string(),
                now: local_day(Utc::now()) >= from,
            }
        });
    let origin = ServerContext::current()?.public_origin;
    let link = format!("{}/notices/{}", origin.trim_end_matches('/'), head.key);
    let qr_svg = crate::api::qr::svg(&link, 120)?;
    Ok(NoticeView {
        about: head
            .about
            .as_deref()
            .and_then(crate::domain::notice::about_path),
        attachments,
        link,
        qr_svg,
        key: head.key.clone(),
        community_name,
        kind: head.kind,
        standing,
        shown_until_at_least: earliest_end(&rules, head.publish_at).to_string(),
        versions,
        can_correct,
        taken_down_on: head.taken_down_on,
        take_down,
    })
}

/// `body` (Markdown) as it will look once published: sanitised HTML.
#[server(prefix = "/api", endpoint = "preview_notice")]
pub async fn preview_notice(body: String) -> Result<String, AppError> {
    authorize(Action::PublishNotice).await?;
    if body.chars().count() > crate::domain::notice::MAX_BODY_CHARS {
        return Err(AppError::invalid("body", "too_long"));
    }
    Ok(render(&body))
}

/// A file sent with a notice: its name and its bytes in base64 (the browser reads it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    pub name: String,
    pub data: String,
}

/// An attachment as a notice's page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentLink {
    pub href: String,
    pub name: String,
    pub kind: String,
    pub size: i64,
}

/// Publishes a notice in the caller's community; `publish_at` (local `YYYY-MM-DDTHH:MM`, empty
/// for now) schedules it; `ends_on` (`YYYY-MM-DD`, optional) ends it; `attachments` are PDFs
/// or images; `draft`, the caller's draft it was finished from, is deleted with the publication.
/// Answers its key, and sends a plain form post to the notice.
#[server(prefix = "/api", endpoint = "publish_notice")]
pub async fn publish_notice(
    kind: String,
    title: String,
    body: String,
    publish_at: String,
    ends_on: String,
    attachments: Option<Vec<Upload>>,
    draft: Option<String>,
) -> Result<crate::domain::keys::NoticeKey, AppError> {
    let uploads = attachments.unwrap_or_default();
    let draft = draft.filter(|key| !key.trim().is_empty());
    let caller = authorize(Action::PublishNotice)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let input = NoticeInput {
        kind: &kind,
        title: &title,
        body: &body,
        publish_at: parse_local(&publish_at)?,
        ends_on: parse_day("ends_on", &ends_on)?,
    };
    let rules = crate::api::rules::ssr::rules(&caller.community).await?;
    let notice = NewNotice::parse(&input, &rules, Utc::now()).map_err(first_problem)?;
    if !may_publish(&caller.roles, notice.kind) {
        tracing::warn!(caller = %caller.key, kind = notice.kind.code(), "publishing refused");
        return Err(AppError::Forbidden);
    }
    if notice.kind == crate::domain::notice::NoticeKind::Election {
        crate::api::elections::request::acts_for_an_election(&caller).await?;
    }
    let files = ssr::attachments(&uploads)?;
    let store = ServerContext::current()?.store;
    let key = if let Some(draft) = draft {
        let draft = parse_key("draft", &draft)?;
        store
            .publish_notice_draft(&caller.community, &caller.key, &draft, &notice, &files)
            .await?
    } else {
        store
            .publish_notice(
                &caller.community,
                &notice,
                None,
                &files,
                &format!("person:{}", caller.key),
            )
            .await?
    };
    // A plain form post lands on the published notice, which says it went up (issue 16,
    // item 7).
    leptos_axum::redirect(&format!(
        "/notices/{key}?{}=publish_notice",
        crate::ui::forms::DONE_PARAM
    ));
    Ok(key)
}

/// Publishes the next version of notice `key` with `title`, `body` and `ends_on`
/// (`YYYY-MM-DD`, optional); the earlier ones stay in its history.
#[server(prefix = "/api", endpoint = "correct_notice")]
pub async fn correct_notice(
    key: String,
    title: String,
    body: String,
    ends_on: String,
) -> Result<(), AppError> {
    let caller = authorize(Action::PublishNotice)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let key = parse_key("key", &key)?;
    let store = ServerContext::current()?.store;
    let head = store.notice_head(&key).await?.ok_or(AppError::NotFound)?;
    may_change(&caller, &head).await?;
    let input = NoticeInput {
        kind: head.kind.code(),
        title: &title,
        body: &body,
        publish_at: None,
        ends_on: parse_day("ends_on", &ends_on)?,
    };
    let rules = crate::api::rules::ssr::rules(&caller.community).await?;
    let notice = NewNotice::parse(&input, &rules, Utc::now()).map_err(first_problem)?;
    let number = next_version(u32::try_from(head.latest).ok());
    if store
        .correct_notice(
            &caller.community,
            &key,
            number,
            &notice,
            &[],
            &format!("person:{}", caller.key),
        )
        .await?
    {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// Takes notice `key` down once its minimum display period is over: it was last shown yesterday
/// and moves to the archive (still readable).
#[server(prefix = "/api", endpoint = "take_down_notice")]
pub async fn take_down_notice(key: String) -> Result<(), AppError> {
    let caller = authorize(Action::PublishNotice)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let key = parse_key("key", &key)?;
    let store = ServerContext::current()?.store;
    let head = store.notice_head(&key).await?.ok_or(AppError::NotFound)?;
    may_change(&caller, &head).await?;
    let rules = crate::api::rules::ssr::rules(&head.community).await?;
    let yesterday =
        crate::domain::notice::take_down_on(&rules, &head.placement(), local_day(Utc::now()))?;
    if store
        .take_down_notice(
            &crate::store::Acting::new(&head.community, format!("person:{}", caller.key)),
            &key,
            yesterday,
        )
        .await?
    {
        Ok(())
    } else {
        Err(AppError::Conflict)
    }
}

/// Markdown to HTML a browser or a feed reader may show (for the server's Atom feed).
#[cfg(feature = "ssr")]
pub fn render_markdown(markdown: &str) -> String {
    ssr::render(markdown)
}

/// The current notices of `person`'s community they have not opened yet, newest first.
#[cfg(feature = "ssr")]
pub async fn unread_for(
    store: &crate::store::Store,
    person: &crate::domain::keys::PersonKey,
    community: &CommunityKey,
) -> Result<Vec<NoticeLine>, crate::store::StoreError> {
    use crate::domain::clock::local_day;
    use crate::domain::notice::standing;
    let read = store.read_notices(person).await?;
    let now = chrono::Utc::now();
    Ok(store
        .notice_heads(Some(community))
        .await?
        .into_iter()
        .filter(|head| !read.contains(&head.key))
        .filter_map(|head| {
            let standing = standing(&head.placement(), now);
            (standing == Standing::Current).then(|| NoticeLine {
                published: local_day(head.publish_at).to_string(),
                key: head.key,
                kind: head.kind,
                title: head.title,
                ends_on: head.ends_on,
                version: head.latest,
                standing,
            })
        })
        .collect())
}

/// What the notice functions share, here and in `drafts`: Markdown made safe to show, times
/// and days as forms send them, who sees a scheduled notice, and checking attachments.
#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::Upload;
    use crate::AppError;
    use crate::api::guard::Person;
    use crate::domain::notice::{check_attachment, may_publish};
    use crate::store::notices::{NewAttachment, NoticeHead};
    use chrono::{DateTime, NaiveDate, Utc};

    /// Markdown to HTML a browser may show: no scripts, no handlers, no foreign embeds.
    ///
    /// The pages' Content-Security-Policy loads images from this site only, so an image from
    /// elsewhere showed as a broken picture: a Markdown image from elsewhere becomes a link
    /// to it, its description the link's text, and an HTML `<img>` from elsewhere loses its
    /// address, leaving its description (issue 16, review).
    pub(crate) fn render(markdown: &str) -> String {
        use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
        let mut linked = Vec::new();
        let parser = pulldown_cmark::Parser::new_ext(
            markdown,
            pulldown_cmark::Options::ENABLE_TABLES,
        )
        .map(|event| match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let foreign = !is_this_site(&dest_url);
                linked.push(foreign);
                if foreign {
                    Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        id,
                    })
                } else {
                    Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Image) if linked.pop().unwrap_or(false) => Event::End(TagEnd::Link),
            other => other,
        });
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, parser);
        ammonia::Builder::default()
            .attribute_filter(|element, attribute, value| {
                if element == "img" && attribute == "src" && !is_this_site(value) {
                    None
                } else {
                    Some(value.into())
                }
            })
            .clean(&html)
            .to_string()
    }

    /// An address on this site: a path, not another host's (`//host/…`).
    fn is_this_site(address: &str) -> bool {
        address.starts_with('/') && !address.starts_with("//")
    }

    pub(super) fn local_time(at: DateTime<Utc>) -> String {
        crate::domain::clock::show_minute(at)
    }

    /// `YYYY-MM-DDTHH:MM` in the community's time (UTC+8), as a browser's datetime field sends.
    pub(super) fn parse_local(raw: &str) -> Result<Option<DateTime<Utc>>, AppError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        crate::domain::clock::parse_minute(raw)
            .map(Some)
            .ok_or_else(|| AppError::invalid("publish_at", "not_a_date"))
    }

    pub(super) fn parse_day(field: &str, raw: &str) -> Result<Option<NaiveDate>, AppError> {
        crate::api::registry::ssr::parse_day(field, raw)
    }

    /// May the caller see `head` while it is scheduled? Only who may publish its kind there.
    pub(super) fn sees_scheduled(caller: Option<&Person>, head: &NoticeHead) -> bool {
        caller.is_some_and(|c| c.community == head.community && may_publish(&c.roles, head.kind))
    }

    /// Whether `caller` may correct or take down notice `head`: one who may publish its kind in
    /// its community and, for a notice an election put up (about `election:<key>`), acts for
    /// that election's committee (the second 2026-12-07 review rewrote a candidate list and a
    /// result as an officer off the committee).
    pub(super) async fn may_change(caller: &Person, head: &NoticeHead) -> Result<(), AppError> {
        if !sees_scheduled(Some(caller), head) {
            return Err(AppError::Forbidden);
        }
        if let Some(election) = head
            .about
            .as_deref()
            .and_then(|a| a.strip_prefix("election:"))
        {
            crate::api::elections::request::committee_election(caller, election).await?;
        }
        Ok(())
    }

    pub(super) fn first_problem(errors: Vec<crate::domain::registry::FieldError>) -> AppError {
        errors
            .into_iter()
            .next()
            .map_or_else(|| AppError::invalid("notice", "missing"), AppError::from)
    }

    /// Checks uploads against the attachment rules: every file, or the first problem.
    pub(crate) fn attachments(uploads: &[Upload]) -> Result<Vec<NewAttachment>, AppError> {
        use base64::Engine;
        // The count first, before decoding what may be many files.
        crate::domain::notice::check_attachment_set(&vec![0; uploads.len()])?;
        let attachments = uploads
            .iter()
            .map(|upload| {
                let data = base64::engine::general_purpose::STANDARD
                    .decode(upload.data.trim().as_bytes())
                    .map_err(|_| AppError::invalid("attachment", "unreadable"))?;
                let (kind, name) = check_attachment(&upload.name, &data)?;
                Ok(NewAttachment { name, kind, data })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let sizes: Vec<usize> = attachments.iter().map(|file| file.data.len()).collect();
        crate::domain::notice::check_attachment_set(&sizes)?;
        Ok(attachments)
    }

    #[cfg(test)]
    mod tests {
        use super::render;

        #[test]
        fn markdown_is_rendered_and_anything_active_removed() {
            let html = render(
                "**停水**通知\n\n<script>alert(1)</script>\n\n[点我](javascript:alert(1)) <img src=x onerror=alert(1)>",
            );
            assert!(html.contains("<strong>停水</strong>"), "{html}");
            assert!(!html.contains("<script"), "{html}");
            assert!(!html.contains("javascript:"), "{html}");
            assert!(!html.contains("onerror"), "{html}");
        }

        #[test]
        fn issue16_an_image_from_elsewhere_is_a_link_not_a_broken_picture() {
            let html = render(
                "![停水示意图](https://example.com/map.png) ![附件](/notices/attachments/abc)\n\n<img src=\"https://example.com/x.png\" alt=\"说明\">",
            );
            assert!(
                html.contains(r#"<a href="https://example.com/map.png" rel="noopener noreferrer">停水示意图</a>"#),
                "{html}"
            );
            assert!(
                html.contains(r#"<img src="/notices/attachments/abc" alt="附件">"#),
                "{html}"
            );
            assert!(!html.contains("https://example.com/x.png"), "{html}");
            assert!(html.contains(r#"alt="说明""#), "{html}");
        }

        #[test]
        fn a_name_in_an_official_notice_stays_text() {
            // Issue 15, item 15: names went unescaped into the result and candidate notices.
            use crate::domain::notice::markdown_literal;
            for name in [
                "[点我](https://evil.example)",
                "**王**芳",
                "<b>李</b>",
                "# 张\n- 伟",
                "![x](https://evil.example/x.png)",
                "`code` _i_ ~~s~~ \\[",
            ] {
                let html = render(&format!("**主任**：{}（12 票）", markdown_literal(name)));
                for active in ["<a", "<img", "<em", "<code", "<h1", "<li", "<del", "<b>"] {
                    assert!(!html.contains(active), "{name}: {html}");
                }
                assert_eq!(html.matches("<strong>").count(), 1, "{name}: {html}");
            }
            assert_eq!(markdown_literal("王秀英"), "王秀英");
        }
    }
}
