//! The command line. Every flag can also come from an environment variable (`GONGSHANG_*`), so
//! a service manager can configure the server without arguments.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "gongshang",
    version,
    about = "共商 Gongshang: community deliberation, evaluation and elections"
)]
pub struct Cli {
    /// Log line format.
    #[arg(long, global = true, env = "GONGSHANG_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app.
    Serve(ServeArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GONGSHANG_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Directory of the embedded database (used when --db is not given).
    #[arg(long, env = "GONGSHANG_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
    /// Database URL: surrealkv://PATH, mem:// or ws://HOST:PORT. Default: surrealkv://DATA_DIR/db.
    #[arg(long, env = "GONGSHANG_DB")]
    pub db: Option<String>,
    /// URL residents reach the site at; sets the passkey origin and cookie security.
    /// Default: http://localhost:PORT.
    #[arg(long, env = "GONGSHANG_PUBLIC_URL")]
    pub public_url: Option<url::Url>,
    /// Directory of the built site (wasm, JS, CSS, public files).
    #[arg(long, env = "GONGSHANG_SITE_ROOT", default_value = "target/site")]
    pub site_root: PathBuf,
    /// Largest request body accepted, in bytes.
    #[arg(long, env = "GONGSHANG_BODY_LIMIT", default_value_t = 1024 * 1024)]
    pub body_limit: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_defaults_need_no_flags() {
        let cli = Cli::try_parse_from(["gongshang", "serve"]).expect("parse");
        let Command::Serve(args) = cli.command;
        assert_eq!(args.addr.port(), 3000);
        assert_eq!(args.data_dir, PathBuf::from("./data"));
        assert!(args.db.is_none());
    }

    #[test]
    fn flags_override_defaults() {
        let cli = Cli::try_parse_from([
            "gongshang",
            "serve",
            "--addr",
            "127.0.0.1:3917",
            "--db",
            "mem://",
        ])
        .expect("parse");
        let Command::Serve(args) = cli.command;
        assert_eq!(args.addr.port(), 3917);
        assert_eq!(args.db.as_deref(), Some("mem://"));
    }

    #[test]
    fn a_bad_address_is_a_usage_error() {
        assert!(Cli::try_parse_from(["gongshang", "serve", "--addr", "nowhere"]).is_err());
    }
}
