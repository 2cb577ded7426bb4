//! The notice board over HTTP: staff publish, anyone reads without signing in, a scheduled
//! notice stays hidden until its time, and a correction keeps the first version readable.

use crate::common::TestApp;
use app::domain::roles::Role;

/// A community with a station chief and a grid worker; answers their sessions.
async fn staff(app: &TestApp) -> (String, String) {
    let (_, keys) = crate::common::community_with(
        &app.store,
        &[Some(Role::StationChief), Some(Role::StationStaff)],
    )
    .await;
    (
        app.sign_in_as(&keys[0]).await,
        app.sign_in_as(&keys[1]).await,
    )
}

async fn post(
    app: &TestApp,
    session: Option<&str>,
    endpoint: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.submit(endpoint, form, session).await
}

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.visit(path, None).await;
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn issue16_item21_hostile_titles_never_break_the_feed() {
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    for title in [
        "电梯\u{8}停运",
        "停水\u{0}通知\u{1b}[31m",
        "<![CDATA[ ]]> & \u{feff}\u{202e}通知",
        "第一行\r\n第二行\t",
        "\u{85}\u{9f}\u{7f}",
    ] {
        let published = post(
            &app,
            Some(&chief),
            "publish_notice",
            &[
                ("kind", "general"),
                ("title", title),
                ("body", "正文\u{8}\u{1}"),
                ("publish_at", ""),
                ("ends_on", ""),
            ],
        )
        .await;
        assert!(
            [200, 422].contains(&published.status().as_u16()),
            "{title:?}: {}",
            published.status()
        );
    }
    let (status, feed) = page(&app, "/notices/feed.atom").await;
    assert_eq!(status, 200);
    let document = roxmltree::Document::parse(&feed).expect("the feed is well-formed XML");
    let titles: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&"电梯停运"), "{titles:?}");
    assert!(titles.contains(&"第一行 第二行"), "{titles:?}");
}

#[tokio::test]
async fn a_published_notice_is_public_and_a_correction_keeps_the_first_version() {
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let published = post(
        &app,
        Some(&chief),
        "publish_notice",
        &[
            ("kind", "general"),
            ("title", "停水通知"),
            ("body", "**明天**停水。<script>x()</script>"),
            ("publish_at", ""),
            ("ends_on", ""),
        ],
    )
    .await;
    assert_eq!(published.status(), 200);
    let key: String = published.json().await.expect("key");

    let (status, board) = page(&app, "/notices").await;
    assert_eq!(status, 200);
    assert!(board.contains("停水通知"), "listed for anonymous visitors");
    let feed = app
        .client
        .get(app.url("/notices/feed.atom"))
        .send()
        .await
        .expect("feed");
    assert_eq!(feed.status(), 200);
    assert_eq!(
        feed.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    let feed = feed.text().await.expect("xml");
    assert!(feed.contains("<title>停水通知</title>"), "{feed}");
    assert!(feed.contains(&format!("/notices/{key}")));
    assert!(
        !feed.contains("<script>x()"),
        "the feed carries the sanitised body"
    );
    let community = app.store.communities().await.expect("list")[0].key.clone();
    let (status, own) = page(&app, &format!("/notices/feed.atom?c={community}")).await;
    assert_eq!(status, 200);
    assert!(own.contains("示例社区"));
    let (status, _) = page(&app, "/notices/feed.atom?c=nowhere").await;
    assert_eq!(status, 404);
    let (status, notice) = page(&app, &format!("/notices/{key}")).await;
    assert_eq!(status, 200);
    assert!(notice.contains("<strong>明天</strong>"));
    assert!(!notice.contains("<script>x()"), "the body is sanitised");

    let corrected = post(
        &app,
        Some(&chief),
        "correct_notice",
        &[
            ("key", &key),
            ("title", "停水通知（更正）"),
            ("body", "后天停水。"),
            ("ends_on", ""),
        ],
    )
    .await;
    assert_eq!(corrected.status(), 200);
    let (_, notice) = page(&app, &format!("/notices/{key}")).await;
    assert!(notice.contains("停水通知（更正）"));
    assert!(
        notice.contains("data-testid=\"notice-history\""),
        "the first version stays readable"
    );
    assert!(notice.contains("明天"));
}

#[tokio::test]
async fn a_scheduled_notice_is_hidden_until_its_time() {
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let later = (chrono::Utc::now() + chrono::Duration::days(3) + chrono::Duration::hours(8))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let published = post(
        &app,
        Some(&chief),
        "publish_notice",
        &[
            ("kind", "general"),
            ("title", "下周开会"),
            ("body", "议程另行通知。"),
            ("publish_at", &later),
            ("ends_on", ""),
        ],
    )
    .await;
    assert_eq!(published.status(), 200);
    let key: String = published.json().await.expect("key");
    let (_, board) = page(&app, "/notices").await;
    assert!(!board.contains("下周开会"));
    let (_, feed) = page(&app, "/notices/feed.atom").await;
    assert!(!feed.contains("下周开会"), "nor is it in the feed");
    let (status, early) = page(&app, &format!("/notices/{key}")).await;
    assert_eq!(status, 404, "its page is not found before its time");
    assert!(!early.contains("议程另行通知"), "and shows nothing of it");
    let anonymous = post(&app, None, "notice", &[("key", &key)]).await;
    assert_eq!(
        anonymous.status(),
        404,
        "but the notice does not exist for the public yet"
    );
    let own = post(&app, Some(&chief), "notice", &[("key", &key)]).await;
    assert_eq!(own.status(), 200, "its publisher sees it");
}

#[tokio::test]
async fn publishing_follows_who_runs_each_kind_and_the_display_period() {
    let app = TestApp::spawn().await;
    let (chief, grid_worker) = staff(&app).await;
    let form = |kind: &'static str, ends_on: &'static str| {
        vec![
            ("kind", kind),
            ("title", "通知"),
            ("body", "内容"),
            ("publish_at", ""),
            ("ends_on", ends_on),
        ]
    };
    let election = post(&app, Some(&chief), "publish_notice", &form("election", "")).await;
    assert_eq!(
        election.status(),
        403,
        "election notices are the election committee's"
    );
    let deliberation = post(
        &app,
        Some(&grid_worker),
        "publish_notice",
        &form("deliberation", ""),
    )
    .await;
    assert_eq!(deliberation.status(), 403);
    let too_short = post(
        &app,
        Some(&chief),
        "publish_notice",
        &form("general", "2020-01-01"),
    )
    .await;
    assert_eq!(too_short.status(), 422, "under the 15-day minimum");
    let heads = app.store.notice_heads(None).await.expect("heads");
    assert!(heads.is_empty(), "nothing was published");
}

#[tokio::test]
async fn a_signed_in_person_sees_the_notices_they_have_not_opened() {
    let app = TestApp::spawn().await;
    let (chief, grid_worker) = staff(&app).await;
    let published = post(
        &app,
        Some(&grid_worker),
        "publish_notice",
        &[
            ("kind", "general"),
            ("title", "垃圾分类新规"),
            ("body", "下月起实行。"),
            ("publish_at", ""),
            ("ends_on", ""),
        ],
    )
    .await;
    let key: String = published.json().await.expect("key");
    let unread = |session: String| {
        let app = &app;
        async move {
            let account: serde_json::Value = post(app, Some(&session), "my_account", &[])
                .await
                .json()
                .await
                .expect("json");
            account["unread"]
                .as_array()
                .expect("unread")
                .iter()
                .map(|n| n["title"].as_str().unwrap_or_default().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(unread(chief.clone()).await, ["垃圾分类新规"]);
    assert_eq!(
        post(&app, Some(&chief), "notice", &[("key", &key)])
            .await
            .status(),
        200
    );
    assert!(
        unread(chief).await.is_empty(),
        "opened, so no longer unread"
    );
}

#[tokio::test]
async fn attachments_are_checked_by_content_and_served_once_the_notice_is_public() {
    use base64::Engine;
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let pdf = b"%PDF-1.4\n% a tiny test file\n".to_vec();
    let encoded = base64::engine::general_purpose::STANDARD.encode(&pdf);
    let fake = base64::engine::general_purpose::STANDARD.encode(b"<html>not a pdf</html>");
    let form = |data: &str, publish_at: &str| {
        vec![
            ("kind".to_owned(), "general".to_owned()),
            ("title".to_owned(), "选民名单".to_owned()),
            ("body".to_owned(), "见附件。".to_owned()),
            ("publish_at".to_owned(), publish_at.to_owned()),
            ("ends_on".to_owned(), String::new()),
            ("attachments[0][name]".to_owned(), "名单.pdf".to_owned()),
            ("attachments[0][data]".to_owned(), data.to_owned()),
        ]
    };
    let send = |form: Vec<(String, String)>| {
        let app = &app;
        let chief = chief.clone();
        async move {
            app.client
                .post(app.url("/api/publish_notice"))
                .header("origin", app.origin())
                .header("cookie", format!("gs_session={chief}"))
                .form(&form)
                .send()
                .await
                .expect("request")
        }
    };
    assert_eq!(
        send(form(&fake, "")).await.status(),
        422,
        "a name does not make a PDF"
    );
    assert!(
        app.store
            .notice_heads(None)
            .await
            .expect("heads")
            .is_empty()
    );

    let published = send(form(&encoded, "")).await;
    assert_eq!(published.status(), 200);
    let key: String = published.json().await.expect("key");
    let view: serde_json::Value = post(&app, None, "notice", &[("key", &key)])
        .await
        .json()
        .await
        .expect("json");
    let href = view["attachments"][0]["href"]
        .as_str()
        .expect("href")
        .to_owned();
    let file = app.client.get(app.url(&href)).send().await.expect("file");
    assert_eq!(file.status(), 200);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(file.bytes().await.expect("bytes").to_vec(), pdf);

    let later = (chrono::Utc::now() + chrono::Duration::days(2) + chrono::Duration::hours(8))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let scheduled = send(form(&encoded, &later)).await;
    let key: app::domain::keys::NoticeKey = scheduled.json().await.expect("key");
    let files = app.store.notice_attachments(&key).await.expect("files");
    let hidden = app
        .client
        .get(app.url(&format!("/notices/attachments/{}", files[0].key)))
        .send()
        .await
        .expect("file");
    assert_eq!(hidden.status(), 404, "not before the notice is public");
}

#[tokio::test]
async fn a_notice_is_taken_down_only_after_its_minimum_period_and_stays_in_the_archive() {
    use app::domain::notice::{NewNotice, NoticeKind};
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let community = app
        .store
        .community_named("青山区", "示例社区")
        .await
        .unwrap()
        .unwrap()
        .key;
    let notice = |title: &str, days_ago: i64| NewNotice {
        kind: NoticeKind::General,
        title: title.to_owned(),
        body: "各位居民：请注意。".to_owned(),
        publish_at: chrono::Utc::now() - chrono::Duration::days(days_ago),
        ends_on: None,
    };
    let old = app
        .store
        .publish_notice(&community, &notice("旧通知", 20), None, &[], "person:x")
        .await
        .unwrap();
    let fresh = app
        .store
        .publish_notice(&community, &notice("新通知", 0), None, &[], "person:x")
        .await
        .unwrap();

    let early = post(&app, Some(&chief), "take_down_notice", &[("key", &fresh)]).await;
    assert_eq!(early.status(), 409);
    assert!(
        early
            .text()
            .await
            .unwrap()
            .contains("too_early_to_take_down")
    );

    let (_, before) = page(&app, "/notices").await;
    assert!(before.contains("旧通知"));
    let down = post(&app, Some(&chief), "take_down_notice", &[("key", &old)]).await;
    assert_eq!(down.status(), 200, "{}", down.text().await.unwrap());
    let (_, board) = page(&app, "/notices").await;
    assert!(
        !board.contains("旧通知") && board.contains("新通知"),
        "off the current board"
    );
    let (_, archive) = page(&app, "/notices?archive=1").await;
    assert!(archive.contains("旧通知"), "still readable in the archive");
    let again = post(&app, Some(&chief), "take_down_notice", &[("key", &old)]).await;
    assert_eq!(again.status(), 409);
    let anonymous = post(&app, None, "take_down_notice", &[("key", &fresh)]).await;
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn a_draft_is_its_authors_alone_and_publishing_it_deletes_it() {
    let app = TestApp::spawn().await;
    let (chief, worker) = staff(&app).await;
    let draft_form = |draft: &'static str, title: &'static str| {
        [
            ("draft", draft),
            ("kind", "general"),
            ("title", title),
            ("body", ""),
            ("publish_at", "2030-01-02T09:00"),
            ("ends_on", ""),
        ]
    };
    // An empty draft is refused with a reason and keeps nothing.
    let empty = post(
        &app,
        Some(&chief),
        "save_notice_draft",
        &draft_form("", " "),
    )
    .await;
    assert_eq!(empty.status(), 422);
    assert!(empty.text().await.expect("body").contains("empty_draft"));
    let listed = post(&app, Some(&chief), "notice_drafts", &[]).await;
    assert_eq!(
        listed
            .json::<Vec<serde_json::Value>>()
            .await
            .expect("json")
            .len(),
        0
    );

    let saved = post(
        &app,
        Some(&chief),
        "save_notice_draft",
        &draft_form("", "停水"),
    )
    .await;
    assert_eq!(saved.status(), 200);
    let key: String = saved.json().await.expect("key");
    // Saving again with its key replaces it rather than adding one.
    let form = [
        ("draft", key.as_str()),
        ("kind", "general"),
        ("title", "停水通知"),
        ("body", "明天停水。"),
        ("publish_at", "2030-01-02T09:00"),
        ("ends_on", ""),
    ];
    let again = post(&app, Some(&chief), "save_notice_draft", &form).await;
    assert_eq!(again.json::<String>().await.expect("key"), key);
    let drafts: Vec<serde_json::Value> = post(&app, Some(&chief), "notice_drafts", &[])
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0]["title"], "停水通知");
    assert_eq!(drafts[0]["publish_at"], "2030-01-02T09:00");

    // Another officer of the same community can neither read nor overwrite nor delete it.
    let theirs = post(&app, Some(&worker), "notice_draft", &[("key", &key)]).await;
    assert_eq!(theirs.status(), 404);
    let overwrite = post(&app, Some(&worker), "save_notice_draft", &form).await;
    assert_eq!(overwrite.status(), 404);
    let delete = post(
        &app,
        Some(&worker),
        "discard_notice_draft",
        &[("key", &key)],
    )
    .await;
    assert_eq!(delete.status(), 404);

    let published = post(
        &app,
        Some(&chief),
        "publish_notice",
        &[
            ("kind", "general"),
            ("title", "停水通知"),
            ("body", "明天停水。"),
            ("publish_at", ""),
            ("ends_on", ""),
            ("draft", &key),
        ],
    )
    .await;
    assert_eq!(published.status(), 200);
    let drafts: Vec<serde_json::Value> = post(&app, Some(&chief), "notice_drafts", &[])
        .await
        .json()
        .await
        .expect("json");
    assert!(drafts.is_empty(), "the published draft is gone: {drafts:?}");
}

/// A plain form post to `/notices/new`, as a phone without JavaScript sends it; `extra` are
/// the pressed button's fields.
async fn post_notice_form(
    app: &TestApp,
    session: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = vec![
        ("_fn", "/api/publish_notice"),
        ("_form", "/api/publish_notice"),
    ];
    form.extend_from_slice(fields);
    app.client
        .post(app.url("/notices/new"))
        .header("origin", app.origin())
        .header("accept", "text/html")
        .header("cookie", format!("gs_session={session}"))
        .form(&form)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn issue17_the_notice_form_previews_refuses_saves_and_publishes_without_javascript() {
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let typed = [
        ("draft", ""),
        ("kind", "general"),
        ("title", "三号楼停水通知"),
        ("body", "明天 **8:00–12:00** 停水。"),
        ("publish_at", ""),
    ];
    // Preview: the page comes back with the rendered body and everything typed; nothing saved.
    let mut preview = typed.to_vec();
    preview.extend([("ends_on", ""), ("_stay", "preview")]);
    let answer = post_notice_form(&app, &chief, &preview).await;
    assert_eq!(answer.status(), 200);
    let html = answer.text().await.expect("body");
    assert!(
        html.contains("<strong>8:00–12:00</strong>"),
        "the preview: {html}"
    );
    assert!(
        html.contains("value=\"三号楼停水通知\""),
        "the title is kept"
    );
    assert!(
        html.contains("明天 **8:00–12:00** 停水。</textarea>"),
        "the body is kept"
    );
    // Refused (a last day under the minimum display period): the reason, and what was typed.
    let mut refused = typed.to_vec();
    refused.push(("ends_on", "2020-01-01"));
    let answer = post_notice_form(&app, &chief, &refused).await;
    assert_eq!(answer.status(), 422);
    let html = answer.text().await.expect("body");
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(
        html.contains("公示截止日期：太短了"),
        "the refusal names the field and what is wrong with it"
    );
    assert!(html.contains("value=\"三号楼停水通知\"") && html.contains("value=\"2020-01-01\""));
    assert!(
        app.store
            .notice_heads(None)
            .await
            .expect("heads")
            .is_empty()
    );
    // Saved as a draft (the button names its function): back to the form with the draft open.
    let mut save = typed.to_vec();
    save.extend([("ends_on", ""), ("_fn", "/api/save_notice_draft")]);
    let answer = post_notice_form(&app, &chief, &save).await;
    assert_eq!(answer.status(), 303);
    let location = answer.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert!(location.starts_with("/notices/new?draft="), "{location}");
    // Published: to the notice itself.
    let mut publish = typed.to_vec();
    publish.push(("ends_on", ""));
    let answer = post_notice_form(&app, &chief, &publish).await;
    assert_eq!(answer.status(), 303);
    let location = answer.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned();
    let heads = app.store.notice_heads(None).await.expect("heads");
    assert_eq!(heads.len(), 1);
    assert_eq!(
        location,
        format!("/notices/{}?done=publish_notice", heads[0].key)
    );
}

/// Posts the notice form as a browser does when it has a file input.
async fn post_notice_multipart(
    app: &TestApp,
    session: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> reqwest::Response {
    app.submit_page_with_files("/notices/new", "publish_notice", fields, files, session)
        .await
}

#[tokio::test]
async fn issue17_attachments_post_without_javascript_and_a_refused_form_keeps_them() {
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let pdf: &[u8] = b"%PDF-1.4\n% a tiny test file\n";
    let typed = [
        ("draft", ""),
        ("kind", "general"),
        ("title", "加装电梯公示"),
        ("body", "方案见附件。"),
        ("publish_at", ""),
    ];
    let mut refused = typed.to_vec();
    refused.push(("ends_on", "2020-01-01"));
    // An empty second input is what a browser sends for a file input left alone.
    let answer = post_notice_multipart(
        &app,
        &chief,
        &refused,
        &[
            ("attachments[]", "居务 公开 1+1.pdf", pdf),
            ("attachments[]", "", b""),
        ],
    )
    .await;
    assert_eq!(answer.status(), 422);
    let html = answer.text().await.expect("body");
    assert!(html.contains("value=\"加装电梯公示\""), "the title is kept");
    assert!(html.contains("data-testid=\"kept-files\""), "{html}");
    assert!(
        html.contains("居务 公开 1+1.pdf"),
        "the file is said to be kept"
    );
    let kept_data = format!(
        "name=\"attachments[0][data]\" value=\"{}\"",
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pdf)
    );
    assert!(html.contains(&kept_data), "and carried by the form");
    assert!(
        !html.contains("attachments[1]"),
        "the empty input is no file"
    );
    // Sent again with the kept file and no new one: published with it.
    let data = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, pdf);
    let mut again = typed.to_vec();
    again.extend([
        ("ends_on", ""),
        ("attachments[0][name]", "居务 公开 1+1.pdf"),
        ("attachments[0][data]", data.as_str()),
    ]);
    let answer = post_notice_multipart(&app, &chief, &again, &[("attachments[]", "", b"")]).await;
    assert_eq!(answer.status(), 303);
    let heads = app.store.notice_heads(None).await.expect("heads");
    assert_eq!(heads.len(), 1);
    let (status, page) = page(&app, &format!("/notices/{}", heads[0].key)).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("居务 公开 1+1.pdf"),
        "the attachment is listed"
    );
}

#[tokio::test]
async fn issue17_a_file_chosen_again_replaces_the_kept_one_and_a_draft_takes_no_files() {
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let old = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b"%PDF-old");
    let fields = [
        ("draft", ""),
        ("kind", "general"),
        ("title", "换了附件的通知"),
        ("body", "见附件。"),
        ("publish_at", ""),
        ("ends_on", ""),
        ("attachments[0][name]", "旧.pdf"),
        ("attachments[0][data]", old.as_str()),
    ];
    let big = vec![b'%'; 200 * 1024];
    // Save as draft, with a file bigger than an ordinary form: the draft is saved, the file
    // is not sent to a function that takes none.
    let mut draft = fields.to_vec();
    draft.push(("_fn", "/api/save_notice_draft"));
    let answer =
        post_notice_multipart(&app, &chief, &draft, &[("attachments[]", "大.pdf", &big)]).await;
    assert_eq!(answer.status(), 303, "the draft is saved");
    let answer = post_notice_multipart(
        &app,
        &chief,
        &fields,
        &[("attachments[]", "新.pdf", b"%PDF-1.4 new")],
    )
    .await;
    assert_eq!(answer.status(), 303);
    let heads = app.store.notice_heads(None).await.expect("heads");
    let (_, page) = page(&app, &format!("/notices/{}", heads[0].key)).await;
    assert!(
        page.contains("新.pdf") && !page.contains("旧.pdf"),
        "{page}"
    );
}

#[tokio::test]
async fn issue17_a_refused_form_with_large_files_comes_back_whole() {
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.resize(4 * 1024 * 1024, b'%');
    let files: [(&str, &str, &[u8]); 2] = [
        ("attachments[]", "一.pdf", &pdf),
        ("attachments[]", "二.pdf", &pdf),
    ];
    let post = |ends_on: &'static str| {
        let (app, chief, files) = (&app, &chief, &files);
        async move {
            let fields = [
                ("draft", ""),
                ("kind", "general"),
                ("title", "大附件通知"),
                ("body", "见附件。"),
                ("publish_at", ""),
                ("ends_on", ends_on),
            ];
            post_notice_multipart(app, chief, &fields, files).await
        }
    };
    let answer = post("2020-01-01").await;
    assert_eq!(answer.status(), 422);
    let html = answer.text().await.expect("body");
    assert!(html.contains("value=\"大附件通知\""), "the page is there");
    assert!(
        html.contains("name=\"attachments[1][data]\""),
        "with both files kept"
    );
    assert!(html.trim_end().ends_with("</html>"), "and whole");
    assert!(
        html.contains("公示截止日期：太短了"),
        "refused for its last day, not for its size"
    );
    // Without the last day: published with both files (8 MB of the 20 allowed).
    let answer = post("").await;
    assert_eq!(answer.status(), 303);
    let heads = app.store.notice_heads(None).await.expect("heads");
    let (_, page) = page(&app, &format!("/notices/{}", heads[0].key)).await;
    assert!(page.contains("一.pdf") && page.contains("二.pdf"), "{page}");
}

#[tokio::test]
async fn issue17_kept_files_can_be_left_out_without_javascript() {
    let app = TestApp::spawn().await;
    let (chief, _) = staff(&app).await;
    let kept = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, b"not a pdf");
    let answer = post_notice_multipart(
        &app,
        &chief,
        &[
            ("draft", ""),
            ("kind", "general"),
            ("title", "不带附件的通知"),
            ("body", "正文。"),
            ("publish_at", ""),
            ("ends_on", ""),
            ("attachments[0][name]", "坏.pdf"),
            ("attachments[0][data]", kept.as_str()),
            ("_forget_files", "attachments[]"),
        ],
        &[("attachments[]", "", b"")],
    )
    .await;
    assert_eq!(answer.status(), 303, "the refused file is left out");
    let heads = app.store.notice_heads(None).await.expect("heads");
    let (_, page) = page(&app, &format!("/notices/{}", heads[0].key)).await;
    assert!(!page.contains("坏.pdf"));
}
