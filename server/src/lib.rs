//! The Gongshang server: configuration, router, middleware and static files around the `app`
//! crate. A library as well as a binary so integration tests start the real router on a random
//! port (`start`) exactly as `gongshang serve` does.

pub mod assets;
pub mod attachments;
pub mod audit_heads;
pub mod cli;
pub mod client_address;
pub mod commands;
pub mod config;
pub mod demo;
pub mod demo_elections;
pub mod demo_evaluations;
pub mod durability;
pub mod elections;
pub mod error_page;
pub mod evaluations;
pub mod feed;
pub mod form_files;
pub mod form_posts;
pub mod health;
pub mod islands;
pub mod middleware;
pub mod recount;
pub mod router;
pub mod shutdown;
pub mod telemetry;

use anyhow::Context;
use app::api::context::ServerContext;
use app::store::Store;
use config::ServeConfig;
use std::future::Future;
use std::net::SocketAddr;

/// What every handler and middleware shares.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: leptos::prelude::LeptosOptions,
    pub context: ServerContext,
    pub body_limit: usize,
    /// The larger limit of the endpoints that take a file (`middleware::UPLOAD_PATHS`).
    pub upload_limit: usize,
    /// Peers whose forwarding headers name the client (`client_address`).
    pub trusted_proxies: client_address::TrustedProxies,
    /// The one header they write the client into.
    pub forwarded_header: client_address::ForwardedHeader,
}

impl axum::extract::FromRef<AppState> for leptos::prelude::LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// A server started by [`start`]: where it listens and the task serving it.
pub struct Running {
    pub addr: SocketAddr,
    /// The server's store, for tests that seed data through it.
    pub store: Store,
    pub task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

/// How often expired challenges and rate-limit counters are deleted.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Deletes expired challenges and rate-limit counters every [`SWEEP_EVERY`] (issue 15, item
/// 13), and records the day's audit-chain head. Every instance does; what another already did
/// is left as it is.
fn sweep_periodically(store: Store) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(SWEEP_EVERY);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match store.sweep_expired().await {
                Ok((challenges, attempts)) if challenges + attempts > 0 => {
                    tracing::debug!(challenges, attempts, "swept expired records");
                }
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "sweeping expired records failed"),
            }
            // The day's audit-chain head, once a day (issue 15, item 14).
            let today = app::domain::clock::today();
            if let Err(error) = store.anchor_audit_head(today).await {
                tracing::warn!(%error, "recording the day's audit head failed");
            }
        }
    });
}

/// Opens the store, binds the address and serves until `shutdown` resolves.
pub async fn serve(
    config: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let running = start(config, shutdown).await?;
    tracing::info!("serving on http://{}", running.addr);
    running.task.await.context("the server task failed")?
}

/// Like [`serve`], but returns as soon as the server listens. With port 0 the system picks a
/// free port; a test config's empty public origin then becomes `http://localhost:PORT`.
pub async fn start(
    config: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    durability::check(&config.db_url, !cfg!(debug_assertions))?;
    let store = Store::open_as(&config.db_url, config.db_login.as_ref())
        .await
        .with_context(|| format!("cannot open the database at {}", config.db_url))?;
    start_on(store, config, shutdown).await
}

/// Like [`start`], on a store already open: a second app instance in the same process shares
/// it (the tests run two instances against one database this way).
pub async fn start_on(
    store: Store,
    mut config: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Running> {
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.addr))?;
    let addr = listener.local_addr()?;
    if config.public_origin.is_empty() {
        config.public_origin = format!("http://localhost:{}", addr.port());
    }
    assets::precompress(&config.site_root);
    let passkeys = app::auth::passkeys::Passkeys::new(&config.public_origin)
        .with_context(|| format!("cannot use {} as the passkey origin", config.public_origin))?;
    let shared_store = store.clone();
    let state = AppState {
        leptos_options: assets::leptos_options(&config, addr),
        context: ServerContext {
            store,
            passkeys,
            public_origin: config.public_origin.clone(),
            secure_cookies: config.secure_cookies,
        },
        body_limit: config.body_limit,
        upload_limit: config.upload_limit,
        trusted_proxies: config.trusted_proxies.clone(),
        forwarded_header: config.forwarded_header,
    };
    let router = router::build(state);
    sweep_periodically(shared_store.clone());
    let task = tokio::spawn(async move {
        // Peer addresses reach handlers (rate limits count per client address).
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("the HTTP server stopped with an error")
    });
    Ok(Running {
        addr,
        store: shared_store,
        task,
    })
}
