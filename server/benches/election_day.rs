//! `make bench`: election day on this machine, in figures anyone can rerun.
//!
//! One run seeds a community of 1,500 residents with the demo's two elections (one finished and
//! published, one with its polls open), then measures, against the release server started as
//! its own process on a durable embedded store (SurrealKV syncing every commit):
//! - casting: 1,000 signed-in voters post the ballot form (the plain form post a phone without
//!   JavaScript sends) to `/api/cast_ballot`, 200 at a time; their sessions are made by this
//!   setup through the session store, as a sign-in would, never through an HTTP backdoor;
//!   before the burst each voter opens their ballot page, as a phone does (its rate is a figure
//!   too), so the casts meet a warm server over open connections;
//! - the server's resident memory, idle and at its peak while casting;
//! - the public results page under 64 concurrent connections;
//! - an evaluation round: 200 representatives (`BENCH_RATERS`) rate at once through the rating
//!   page's plain form post; the round is closed and its results page read under 64
//!   concurrent connections;
//! - what a phone downloads for the ballot page (HTML, CSS, JS and wasm, brotli as served),
//!   and the app's wasm the other pages load;
//! - the same casts written straight through the store, and the ratio of the two;
//! - counting 100,000 and 1,000,000 stored ballots, each with its online participation as
//!   casting stores them, to a result, as publishing does (three counts each: the median, and
//!   the first beside it).
//!
//! Then a crash run (`common::crash`, `BENCH_CRASH_ROUNDS` × `BENCH_CRASH_VOTERS`).
//! Figures go to `target/bench/summary.txt` (`key=value`) and a readable `report.txt` beside it.
//! Sizes can be changed with `BENCH_VOTERS`, `BENCH_CONCURRENCY` and `BENCH_TALLY` (comma list).

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

// The HTTP tests' helpers: sessions made through the session store, the plain ballot form, and
// waiting for the embedded store to let go of its data directory.
#[path = "../tests/api/common/mod.rs"]
mod common;

use anyhow::{Context, bail};
use app::store::Store;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

const RESIDENTS: usize = 1_500;
const ACTOR: &str = "cli:bench";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The figures of a run, in the order measured.
#[derive(Default)]
struct Figures {
    lines: Vec<(String, String, String)>,
}

impl Figures {
    fn put(&mut self, key: &str, value: impl std::fmt::Display, what: &str) {
        println!("{key}={value}    # {what}");
        self.lines
            .push((key.to_owned(), value.to_string(), what.to_owned()));
    }

    fn write(&self, dir: &Path, machine: &str) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)?;
        let summary: String = self
            .lines
            .iter()
            .map(|(k, v, _)| format!("{k}={v}\n"))
            .collect();
        std::fs::write(dir.join("summary.txt"), summary)?;
        let mut report = format!("Gongshang election-day benchmark\n{machine}\n\n");
        for (k, v, what) in &self.lines {
            report.push_str(&format!("{what:<68} {v:>12}   ({k})\n"));
        }
        std::fs::write(dir.join("report.txt"), report)?;
        Ok(())
    }
}

/// Latencies of one load, and how long it took in all.
struct Load {
    latencies: Vec<Duration>,
    elapsed: Duration,
}

impl Load {
    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn percentile_ms(&self, p: f64) -> f64 {
        let mut sorted = self.latencies.clone();
        sorted.sort();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1_000.0
    }
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// A community with the demo's elections; answers the open and finished elections and the
/// open one's voters (none of them an officer or a candidate).
async fn seeded_store(
    url: &str,
) -> anyhow::Result<(
    Store,
    app::domain::keys::CommunityKey,
    gongshang_server::demo_elections::Seeded,
)> {
    let store = Store::open(url).await?;
    let community = gongshang_server::demo::community_with(&store, RESIDENTS, ACTOR).await?;
    let seeded = gongshang_server::demo_elections::seed(&store, &community, ACTOR)
        .await?
        .context("the community already had elections")?;
    Ok((store, community, seeded))
}

/// The release server, as its own process.
struct Server {
    child: common::child::ChildGuard,
    origin: String,
}

impl Server {
    async fn start(data: &Path) -> anyhow::Result<Self> {
        // The server binary cargo built for this benchmark, optimised like the release.
        let binary = env!("CARGO_BIN_EXE_gongshang");
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let origin = format!("http://localhost:{port}");
        let child = common::child::ChildGuard::spawn(
            std::process::Command::new(binary)
                .args([
                    "serve",
                    "--addr",
                    &format!("127.0.0.1:{port}"),
                    "--data-dir",
                ])
                .arg(data)
                .args(["--public-url", &origin, "--site-root"])
                .arg(workspace().join("target/site"))
                .env("RUST_LOG", "warn")
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::null())
                .stderr(std::fs::File::create(
                    workspace().join("target/bench/server.log"),
                )?),
        )
        .context("starting the server")?;
        let server = Self { child, origin };
        let client = reqwest::Client::new();
        for _ in 0..600 {
            if let Ok(r) = client.get(server.url("/healthz")).send().await
                && r.status().is_success()
            {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the server did not answer /healthz within a minute")
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin)
    }

    fn rss_mb(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    }

    /// Stops it as an operator would (SIGTERM: graceful shutdown).
    fn stop(self) -> anyhow::Result<()> {
        self.child.signal_and_wait("TERM")?;
        Ok(())
    }
}

/// Runs `total` requests made by `request`, `concurrency` at a time.
async fn load<F, Fut>(total: usize, concurrency: usize, request: F) -> anyhow::Result<Load>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<()>> + Send + 'static,
{
    let gate = Arc::new(Semaphore::new(concurrency));
    let mut tasks = tokio::task::JoinSet::new();
    let started = Instant::now();
    for n in 0..total {
        let permit = gate.clone().acquire_owned().await?;
        let future = request(n);
        tasks.spawn(async move {
            let at = Instant::now();
            let result = future.await;
            drop(permit);
            result.map(|()| at.elapsed())
        });
    }
    let mut latencies = Vec::with_capacity(total);
    while let Some(done) = tasks.join_next().await {
        latencies.push(done??);
    }
    Ok(Load {
        latencies,
        elapsed: started.elapsed(),
    })
}

/// 3,000 reads of the public page at `url` over 64 concurrent connections.
async fn page_load(client: &reqwest::Client, url: &str) -> anyhow::Result<Load> {
    load(3_000, 64, |_| {
        let (client, url) = (client.clone(), url.to_owned());
        async move {
            let response = client.get(&url).send().await?;
            if !response.status().is_success() {
                bail!("{url}: {}", response.status());
            }
            response.bytes().await?;
            Ok(())
        }
    })
    .await
}

/// Bytes of `path` as served with brotli.
async fn served_bytes(client: &reqwest::Client, url: &str, cookie: &str) -> anyhow::Result<usize> {
    let response = client
        .get(url)
        .header("accept-encoding", "br")
        .header("cookie", cookie)
        .send()
        .await?;
    if !response.status().is_success() {
        bail!("{url}: {}", response.status());
    }
    Ok(response.bytes().await?.len())
}

/// The `/pkg/…` files a page links to (stylesheet, script, wasm).
fn linked_assets(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                let link = &rest[..end];
                if link.starts_with("/pkg/") && !found.iter().any(|f| f == link) {
                    found.push(link.to_owned());
                }
            }
        }
    }
    found
}

/// Bytes a first visit to `path` downloads, brotli as served: the page and every `/pkg/` file
/// it links (stylesheet; island script and wasm where it has islands).
async fn page_weight(
    client: &reqwest::Client,
    server: &Server,
    path: &str,
    cookie: &str,
) -> anyhow::Result<usize> {
    let url = server.url(path);
    let html = client
        .get(&url)
        .header("cookie", cookie)
        .send()
        .await?
        .text()
        .await?;
    let mut weight = served_bytes(client, &url, cookie).await?;
    for asset in linked_assets(&html) {
        weight += served_bytes(client, &server.url(&asset), "").await?;
    }
    Ok(weight)
}

fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find_map(|l| {
                l.strip_prefix("model name")
                    .map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| m.lines().next().map(str::to_owned))
        .unwrap_or_default();
    format!("{cpus} cores ({model}); {memory}")
}

/// An open evaluation round and who rates in it, for [`evaluation_figures`].
struct Rating<'a> {
    round: &'a app::domain::keys::EvaluationKey,
    subjects: &'a [app::domain::evaluation::round::SubjectPlan],
    /// One session cookie per rater.
    cookies: &'a [String],
    /// A supervisory committee member's session cookie: they close the round.
    supervisor: &'a str,
}

/// The representatives' body rates all at once through the real form post (the page's plain
/// form, as a phone without JavaScript sends it, answered with the page and its tracker); the
/// supervisory committee member closes the round; its results page is then read under 64
/// concurrent connections.
async fn evaluation_figures(
    figures: &mut Figures,
    client: &reqwest::Client,
    server: &Server,
    rating: Rating<'_>,
) -> anyhow::Result<()> {
    use app::domain::evaluation::scale::Scale;
    let page = format!("/evaluations/{}/rate", rating.round);
    let mut form = vec![
        ("_fn".to_owned(), "/api/rate".to_owned()),
        ("_form".to_owned(), "/api/rate".to_owned()),
        ("_show".to_owned(), "yes".to_owned()),
        ("round".to_owned(), rating.round.to_string()),
    ];
    for subject in rating.subjects {
        let grade = match subject.scale {
            Scale::Satisfaction => "satisfied",
            Scale::Competence => "competent",
        };
        form.push((format!("grades[k{}]", subject.person), grade.to_owned()));
    }
    let form = Arc::new(form);
    let cookies = Arc::new(rating.cookies.to_vec());
    let url = server.url(&page);
    let origin = server.origin.clone();
    let raters = cookies.len();
    let rated = load(raters, raters, |n| {
        let (client, form, cookies) = (client.clone(), form.clone(), cookies.clone());
        let (url, origin) = (url.clone(), origin.clone());
        async move {
            let response = client
                .post(&url)
                .header("origin", &origin)
                .header("accept", "text/html")
                .header("cookie", &cookies[n])
                .form(&*form)
                .send()
                .await?;
            let status = response.status();
            let body = response.text().await?;
            if !status.is_success() || !body.contains("data-testid=\"tracker\"") {
                bail!("rating {n}: {status}");
            }
            Ok(())
        }
    })
    .await?;
    figures.put(
        "rating_submissions_per_s",
        round(rated.per_second(), 0),
        &format!("rating sheets through the page's form post, {raters} raters at once (per s)"),
    );
    figures.put(
        "rating_p99_ms",
        round(rated.percentile_ms(99.0), 1),
        "rating latency p99 (ms)",
    );
    let closed = client
        .post(server.url(&format!("/evaluations/{}", rating.round)))
        .header("origin", &server.origin)
        .header("accept", "text/html")
        .header("cookie", rating.supervisor)
        .form(&[
            ("_fn", "/api/close_evaluation"),
            ("_form", "/api/close_evaluation"),
            ("round", rating.round.as_str()),
        ])
        .send()
        .await?;
    if !closed.status().is_redirection() {
        bail!("closing the round: {}", closed.status());
    }
    let results_url = server.url(&format!("/evaluations/{}/results", rating.round));
    let first = client.get(&results_url).send().await?.text().await?;
    if !first.contains(&format!("{raters} / {raters}")) {
        bail!("the results page does not count the {raters} ratings");
    }
    let results = page_load(client, &results_url).await?;
    figures.put(
        "evaluation_results_page_req_per_s",
        round(results.per_second(), 0),
        "evaluation results page, 64 concurrent connections (requests per s)",
    );
    figures.put(
        "evaluation_results_page_p99_ms",
        round(results.percentile_ms(99.0), 1),
        "evaluation results page latency p99 (ms)",
    );
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let voters_wanted = common::env_number("BENCH_VOTERS", 1_000);
    let concurrency = common::env_number("BENCH_CONCURRENCY", 200);
    let tally_sizes: Vec<usize> = std::env::var("BENCH_TALLY")
        .unwrap_or_else(|_| "100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let mut figures = Figures::default();
    std::fs::create_dir_all(workspace().join("target/bench"))?;
    let machine = machine();
    println!("{machine}");

    // --- Full stack: the release server on a durable store. ---
    let data = tempfile::tempdir()?;
    let url = format!("surrealkv://{}", data.path().join("db").display());
    println!("seeding {RESIDENTS} residents and two elections…");
    let (store, community, seeded) = seeded_store(&url).await?;
    if seeded.voters.len() < voters_wanted {
        bail!("only {} voters on the roll", seeded.voters.len());
    }
    let voters = &seeded.voters[..voters_wanted];
    let mut cookies = Vec::with_capacity(voters.len());
    let now = chrono::Utc::now().timestamp_millis();
    for voter in voters {
        let session = common::new_session(&store, voter, now).await;
        cookies.push(format!("gs_session={session}"));
    }
    let form = Arc::new(common::ballot_form(&store, &seeded.open).await);
    // A notice to weigh (the seeded elections posted theirs), and an officer for the office.
    let notice = store
        .notice_heads(Some(&community))
        .await?
        .first()
        .map(|head| head.key.clone())
        .context("the seeded elections posted no notice")?;
    let officer = store
        .role_holders(
            &community,
            app::domain::roles::Role::ElectionCommitteeMember,
        )
        .await?
        .first()
        .cloned()
        .context("the seeded elections have no committee member")?;
    // The office page is open to every role that runs the community's affairs.
    let term = app::domain::roles::Term::new(app::domain::clock::today(), None)
        .context("an open term from today")?;
    store
        .grant_role(
            &app::store::Acting::new(&community, ACTOR),
            &officer,
            app::domain::roles::Role::StationChief,
            term,
        )
        .await?;
    let staff_cookie = format!(
        "gs_session={}",
        common::new_session(&store, &officer, now).await
    );
    // A representatives' body rating its office holders, as at the evaluation meeting.
    let raters_wanted = common::env_number("BENCH_RATERS", 200);
    let (evaluation, raters, subjects) = gongshang_server::demo_evaluations::representatives_round(
        &store,
        &community,
        ACTOR,
        "基准测试",
        raters_wanted,
    )
    .await?;
    let mut rater_cookies = Vec::with_capacity(raters.len());
    for rater in &raters {
        let session = common::new_session(&store, rater, now).await;
        rater_cookies.push(format!("gs_session={session}"));
    }
    let supervisor = store
        .role_holders(
            &community,
            app::domain::roles::Role::SupervisoryCommitteeMember,
        )
        .await?
        .first()
        .cloned()
        .context("the community has no supervisory committee member")?;
    let supervisor_cookie = format!(
        "gs_session={}",
        common::new_session(&store, &supervisor, now).await
    );
    drop(store);
    common::process::wait_until_released(data.path()).await;
    let server = Server::start(data.path()).await?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(concurrency)
        .build()?;

    let page = client
        .get(server.url(&format!("/elections/{}/ballot", seeded.open)))
        .header("cookie", &cookies[0])
        .send()
        .await?
        .text()
        .await?;
    if !page.contains("marks[") {
        bail!("the ballot page has no ballot for the first voter");
    }
    // Every byte a first visit downloads, brotli as served: the page, its stylesheet and, on a
    // page with islands, the island script and the wasm (issue 17: at most 60 KB for each
    // resident page, the wasm at most 150 KB).
    let pages = [
        ("home", "/".to_owned(), String::new()),
        ("notices", "/notices".to_owned(), String::new()),
        ("notice", format!("/notices/{notice}"), String::new()),
        (
            "results",
            format!("/elections/{}/results", seeded.finished),
            String::new(),
        ),
        (
            "ballot",
            format!("/elections/{}/ballot", seeded.open),
            cookies[0].clone(),
        ),
        ("sign_in", "/me".to_owned(), String::new()),
        ("staff_office", "/staff".to_owned(), staff_cookie.clone()),
    ];
    for (name, path, cookie) in &pages {
        let weight = page_weight(&client, &server, path, cookie).await?;
        figures.put(
            &format!("page_weight_kb_{name}"),
            round(weight as f64 / 1024.0, 1),
            &format!("{path}: first visit, HTML+CSS+JS+wasm, brotli (KB)"),
        );
    }
    let wasm = std::fs::read_dir(workspace().join("target/site/pkg"))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|n| n.ends_with(".wasm"))
        .context("no wasm in target/site/pkg")?;
    let wasm = served_bytes(&client, &server.url(&format!("/pkg/{wasm}")), "").await?;
    figures.put(
        "app_wasm_compressed_kb",
        round(wasm as f64 / 1024.0, 1),
        "the islands' wasm, loaded only by pages with an island, brotli (KB)",
    );

    let idle = server.rss_mb();
    figures.put(
        "idle_rss_mb",
        round(idle, 1),
        "server resident memory, idle (MB)",
    );
    // Each voter opens their ballot page before casting, as a phone does: the burst of casts
    // then meets a warm server over open connections, as on election day.
    let cookies = Arc::new(cookies);
    let ballot_url = server.url(&format!("/elections/{}/ballot", seeded.open));
    let opening = load(voters.len(), concurrency, |n| {
        let (client, cookies, url) = (client.clone(), cookies.clone(), ballot_url.clone());
        async move {
            let response = client
                .get(&url)
                .header("cookie", &cookies[n])
                .send()
                .await?;
            let status = response.status();
            if !status.is_success() || !response.text().await?.contains("marks[") {
                bail!("ballot page {n}: {status}");
            }
            Ok(())
        }
    })
    .await?;
    figures.put(
        "ballot_page_req_per_s",
        round(opening.per_second(), 0),
        &format!("ballot pages opened by the voters, {concurrency} at a time (per s)"),
    );
    let peak = Arc::new(AtomicU64::new(idle.to_bits()));
    let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let (peak, sampling) = (peak.clone(), sampling.clone());
        let pid = server.child.id();
        tokio::spawn(async move {
            while sampling.load(Ordering::Relaxed) {
                let status =
                    std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
                if let Some(kb) = status
                    .lines()
                    .find_map(|l| l.strip_prefix("VmRSS:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
                {
                    let mb = kb / 1024.0;
                    if mb > f64::from_bits(peak.load(Ordering::Relaxed)) {
                        peak.store(mb.to_bits(), Ordering::Relaxed);
                    }
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
    };
    let cast_url = server.url("/api/cast_ballot");
    let origin = server.origin.clone();
    let casting = load(voters.len(), concurrency, |n| {
        let (client, form, cookies) = (client.clone(), form.clone(), cookies.clone());
        let (cast_url, origin) = (cast_url.clone(), origin.clone());
        async move {
            let response = client
                .post(&cast_url)
                .header("origin", &origin)
                .header("accept", "text/html")
                .header("cookie", &cookies[n])
                .form(&*form)
                .send()
                .await?;
            let status = response.status();
            let location = response
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let tracker = common::crash::tracker_of(&response);
            if !status.is_redirection() || !location.ends_with("/voted") || tracker.is_none() {
                bail!(
                    "cast {n}: {status} {}",
                    response.text().await.unwrap_or_default()
                );
            }
            Ok(())
        }
    })
    .await?;
    sampling.store(false, Ordering::Relaxed);
    sampler.await?;
    let full_stack = casting.per_second();
    figures.put(
        "cast_ballots_per_s",
        round(full_stack, 0),
        &format!("ballots cast through HTTP, {concurrency} at a time (per s)"),
    );
    figures.put(
        "cast_p50_ms",
        round(casting.percentile_ms(50.0), 1),
        "cast latency p50 (ms)",
    );
    figures.put(
        "cast_p99_ms",
        round(casting.percentile_ms(99.0), 1),
        "cast latency p99 (ms)",
    );
    figures.put(
        "peak_rss_mb",
        round(f64::from_bits(peak.load(Ordering::Relaxed)), 1),
        "server resident memory, peak while casting (MB)",
    );

    let results_url = server.url(&format!("/elections/{}/results", seeded.finished));
    let results = page_load(&client, &results_url).await?;
    figures.put(
        "results_page_req_per_s",
        round(results.per_second(), 0),
        "results page, 64 concurrent connections (requests per s)",
    );
    figures.put(
        "results_page_p99_ms",
        round(results.percentile_ms(99.0), 1),
        "results page latency p99 (ms)",
    );
    evaluation_figures(
        &mut figures,
        &client,
        &server,
        Rating {
            round: &evaluation,
            subjects: &subjects,
            cookies: &rater_cookies,
            supervisor: &supervisor_cookie,
        },
    )
    .await?;
    server.stop()?;

    // Everything acknowledged is there, once each.
    let store = Store::open(&url).await?;
    let (participations, online, _) = store.participation_counts(&seeded.open).await?;
    let ballots = store.ballots(&seeded.open).await?.len();
    if online != voters.len() as u64 || ballots != voters.len() || participations != online {
        bail!(
            "{} casts acknowledged, {online} online participations, {ballots} ballots",
            voters.len()
        );
    }
    drop(store);

    // --- The same casts straight through the store. ---
    let raw_data = tempfile::tempdir()?;
    let raw_url = format!("surrealkv://{}", raw_data.path().join("db").display());
    let (store, community, seeded) = seeded_store(&raw_url).await?;
    let contents =
        gongshang_server::demo_elections::sample_ballots(&store, &seeded.open, voters_wanted)
            .await?;
    let store = Arc::new(store);
    let (community, election) = (Arc::new(community), Arc::new(seeded.open.clone()));
    let voters = Arc::new(seeded.voters[..voters_wanted].to_vec());
    let contents = Arc::new(contents);
    let raw = load(voters.len(), concurrency, |n| {
        let (store, community, election) = (store.clone(), community.clone(), election.clone());
        let (voters, contents) = (voters.clone(), contents.clone());
        async move {
            store
                .cast_ballot(
                    &community,
                    &election,
                    &voters[n],
                    None,
                    &contents[n],
                    || app::domain::election::ballot::tracker_code(rand::random()),
                )
                .await
                .map_err(|e| anyhow::anyhow!("raw cast {n}: {e}"))?;
            Ok(())
        }
    })
    .await?;
    figures.put(
        "raw_store_casts_per_s",
        round(raw.per_second(), 0),
        "the same casts straight through the store (per s)",
    );
    figures.put(
        "cast_vs_raw_store_ratio",
        round(full_stack / raw.per_second(), 2),
        "full stack / raw store",
    );

    // --- Counting. ---
    let mut stored = store.ballots(&election).await?.len();
    for size in tally_sizes {
        while stored < size {
            let batch = (size - stored).min(10_000);
            let more: Vec<(String, String)> = (0..batch)
                .map(|i| {
                    (
                        app::domain::election::ballot::tracker_code(rand::random()),
                        contents[i % contents.len()].clone(),
                    )
                })
                .collect();
            store.insert_ballots_for_benchmark(&election, &more).await?;
            stored += batch;
        }
        // Three counts: the first runs while the store still compacts what was just written
        // (on election day the ballots came in over hours); the figure is their median, and
        // the first is reported beside it.
        let mut seconds = Vec::with_capacity(3);
        for _ in 0..3 {
            let started = Instant::now();
            let counted = app::api::elections::export::count_stored(&store, &election)
                .await
                .map_err(|e| anyhow::anyhow!("count: {e}"))?;
            seconds.push(started.elapsed().as_secs_f64());
            if counted != size as u64 {
                bail!("counted {counted} ballots of {size}");
            }
        }
        let first = seconds[0];
        seconds.sort_by(f64::total_cmp);
        let name = match size {
            100_000 => "100k".to_owned(),
            1_000_000 => "1m".to_owned(),
            n => n.to_string(),
        };
        figures.put(
            &format!("tally_{name}_ballots_s"),
            round(seconds[1], 2),
            &format!("counting {size} stored ballots to a result, median of three (s)"),
        );
        figures.put(
            &format!("tally_{name}_first_count_s"),
            round(first, 2),
            "the first of those counts, right after the ballots were written (s)",
        );
    }

    // --- Crash: SIGKILL while casting, on a durable store. ---
    let (rounds, per_round) = (
        common::env_number("BENCH_CRASH_ROUNDS", 10),
        common::env_number("BENCH_CRASH_VOTERS", 100),
    );
    println!("crash: {rounds} rounds of {per_round} voters, killed while casting…");
    let crash = common::crash::run(rounds, per_round).await;
    figures.put(
        "crash_rounds",
        crash.rounds,
        "rounds of SIGKILL while casting, restarted on the same data",
    );
    figures.put(
        "crash_acknowledged_ballots",
        crash.acknowledged.len(),
        "casts acknowledged before the kills",
    );
    figures.put(
        "crash_lost_ballots",
        crash.lost.len(),
        "acknowledged ballots missing afterwards",
    );
    figures.put(
        "crash_duplicate_ballots",
        crash.duplicate_trackers,
        "stored ballots whose tracker appears twice",
    );
    figures.put(
        "crash_ballots_without_participation",
        i128::from(crash.stored_ballots as u64) - i128::from(crash.online_participations),
        "stored ballots minus online participations (0: they match)",
    );

    figures.write(&workspace().join("target/bench"), &machine)?;
    println!("written to target/bench/summary.txt and report.txt");
    Ok(())
}
