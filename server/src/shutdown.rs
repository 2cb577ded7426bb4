//! Graceful shutdown: SIGTERM or SIGINT stops accepting connections and lets in-flight
//! requests finish before the process exits.

/// Resolves when the process is asked to stop.
pub async fn signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
        () = parent_gone() => {}
    }
    tracing::info!("shutting down: finishing in-flight requests");
}

/// With `GONGSHANG_EXIT_WITH_STDIN=1`, resolves when standard input reaches its end: a test
/// that starts the server holds the other end of the pipe, so the server stops when that test
/// process ends, however it ends (a panic, Ctrl-C, SIGKILL), and never lingers as an orphan
/// (issue 22). Otherwise never resolves.
async fn parent_gone() {
    if std::env::var("GONGSHANG_EXIT_WITH_STDIN").as_deref() != Ok("1") {
        return std::future::pending().await;
    }
    let read = tokio::task::spawn_blocking(|| {
        use std::io::Read;
        let mut sink = [0u8; 64];
        let mut stdin = std::io::stdin();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
    });
    let _ = read.await;
    tracing::info!("standard input closed: the process that started this server is gone");
}
