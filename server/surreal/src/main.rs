//! The `surreal` command (`surreal start --bind 127.0.0.1:8000 memory`), exactly as the
//! official binary, for running Gongshang against a SurrealDB server.

fn main() -> std::process::ExitCode {
    surrealdb_server::init(surrealdb_server::core::CommunityComposer())
}
