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
    /// The community's clock, whole hours east of UTC (−12 to 14): every date and time people
    /// read and type is on it. China Standard Time unless set.
    #[arg(
        long,
        global = true,
        env = "GONGSHANG_UTC_OFFSET_HOURS",
        default_value_t = app::domain::clock::CHINA_STANDARD_HOURS,
        value_parser = clap::value_parser!(i32).range(-12..=14),
        allow_negative_numbers = true
    )]
    pub utc_offset_hours: i32,
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
    /// District administration: communities.
    Admin {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Issue an invitation and print its link and QR code.
    Invite(InviteArgs),
    /// Seed a demo community (青山区 示例社区) and print an invitation link per role.
    Demo {
        #[command(flatten)]
        db: DbArgs,
        /// URL the printed links start with.
        #[arg(
            long,
            env = "GONGSHANG_PUBLIC_URL",
            default_value = "http://localhost:3000"
        )]
        public_url: url::Url,
        /// For rehearsals and the browser tests: the open demo election's voting window ends
        /// this many minutes from now instead of at the end of the day, so its polls can be
        /// closed (they never close before the window ends).
        #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..=1440))]
        polls_close_in: Option<u32>,
    },
    /// Recount an election from its board export (`/elections/{id}/board.json`) and check the
    /// published result in it; fails when they disagree.
    Recount {
        /// The board export to recount.
        file: std::path::PathBuf,
    },
    /// The audit log.
    Audit {
        #[command(flatten)]
        db: DbArgs,
        #[command(subcommand)]
        command: AuditCommand,
    },
}

/// Where the database is. Shared by every command that opens it.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// Directory of the embedded database (used when --db is not given).
    #[arg(
        long,
        global = true,
        env = "GONGSHANG_DATA_DIR",
        default_value = "./data"
    )]
    pub data_dir: PathBuf,
    /// Database URL: surrealkv://PATH, mem:// or ws://HOST:PORT. Default: surrealkv://DATA_DIR/db.
    #[arg(long, global = true, env = "GONGSHANG_DB")]
    pub db: Option<String>,
    /// The SurrealDB server's root user (with --db ws://…).
    #[arg(long, global = true, env = "GONGSHANG_DB_USER", requires = "db_pass")]
    pub db_user: Option<String>,
    /// Its password; prefer the environment variable, which `ps` does not show.
    #[arg(
        long,
        global = true,
        env = "GONGSHANG_DB_PASS",
        hide_env_values = true,
        requires = "db_user"
    )]
    pub db_pass: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a community (L25 Art. 3 expects 1,000 to 3,000 households).
    CreateCommunity {
        #[arg(long)]
        name: String,
        /// The district (区) the community belongs to.
        #[arg(long)]
        district: String,
        #[arg(long)]
        households: u32,
    },
    /// List the communities with their ids.
    ListCommunities,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check that the hash chain of the whole log is intact, and that it matches every chain
    /// head published from it (on notices and daily, `/audit/heads.json`).
    Verify {
        /// A copy of `/audit/heads.json` kept outside the database (say, downloaded earlier):
        /// its heads are checked too, so a log rewritten along with its recorded heads is
        /// caught.
        #[arg(long)]
        heads: Option<std::path::PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct InviteArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The community's id (see `gongshang admin list-communities`).
    #[arg(long, value_parser = app::domain::keys::CommunityKey::parse)]
    pub community: app::domain::keys::CommunityKey,
    /// A role the invitation grants; repeat for several. Required unless --recovery.
    #[arg(long = "role", required_unless_present = "recovery")]
    pub roles: Vec<String>,
    /// A recovery invitation for --person, who lost their passkeys: using it adds a new
    /// passkey, after which they can remove the old ones.
    #[arg(long, requires = "person")]
    pub recovery: bool,
    /// An existing person in the registry; without it the invitation enrols a new person.
    #[arg(long, value_parser = app::domain::keys::PersonKey::parse)]
    pub person: Option<app::domain::keys::PersonKey>,
    /// Days the invitation stays usable (0 makes one that is already expired, to show staff
    /// what a resident with a stale invitation sees).
    #[arg(long, default_value_t = app::domain::invitation::DEFAULT_VALIDITY_DAYS)]
    pub days: i64,
    /// URL residents reach the site at; the printed link starts with it.
    #[arg(
        long,
        env = "GONGSHANG_PUBLIC_URL",
        default_value = "http://localhost:3000"
    )]
    pub public_url: url::Url,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "GONGSHANG_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub db: DbArgs,
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
    /// Largest body of a form with files (a notice's attachments, up to 20 MiB of files, or
    /// a household-register extract), in bytes: 28 MiB, room for the files as base64 on the
    /// API path.
    #[arg(long, env = "GONGSHANG_UPLOAD_LIMIT", default_value_t = 28 * 1024 * 1024)]
    pub upload_limit: usize,
    /// A reverse proxy (address or CIDR range) whose `Forwarded` / `X-Forwarded-For` headers
    /// name the client; repeat, or separate with commas. Without one, the peer address is the
    /// client (and behind a proxy every resident would share the proxy's rate limits).
    #[arg(
        long = "trusted-proxy",
        env = "GONGSHANG_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
    /// The one header the trusted proxy writes the client into; any other is ignored.
    #[arg(
        long,
        env = "GONGSHANG_FORWARDED_HEADER",
        value_enum,
        default_value_t = crate::client_address::ForwardedHeader::XForwardedFor
    )]
    pub forwarded_header: crate::client_address::ForwardedHeader,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_defaults_need_no_flags() {
        let cli = Cli::try_parse_from(["gongshang", "serve"]).expect("parse");
        let Command::Serve(args) = cli.command else {
            panic!("serve")
        };
        assert_eq!(args.addr.port(), 3000);
        assert_eq!(args.db.data_dir, PathBuf::from("./data"));
        assert!(args.db.db.is_none());
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
        let Command::Serve(args) = cli.command else {
            panic!("serve")
        };
        assert_eq!(args.addr.port(), 3917);
        assert_eq!(args.db.db.as_deref(), Some("mem://"));
    }

    #[test]
    fn issue18_item1_the_clock_is_china_time_unless_a_real_offset_is_given() {
        let cli = Cli::try_parse_from(["gongshang", "serve"]).expect("parse");
        assert_eq!(cli.utc_offset_hours, 8);
        let west =
            Cli::try_parse_from(["gongshang", "--utc-offset-hours", "-5", "serve"]).expect("parse");
        assert_eq!(west.utc_offset_hours, -5);
        assert!(Cli::try_parse_from(["gongshang", "serve", "--utc-offset-hours", "15"]).is_err());
        assert!(Cli::try_parse_from(["gongshang", "serve", "--utc-offset-hours", "８"]).is_err());
    }

    #[test]
    fn invite_needs_a_community_and_a_role() {
        assert!(Cli::try_parse_from(["gongshang", "invite", "--community", "c"]).is_err());
        let cli = Cli::try_parse_from([
            "gongshang",
            "invite",
            "--community",
            "c",
            "--role",
            "resident",
            "--role",
            "resident_rep",
        ])
        .expect("parse");
        let Command::Invite(args) = cli.command else {
            panic!("invite")
        };
        assert_eq!(args.roles, ["resident", "resident_rep"]);
        assert_eq!(args.days, 7);
    }

    #[test]
    fn a_recovery_invitation_names_its_person_and_needs_no_role() {
        let cli = Cli::try_parse_from([
            "gongshang",
            "invite",
            "--community",
            "c",
            "--person",
            "p",
            "--recovery",
        ])
        .expect("parse");
        let Command::Invite(args) = cli.command else {
            panic!("invite")
        };
        assert!(args.recovery && args.roles.is_empty());
        assert!(
            Cli::try_parse_from(["gongshang", "invite", "--community", "c", "--recovery"]).is_err()
        );
    }

    #[test]
    fn a_bad_address_is_a_usage_error() {
        assert!(Cli::try_parse_from(["gongshang", "serve", "--addr", "nowhere"]).is_err());
    }
}
