//! Trust holes found by attacking the running product (issue 15), each reproduced over HTTP as
//! it was found, against the real router on a random port.

use crate::common::TestApp;
use crate::common::soft_passkey::SoftPasskey;
use app::domain::keys::{CommunityKey, PersonKey};
use app::domain::roles::{Role, Term};
use app::store::identity::NewPasskey;

/// A community with `n` registry people; answers the community and their keys.
async fn community_of(app: &TestApp, n: usize) -> (CommunityKey, Vec<PersonKey>) {
    crate::common::community_with(&app.store, &vec![None; n]).await
}

async fn grant(app: &TestApp, community: &CommunityKey, person: &PersonKey, role: Role) {
    let term = Term::new(chrono::Utc::now().date_naive(), None).expect("term");
    app.store
        .grant_role(
            &app::store::Acting::new(community, "cli:test"),
            person,
            role,
            term,
        )
        .await
        .expect("grant");
}

async fn add_passkey(app: &TestApp, person: &PersonKey, credential_id: &str) {
    app.store
        .add_passkey(
            person,
            &NewPasskey {
                credential_id: credential_id.into(),
                credential: "{}".into(),
                label: credential_id.into(),
            },
        )
        .await
        .expect("passkey");
}

/// POSTs a server function with `form`, signed in with `session`.
async fn post(
    app: &TestApp,
    endpoint: &str,
    form: &[(&str, &str)],
    session: &str,
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("origin", app.origin())
        .header("cookie", format!("gs_session={session}"))
        .form(form)
        .send()
        .await
        .expect("request")
}

/// Whether `session` is still signed in (the account comes back, not `null`).
async fn signed_in(app: &TestApp, session: &str) -> bool {
    let response = post(app, "my_account", &[], session).await;
    assert_eq!(response.status(), 200);
    let account: serde_json::Value = response.json().await.expect("json");
    !account.is_null()
}

#[tokio::test]
async fn removing_a_passkey_ends_the_sessions_it_opened() {
    let app = TestApp::spawn().await;
    let (_, people) = community_of(&app, 1).await;
    let person = &people[0];
    add_passkey(&app, person, "phone").await;
    add_passkey(&app, person, "tablet").await;
    let phone = crate::common::session_with_passkey(&app.store, person, "phone").await;
    let tablet = crate::common::session_with_passkey(&app.store, person, "tablet").await;
    assert!(signed_in(&app, &tablet).await);

    let tablet_key = app
        .store
        .passkeys(person)
        .await
        .expect("passkeys")
        .into_iter()
        .find(|p| p.credential_id == "tablet")
        .expect("the tablet's passkey")
        .key;
    let removed = post(&app, "remove_passkey", &[("key", &tablet_key)], &phone).await;
    assert_eq!(removed.status(), 200);

    assert!(
        !signed_in(&app, &tablet).await,
        "the tablet's session ended with its passkey"
    );
    assert!(signed_in(&app, &phone).await, "the phone stays signed in");
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_person_only() {
    let app = TestApp::spawn().await;
    let (_, people) = community_of(&app, 2).await;
    add_passkey(&app, &people[0], "phone").await;
    add_passkey(&app, &people[0], "tablet").await;
    add_passkey(&app, &people[1], "neighbour").await;
    let phone = crate::common::session_with_passkey(&app.store, &people[0], "phone").await;
    let tablet = crate::common::session_with_passkey(&app.store, &people[0], "tablet").await;
    let neighbour = crate::common::session_with_passkey(&app.store, &people[1], "neighbour").await;

    let response = post(&app, "sign_out_everywhere", &[], &phone).await;
    assert_eq!(response.status(), 200);

    assert!(!signed_in(&app, &phone).await);
    assert!(!signed_in(&app, &tablet).await);
    assert!(
        signed_in(&app, &neighbour).await,
        "nobody else is signed out"
    );
    let log = app.store.audit_log().await.expect("log");
    assert!(log.iter().any(|e| e.action == "sessions.void"));
}

#[tokio::test]
async fn a_grid_worker_cannot_take_a_registered_officers_account_with_an_invitation() {
    // Issue 15, item 1, as reproduced: a grid worker finds a district administrator who has
    // not joined and invites them "as a resident".
    let app = TestApp::spawn().await;
    let (community, people) = community_of(&app, 3).await;
    let (worker, victim, resident) = (&people[0], &people[1], &people[2]);
    grant(&app, &community, worker, Role::StationStaff).await;
    // The grid worker of the grid the others live in: inviting outside it is refused anyway.
    assert!(
        app.store
            .assign_grid_worker(
                &app::store::Acting::new(&community, "cli:test"),
                "第一网格",
                worker,
                app::domain::clock::today(),
            )
            .await
            .expect("assigned")
    );
    add_passkey(&app, worker, "worker").await;
    let session = crate::common::session_with_passkey(&app.store, worker, "worker").await;
    for high in [
        Role::DistrictAdmin,
        Role::PartySecretary,
        Role::CommitteeMember,
        Role::Scrutineer,
    ] {
        grant(&app, &community, victim, high).await;
        let response = post(
            &app,
            "issue_invitation",
            &[("person", victim), ("role", "resident")],
            &session,
        )
        .await;
        assert_eq!(response.status(), 409, "{high:?}");
        let body = response.text().await.expect("body");
        assert!(body.contains("invitation_above_issuer"), "{body}");
    }
    let counts = app.store.counts_for_tests(&[]).await.expect("counts");
    assert_eq!(
        counts.get("invitation").map(String::as_str),
        Some("0"),
        "nothing was issued"
    );

    // An ordinary resident is still invited, and a second invitation for them is allowed
    // until one is used.
    for _ in 0..2 {
        let response = post(
            &app,
            "issue_invitation",
            &[("person", resident), ("role", "resident")],
            &session,
        )
        .await;
        assert_eq!(response.status(), 200);
    }
}

#[tokio::test]
async fn a_state_changing_request_must_show_it_comes_from_this_site() {
    // Issue 15, item 11: without Origin, Sec-Fetch-Site or a same-origin Referer, refused.
    let app = TestApp::spawn().await;
    let send = |headers: Vec<(&'static str, String)>| {
        let mut request = app
            .client
            .post(app.url("/api/set_language"))
            .form(&[("lang", "en")]);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        request.send()
    };
    let bare = send(vec![]).await.expect("request");
    assert_eq!(bare.status(), 403);
    let cross = send(vec![("sec-fetch-site", "cross-site".into())])
        .await
        .expect("request");
    assert_eq!(cross.status(), 403);
    let foreign_referer = send(vec![("referer", "https://evil.example/".into())])
        .await
        .expect("request");
    assert_eq!(foreign_referer.status(), 403);
    for allowed in [
        vec![("sec-fetch-site", "same-origin".to_owned())],
        vec![("referer", app.url("/me"))],
        vec![("origin", app.origin())],
    ] {
        let response = send(allowed.clone()).await.expect("request");
        assert!(
            response.status().is_success() || response.status().is_redirection(),
            "{allowed:?}: {}",
            response.status()
        );
    }
}

/// Posts a server function as the browser at `client` would reach it through the proxy.
async fn post_from(
    app: &TestApp,
    client: &str,
    endpoint: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    app.client
        .post(app.url(&format!("/api/{endpoint}")))
        .header("origin", app.origin())
        .header("x-forwarded-for", client)
        .form(form)
        .send()
        .await
        .expect("request")
}

/// Enrols `passkey` with the invitation `code`, from `client`.
async fn enrol(app: &TestApp, client: &str, code: &str, passkey: &mut SoftPasskey) {
    let begin = post_from(
        app,
        client,
        "begin_enrolment",
        &[("code", code), ("name", "")],
    )
    .await;
    assert_eq!(
        begin.status(),
        200,
        "{}",
        begin.text().await.unwrap_or_default()
    );
    let ceremony: serde_json::Value = begin.json().await.expect("ceremony");
    let credential = passkey.create(
        ceremony["options"].as_str().expect("options"),
        &app.origin(),
    );
    let challenge = ceremony["challenge"].as_str().expect("challenge");
    let finish = post_from(
        app,
        client,
        "finish_enrolment",
        &[("challenge", challenge), ("credential", &credential)],
    )
    .await;
    assert_eq!(
        finish.status(),
        200,
        "{}",
        finish.text().await.unwrap_or_default()
    );
}

/// Signs in with `passkey` from `client`: answers the status and, on success, the session.
async fn sign_in(app: &TestApp, client: &str, passkey: &mut SoftPasskey) -> (u16, Option<String>) {
    let begin = post_from(app, client, "begin_sign_in", &[]).await;
    if begin.status() != 200 {
        return (begin.status().as_u16(), None);
    }
    let ceremony: serde_json::Value = begin.json().await.expect("ceremony");
    let credential = passkey.get(
        ceremony["options"].as_str().expect("options"),
        &app.origin(),
    );
    let challenge = ceremony["challenge"].as_str().expect("challenge");
    let finish = post_from(
        app,
        client,
        "finish_sign_in",
        &[("challenge", challenge), ("credential", &credential)],
    )
    .await;
    let session = finish
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|cookie| cookie.strip_prefix("gs_session="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned());
    (finish.status().as_u16(), session)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_residents_behind_one_trusted_proxy_all_sign_in() {
    // Issue 15, item 2: behind a reverse proxy every request comes from the proxy's address.
    // With --trusted-proxy the client is the address the proxy names, so 200 residents sign in
    // in the same five minutes; without it they share one bucket and some are turned away.
    let residents = crate::common::env_number("PROXY_RESIDENTS", 200);
    let app = std::sync::Arc::new(TestApp::behind_proxy(None).await);
    let (community, people) = community_of(&app, residents).await;
    let mut passkeys = Vec::new();
    for person in &people {
        let invitation = app
            .store
            .issue_invitation(
                &app::store::invitations::InvitationRequest {
                    community: &community,
                    person: Some(person),
                    roles: &[Role::Resident],
                    kind: app::domain::invitation::InvitationKind::Enrolment,
                    validity_days: 7,
                    may_carry: Role::ALL,
                },
                "cli:test",
            )
            .await
            .expect("invitation");
        passkeys.push((invitation.code, SoftPasskey::new()));
    }
    let client = |n: usize| format!("203.0.{}.{}", n / 200, n % 200 + 1);

    // Enrolments are audited, and the audit chain takes one writer at a time: a few at once.
    let enrolling = std::sync::Arc::new(tokio::sync::Semaphore::new(8));
    let mut signing_in = tokio::task::JoinSet::new();
    for (n, (code, mut passkey)) in passkeys.into_iter().enumerate() {
        let (app, enrolling) = (app.clone(), enrolling.clone());
        signing_in.spawn(async move {
            {
                let _turn = enrolling.acquire().await.expect("semaphore");
                enrol(&app, &client(n), &code, &mut passkey).await;
            }
            let (status, session) = sign_in(&app, &client(n), &mut passkey).await;
            assert_eq!(status, 200, "resident {n}");
            let session = session.expect("a session cookie");
            assert!(signed_in(&app, &session).await, "resident {n}");
            passkey
        });
    }
    let mut passkeys = Vec::new();
    while let Some(done) = signing_in.join_next().await {
        passkeys.push(done.expect("a resident signed in"));
    }
    assert_eq!(passkeys.len(), residents);

    // The same residents through an instance that does not trust the proxy: one bucket. More
    // sign-ins than two windows allow, so a window turning over mid-loop cannot hide it.
    let untrusting = app.beside().await;
    let limit = usize::try_from(app::domain::rate_limit::SIGN_IN.attempts).expect("small");
    let mut refused = 0;
    for n in 0..=2 * limit {
        let k = n % passkeys.len();
        let (status, _) = sign_in(&untrusting, &client(k), &mut passkeys[k]).await;
        match status {
            200 => {}
            429 => refused += 1,
            other => panic!("sign-in {n}: {other}"),
        }
    }
    assert!(
        refused > 0,
        "without a trusted proxy, everyone shares the proxy's limit"
    );
}

#[tokio::test]
async fn a_stranger_sending_a_residents_credential_id_cannot_lock_them_out() {
    // Review of issue 15, item 2: the per-passkey limit counted every try under the credential
    // id the request claimed, so anyone who had it could keep its owner out.
    let app = TestApp::behind_proxy(None).await;
    let (community, people) = community_of(&app, 1).await;
    let invitation = app
        .store
        .issue_invitation(
            &app::store::invitations::InvitationRequest {
                community: &community,
                person: Some(&people[0]),
                roles: &[Role::Resident],
                kind: app::domain::invitation::InvitationKind::Enrolment,
                validity_days: 7,
                may_carry: Role::ALL,
            },
            "cli:test",
        )
        .await
        .expect("invitation");
    let mut passkey = SoftPasskey::new();
    let home = "203.0.113.5";
    enrol(&app, home, &invitation.code, &mut passkey).await;
    let limit = app::domain::rate_limit::SIGN_IN_PER_PASSKEY.attempts;
    let mut statuses = Vec::new();
    for n in 0..limit + 2 {
        let stranger = format!("198.51.100.{}", n + 1);
        let begin = post_from(&app, &stranger, "begin_sign_in", &[]).await;
        let ceremony: serde_json::Value = begin.json().await.expect("ceremony");
        let mut forged: serde_json::Value = serde_json::from_str(&passkey.get(
            ceremony["options"].as_str().expect("options"),
            &app.origin(),
        ))
        .expect("json");
        // A signature that reads but does not verify: one character of the real one changed.
        let real = forged["response"]["signature"].as_str().expect("signature");
        let mut chars: Vec<char> = real.chars().collect();
        chars[20] = if chars[20] == 'A' { 'B' } else { 'A' };
        forged["response"]["signature"] = serde_json::json!(chars.into_iter().collect::<String>());
        let finish = post_from(
            &app,
            &stranger,
            "finish_sign_in",
            &[
                (
                    "challenge",
                    ceremony["challenge"].as_str().expect("challenge"),
                ),
                ("credential", &forged.to_string()),
            ],
        )
        .await;
        statuses.push(finish.status().as_u16());
    }
    assert!(statuses.iter().all(|s| *s != 200), "{statuses:?}");
    assert_eq!(
        statuses.last(),
        Some(&429),
        "hammering is slowed: {statuses:?}"
    );
    let (status, session) = sign_in(&app, home, &mut passkey).await;
    assert_eq!(status, 200, "the owner still signs in");
    assert!(signed_in(&app, &session.expect("session")).await);
}

#[tokio::test]
async fn a_paper_hand_out_is_only_at_the_officers_place_recorded_and_seen_by_the_voter() {
    // Issue 15, item 6: any officer marked any voter at any box, which shut them out of the
    // phone vote, and nothing recorded who.
    let app = TestApp::spawn().await;
    let store = &app.store;
    let (community, election) = crate::common::open_election(store, None).await;
    let admin = store
        .role_holders(&community, Role::DistrictAdmin)
        .await
        .expect("holders")
        .remove(0);
    let committee = store
        .role_holders(&community, Role::ElectionCommitteeMember)
        .await
        .expect("holders")
        .remove(0);
    let place = store.polling_places(&election.key).await.expect("places")[0]
        .key
        .clone();
    let voter = election.voters[0].clone();
    let admin_session = app.sign_in_as(&admin).await;
    let hand_out = [
        ("election", election.key.as_str()),
        ("place", place.as_str()),
        ("voter", voter.as_str()),
    ];
    let refused = post(&app, "hand_out_paper", &hand_out, &admin_session).await;
    crate::common::assert_refused(refused, "not_assigned_here").await;
    assert_eq!(
        store
            .participation(&election.key, &voter)
            .await
            .expect("read"),
        None
    );

    let committee_session = app.sign_in_as(&committee).await;
    let assigned = post(
        &app,
        "assign_place_officer",
        &[
            ("election", election.key.as_str()),
            ("place", place.as_str()),
            ("officer", admin.as_str()),
        ],
        &committee_session,
    )
    .await;
    assert_eq!(assigned.status(), 200);
    let handed = post(&app, "hand_out_paper", &hand_out, &admin_session).await;
    assert_eq!(handed.status(), 200);
    // A second hand-out is refused in words for the officer, not "you have voted".
    let twice = post(&app, "hand_out_paper", &hand_out, &admin_session).await;
    crate::common::assert_refused(twice, "voter_already_took_part").await;

    let voter_session = app.sign_in_as(&voter).await;
    let view: serde_json::Value = post(&app, "election", &[("key", &election.key)], &voter_session)
        .await
        .json()
        .await
        .expect("json");
    let paper = &view["you"]["paper"];
    assert!(
        paper["place"].is_string() && paper["at"].is_string(),
        "{view}"
    );
    let dispute = [
        ("election", election.key.as_str()),
        ("note", "我没去投票站"),
    ];
    let disputed = post(&app, "dispute_paper_handout", &dispute, &voter_session).await;
    assert_eq!(disputed.status(), 200);
    let again = post(&app, "dispute_paper_handout", &dispute, &voter_session).await;
    assert_eq!(again.status(), 409);
    let log = store.audit_log().await.expect("log");
    for action in [
        "election.place.assign",
        "election.paper.hand_out",
        "election.paper.dispute",
    ] {
        assert!(log.iter().any(|e| e.action == action), "{action}");
    }
}

#[tokio::test]
async fn every_notice_publishes_the_audit_chain_head_and_the_list_is_public() {
    // Issue 15, item 14: the chain was anchored nowhere outside the database.
    use app::domain::notice::{NewNotice, NoticeInput, NoticeKind};
    let app = TestApp::spawn().await;
    let (community, _) = community_of(&app, 1).await;
    let input = NoticeInput {
        kind: NoticeKind::General.code(),
        title: "停水通知",
        body: "明天上午停水。",
        publish_at: None,
        ends_on: None,
    };
    let notice = NewNotice::parse(
        &input,
        &app::domain::rules::CommunityRules::default(),
        chrono::Utc::now(),
    )
    .expect("a valid notice");
    let key = app
        .store
        .publish_notice(&community, &notice, None, &[], "person:staff")
        .await
        .expect("published");
    let heads: Vec<app::domain::audit::PublishedHead> = app
        .client
        .get(app.url("/audit/heads.json"))
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    let log = app.store.audit_log().await.expect("log");
    let publication = log.last().expect("the publication's entry");
    assert_eq!(
        heads.last().map(|h| (h.seq, h.hash.clone())),
        Some((publication.seq, publication.hash.clone())),
        "the notice carries the head its publication made"
    );
    assert_eq!(app::domain::audit::check_heads(&log, &heads), Ok(()));
    let page = app
        .client
        .get(app.url(&format!("/notices/{key}")))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("page");
    assert!(
        page.contains(&format!(
            "#{} · {}",
            publication.seq,
            &publication.hash[..16]
        )),
        "the notice page shows it"
    );

    // The day's head is recorded once, whatever the number of calls.
    let today = app::domain::clock::today();
    app.store.anchor_audit_head(today).await.expect("anchor");
    app.store
        .anchor_audit_head(today)
        .await
        .expect("anchor again");
    let after = app.store.published_heads().await.expect("heads");
    assert_eq!(
        after, heads,
        "the day's head is the same entry, listed once"
    );
}

#[tokio::test]
async fn issue15_review_two_officers_cannot_close_the_polls_before_the_announced_end() {
    // The review closed the polls and published a result hours before the window ended, with
    // two officers agreeing; voters who trusted the announced time were shut out.
    let app = TestApp::spawn().await;
    let store = &app.store;
    let closes = chrono::Utc::now() + chrono::Duration::hours(2);
    let (community, election) = crate::common::open_election(store, Some(closes)).await;
    let mut sessions = Vec::new();
    for role in [Role::ElectionCommitteeMember, Role::PartySecretary] {
        let officer = store
            .role_holders(&community, role)
            .await
            .expect("holders")
            .remove(0);
        sessions.push(app.sign_in_as(&officer).await);
    }
    let step = [("election", election.key.as_str()), ("step", "close_polls")];
    for session in &sessions {
        let refused = post(&app, "confirm_poll_step", &step, session).await;
        crate::common::assert_refused(refused, "voting_not_over").await;
    }
    let row = store
        .election(&election.key)
        .await
        .expect("read")
        .expect("election");
    assert_eq!(row.phase(), app::domain::election::polls::Phase::Open);
    assert_eq!(
        row.pending_step, None,
        "nothing recorded for a refused step"
    );
}

#[tokio::test]
async fn issue16_review_an_election_officer_off_its_committee_cannot_close_its_polls() {
    // The review gave a resident the election committee role and had them confirm the close
    // of an election whose committee they were not on.
    let app = TestApp::spawn().await;
    let store = &app.store;
    let (community, election) = crate::common::open_election(store, None).await;
    let outsider = election.voters[0].clone();
    let today = app::domain::clock::today();
    store
        .grant_role(
            &app::store::Acting::new(&community, "cli:test"),
            &outsider,
            Role::ElectionCommitteeMember,
            Term::new(today, None).expect("term"),
        )
        .await
        .expect("granted");
    let session = app.sign_in_as(&outsider).await;
    let step = [("election", election.key.as_str()), ("step", "close_polls")];
    let refused = post(&app, "confirm_poll_step", &step, &session).await;
    crate::common::assert_refused(refused, "not_on_election_committee").await;
    let desk = app
        .visit(
            &format!("/elections/{}/office", election.key),
            Some(&session),
        )
        .await
        .text()
        .await
        .expect("desk");
    assert!(
        desk.contains("只有本次选举的选举委员会成员"),
        "the desk says why its step is not theirs"
    );
    assert!(
        !desk.contains("data-testid=\"assign-officer\""),
        "nor offers the committee's forms"
    );
    // Nor may they put colluders at a station, nor watch who has voted (the second review:
    // two such officers assigned each other and handed out a voter's paper ballot).
    let place = store.polling_places(&election.key).await.expect("places")[0]
        .key
        .clone();
    let assign = [
        ("election", election.key.as_str()),
        ("place", place.as_str()),
        ("officer", election.voters[1].as_str()),
    ];
    let refused = post(&app, "assign_place_officer", &assign, &session).await;
    crate::common::assert_refused(refused, "not_on_election_committee").await;
    let find = [("election", election.key.as_str()), ("text", "王")];
    let refused = post(&app, "find_on_roll", &find, &session).await;
    crate::common::assert_refused(refused, "not_on_election_committee").await;
    assert!(
        store
            .place_officers(&election.key)
            .await
            .expect("read")
            .iter()
            .all(|(_, officer, _)| *officer != election.voters[1]),
        "nobody assigned"
    );
    let row = store
        .election(&election.key)
        .await
        .expect("read")
        .expect("row");
    assert_eq!(row.pending_step, None, "nothing recorded");
}

#[tokio::test]
async fn issue16_item1_a_refused_rule_is_named_at_the_top_and_its_reason_is_beside_it() {
    // The review typed "-1" years into the rules form: the page said only that something was
    // wrong, nowhere near the field.
    let app = TestApp::spawn().await;
    let (_, keys) = crate::common::community_with(&app.store, &[Some(Role::DistrictAdmin)]).await;
    let session = app.sign_in_as(&keys[0]).await;
    let refused = app
        .submit_page(
            "/staff/rules",
            "set_community_rules",
            &[("rules[term_years]", "-1")],
            &session,
        )
        .await;
    assert_eq!(refused.status(), 422);
    let page = refused.text().await.expect("page");
    let rule = page
        .split("data-testid=\"rule-term_years\"")
        .nth(1)
        .and_then(|rest| rest.split("</label>").next())
        .expect("the term's row");
    assert!(rule.contains("data-testid=\"field-error\""), "{rule}");
    assert!(
        rule.contains("value=\"-1\""),
        "what was typed is kept: {rule}"
    );
    let top = page
        .split("data-testid=\"error-field\"")
        .nth(1)
        .expect("the top names the field");
    assert!(
        top.starts_with(">任期（年）"),
        "{}",
        &top[..top.len().min(80)]
    );
}

#[tokio::test]
async fn issue15_review_saving_the_rules_unchanged_writes_nothing_and_a_change_reads_as_words() {
    // The review found an audit entry for a save that changed nothing, and the audit page
    // printed the whole stored set of rules as JSON.
    let app = TestApp::spawn().await;
    let (_, keys) = crate::common::community_with(&app.store, &[Some(Role::DistrictAdmin)]).await;
    let session = app.sign_in_as(&keys[0]).await;
    let before = app.store.audit_log().await.expect("log").len();
    let same = post(
        &app,
        "set_community_rules",
        &[("rules[min_display_days]", "15")],
        &session,
    )
    .await;
    assert_eq!(same.status(), 200);
    assert_eq!(app.store.audit_log().await.expect("log").len(), before);
    let changed = post(
        &app,
        "set_community_rules",
        &[("rules[min_display_days]", "２０")],
        &session,
    )
    .await;
    assert_eq!(changed.status(), 200);
    let view: serde_json::Value = post(&app, "audit_log", &[], &session)
        .await
        .json()
        .await
        .expect("json");
    let newest = &view["entries"][0];
    assert_eq!(newest["action"], "community.rules");
    assert_eq!(newest["detail"], "");
    assert_eq!(
        newest["rule_changes"],
        serde_json::json!([{ "field": "min_display_days", "old": "15", "new": "20" }])
    );
}

#[tokio::test]
async fn issue16_item8_an_audit_entry_is_told_as_named_facts_with_names_for_keys() {
    // The log showed "person <uuid>: station_chief" and "… for …": English glue around codes.
    let app = TestApp::spawn().await;
    let (_, keys) =
        crate::common::community_with(&app.store, &[Some(Role::DistrictAdmin), None]).await;
    let session = app.sign_in_as(&keys[0]).await;
    let granted = post(
        &app,
        "grant_role",
        &[
            ("person", keys[1].as_str()),
            ("role", "station_chief"),
            ("from", ""),
            ("until", ""),
        ],
        &session,
    )
    .await;
    assert_eq!(
        granted.status(),
        200,
        "{}",
        granted.text().await.unwrap_or_default()
    );
    let stored = app.store.audit_log().await.expect("log");
    // A typed year no term has (issue 16) is refused and records nothing.
    // An end before the start says so (the review was told only "out of range").
    for (from, until, problem) in [
        ("1900-01-01", "", "out_of_range"),
        ("2026-01-01", "9999-12-31", "out_of_range"),
        ("2027-01-01", "2026-01-01", "before_start"),
    ] {
        let typo = post(
            &app,
            "grant_role",
            &[
                ("person", keys[1].as_str()),
                ("role", "scrutineer"),
                ("from", from),
                ("until", until),
            ],
            &session,
        )
        .await;
        assert_eq!(typo.status(), 422, "{from} – {until}");
        assert!(typo.text().await.expect("body").contains(problem));
    }
    assert_eq!(
        app.store.audit_log().await.expect("log").len(),
        stored.len()
    );
    let newest = stored.last().expect("an entry");
    assert_eq!(newest.action, "role.grant");
    assert!(
        newest.detail.starts_with('{') && !newest.detail.contains(" for "),
        "stored as facts, in no language: {}",
        newest.detail
    );
    let view: serde_json::Value = post(&app, "audit_log", &[], &session)
        .await
        .json()
        .await
        .expect("json");
    let entry = &view["entries"][0];
    assert_eq!(entry["action"], "role.grant");
    assert_eq!(
        entry["detail"], "",
        "no worded detail for an entry with facts"
    );
    assert_eq!(
        entry["facts"],
        serde_json::json!([
            { "fact": "person", "value": "居民1" },
            { "fact": "role", "value": "station_chief" },
        ]),
        "the person's key is their name; the role's code is said by the page"
    );
}

#[tokio::test]
async fn issue16_review_an_election_officer_cannot_seat_themselves_on_a_committee() {
    // The review had an election officer add themselves to a committee being prepared, and
    // then take its two-officer steps. The convening leadership seats members; a member may
    // only step down.
    use app::domain::election::Mode;
    use app::domain::election::plan::{ElectionPlan, PollingPlace, Round, Seats};
    use app::domain::rules::CommunityRules;
    let app = TestApp::spawn().await;
    let (community, keys) = crate::common::community_with(
        &app.store,
        &[
            Some(Role::ElectionCommitteeMember),
            Some(Role::PartySecretary),
        ],
    )
    .await;
    let day = app::domain::clock::today() + chrono::Days::new(40);
    let at = |hour| day.and_hms_opt(hour, 0, 0).expect("hour").and_utc();
    let plan = ElectionPlan {
        title: "换届选举".into(),
        mode: Mode::AllVoters,
        seats: Seats {
            director: 1,
            deputies: 1,
            members: 3,
        },
        election_day: day,
        places: vec![PollingPlace {
            name: "活动室".into(),
            roving: false,
        }],
        voting_opens: at(1),
        voting_closes: at(9),
    };
    let election = app
        .store
        .create_election(
            &app::store::Acting::new(&community, "cli:test"),
            &plan,
            Round::Regular,
            &CommunityRules::default(),
        )
        .await
        .expect("election");
    // The committee director convenes too, but runs no election desk (the policy table).
    let (officer, secretary) = (&keys[0], &keys[1]);
    let officer_session = app.sign_in_as(officer).await;
    let seat_self = [
        ("election", election.as_str()),
        ("person", officer.as_str()),
    ];
    let refused = post(&app, "add_committee_member", &seat_self, &officer_session).await;
    crate::common::assert_refused(refused, "not_election_convener").await;
    assert!(
        !app.store
            .sits_on_committee(&election, officer)
            .await
            .expect("read"),
        "nothing recorded"
    );
    let desk = app
        .visit(
            &format!("/elections/{election}/office"),
            Some(&officer_session),
        )
        .await
        .text()
        .await
        .expect("desk");
    assert!(
        !desk.contains("data-testid=\"add-member\""),
        "the desk offers no seat to those who may not give one"
    );
    // Off the committee, the roll is not theirs to draw up (the second review published one).
    let roll = [("election", election.as_str())];
    let refused = post(&app, "draft_roll", &roll, &officer_session).await;
    crate::common::assert_refused(refused, "not_on_election_committee").await;
    assert!(app.store.roll(&election).await.expect("read").is_empty());
    // The party secretary seats them; they may step down, but not unseat another.
    let secretary_session = app.sign_in_as(secretary).await;
    for person in [officer, secretary] {
        let seat = [("election", election.as_str()), ("person", person.as_str())];
        let seated = post(&app, "add_committee_member", &seat, &secretary_session).await;
        assert!(seated.status().is_success(), "{}", seated.status());
    }
    let unseat_other = [
        ("election", election.as_str()),
        ("person", secretary.as_str()),
    ];
    let refused = post(
        &app,
        "withdraw_committee_member",
        &unseat_other,
        &officer_session,
    )
    .await;
    assert_eq!(refused.status(), 409);
    let drafted = post(&app, "draft_roll", &roll, &officer_session).await;
    assert!(drafted.status().is_success(), "seated, they draw it up");
    let withdrawn = post(
        &app,
        "withdraw_committee_member",
        &seat_self,
        &officer_session,
    )
    .await;
    assert!(withdrawn.status().is_success(), "{}", withdrawn.status());
    assert!(
        !app.store
            .sits_on_committee(&election, officer)
            .await
            .expect("read")
    );
    assert!(
        app.store
            .sits_on_committee(&election, secretary)
            .await
            .expect("read")
    );
}

#[tokio::test]
async fn review_an_officer_off_every_committee_neither_rewrites_nor_fakes_election_notices_nor_enters_sheets()
 {
    // The second 2026-12-07 review rewrote the candidate list and the result's notice, and
    // published a fake result, as an officer who sat on no committee; tally entry was open to
    // them too.
    let app = TestApp::spawn().await;
    let store = &app.store;
    let (community, election) = crate::common::open_election(store, None).await;
    let outsider = election.voters[0].clone();
    store
        .grant_role(
            &app::store::Acting::new(&community, "cli:test"),
            &outsider,
            Role::ElectionCommitteeMember,
            Term::new(app::domain::clock::today(), None).expect("term"),
        )
        .await
        .expect("granted");
    let session = app.sign_in_as(&outsider).await;
    let about = format!("election:{}", election.key);
    let list = store
        .notice_heads(Some(&community))
        .await
        .expect("heads")
        .into_iter()
        .find(|head| head.about.as_deref() == Some(about.as_str()))
        .expect("the open election's notice");
    let correct = [
        ("key", list.key.as_str()),
        ("title", "正式候选人名单"),
        ("body", "正式候选人已变更。"),
        ("ends_on", ""),
    ];
    let refused = post(&app, "correct_notice", &correct, &session).await;
    crate::common::assert_refused(refused, "not_on_election_committee").await;
    let fake = [
        ("kind", "election"),
        ("title", "选举结果公告"),
        ("body", "经复核，选举无效。"),
        ("publish_at", ""),
        ("ends_on", ""),
    ];
    let before = store.notice_heads(None).await.expect("heads").len();
    let refused = post(&app, "publish_notice", &fake, &session).await;
    crate::common::assert_refused(refused, "not_on_election_committee").await;
    let heads = store.notice_heads(None).await.expect("heads");
    assert_eq!(heads.len(), before, "nothing published");
    let unchanged = heads.iter().find(|h| h.key == list.key).expect("list");
    assert_eq!(unchanged.latest, list.latest, "nothing corrected");
    let sheet = [
        ("election", election.key.as_str()),
        ("place", "nowhere"),
        ("ballots_in_box", "0"),
        ("void_ballots", "0"),
        ("blank_ballots", "0"),
    ];
    let refused = post(&app, "enter_tally_sheet", &sheet, &session).await;
    crate::common::assert_refused(refused, "not_on_election_committee").await;
}

#[tokio::test]
async fn review_a_grid_worker_invites_only_the_residents_of_their_grid() {
    // The second 2026-12-07 review enrolled as residents of other grids, who had not joined,
    // with a grid worker's invitations: and with them took their vote.
    use app::domain::registry::PeopleFilter;
    let app = TestApp::spawn().await;
    let store = &app.store;
    let (community, _) = crate::common::open_election(store, None).await;
    let worker = store.grid_workers(&community).await.expect("workers")[0].clone();
    let today = app::domain::clock::today();
    let people = store
        .people(&community, &PeopleFilter::default(), today)
        .await
        .expect("people")
        .people;
    let not_joined = |inside: bool| {
        people
            .iter()
            .find(|p| {
                !p.enrolled
                    && p.roles.is_empty()
                    && (p.grid.as_deref() == Some(&worker.grid)) == inside
            })
            .expect("a resident")
            .key
            .clone()
    };
    let session = app.sign_in_as(&worker.person).await;
    let elsewhere = not_joined(false);
    let invite = [("person", elsewhere.as_str()), ("role", "resident")];
    let refused = post(&app, "issue_invitation", &invite, &session).await;
    crate::common::assert_refused(refused, "invitation_outside_grid").await;
    let page = app
        .visit(&format!("/staff/people/{elsewhere}"), Some(&session))
        .await
        .text()
        .await
        .expect("page");
    assert!(
        !page.contains("data-testid=\"invite-form\""),
        "the form is not offered"
    );
    let own = not_joined(true);
    let invite = [("person", own.as_str()), ("role", "resident")];
    let issued = post(&app, "issue_invitation", &invite, &session).await;
    assert_eq!(issued.status(), 200);
}

#[tokio::test]
async fn review_recovering_someone_who_never_joined_says_so() {
    // The second 2026-12-07 review got a bare "Conflict".
    let app = TestApp::spawn().await;
    let (_, keys) =
        crate::common::community_with(&app.store, &[Some(Role::StationChief), None]).await;
    let session = app.sign_in_as(&keys[0]).await;
    let recover = [("person", keys[1].as_str())];
    let refused = post(&app, "issue_recovery_invitation", &recover, &session).await;
    crate::common::assert_refused(refused, "not_joined_yet").await;
}
