//! `gongshang recount FILE`: recounts an election from its board file
//! (`/elections/{id}/board.json`, format `gongshang-board-2`) and checks every figure the file
//! publishes. On purpose this is a second, independent implementation: it reads the file into
//! its own types (`file`) and counts with its own code (`count`), never with
//! `app::domain::election::tally`, so a bug in one shows up as a disagreement with the other.
//! Only the law's bounds on the frozen rules come from the domain (`CommunityRules::
//! within_statute`), being the one statement of the law.
//!
//! Exit status: 0 when everything agrees, 1 on any disagreement (each printed), 2 when the
//! file cannot be read as a board (the field named).

pub mod check;
pub mod count;
pub mod file;

use std::process::ExitCode;

/// What a recount found.
#[derive(Debug, Clone)]
pub struct Report {
    pub board: file::Board,
    pub count: count::Count,
    /// Each disagreement, one line each (empty: the board agrees with itself, the law and the
    /// recount).
    pub differences: Vec<String>,
}

/// Recounts the board file's text.
pub fn recount(text: &str) -> Result<Report, file::Malformed> {
    let board = file::read(text)?;
    let count = count::count(&board);
    let differences = check::differences(&board, &count);
    Ok(Report {
        board,
        count,
        differences,
    })
}

/// The command: prints the recount, then each disagreement.
pub fn command(path: &std::path::Path) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("gongshang recount: cannot read {}: {error}", path.display());
            return ExitCode::from(2);
        }
    };
    let report = match recount(&text) {
        Ok(report) => report,
        Err(malformed) => {
            eprintln!("gongshang recount: {malformed}");
            return ExitCode::from(2);
        }
    };
    let board = &report.board;
    let name = |key: &str| {
        board
            .names
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned())
    };
    let valid = count::turnout_valid(board);
    println!(
        "ballots cast {}; vote {}",
        report.count.ballots_cast,
        if valid { "valid" } else { "invalid (turnout)" }
    );
    for office in &report.count.offices {
        let decision = if valid {
            count::decide(
                office,
                report.count.ballots_cast,
                board.rules.win,
                board.rules.share,
            )
        } else {
            count::Decision::default()
        };
        let elected: Vec<String> = decision.elected.iter().map(|k| name(k)).collect();
        println!("{}: elected {}", office.office, elected.join(", "));
    }
    if board.result.is_none() {
        println!("no result is published yet: only the board's own figures were checked");
    }
    if report.differences.is_empty() {
        if board.result.is_some() {
            println!("the recount agrees with the published result");
        }
        ExitCode::SUCCESS
    } else {
        for line in &report.differences {
            eprintln!("disagreement: {line}");
        }
        eprintln!(
            "gongshang recount: the board disagrees ({} findings)",
            report.differences.len()
        );
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests;
