//! Structured logs with tracing. `RUST_LOG` filters (default `info`); `--log-format json`
//! writes one JSON object per line for log collectors. Logs go to stderr.

use crate::cli::LogFormat;
use tracing_subscriber::EnvFilter;

pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,surrealdb=warn,surrealkv=warn"));
    // Logs go to stderr so commands' own output on stdout stays clean for scripts.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true)
        .with_writer(std::io::stderr);
    let result = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
    if let Err(error) = result {
        eprintln!("logging was already set up: {error}");
    }
}
