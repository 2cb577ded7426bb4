//! The real router on a random port against `mem://`: health, pages, 404, security headers,
//! the body limit, the origin check and the preference forms (with and without JavaScript).

// Test helpers fail the test by panicking; that is their job.
use crate::common::TestApp;
use reqwest::header;

#[tokio::test]
async fn health_reports_the_database() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    let latest = app::store::MIGRATIONS.last().map(|m| m.version);
    assert_eq!(body["schema_version"].as_i64(), latest);
    assert_eq!(body["installation"].as_str().map(str::len), Some(36));
}

#[tokio::test]
async fn the_home_page_is_chinese_by_default() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/"))
        .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    let html = response.text().await.expect("body");
    assert!(html.contains(r#"lang="zh-CN""#), "{html}");
    assert!(html.contains("欢迎使用共商"));
    assert!(html.contains("居务公开"));
}

/// Servers starting while another renders a page must not stall it: listing the pages
/// suppresses data loading process-wide (see `router::page_routes`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_render_while_other_servers_start() {
    for _round in 0..3 {
        let mut servers = tokio::task::JoinSet::new();
        for _ in 0..6 {
            servers.spawn(async {
                let app = TestApp::spawn().await;
                let page = async {
                    let response = app.client.get(app.url("/")).send().await?;
                    response.text().await
                };
                tokio::time::timeout(std::time::Duration::from_secs(20), page).await
            });
        }
        while let Some(done) = servers.join_next().await {
            let html = done
                .expect("server task")
                .expect("the home page finished within 20 s")
                .expect("body");
            assert!(html.contains("欢迎使用共商"));
        }
    }
}

/// Pages rendered whole before they are sent (`SsrMode::Async`) under concurrent requests: the
/// page title was once read after the page's reactive owner was gone, a 500 in about one
/// request in forty.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn async_pages_hold_under_concurrent_requests() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..400 {
        let app = app.clone();
        requests.spawn(async move {
            let response = app.client.get(app.url("/elections")).send().await?;
            Ok::<u16, reqwest::Error>(response.status().as_u16())
        });
    }
    let mut failed = 0;
    while let Some(done) = requests.join_next().await {
        if done.expect("task").expect("request") != 200 {
            failed += 1;
        }
    }
    assert_eq!(failed, 0, "of 400 concurrent requests");
}

#[tokio::test]
async fn every_section_has_a_page() {
    let app = TestApp::spawn().await;
    for (path, heading) in [
        ("/deliberations", "议事协商"),
        ("/evaluations", "民主评议"),
        ("/elections", "居委会选举"),
        ("/notices", "居务公开"),
        ("/me", "我的"),
    ] {
        let response = app.client.get(app.url(path)).send().await.expect("request");
        assert_eq!(response.status(), 200, "{path}");
        let html = response.text().await.expect("body");
        assert!(
            html.contains(&format!("<h1>{heading}</h1>")),
            "{path}: {html}"
        );
    }
}

#[tokio::test]
async fn the_language_cookie_switches_the_page_to_english() {
    let app = TestApp::spawn().await;
    let html = app
        .client
        .get(app.url("/notices"))
        .header(header::COOKIE, "gs_lang=en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(html.contains(r#"lang="en""#));
    assert!(html.contains("<h1>Public notices</h1>"), "{html}");
}

#[tokio::test]
async fn an_unknown_page_is_a_friendly_404() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/no/such/page"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 404);
    let html = response.text().await.expect("body");
    assert!(html.contains("找不到这个页面"), "{html}");
    assert!(html.contains("返回首页"));
}

#[tokio::test]
async fn issue18_review_a_key_no_record_could_have_is_not_found_like_an_unknown_one() {
    // The review met "check your input" (422) on pages whose address held no possible key,
    // where an unknown key said "not found" (404).
    let app = TestApp::spawn().await;
    let (community, election) = crate::common::open_election(&app.store, None).await;
    let person = app
        .store
        .role_holders(&community, app::domain::roles::Role::DistrictAdmin)
        .await
        .expect("holders")
        .remove(0);
    let session = app.sign_in_as(&person).await;
    for path in [
        "/elections/%E9%80%89%E4%B8%BE".to_owned(),
        "/elections/a'b/results".to_owned(),
        format!("/elections/{}", "a".repeat(65)),
        "/notices/%F0%9F%98%80".to_owned(),
        "/staff/people/..%2Fx".to_owned(),
    ] {
        let response = app.visit(&path, Some(&session)).await;
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.expect("body");
        assert!(!html.contains("填写的内容有误"), "{path}: {html}");
    }
    let call = app
        .submit("voted_tracker", &[("election", "选举")], Some(&session))
        .await;
    assert!(call.status().is_client_error(), "{}", call.status());
    assert_eq!(
        app.visit(&format!("/elections/{}", election.key), Some(&session))
            .await
            .status(),
        200,
        "a real key still leads to its page"
    );
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let app = TestApp::spawn().await;
    // The sign-in page: it has an island, so it carries the island script.
    let response = app
        .client
        .get(app.url("/me"))
        .send()
        .await
        .expect("request");
    let headers = response.headers().clone();
    let csp = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("csp");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("object-src 'none'"));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert!(headers.contains_key("x-request-id"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("nonce in CSP")
        .to_owned();
    let html = response.text().await.expect("body");
    assert!(
        html.contains(&format!(r#"nonce="{nonce}""#)),
        "the island script carries the nonce"
    );
}

#[tokio::test]
async fn each_response_gets_its_own_nonce() {
    let app = TestApp::spawn().await;
    let csp = |r: &reqwest::Response| r.headers()[header::CONTENT_SECURITY_POLICY].clone();
    let first = app.client.get(app.url("/")).send().await.expect("request");
    let second = app.client.get(app.url("/")).send().await.expect("request");
    assert_ne!(csp(&first), csp(&second));
}

#[tokio::test]
async fn static_files_are_served_precompressed_with_cache_headers() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/pkg/gongshang.css"))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert!(response.headers().contains_key(header::CACHE_CONTROL));
    let favicon = app
        .client
        .get(app.url("/favicon.svg"))
        .send()
        .await
        .expect("request");
    assert_eq!(
        favicon.headers()[header::CACHE_CONTROL],
        "public, max-age=3600"
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/set_language"))
        .header(header::ORIGIN, app.origin())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(format!("lang={}", "x".repeat(100 * 1024)))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn issue17_a_page_form_gets_the_upload_limit_only_with_files_for_a_function_that_takes_them()
{
    let app = TestApp::spawn().await;
    let big = "x".repeat(100 * 1024);
    let plain = |function: &'static str| {
        app.client
            .post(app.url("/notices/new"))
            .header(header::ORIGIN, app.origin())
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(format!("_fn={function}&title={big}"))
            .send()
    };
    let with_files = |function: &'static str| {
        let form = reqwest::multipart::Form::new()
            .text("_fn", function)
            .text("title", big.clone());
        app.client
            .post(app.url("/notices/new"))
            .header(header::ORIGIN, app.origin())
            .header(header::ACCEPT, "text/html")
            .multipart(form)
            .send()
    };
    // A form of text alone is held to the ordinary limit, whatever it names...
    for function in ["/api/set_language", "/api/publish_notice"] {
        assert_eq!(plain(function).await.expect("request").status(), 413);
    }
    // ...a form with files too, unless its function takes them...
    assert_eq!(
        with_files("/api/set_language")
            .await
            .expect("request")
            .status(),
        413
    );
    // ...which reads it (then refuses: nobody is signed in).
    let read = with_files("/api/publish_notice")
        .await
        .expect("request")
        .status();
    assert!(read.is_client_error() && read != 413, "{read}");
}

#[tokio::test]
async fn issue17_a_body_over_every_limit_is_refused_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/notices/new"))
        .header(header::ORIGIN, app.origin())
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "zh-CN")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=x")
        .body(vec![b'x'; 29 * 1024 * 1024])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 413);
    let page = response.text().await.expect("body");
    assert!(page.contains("<html"), "a page, not bare text: {page}");
    assert!(page.contains("lang=\"zh-CN\""), "{page}");
}

#[tokio::test]
async fn issue17_a_page_form_of_too_many_fields_is_refused_unread() {
    let app = TestApp::spawn().await;
    let body = format!("_fn=/api/set_language&{}", "a=1&".repeat(6_000));
    let response = app
        .client
        .post(app.url("/notices"))
        .header(header::ORIGIN, app.origin())
        .header(header::ACCEPT, "text/html")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 413);
    assert!(!response.headers().contains_key(header::SET_COOKIE));
}

#[tokio::test]
async fn issue16_item7_a_link_from_elsewhere_cannot_claim_that_something_was_done() {
    let app = TestApp::spawn().await;
    let page = |referer: Option<String>| {
        let mut request = app.client.get(app.url("/elections?done=publish_result"));
        if let Some(referer) = referer {
            request = request.header(header::REFERER, referer);
        }
        async move {
            request
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body")
        }
    };
    // Followed from a chat message or another site: nothing is claimed.
    assert!(!page(None).await.contains("data-testid=\"done\""));
    let elsewhere = page(Some("https://evil.example/elections".into())).await;
    assert!(!elsewhere.contains("data-testid=\"done\""));
    // After a form's 303 the browser comes from a page of this site: it is said.
    let after_form = page(Some(app.url("/elections/x/count"))).await;
    assert!(after_form.contains("data-testid=\"done\""), "{after_form}");
    // A name that is no function says nothing, wherever it comes from.
    let unknown = app
        .client
        .get(app.url("/elections?done=begin_enrolment"))
        .header(header::REFERER, app.url("/elections"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(!unknown.contains("data-testid=\"done\""));
}

#[tokio::test]
async fn a_post_from_a_foreign_origin_is_refused() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/set_language"))
        .header(header::ORIGIN, "https://evil.example")
        .header(header::ACCEPT, "text/html")
        .form(&[("lang", "en")])
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);
    assert!(!response.headers().contains_key(header::SET_COOKIE));
    let html = response.text().await.expect("body");
    assert!(html.contains("请求来源不明"), "{html}");
}

#[tokio::test]
async fn the_language_form_works_without_javascript() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/elections?q=1"))
        .header(header::ORIGIN, app.origin())
        .header(header::ACCEPT, "text/html")
        .form(&[
            ("_fn", "/api/set_language"),
            ("_form", "/api/set_language"),
            ("lang", "en"),
        ])
        .send()
        .await
        .expect("request");
    // Back to the page it was posted on, with a GET (a reload never posts twice).
    assert_eq!(response.status(), 303);
    let location = response.headers()[header::LOCATION]
        .to_str()
        .expect("location");
    assert_eq!(location, "/elections?q=1&done=set_language");
    let cookie = response.headers()[header::SET_COOKIE]
        .to_str()
        .expect("cookie");
    assert!(cookie.starts_with("gs_lang=en;"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
}

#[tokio::test]
async fn issue17_a_page_form_post_naming_no_server_function_is_refused_in_words() {
    let app = TestApp::spawn().await;
    for fields in [
        vec![("lang", "en")],
        vec![("_fn", "/elsewhere"), ("lang", "en")],
        vec![("_fn", "/api/no_such_function"), ("lang", "en")],
    ] {
        let response = app
            .client
            .post(app.url("/elections"))
            .header(header::ORIGIN, app.origin())
            .header(header::ACCEPT, "text/html")
            .form(&fields)
            .send()
            .await
            .expect("request");
        assert!(
            response.status().is_client_error(),
            "{fields:?}: {}",
            response.status()
        );
        assert!(!response.headers().contains_key(header::SET_COOKIE));
        let html = response.text().await.expect("body");
        assert!(html.contains("<html"), "a page, not a bare error: {html}");
    }
}

#[tokio::test]
async fn an_unknown_language_is_a_4xx_and_sets_nothing() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/set_language"))
        .header(header::ORIGIN, app.origin())
        .form(&[("lang", "fr")])
        .send()
        .await
        .expect("request");
    let status = response.status();
    assert!(!response.headers().contains_key(header::SET_COOKIE));
    let text = response.text().await.expect("body");
    assert_eq!(status, 422, "{text}");
    let error: serde_json::Value = serde_json::from_str(&text).expect("json error");
    assert_eq!(error["InvalidInput"]["field"], "lang");
}

#[tokio::test]
async fn a_malformed_server_function_call_is_a_4xx() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .post(app.url("/api/set_text_size"))
        .header(header::ORIGIN, app.origin())
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("size=%FF%FE&size=")
        .send()
        .await
        .expect("request");
    assert!(response.status().is_client_error(), "{}", response.status());
}

/// Every server function, called by an anonymous visitor with input that is valid in form but
/// leads nowhere: each answers with the status its policy and validation give, never a 5xx.
#[tokio::test]
async fn every_server_function_answers_an_anonymous_caller_as_the_policy_says() {
    let app = TestApp::spawn().await;
    for call in crate::common::CALLS {
        let response = app.call(call, None).await;
        assert_eq!(
            response.status().as_u16(),
            call.anonymous,
            "{:?} ({})",
            call.action,
            call.endpoint
        );
    }
}

#[tokio::test]
async fn starting_sign_ins_is_bounded_by_the_unanswered_challenges_of_a_client() {
    let app = TestApp::spawn().await;
    let room = app::domain::rate_limit::OUTSTANDING_CHALLENGES;
    let mut statuses = Vec::new();
    for _ in 0..=room {
        let response = app
            .client
            .post(app.url("/api/begin_sign_in"))
            .header(header::ORIGIN, app.origin())
            .send()
            .await
            .expect("request");
        statuses.push(response.status().as_u16());
    }
    assert!(
        statuses[..room as usize].iter().all(|s| *s == 200),
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429));
}

#[tokio::test]
async fn finished_sign_ins_are_rate_limited_per_client() {
    let app = TestApp::spawn().await;
    let limit = app::domain::rate_limit::SIGN_IN.attempts;
    let mut statuses = Vec::new();
    for _ in 0..=limit {
        let response = app
            .client
            .post(app.url("/api/finish_sign_in"))
            .header(header::ORIGIN, app.origin())
            .form(&[("challenge", "none"), ("credential", "{}")])
            .send()
            .await
            .expect("request");
        statuses.push(response.status().as_u16());
    }
    assert!(
        statuses[..limit as usize].iter().all(|s| *s == 422),
        "{statuses:?}"
    );
    assert_eq!(statuses.last(), Some(&429));
}

#[tokio::test]
async fn issue16_item3_signed_in_pages_render_whole_on_the_server() {
    // Without JavaScript, 我的 said 正在加载…… forever and the home page showed nothing
    // personal: every page renders its content before it is sent.
    let app = TestApp::spawn().await;
    let (_, keys) = crate::common::community_with(&app.store, &[None]).await;
    let session = app.sign_in_as(&keys[0]).await;
    for path in ["/", "/me", "/notices", "/elections"] {
        let html = app
            .client
            .get(app.url(path))
            .header(header::COOKIE, format!("gs_session={session}"))
            .send()
            .await
            .expect("request")
            .text()
            .await
            .expect("body");
        assert!(!html.contains("正在加载"), "{path} still loading: {html}");
        if path != "/notices" && path != "/elections" {
            assert!(
                html.contains("居民0"),
                "{path} shows nothing personal: {html}"
            );
        }
    }
}

#[tokio::test]
async fn issue16_item5_signing_in_from_a_page_leads_back_to_it() {
    let app = TestApp::spawn().await;
    let html = app
        .client
        .get(app.url("/elections/abc123/ballot"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains(r#"href="/me?next=%2Felections%2Fabc123%2Fballot""#),
        "{html}"
    );
}

#[tokio::test]
async fn issue16_item6_a_page_the_visitor_may_not_use_says_why_with_its_status() {
    // A resident opening /notices/new got 200 and a page with no heading.
    let app = TestApp::spawn().await;
    let (_, keys) = crate::common::community_with(&app.store, &[None]).await;
    let session = app.sign_in_as(&keys[0]).await;
    let response = app
        .client
        .get(app.url("/notices/new"))
        .header(header::COOKIE, format!("gs_session={session}"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 403);
    let html = response.text().await.expect("body");
    assert!(html.contains("<h1"), "{html}");
    assert!(html.contains(r#"data-testid="refused""#), "{html}");
    assert!(
        !html.contains(r#"name="title""#),
        "no form to fill in: {html}"
    );
}

#[tokio::test]
async fn a_link_to_no_invitation_or_no_notice_answers_404_with_words() {
    let app = TestApp::spawn().await;
    for path in ["/join/NOTAREALCODE", "/notices/zzz"] {
        let response = app.client.get(app.url(path)).send().await.expect("request");
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.expect("body");
        assert!(html.contains("<h1"), "{path} has a heading");
    }
}
