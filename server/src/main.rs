//! `gongshang`: the command-line entry point. See `cli` for the commands and their flags.

use clap::Parser;
use gongshang_server::cli::{Cli, Command};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    gongshang_server::telemetry::init(cli.log_format);
    if !app::domain::clock::configure(cli.utc_offset_hours) {
        tracing::error!(hours = cli.utc_offset_hours, "the clock could not be set");
        return std::process::ExitCode::FAILURE;
    }
    let outcome = match cli.command {
        Command::Serve(args) => match gongshang_server::config::ServeConfig::from_args(args) {
            Ok(config) => {
                gongshang_server::serve(config, gongshang_server::shutdown::signal()).await
            }
            Err(error) => Err(error),
        },
        Command::Admin { db, command } => gongshang_server::commands::admin(&db, command).await,
        Command::Invite(args) => gongshang_server::commands::invite(args).await,
        Command::Demo {
            db,
            public_url,
            polls_close_in,
        } => gongshang_server::demo::command(&db, &public_url, polls_close_in).await,
        Command::Audit { db, command } => gongshang_server::commands::audit(&db, command).await,
        Command::Recount { file } => return gongshang_server::recount::command(&file),
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("gongshang: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
