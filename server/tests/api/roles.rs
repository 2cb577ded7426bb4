//! The policy table over HTTP: every server function called by a person holding each role in
//! turn (signed in through a session made in the session store), and by a person holding none.
//! A call the policy refuses is a 403; one it allows is never a 401 or a 403, and never a 5xx.

use crate::common::{CALLS, TestApp};
use app::domain::policy::{Caller, Decision, decide};
use app::domain::roles::Role;

/// A community with one person per role, plus one holding no role at all. Answers the
/// people's keys, the role-less person last.
async fn one_person_per_role(app: &TestApp) -> Vec<(Option<Role>, app::domain::keys::PersonKey)> {
    let roles: Vec<Option<Role>> = Role::ALL.iter().copied().map(Some).chain([None]).collect();
    let (_, keys) = crate::common::community_with(&app.store, &roles).await;
    roles.into_iter().zip(keys).collect()
}

#[tokio::test]
async fn every_server_function_answers_every_role_as_the_policy_says() {
    let app = TestApp::spawn().await;
    let holders = one_person_per_role(&app).await;
    for (role, person) in &holders {
        let roles: Vec<Role> = role.iter().copied().collect();
        let caller = Caller::SignedIn { roles: &roles };
        for call in CALLS {
            // A fresh session per call: signing out must not change the next call's caller.
            let session = app.sign_in_as(person).await;
            let status = app.call(call, Some(&session)).await.status().as_u16();
            let what = format!("{role:?} calling {} ({:?})", call.endpoint, call.action);
            match decide(call.action, &caller) {
                Decision::Allow => {
                    assert!(
                        ![401, 403].contains(&status),
                        "{what} was refused: {status}"
                    );
                    assert!(status < 500, "{what} failed: {status}");
                }
                Decision::Forbidden => assert_eq!(status, 403, "{what}"),
                Decision::Unauthenticated => panic!("a signed-in caller is never anonymous"),
            }
        }
    }
}

#[tokio::test]
async fn an_anonymous_visitor_cannot_reach_the_staff_pages() {
    let app = TestApp::spawn().await;
    for path in [
        "/staff",
        "/staff/people",
        "/staff/audit",
        "/staff/people/someone",
    ] {
        let response = app.client.get(app.url(path)).send().await.expect("request");
        assert_eq!(response.status(), 401, "{path}");
        let body = response.text().await.expect("body");
        assert!(body.contains("data-testid=\"refused\""), "{path}");
        assert!(!body.contains("data-testid=\"people\""), "{path}");
    }
}

#[tokio::test]
async fn a_resident_is_refused_the_staff_pages_and_staff_see_them() {
    let app = TestApp::spawn().await;
    let holders = one_person_per_role(&app).await;
    let person = |role| {
        holders
            .iter()
            .find(|(r, _)| *r == Some(role))
            .map(|(_, key)| key.clone())
            .expect("holder")
    };
    let resident = app.sign_in_as(&person(Role::Resident)).await;
    let refused = app
        .client
        .get(app.url("/staff/people"))
        .header("cookie", format!("gs_session={resident}"))
        .send()
        .await
        .expect("request");
    assert_eq!(refused.status(), 403);
    let chief = app.sign_in_as(&person(Role::StationChief)).await;
    let page = app
        .client
        .get(app.url("/staff/people?q=%E5%B1%85%E6%B0%915"))
        .header("cookie", format!("gs_session={chief}"))
        .send()
        .await
        .expect("request");
    assert_eq!(page.status(), 200);
    let body = page.text().await.expect("body");
    assert!(body.contains("居民5"), "the search finds the person");
    assert!(!body.contains("居民6"), "and only them");
}

#[tokio::test]
async fn a_whole_register_extract_fits_the_upload_limit_and_is_imported_once() {
    let app = TestApp::spawn().await;
    let holders = one_person_per_role(&app).await;
    let chief = holders
        .iter()
        .find(|(r, _)| *r == Some(Role::StationChief))
        .map(|(_, key)| key.clone())
        .expect("chief");
    let session = app.sign_in_as(&chief).await;
    let mut csv = String::from("姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n");
    for n in 0..3_000 {
        csv.push_str(&format!(
            "新居民{n},1980-05-01,男,N{n},第二网格,二组,否,户籍\n"
        ));
    }
    assert!(
        csv.len() > 64 * 1024,
        "bigger than an ordinary request may be"
    );
    let import = |csv: String| {
        let session = session.clone();
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/import_people"))
                .header("origin", app.origin())
                .header("cookie", format!("gs_session={session}"))
                .form(&[("csv", csv)])
                .send()
                .await
                .expect("request")
        }
    };
    let first = import(csv.clone()).await;
    assert_eq!(first.status(), 200);
    assert_eq!(first.text().await.expect("body"), "3000");
    let again = import(csv).await;
    assert_eq!(
        again.status(),
        422,
        "the same people cannot be imported twice"
    );
    let community = app.store.communities().await.expect("list")[0].key.clone();
    assert_eq!(
        app.store.people_count(&community).await.expect("count"),
        3_000 + i64::try_from(holders.len()).expect("small")
    );
}

#[tokio::test]
async fn a_recovery_that_revokes_the_old_passkeys_signs_the_lost_phone_out() {
    use app::domain::invitation::InvitationKind;
    use app::store::identity::NewPasskey;
    use app::store::invitations::InvitationRequest;
    let app = TestApp::spawn().await;
    let holders = one_person_per_role(&app).await;
    let (_, resident) = holders
        .iter()
        .find(|(r, _)| *r == Some(Role::Resident))
        .expect("resident");
    let community = app.store.communities().await.expect("list")[0].key.clone();
    let account = |session: String| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/my_account"))
                .header("origin", app.origin())
                .header("cookie", format!("gs_session={session}"))
                .send()
                .await
                .expect("request")
                .json::<serde_json::Value>()
                .await
                .expect("json")
        }
    };
    let before = chrono::Utc::now().timestamp_millis() - 1_000;
    let lost_phone = app.session_since(resident, before).await;
    assert!(account(lost_phone.clone()).await.is_object(), "signed in");

    let recovery = app
        .store
        .issue_invitation(
            &InvitationRequest {
                community: &community,
                person: Some(resident),
                roles: &[],
                kind: InvitationKind::Recovery,
                validity_days: 7,
                may_carry: Role::ALL,
            },
            "person:staff",
        )
        .await
        .expect("recovery");
    let key = app::store::invitations::code_key(&recovery.code);
    let passkey = NewPasskey {
        credential_id: "new-phone".into(),
        credential: "{}".into(),
        label: "new phone".into(),
    };
    let today = chrono::Utc::now().date_naive();
    app.store
        .enrol(
            &key,
            &app::domain::keys::PersonKey::parse("unused").expect("key"),
            "ignored",
            &passkey,
            today,
            true,
        )
        .await
        .expect("recover");

    assert!(
        account(lost_phone).await.is_null(),
        "the lost phone is signed out"
    );
    let new_phone = app.sign_in_as(resident).await;
    assert!(
        account(new_phone).await.is_object(),
        "the new phone is signed in"
    );
}

#[tokio::test]
async fn issue17_an_invitation_posted_again_by_a_reload_leaves_only_the_newest_code_usable() {
    let app = TestApp::spawn().await;
    let (_, keys) =
        crate::common::community_with(&app.store, &[Some(Role::StationChief), None]).await;
    let chief = app.sign_in_as(&keys[0]).await;
    let page = format!("/staff/people/{}", keys[1]);
    let issue = || async {
        let answer = app
            .client
            .post(app.url(&page))
            .header("origin", app.origin())
            .header("accept", "text/html")
            .header("cookie", format!("gs_session={chief}"))
            .form(&[
                ("_fn", "/api/issue_invitation"),
                ("_form", "/api/issue_invitation"),
                ("_show", "yes"),
                ("person", keys[1].as_str()),
                ("role", "resident"),
            ])
            .send()
            .await
            .expect("request");
        assert_eq!(
            answer.status(),
            200,
            "the card is on the page answering the post"
        );
        assert_eq!(
            answer.headers()["cache-control"],
            "no-store",
            "never cached"
        );
        let html = answer.text().await.expect("body");
        html.split("data-testid=\"invitation-code\"")
            .nth(1)
            .and_then(|rest| rest.split_once('>'))
            .and_then(|(_, rest)| rest.split('<').next())
            .expect("the code is shown")
            .to_owned()
    };
    let first = issue().await;
    let second = issue().await;
    assert_ne!(first, second);
    let state = |code: String| {
        let app = &app;
        async move {
            let invitation = app
                .store
                .invitation(&code)
                .await
                .expect("read")
                .expect("kept");
            invitation.state.check(chrono::Utc::now())
        }
    };
    assert_eq!(
        state(first).await,
        Err(app::domain::invitation::InvitationProblem::Voided),
        "the card shown first no longer works"
    );
    assert_eq!(state(second).await, Ok(()), "the newest does");
}

#[tokio::test]
async fn issue16_item6_a_resident_reading_the_rules_is_not_offered_the_staff_pages() {
    let app = TestApp::spawn().await;
    let (_, keys) =
        crate::common::community_with(&app.store, &[Some(Role::StationChief), None]).await;
    let rules = |person: usize| {
        let person = keys[person].clone();
        let app = &app;
        async move {
            let session = app.sign_in_as(&person).await;
            app.client
                .get(app.url("/staff/rules"))
                .header("cookie", format!("gs_session={session}"))
                .send()
                .await
                .expect("request")
                .text()
                .await
                .expect("body")
        }
    };
    let resident = rules(1).await;
    assert!(
        resident.contains("data-testid=\"rule-voting_age\""),
        "they read the rules"
    );
    assert!(!resident.contains("href=\"/staff/import\""), "{resident}");
    let chief = rules(0).await;
    assert!(
        chief.contains("href=\"/staff/import\""),
        "staff keep their navigation"
    );
}

#[tokio::test]
async fn issue17_a_gbk_register_file_is_previewed_and_imported_without_javascript() {
    // The review found the register import needed JavaScript: the file input had no name, and
    // only the browser read a GBK file. Without JavaScript the server reads it now.
    let app = TestApp::spawn().await;
    let (community, keys) =
        crate::common::community_with(&app.store, &[Some(Role::StationChief)]).await;
    let session = app.sign_in_as(&keys[0]).await;
    let csv = "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n\
               王秀英,1958-03-02,女,G1,第一网格,一组,否,户籍\n\
               李建国,1960-11-20,男,G2,第一网格,一组,是,户籍\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let before = app.store.people_count(&community).await.expect("count");
    let previewed = app
        .submit_page_with_files(
            "/staff/import",
            "preview_import",
            &[("_show", "1"), ("csv", "")],
            &[("file", "户籍导出.csv", &gbk)],
            &session,
        )
        .await;
    assert_eq!(previewed.status(), 200);
    let page = previewed.text().await.expect("page");
    assert!(page.contains("data-testid=\"import-summary\""), "{page}");
    assert!(
        page.contains("data-testid=\"import-encoding\""),
        "the page says the file was read as GBK"
    );
    assert!(
        page.contains("name=\"csv\" value=\"姓名,出生日期"),
        "the import button posts the text as read"
    );
    assert_eq!(
        app.store.people_count(&community).await.expect("count"),
        before,
        "a preview writes nothing"
    );
    // The import posts the text the preview read.
    let imported = app
        .submit_page(
            "/staff/import",
            "import_people",
            &[("_show", "1"), ("csv", csv)],
            &session,
        )
        .await;
    assert_eq!(imported.status(), 200);
    assert!(
        imported
            .text()
            .await
            .expect("page")
            .contains("data-testid=\"import-done\"")
    );
    assert_eq!(
        app.store.people_count(&community).await.expect("count"),
        before + 2
    );
}
