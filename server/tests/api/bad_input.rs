//! Bad input, property-tested: every server function (`crate::common::CALLS`) gets generated
//! requests built from its own form: oversized, malformed and invalid-UTF-8 values, wrong
//! types, unknown ids, another community's ids, missing, doubled and unknown fields, the wrong
//! content type and method. The caller is signed in with a role the policy allows, so the input
//! reaches validation. Whatever comes in, the answer is a 2xx/3xx or a 4xx with a message key,
//! never a 5xx, never an internal message; and a refused request leaves every table as it was.
//! `FUZZ_CASES` sets the cases per server function (default 10 in `make test`; `make fuzz`
//! runs more).

use crate::common::{CALLS, Call, TestApp};
use app::domain::policy::{Caller, Decision, decide};
use app::domain::roles::Role;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;

/// Tables a refused request may still touch by design: the signed-in session (its expiry is
/// renewed) and the rate limiter's attempt counters.
const MAY_CHANGE: &[&str] = &["session", "attempt"];

/// How a generated request is sent.
#[derive(Debug, Clone)]
enum Encoding {
    /// `application/x-www-form-urlencoded`, values percent-encoded (the real form post).
    Form,
    /// The form's bytes unencoded, so invalid UTF-8 arrives raw.
    RawForm,
    /// A JSON object where a form is expected.
    Json,
    /// No content type at all.
    Bare,
    /// A GET with the form as its query string.
    Get,
}

#[derive(Clone)]
struct Request {
    fields: Vec<(String, Vec<u8>)>,
    encoding: Encoding,
}

impl std::fmt::Debug for Request {
    // A failing case is printed; a 200,000-character value would drown the report.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fields: Vec<(String, String)> = self
            .fields
            .iter()
            .map(|(name, value)| {
                let shown = String::from_utf8_lossy(&value[..value.len().min(60)]).into_owned();
                (name.clone(), format!("{shown:?} ({} bytes)", value.len()))
            })
            .collect();
        f.debug_struct("Request")
            .field("fields", &fields)
            .field("encoding", &self.encoding)
            .finish()
    }
}

/// Ids a caller could send: real ones of the caller's community and of another community,
/// and ones that name nothing.
struct Ids(Vec<String>);

fn values(ids: &Ids) -> BoxedStrategy<Vec<u8>> {
    let known: Vec<Vec<u8>> = ids.0.iter().map(|id| id.as_bytes().to_vec()).collect();
    let odd: Vec<Vec<u8>> = [
        "",
        " ",
        "\0",
        "-1",
        "0",
        "255",
        "256",
        "18446744073709551615",
        "18446744073709551616",
        "9223372036854775807",
        "-9223372036854775809",
        "1e309",
        "NaN",
        "true",
        "yes",
        "null",
        "[]",
        "{}",
        "{\"id\":\"x\",\"rawId\":\"\",\"response\":{},\"type\":\"public-key\"}",
        "2026-02-30",
        "2099-13-45",
        "9999-12-31T23:59:60",
        "person:nobody",
        "election:⟨x⟩",
        "x' ; DELETE person; --",
        "⟩; DELETE ballot; --",
        "<script>alert(1)</script>",
        "\u{202e}gnp.exe",
        "🗳️",
        "第一网格",
        "resident",
        "party_secretary",
        "for",
        "against",
        "all_voters",
        "open_polls",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    prop_oneof![
        3 => proptest::sample::select(known),
        3 => proptest::sample::select(odd),
        2 => "\\PC{0,40}".prop_map(String::into_bytes),
        2 => proptest::collection::vec(any::<u8>(), 0..24),
        1 => (1usize..200_000).prop_map(|n| "长".repeat(n).into_bytes()),
    ]
    .boxed()
}

fn requests(call: &Call, ids: &Ids) -> BoxedStrategy<Request> {
    let names: Vec<String> = call.form.iter().map(|(k, _)| (*k).to_owned()).collect();
    let originals: Vec<Vec<u8>> = call
        .form
        .iter()
        .map(|(_, v)| v.as_bytes().to_vec())
        .collect();
    let n = names.len();
    let value = values(ids);
    // Per field: keep the valid-looking value, or replace it.
    let fields = proptest::collection::vec(proptest::option::weighted(0.6, value.clone()), n)
        .prop_map(move |replaced| {
            names
                .iter()
                .zip(&originals)
                .zip(replaced)
                .map(|((name, original), new)| (name.clone(), new.unwrap_or(original.clone())))
                .collect::<Vec<_>>()
        });
    let shape = prop_oneof![
        4 => Just(Shape::AsIs),
        1 => any::<prop::sample::Index>().prop_map(Shape::Drop),
        1 => any::<prop::sample::Index>().prop_map(Shape::Double),
        1 => value.clone().prop_map(Shape::Unknown),
        1 => any::<prop::sample::Index>().prop_map(Shape::Nested),
    ];
    let encoding = prop_oneof![
        6 => Just(Encoding::Form),
        2 => Just(Encoding::RawForm),
        1 => Just(Encoding::Json),
        1 => Just(Encoding::Bare),
        1 => Just(Encoding::Get),
    ];
    (fields, shape, encoding)
        .prop_map(|(mut fields, shape, encoding)| {
            shape.apply(&mut fields);
            Request { fields, encoding }
        })
        .boxed()
}

#[derive(Debug, Clone)]
enum Shape {
    AsIs,
    Drop(prop::sample::Index),
    Double(prop::sample::Index),
    Unknown(Vec<u8>),
    Nested(prop::sample::Index),
}

impl Shape {
    fn apply(self, fields: &mut Vec<(String, Vec<u8>)>) {
        match self {
            Shape::AsIs => {}
            Shape::Drop(i) if !fields.is_empty() => {
                fields.remove(i.index(fields.len()));
            }
            Shape::Double(i) if !fields.is_empty() => {
                let (name, _) = fields[i.index(fields.len())].clone();
                fields.push((name, b"other".to_vec()));
            }
            Shape::Unknown(value) => fields.push(("zz_unknown".into(), value)),
            Shape::Nested(i) if !fields.is_empty() => {
                let at = i.index(fields.len());
                fields[at].0.push_str("[x][]");
            }
            _ => {}
        }
    }
}

fn encode(fields: &[(String, Vec<u8>)], raw: bool) -> Vec<u8> {
    let mut body = Vec::new();
    for (n, (name, value)) in fields.iter().enumerate() {
        if n > 0 {
            body.push(b'&');
        }
        body.extend(url::form_urlencoded::byte_serialize(name.as_bytes()).flat_map(str::bytes));
        body.push(b'=');
        if raw {
            body.extend(value.iter().filter(|b| !matches!(b, b'&' | b'=')));
        } else {
            body.extend(url::form_urlencoded::byte_serialize(value).flat_map(str::bytes));
        }
    }
    body
}

async fn send(
    app: &TestApp,
    call: &Call,
    session: Option<&str>,
    request: &Request,
) -> (u16, String) {
    let url = app.url(&format!("/api/{}", call.endpoint));
    let mut builder = match request.encoding {
        Encoding::Get => {
            // A URL has a length limit of its own; the body carries the big values.
            let mut query = String::from_utf8_lossy(&encode(&request.fields, false)).into_owned();
            query.truncate(query.floor_char_boundary(4096));
            app.client.get(format!("{url}?{query}"))
        }
        Encoding::Form | Encoding::RawForm => app
            .client
            .post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(encode(
                &request.fields,
                matches!(request.encoding, Encoding::RawForm),
            )),
        Encoding::Json => {
            let object: serde_json::Map<String, serde_json::Value> = request
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), String::from_utf8_lossy(v).into_owned().into()))
                .collect();
            app.client
                .post(&url)
                .header("content-type", "application/json")
                .body(serde_json::Value::Object(object).to_string())
        }
        Encoding::Bare => app.client.post(&url).body(encode(&request.fields, false)),
    };
    builder = builder.header("origin", app.origin());
    if let Some(session) = session {
        builder = builder.header("cookie", format!("gs_session={session}"));
    }
    let response = builder
        .send()
        .await
        .expect("an answer, not a dropped connection");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// What the database held before a run of refused requests.
struct Baseline {
    counts: BTreeMap<String, String>,
    contents: BTreeMap<String, String>,
}

impl Baseline {
    async fn take(store: &app::store::Store) -> Self {
        Self {
            counts: store.counts_for_tests(MAY_CHANGE).await.expect("counts"),
            contents: store
                .contents_for_tests(MAY_CHANGE)
                .await
                .expect("contents"),
        }
    }
}

fn changed(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Vec<String> {
    after
        .iter()
        .filter(|(table, value)| before.get(*table) != Some(value))
        .map(|(table, _)| table.clone())
        .collect()
}

/// The role whose holder may make `call`, if anyone may; `None` when anonymous callers may.
fn role_for(call: &Call) -> Option<Role> {
    if decide(call.action, &Caller::Anonymous) == Decision::Allow {
        return None;
    }
    Role::ALL
        .iter()
        .copied()
        .find(|role| decide(call.action, &Caller::SignedIn { roles: &[*role] }) == Decision::Allow)
        .or(Some(Role::Resident))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_server_function_answers_bad_input_with_a_4xx_and_writes_nothing() {
    let cases = u32::try_from(crate::common::env_number("FUZZ_CASES", 10)).unwrap_or(u32::MAX);
    let app = TestApp::spawn().await;
    let store = &app.store;
    use crate::common::builders::{ElectionBuilder, Town};
    let ours = Town::build(store, "示例社区", 60).await;
    let theirs = Town::build(store, "别的社区", 60).await;
    let mut ids = vec![
        ours.key.to_string(),
        theirs.key.to_string(),
        "nobody".to_owned(),
    ];
    let mut holders = BTreeMap::new();
    for town in [&ours, &theirs] {
        let finished = ElectionBuilder::default().published(store, town, 5).await;
        let open = ElectionBuilder::default().open(store, town).await;
        ids.extend([open.key.to_string(), finished.key.to_string()]);
        ids.extend(open.voters.iter().take(2).map(ToString::to_string));
        for candidate in store
            .candidates(&open.key)
            .await
            .expect("candidates")
            .iter()
            .take(2)
        {
            ids.push(candidate.key.clone());
        }
        ids.extend(open.places.iter().map(ToString::to_string));
        let (round, question) = crate::common::builders::open_round(store, town).await;
        ids.extend([round.to_string(), question.to_string()]);
    }
    let ours = ours.key;
    for &role in Role::ALL {
        let holder = store.role_holders(&ours, role).await.expect("holders")[0].clone();
        ids.push(holder.to_string());
        holders.insert(role, holder);
    }
    let ids = Ids(ids);

    let handle = tokio::runtime::Handle::current();
    for call in CALLS {
        let strategy = requests(call, &ids);
        let holder = role_for(call).map(|role| holders[&role].clone());
        let session = match &holder {
            Some(person) => Some(app.sign_in_as(person).await),
            None => None,
        };
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        // After every refused request the tables hold as many records as before; at the end
        // of the function's cases every record is as it was. A digest of everything after
        // every request would be exact but slow (50 ms each in a debug build).
        let baseline = std::cell::RefCell::new(Baseline::take(store).await);
        let outcome = runner.run(&strategy, |request| {
            tokio::task::block_in_place(|| {
                handle.block_on(async {
                    // Signing out ends the session, so that one call gets a fresh one each time.
                    let session = match &holder {
                        Some(person) if call.endpoint == "sign_out" => {
                            Some(app.sign_in_as(person).await)
                        }
                        Some(_) => session.clone(),
                        None => None,
                    };
                    let (status, body) = send(&app, call, session.as_deref(), &request).await;
                    let body: String = body.chars().take(400).collect();
                    prop_assert!(status < 500, "{status}: {body}");
                    for leak in ["panicked", "database error", "surrealdb", "thread '"] {
                        prop_assert!(!body.to_lowercase().contains(leak), "{status}: {body}");
                    }
                    if status >= 400 {
                        prop_assert!(!body.trim().is_empty(), "{status} without a message");
                        let counts = store.counts_for_tests(MAY_CHANGE).await.expect("counts");
                        let changed = changed(&baseline.borrow().counts, &counts);
                        prop_assert!(
                            changed.is_empty(),
                            "a refused request ({status}: {body}) added or removed records in {changed:?}"
                        );
                    } else {
                        // It was valid after all: what it wrote is the new baseline. (The refused
                        // requests since the last baseline were checked for added or removed
                        // records only; most functions' cases are all refused and get the full
                        // check at the end.)
                        *baseline.borrow_mut() = Baseline::take(store).await;
                    }
                    Ok::<(), TestCaseError>(())
                })
            })
        });
        let contents = store
            .contents_for_tests(MAY_CHANGE)
            .await
            .expect("contents");
        let changed = changed(&baseline.borrow().contents, &contents);
        assert!(
            changed.is_empty(),
            "{}: refused requests changed records in {changed:?}",
            call.endpoint
        );
        if let Err(failure) = outcome {
            panic!("{} ({:?}): {failure}", call.endpoint, call.action);
        }
    }
}
