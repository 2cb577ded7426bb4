//! Shared by the HTTP test files: the real router on a random port against `mem://`, and the
//! table of every server function with a call that leads nowhere.

#![allow(dead_code, clippy::expect_used, clippy::unwrap_used, clippy::panic)]

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
        let site = tempfile::tempdir().expect("site dir");
        std::fs::create_dir(site.path().join("pkg")).expect("pkg dir");
        std::fs::write(
            site.path().join("pkg/gongshang.css"),
            "body{}\n".repeat(200),
        )
        .expect("css");
        std::fs::write(site.path().join("favicon.svg"), "<svg/>").expect("favicon");
        let (stop, stopped) = oneshot::channel::<()>();
        let running = gongshang_server::start(ServeConfig::for_tests(site.path().into()), async {
            let _ = stopped.await;
        })
        .await
        .expect("server starts");
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
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
    pub async fn session_for(&self, person: &str) -> String {
        self.session_since(person, chrono::Utc::now().timestamp_millis())
            .await
    }

    /// Like [`Self::session_for`], signed in at `at_millis` (Unix milliseconds).
    pub async fn session_since(&self, person: &str, at_millis: i64) -> String {
        use tower_sessions::session::{Id, Record};
        use tower_sessions::session_store::SessionStore;
        let mut record = Record {
            id: Id::default(),
            data: [
                ("person".to_owned(), serde_json::json!(person)),
                ("signed_in_at".to_owned(), serde_json::json!(at_millis)),
            ]
            .into(),
            expiry_date: tower_sessions::cookie::time::OffsetDateTime::now_utc()
                + tower_sessions::cookie::time::Duration::hours(1),
        };
        self.store
            .session_store()
            .create(&mut record)
            .await
            .expect("session");
        record.id.to_string()
    }
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
];

#[test]
fn every_action_has_a_server_function_in_the_table() {
    for action in app::domain::policy::ALL_ACTIONS {
        assert!(
            CALLS.iter().any(|c| c.action == *action),
            "{action:?} has a server function the walks do not call"
        );
    }
}
