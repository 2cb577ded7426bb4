//! Shared by the HTTP test files: the real router on a random port against `mem://`, and the
//! table of every server function with a call that leads nowhere.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

pub mod builders;
pub mod child;
pub mod crash;
pub mod process;
pub mod soft_passkey;
pub mod surreal;

use app::domain::policy::Action;
use gongshang_server::config::ServeConfig;
use reqwest::header;
use std::net::SocketAddr;
use tokio::sync::oneshot;

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: app::store::Store,
    pub client: reqwest::Client,
    _site: tempfile::TempDir,
    _stop: oneshot::Sender<()>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_on(None, |_| {}).await
    }

    /// A second app instance on this one's database, as a scaled-out deployment runs them.
    pub async fn beside(&self) -> Self {
        Self::spawn_on(Some(self.store.clone()), |_| {}).await
    }

    /// An instance as deployed behind a reverse proxy on this machine (`--trusted-proxy
    /// 127.0.0.1`): the client is whoever `X-Forwarded-For` names. On `store` when given.
    pub async fn behind_proxy(store: Option<app::store::Store>) -> Self {
        Self::spawn_on(store, |config| {
            config.trusted_proxies =
                gongshang_server::client_address::TrustedProxies::parse(&["127.0.0.1".to_owned()])
                    .expect("loopback");
        })
        .await
    }

    async fn spawn_on(
        store: Option<app::store::Store>,
        configure: impl FnOnce(&mut ServeConfig),
    ) -> Self {
        let site = tempfile::tempdir().expect("site dir");
        std::fs::create_dir(site.path().join("pkg")).expect("pkg dir");
        std::fs::write(
            site.path().join("pkg/gongshang.css"),
            "body{}\n".repeat(200),
        )
        .expect("css");
        std::fs::write(site.path().join("favicon.svg"), "<svg/>").expect("favicon");
        let (stop, stopped) = oneshot::channel::<()>();
        let mut config = ServeConfig::for_tests(site.path().into());
        configure(&mut config);
        let stop_signal = async {
            let _ = stopped.await;
        };
        let running = match store {
            Some(store) => gongshang_server::start_on(store, config, stop_signal).await,
            None => gongshang_server::start(config, stop_signal).await,
        }
        .expect("server starts");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            // A response that never ends fails its test instead of stalling the whole run.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .expect("client");
        Self {
            addr: running.addr,
            store: running.store,
            client,
            _site: site,
            _stop: stop,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://localhost:{}{path}", self.addr.port())
    }

    pub fn origin(&self) -> String {
        format!("http://localhost:{}", self.addr.port())
    }
}

/// A community (示例社区, 青山区) with one adult registry person per entry of `roles`, named
/// `居民0`, `居民1`… in household `H0`, `H1`…, each holding the role given from today. Answers
/// the community's key and the people's keys, in order.
pub async fn community_with(
    store: &app::store::Store,
    roles: &[Option<app::domain::roles::Role>],
) -> (
    app::domain::keys::CommunityKey,
    Vec<app::domain::keys::PersonKey>,
) {
    use app::domain::registry::{NewCommunity, parse_register_csv};
    let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
    let community = store
        .create_community(&new, "cli:test")
        .await
        .expect("community")
        .key;
    let mut csv = String::from("姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n");
    for n in 0..roles.len() {
        csv.push_str(&format!(
            "居民{n},1970-01-01,女,H{n},第一网格,一组,否,户籍\n"
        ));
    }
    let today = app::domain::clock::local_day(chrono::Utc::now());
    let people = parse_register_csv(&csv, today).expect("valid extract");
    let keys = store
        .add_people(&app::store::Acting::new(&community, "cli:test"), &people)
        .await
        .expect("people");
    let term = app::domain::roles::Term::new(today, None).expect("term");
    for (key, role) in keys.iter().zip(roles) {
        if let Some(role) = role {
            store
                .grant_role(
                    &app::store::Acting::new(&community, "cli:test"),
                    key,
                    *role,
                    term,
                )
                .await
                .expect("grant");
        }
    }
    (community, keys)
}

impl TestApp {
    /// Posts `call`'s form with this Origin, signed in with `session` (a session cookie value)
    /// when given.
    pub async fn call(&self, call: &Call, session: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(&format!("/api/{}", call.endpoint)))
            .header(header::ORIGIN, self.origin())
            .form(call.form);
        if let Some(session) = session {
            request = request.header(header::COOKIE, format!("gs_session={session}"));
        }
        request.send().await.expect("request")
    }

    /// A session for `person`, made through the session store as a sign-in would: answers
    /// the cookie value.
    pub async fn sign_in_as(&self, person: &str) -> String {
        self.session_since(person, chrono::Utc::now().timestamp_millis())
            .await
    }

    /// Like [`Self::sign_in_as`], signed in at `at_millis` (Unix milliseconds).
    pub async fn session_since(&self, person: &str, at_millis: i64) -> String {
        new_session(&self.store, person, at_millis).await
    }

    /// Opens `path` as a browser would, signed in with `session` when given.
    pub async fn visit(&self, path: &str, session: Option<&str>) -> reqwest::Response {
        let mut request = self.client.get(self.url(path));
        if let Some(session) = session {
            request = request.header(header::COOKIE, format!("gs_session={session}"));
        }
        request.send().await.expect("request")
    }

    /// Posts `form` to the page at `path` as a browser without JavaScript sends a plain form:
    /// the fields and the hidden field naming the server function (`app::ui::forms`); a
    /// refusal comes back as the page with the form as typed.
    pub async fn submit_page<K: AsRef<str>, V: AsRef<str>>(
        &self,
        path: &str,
        endpoint: &str,
        form: &[(K, V)],
        session: &str,
    ) -> reqwest::Response {
        let mut fields = vec![("_fn".to_owned(), format!("/api/{endpoint}"))];
        fields.extend(
            form.iter()
                .map(|(k, v)| (k.as_ref().to_owned(), v.as_ref().to_owned())),
        );
        self.client
            .post(self.url(path))
            .header(header::ORIGIN, self.origin())
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, format!("gs_session={session}"))
            .form(&fields)
            .send()
            .await
            .expect("request")
    }

    /// Like [`Self::submit_page`], posted as a browser posts a form with file inputs
    /// (`multipart/form-data`, no JavaScript), with `files` as `(input, file name, bytes)`.
    pub async fn submit_page_with_files(
        &self,
        path: &str,
        endpoint: &str,
        form: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
        session: &str,
    ) -> reqwest::Response {
        let endpoint = format!("/api/{endpoint}");
        let mut multipart = reqwest::multipart::Form::new()
            .text("_fn", endpoint.clone())
            .text("_form", endpoint);
        for (name, value) in form {
            multipart = multipart.text(name.to_string(), value.to_string());
        }
        for (input, name, bytes) in files {
            let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string());
            multipart = multipart.part(input.to_string(), part);
        }
        self.client
            .post(self.url(path))
            .header(header::ORIGIN, self.origin())
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, format!("gs_session={session}"))
            .multipart(multipart)
            .send()
            .await
            .expect("request")
    }

    /// Submits `form` to the server function `endpoint` as a form post from this site (what
    /// the page's form sends, script or not), signed in with `session` when given.
    pub async fn submit<K: serde::Serialize, V: serde::Serialize>(
        &self,
        endpoint: &str,
        form: &[(K, V)],
        session: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(self.url(&format!("/api/{endpoint}")))
            .header(header::ORIGIN, self.origin())
            .form(form);
        if let Some(session) = session {
            request = request.header(header::COOKIE, format!("gs_session={session}"));
        }
        request.send().await.expect("request")
    }
}

/// Runs the production demo on `app`'s store, as `gongshang demo` does, and answers the demo
/// community's key. Only the tests that keep the demo a newcomer starts with working run it
/// (its finished election recounts, its evaluation rounds show their results); the others
/// build what they need (`builders`).
pub async fn demo(app: &TestApp) -> app::domain::keys::CommunityKey {
    gongshang_server::demo::run(
        &app.store,
        &url::Url::parse("http://localhost:3000").expect("url"),
        "cli:test",
        None,
    )
    .await
    .expect("demo");
    app.store
        .community_named("青山区", "示例社区")
        .await
        .expect("read")
        .expect("the demo community")
        .key
}

/// A size a test or the benchmark reads from the environment (`RACE_VOTERS`, `FUZZ_CASES`…),
/// or `default` when it is unset or not a number.
/// Asserts that `response` is the refusal `code` (409, the code in its body), as a server
/// function answers a step the rules do not allow now.
pub async fn assert_refused(response: reqwest::Response, code: &str) {
    assert_eq!(response.status(), 409, "refused with {code}");
    let body = response.text().await.expect("body");
    assert!(body.contains(code), "refused with {code}: {body}");
}

pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A session for `person` signed in at `at_millis` (Unix milliseconds), made through the
/// session store as a sign-in would: answers the cookie value.
pub async fn new_session(store: &app::store::Store, person: &str, at_millis: i64) -> String {
    session_record(store, person, at_millis, None).await
}

/// A session opened with the passkey whose credential id is `passkey`, as a sign-in records it.
pub async fn session_with_passkey(
    store: &app::store::Store,
    person: &str,
    passkey: &str,
) -> String {
    let now = chrono::Utc::now().timestamp_millis();
    session_record(store, person, now, Some(passkey)).await
}

async fn session_record(
    store: &app::store::Store,
    person: &str,
    at_millis: i64,
    passkey: Option<&str>,
) -> String {
    use tower_sessions::session::{Id, Record};
    use tower_sessions::session_store::SessionStore;
    let mut data: std::collections::HashMap<String, serde_json::Value> = [
        ("person".to_owned(), serde_json::json!(person)),
        ("signed_in_at".to_owned(), serde_json::json!(at_millis)),
    ]
    .into();
    if let Some(passkey) = passkey {
        data.insert("passkey".to_owned(), serde_json::json!(passkey));
    }
    let mut record = Record {
        id: Id::default(),
        data,
        expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc()
            + tower_sessions::cookie::time::Duration::hours(1),
    };
    store
        .session_store()
        .create(&mut record)
        .await
        .expect("session");
    record.id.to_string()
}

/// A community of 60 (`builders::Town`) with an election whose polls are open, closing at
/// `closes` (the end of today when `None`); answers the community and the election.
pub async fn open_election(
    store: &app::store::Store,
    closes: Option<chrono::DateTime<chrono::Utc>>,
) -> (app::domain::keys::CommunityKey, builders::Election) {
    let town = builders::Town::build(store, "示例社区", 60).await;
    let mut election = builders::ElectionBuilder::default();
    if let Some(closes) = closes {
        election = election.closing(closes);
    }
    let election = election.open(store, &town).await;
    (town.key, election)
}

/// The ballot form a phone without JavaScript posts for `election`: for the first candidate of
/// each office, against the others.
pub async fn ballot_form(
    store: &app::store::Store,
    election: &app::domain::keys::ElectionKey,
) -> Vec<(String, String)> {
    let mut form = vec![("election".to_owned(), election.to_string())];
    let mut seen = Vec::new();
    for candidate in store.candidates(election).await.expect("candidates") {
        let mark = if seen.contains(&candidate.office) {
            "against"
        } else {
            seen.push(candidate.office);
            "for"
        };
        form.push((format!("marks[k{}]", candidate.key), mark.to_owned()));
    }
    form
}

/// A server function called with a form that is valid in shape but leads nowhere, and the
/// status an anonymous caller gets.
pub struct Call {
    pub action: Action,
    pub endpoint: &'static str,
    pub form: &'static [(&'static str, &'static str)],
    pub anonymous: u16,
}

const fn call(
    action: Action,
    endpoint: &'static str,
    form: &'static [(&'static str, &'static str)],
    anonymous: u16,
) -> Call {
    Call {
        action,
        endpoint,
        form,
        anonymous,
    }
}

const FILTER: &[(&str, &str)] = &[
    ("filter[q]", ""),
    ("filter[grid]", ""),
    ("filter[group]", ""),
    ("filter[category]", ""),
    ("filter[role]", ""),
    ("filter[page]", ""),
];

const SHEET: &[(&str, &str)] = &[
    ("filter[q]", "nobody-has-this-name"),
    ("filter[grid]", ""),
    ("filter[group]", ""),
    ("filter[category]", ""),
    ("filter[role]", ""),
    ("filter[page]", ""),
    ("role", "resident"),
];

/// Every server function. A test checks no action is missing.
pub const CALLS: &[Call] = &[
    call(Action::SetLanguage, "set_language", &[("lang", "xx")], 422),
    call(
        Action::SetTextSize,
        "set_text_size",
        &[("size", "huge")],
        422,
    ),
    call(
        Action::ViewInvitation,
        "invitation",
        &[("code", "nope")],
        200,
    ),
    call(
        Action::BeginEnrolment,
        "begin_enrolment",
        &[("code", "nope"), ("name", "甲")],
        404,
    ),
    call(
        Action::FinishEnrolment,
        "finish_enrolment",
        &[("challenge", "x"), ("credential", "{}")],
        422,
    ),
    call(Action::BeginSignIn, "begin_sign_in", &[], 200),
    call(
        Action::FinishSignIn,
        "finish_sign_in",
        &[("challenge", "x"), ("credential", "{}")],
        422,
    ),
    call(Action::SignOut, "sign_out", &[], 401),
    call(Action::SignOutEverywhere, "sign_out_everywhere", &[], 401),
    call(Action::ViewOwnAccount, "my_account", &[], 200),
    call(Action::AddPasskey, "begin_add_passkey", &[], 401),
    call(
        Action::AddPasskey,
        "finish_add_passkey",
        &[("challenge", "x"), ("credential", "{}")],
        401,
    ),
    call(
        Action::RemovePasskey,
        "remove_passkey",
        &[("key", "x")],
        401,
    ),
    call(
        Action::RemovePasskey,
        "rename_passkey",
        &[("key", "x"), ("name", "手机")],
        401,
    ),
    call(Action::ViewStaffOffice, "staff_office", &[], 401),
    call(Action::ListPeople, "people", FILTER, 401),
    call(
        Action::ListPeople,
        "person_record",
        &[("person", "nobody")],
        401,
    ),
    call(
        Action::ImportPeople,
        "preview_import",
        &[("csv", "姓名\n")],
        401,
    ),
    call(Action::ImportPeople, "import_people", &[("csv", "")], 401),
    call(
        Action::ManageRoles,
        "grant_role",
        &[
            ("person", "nobody"),
            ("role", "resident"),
            ("from", ""),
            ("until", ""),
        ],
        401,
    ),
    call(
        Action::ManageRoles,
        "end_role",
        &[("person", "nobody"), ("grant", "x")],
        401,
    ),
    call(
        Action::ManageRoles,
        "assign_grid_worker",
        &[("grid", "第一网格"), ("person", "nobody")],
        401,
    ),
    call(
        Action::IssueInvitation,
        "issue_invitation",
        &[("person", "nobody"), ("role", "resident")],
        401,
    ),
    call(
        Action::IssueInvitation,
        "issue_invitation_sheet",
        SHEET,
        401,
    ),
    call(
        Action::IssueRecoveryInvitation,
        "issue_recovery_invitation",
        &[("person", "nobody")],
        401,
    ),
    call(Action::ViewAuditLog, "audit_log", &[], 401),
    call(
        Action::ViewNotices,
        "notice_board",
        &[("community", ""), ("kind", ""), ("archive", "false")],
        200,
    ),
    call(Action::ViewNotices, "notice", &[("key", "nobody")], 404),
    call(
        Action::PublishNotice,
        "preview_notice",
        &[("body", "**x**")],
        401,
    ),
    call(
        Action::PublishNotice,
        "publish_notice",
        &[
            ("kind", "gossip"),
            ("title", "t"),
            ("body", "b"),
            ("publish_at", ""),
            ("ends_on", ""),
        ],
        401,
    ),
    call(
        Action::PublishNotice,
        "correct_notice",
        &[
            ("key", "nobody"),
            ("title", "t"),
            ("body", "b"),
            ("ends_on", ""),
        ],
        401,
    ),
    call(Action::ViewElections, "elections", &[], 200),
    call(
        Action::ViewElections,
        "voted_tracker",
        &[("election", "nobody")],
        404,
    ),
    call(Action::ViewElections, "election", &[("key", "nobody")], 404),
    call(
        Action::ViewElections,
        "election_phase",
        &[("key", "nobody")],
        404,
    ),
    call(
        Action::ViewElections,
        "election_results",
        &[("key", "nobody")],
        404,
    ),
    call(
        Action::ViewElections,
        "election_board",
        &[("key", "nobody")],
        404,
    ),
    call(Action::RunElection, "new_election_defaults", &[], 401),
    call(
        Action::RunElection,
        "create_election",
        &[
            ("title", ""),
            ("mode", "all_voters"),
            ("director", "1"),
            ("deputies", "1"),
            ("members", "3"),
            ("election_day", "2099-01-01"),
            ("voting_opens", "2099-01-01T08:00"),
            ("voting_closes", "2099-01-01T18:00"),
            ("stations", "x"),
            ("roving", ""),
        ],
        401,
    ),
    call(
        Action::RunElection,
        "election_desk",
        &[("election", "nobody")],
        401,
    ),
    call(
        Action::RunElection,
        "add_committee_member",
        NOBODY_PERSON,
        401,
    ),
    call(
        Action::RunElection,
        "withdraw_committee_member",
        NOBODY_PERSON,
        401,
    ),
    call(
        Action::RunElection,
        "declare_relative",
        &[
            ("election", "nobody"),
            ("declarant", "nobody"),
            ("relative", "nobody"),
        ],
        401,
    ),
    call(
        Action::RunElection,
        "record_application",
        &[
            ("election", "nobody"),
            ("person", "nobody"),
            ("serving_since", ""),
        ],
        401,
    ),
    call(Action::RunElection, "draft_roll", NOBODY, 401),
    call(Action::RunElection, "publish_roll", NOBODY, 401),
    call(
        Action::RunElection,
        "decide_objection",
        &[
            ("election", "nobody"),
            ("objection", "nobody"),
            ("upheld", "yes"),
        ],
        401,
    ),
    call(
        Action::NominateForParty,
        "nominate_for_party",
        &[
            ("election", "nobody"),
            ("person", "nobody"),
            ("office", "member"),
        ],
        401,
    ),
    call(
        Action::RunElection,
        "list_candidate",
        &[("election", "nobody"), ("nomination", "nobody")],
        401,
    ),
    call(
        Action::RunElection,
        "unlist_candidate",
        &[("election", "nobody"), ("candidate", "nobody")],
        401,
    ),
    call(
        Action::RunElection,
        "describe_candidate",
        &[
            ("election", "nobody"),
            ("candidate", "nobody"),
            ("statement", ""),
        ],
        401,
    ),
    call(Action::RunElection, "publish_candidates", NOBODY, 401),
    call(Action::TakePartInElection, "ballot_page", NOBODY, 401),
    call(
        Action::TakePartInElection,
        "cast_ballot",
        &[("election", "nobody"), ("marks[x]", "for")],
        401,
    ),
    call(
        Action::TakePartInElection,
        "check_write_ins",
        &[("election", "nobody"), ("write_ins[member-0]", "王")],
        401,
    ),
    call(
        Action::TakePartInElection,
        "name_proxy",
        &[
            ("election", "nobody"),
            ("holder", "nobody"),
            ("away", "yes"),
        ],
        401,
    ),
    call(
        Action::TakePartInElection,
        "nominate_by_voters",
        &[
            ("election", "nobody"),
            ("person", "nobody"),
            ("office", "member"),
        ],
        401,
    ),
    call(
        Action::TakePartInElection,
        "endorse_nomination",
        &[("election", "nobody"), ("nomination", "nobody")],
        401,
    ),
    call(Action::TakePartInElection, "open_nominations", NOBODY, 401),
    call(
        Action::TakePartInElection,
        "file_objection",
        &[
            ("election", "nobody"),
            ("subject", "nobody"),
            ("kind", "missing"),
            ("reason", "x"),
        ],
        401,
    ),
    call(Action::TakePartInElection, "voter_roll", NOBODY, 401),
    call(
        Action::RunElection,
        "confirm_poll_step",
        &[("election", "nobody"), ("step", "open_polls")],
        401,
    ),
    call(
        Action::HandOutPaper,
        "find_on_roll",
        &[("election", "nobody"), ("text", "x")],
        401,
    ),
    call(
        Action::RunElection,
        "assign_place_officer",
        &[
            ("election", "nobody"),
            ("place", "nobody"),
            ("officer", "nobody"),
        ],
        401,
    ),
    call(
        Action::TakePartInElection,
        "dispute_paper_handout",
        &[("election", "nobody"), ("note", "")],
        401,
    ),
    call(
        Action::HandOutPaper,
        "hand_out_paper",
        &[
            ("election", "nobody"),
            ("place", "nobody"),
            ("voter", "nobody"),
        ],
        401,
    ),
    call(
        Action::CountVotes,
        "enter_tally_sheet",
        &[
            ("election", "nobody"),
            ("place", "nobody"),
            ("ballots_in_box", "0"),
            ("void_ballots", "0"),
            ("blank_ballots", "0"),
        ],
        401,
    ),
    call(Action::CountVotes, "count_view", NOBODY, 401),
    call(Action::RunElection, "publish_result", NOBODY, 401),
    call(Action::ViewCommunityRules, "community_rules", &[], 401),
    call(
        Action::PublishNotice,
        "take_down_notice",
        &[("key", "nobody")],
        401,
    ),
    call(Action::PublishNotice, "notice_drafts", &[], 401),
    call(
        Action::PublishNotice,
        "notice_draft",
        &[("key", "nobody")],
        401,
    ),
    call(
        Action::PublishNotice,
        "save_notice_draft",
        &[
            ("draft", ""),
            ("kind", "gossip"),
            ("title", "t"),
            ("body", ""),
            ("publish_at", ""),
            ("ends_on", ""),
        ],
        401,
    ),
    call(
        Action::PublishNotice,
        "discard_notice_draft",
        &[("key", "nobody")],
        401,
    ),
    call(
        Action::SetCommunityRules,
        "set_community_rules",
        &[("rules[voting_age]", "eighteen")],
        401,
    ),
    call(Action::ViewEvaluations, "evaluations", &[], 200),
    call(
        Action::ViewEvaluations,
        "evaluation",
        &[("key", "nobody")],
        404,
    ),
    call(
        Action::ViewEvaluations,
        "evaluation_results",
        &[("round", "nobody")],
        404,
    ),
    call(Action::RunEvaluation, "new_evaluation_defaults", &[], 401),
    call(
        Action::RunEvaluation,
        "create_evaluation",
        &[
            ("period", ""),
            ("raters", "everyone"),
            ("opens_at", "soon"),
            ("closes_at", ""),
            ("grading", "lottery"),
        ],
        401,
    ),
    call(
        Action::RunEvaluation,
        "open_evaluation",
        &[("round", "nobody")],
        401,
    ),
    call(
        Action::RunEvaluation,
        "close_evaluation",
        &[("round", "nobody")],
        401,
    ),
    call(
        Action::RunEvaluation,
        "hide_question",
        &[("round", "nobody"), ("question", "nobody"), ("reason", "")],
        401,
    ),
    call(
        Action::ReportInEvaluation,
        "publish_report",
        &[("round", "nobody"), ("title", ""), ("body", "")],
        401,
    ),
    call(
        Action::ReportInEvaluation,
        "answer_question",
        &[("round", "nobody"), ("question", "nobody"), ("answer", "")],
        401,
    ),
    call(
        Action::RateInEvaluation,
        "ask_question",
        &[("round", "nobody"), ("subject", "nobody"), ("question", "")],
        401,
    ),
    call(
        Action::RateInEvaluation,
        "rating_page",
        &[("round", "nobody")],
        401,
    ),
    call(
        Action::RateInEvaluation,
        "rate",
        &[("round", "nobody"), ("grades[knobody]", "excellent")],
        401,
    ),
    call(
        Action::RunEvaluation,
        "paper_desk",
        &[("round", "nobody")],
        401,
    ),
    call(
        Action::RunEvaluation,
        "hand_out_form",
        &[("round", "nobody"), ("rater", "nobody"), ("paper_box", "1")],
        401,
    ),
    call(
        Action::RunEvaluation,
        "enter_form_tally",
        &[
            ("round", "nobody"),
            ("paper_box", "1"),
            ("forms_in_box", "３"),
            ("void_forms", "0"),
            ("counts[knobody-satisfied]", "3"),
        ],
        401,
    ),
    call(
        Action::RunEvaluation,
        "publish_evaluation_results",
        &[("round", "nobody")],
        401,
    ),
    call(
        Action::ManageRoles,
        "end_office_under_art37",
        &[("round", "nobody"), ("person", "nobody")],
        401,
    ),
];

const NOBODY: &[(&str, &str)] = &[("election", "nobody")];
const NOBODY_PERSON: &[(&str, &str)] = &[("election", "nobody"), ("person", "nobody")];

/// The role walks (`roles`, `bad_input`) are complete when they call every server function the
/// app registers, whatever its policy action (issue 18, item 6), and every action has one.
#[test]
fn the_walks_call_every_registered_server_function() {
    let registered: std::collections::BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    assert!(
        registered.len() > 50,
        "the app's server functions are linked: {registered:?}"
    );
    let called: std::collections::BTreeSet<String> =
        CALLS.iter().map(|c| c.endpoint.to_owned()).collect();
    let uncalled: Vec<&String> = registered.difference(&called).collect();
    assert!(
        uncalled.is_empty(),
        "registered but never called: {uncalled:?}"
    );
    let unknown: Vec<&String> = called.difference(&registered).collect();
    assert!(unknown.is_empty(), "called but not registered: {unknown:?}");
    for action in app::domain::policy::ALL_ACTIONS {
        assert!(
            CALLS.iter().any(|c| c.action == *action),
            "{action:?} has no server function the walks call"
        );
    }
}
