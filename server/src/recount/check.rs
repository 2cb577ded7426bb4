//! Every figure the board publishes, checked: against each other (participations, trackers,
//! ballots and hand-outs agree; no group is below the smallest published group; each sheet
//! adds up), the frozen rules against the law's bounds and the rules the count applied, and
//! every figure of the published result against the recount (issue 15, item 16).

use super::count::{self, Count, Decision};
use super::file::{Board, Outcome, Win};
use app::domain::rules::CommunityRules;
use std::collections::BTreeSet;

/// Where the board disagrees with itself, with the law, or with the recount: one line each.
pub fn differences(board: &Board, count: &Count) -> Vec<String> {
    let mut found = Vec::new();
    trackers(board, &mut found);
    rules(board, &mut found);
    if !board.complete {
        // Nothing of the votes, and no result, until every box is settled.
        if board.publication.online.is_some() || !board.publication.groups.is_empty() {
            found.push("votes published before every box is settled".to_owned());
        }
        if board.result.is_some() {
            found.push("a result published before every box is settled".to_owned());
        }
        return found;
    }
    within_itself(board, &mut found);
    match &board.result {
        Some(result) => against_result(board, count, result, &mut found),
        None if board.phase == "published" => {
            found.push("the election is published, but the file holds no result".to_owned());
        }
        None => {}
    }
    found
}

/// Each tracker once, each in the shape the server makes (`XXXX-XXXX`, Crockford base32).
fn trackers(board: &Board, found: &mut Vec<String>) {
    let shaped = |t: &str| {
        t.len() == 9
            && t.char_indices().all(|(i, c)| {
                if i == 4 {
                    c == '-'
                } else {
                    c.is_ascii_digit() || (c.is_ascii_uppercase() && !"ILOU".contains(c))
                }
            })
    };
    if let Some(odd) = board.trackers.iter().find(|t| !shaped(t)) {
        found.push(format!("tracker {odd:?} is not one the server makes"));
    }
    let distinct: BTreeSet<&String> = board.trackers.iter().collect();
    if distinct.len() != board.trackers.len() {
        found.push("a tracker is listed twice".to_owned());
    }
}

fn differ(
    found: &mut Vec<String>,
    what: &str,
    published: impl std::fmt::Debug,
    recounted: impl std::fmt::Debug,
) {
    found.push(format!(
        "{what}: published {published:?}, recounted {recounted:?}"
    ));
}

/// The figures a board states about itself must agree.
fn within_itself(board: &Board, found: &mut Vec<String>) {
    let publication = &board.publication;
    let trackers = u64::try_from(board.trackers.len()).unwrap_or(u64::MAX);
    if trackers != board.online_participations {
        differ(
            found,
            "trackers against online participations",
            board.online_participations,
            trackers,
        );
    }
    let handed_out: u64 = board.boxes.iter().map(|b| b.handed_out).sum();
    if board.participations != board.online_participations.saturating_add(handed_out) {
        differ(
            found,
            "participations (online plus paper handed out)",
            board.participations,
            board.online_participations.saturating_add(handed_out),
        );
    }
    let merged_online: Vec<_> = publication.groups.iter().filter(|g| g.online).collect();
    match (&publication.online, merged_online.as_slice()) {
        (Some(online), []) => {
            if online.ballots != board.online_participations {
                differ(
                    found,
                    "online ballots against online participations",
                    board.online_participations,
                    online.ballots,
                );
            }
            for office in &online.offices {
                let sections = u64::try_from(office.sections.len()).unwrap_or(u64::MAX);
                if sections != online.ballots {
                    differ(
                        found,
                        &format!("{} online sections", office.office),
                        online.ballots,
                        sections,
                    );
                }
            }
            let blank_sections = online
                .offices
                .iter()
                .map(|o| o.sections.iter().filter(|s| count::is_blank(s)).count())
                .min()
                .map_or(0, |n| u64::try_from(n).unwrap_or(u64::MAX));
            if online.blank_ballots > blank_sections {
                differ(
                    found,
                    "online blank ballots (at most the fewest blank sections)",
                    online.blank_ballots,
                    blank_sections,
                );
            }
            for office in &online.offices {
                let seats = board
                    .contests
                    .iter()
                    .find(|c| c.office == office.office)
                    .map_or(0, |c| c.seats);
                let written: u64 = office
                    .sections
                    .iter()
                    .filter(|s| !count::is_void(s, seats))
                    .map(|s| s.written_in)
                    .sum();
                let totals: u64 = office.write_ins.values().sum();
                if written != totals {
                    differ(
                        found,
                        &format!(
                            "{} write-ins (totals against the sections that count)",
                            office.office
                        ),
                        totals,
                        written,
                    );
                }
            }
            let contests = board.contests.len();
            if online.offices.len() != contests {
                differ(
                    found,
                    "offices with online sections",
                    online.offices.len(),
                    contests,
                );
            }
        }
        (None, []) if board.online_participations > 0 => {
            found.push(format!(
                "{} online participations, but no online ballots published",
                board.online_participations
            ));
        }
        (None, [] | [_]) => {}
        _ => found.push("online ballots published more than once".to_owned()),
    }
    let mut counted_boxes = BTreeSet::new();
    let only_figure = publication.groups.len() + usize::from(publication.online.is_some()) == 1;
    if let Some(online) = &publication.online
        && online.ballots < publication.smallest_group
        && !only_figure
    {
        differ(
            found,
            "online ballots published one by one (fewer than the smallest group)",
            online.ballots,
            publication.smallest_group,
        );
    }
    for (i, group) in publication.groups.iter().enumerate() {
        let sheet = &group.sheet;
        if sheet.ballots_in_box < publication.smallest_group && !only_figure {
            differ(
                found,
                &format!("group {i} ballots (at least the smallest group)"),
                sheet.ballots_in_box,
                publication.smallest_group,
            );
        }
        let mut out = 0u64;
        for name in &group.boxes {
            if !counted_boxes.insert(name.clone()) {
                found.push(format!("box {name} is counted twice"));
            }
            match board.boxes.iter().find(|b| &b.name == name) {
                Some(b) if b.standing == "confirmed" => out += b.handed_out,
                Some(b) => found.push(format!(
                    "box {name} is counted, but its sheet stands {}",
                    b.standing
                )),
                None => found.push(format!("box {name} is counted, but is not among the boxes")),
            }
        }
        let online = if group.online {
            board.online_participations
        } else {
            0
        };
        let paper = sheet.ballots_in_box.checked_sub(online);
        if paper.is_none_or(|paper| paper > out) {
            differ(
                found,
                &format!("group {i} ballots (at most handed out plus online)"),
                sheet.ballots_in_box,
                out.saturating_add(online),
            );
        }
        if sheet.void_ballots.saturating_add(sheet.blank_ballots) > sheet.ballots_in_box {
            found.push(format!(
                "group {i}: more void and blank ballots than ballots"
            ));
        }
        let read = sheet.ballots_in_box.saturating_sub(sheet.void_ballots);
        for section in &sheet.sections {
            let counted = read.saturating_sub(section.void_sections);
            for (key, c) in &section.candidates {
                let total = c
                    .for_votes
                    .saturating_add(c.against)
                    .saturating_add(c.abstain);
                if total != counted {
                    differ(
                        found,
                        &format!(
                            "group {i} {} {key} marks (ballots read less void sections)",
                            section.office
                        ),
                        total,
                        counted,
                    );
                }
            }
        }
    }
    for b in &board.boxes {
        if b.standing == "confirmed" && !counted_boxes.contains(&b.name) {
            found.push(format!("box {} is confirmed, but not counted", b.name));
        }
    }
}

/// The frozen rules must be within the law, and the stated rules the ones they give.
fn rules(board: &Board, found: &mut Vec<String>) {
    // Every rule is stated: a missing one would quietly read as its default.
    if let (Ok(serde_json::Value::Object(all)), Some(stated)) = (
        serde_json::to_value(CommunityRules::default()),
        board.rules.frozen.as_object(),
    ) && let Some(missing) = all.keys().find(|k| !stated.contains_key(*k))
    {
        found.push(format!("the frozen rules do not state {missing}"));
    }
    if !["all_voters", "households", "representatives"].contains(&board.mode.as_str()) {
        found.push(format!("mode {:?} is no election mode", board.mode));
    }
    if !["regular", "runoff", "tie_break"].contains(&board.round.as_str()) {
        found.push(format!("round {:?} is no round", board.round));
    }
    let frozen: CommunityRules = match serde_json::from_value(board.rules.frozen.clone()) {
        Ok(rules) => rules,
        Err(error) => {
            found.push(format!("the frozen rules do not read: {error}"));
            return;
        }
    };
    if let Err(error) = frozen.within_statute() {
        found.push(format!("the frozen rules break the law: {error}"));
    }
    let pair = |f: app::domain::rules::Fraction| (u64::from(f.numerator), u64::from(f.denominator));
    let turnout = if board.mode == "representatives" {
        frozen.representative_turnout
    } else {
        frozen.turnout
    };
    if board.rules.turnout != pair(turnout) {
        differ(
            found,
            "turnout rule against the frozen rules",
            board.rules.turnout,
            pair(turnout),
        );
    }
    let (win, share) = match board.round.as_str() {
        "regular" => (Win::Majority, Some(pair(frozen.win_share))),
        "runoff" => (Win::Plurality, Some(pair(frozen.runoff_share))),
        _ => (Win::Plurality, None),
    };
    if (board.rules.win, board.rules.share) != (win, share) {
        differ(
            found,
            "win rule against the frozen rules",
            (board.rules.win, board.rules.share),
            (win, share),
        );
    }
    let smallest = u64::from(frozen.smallest_published_group);
    if board.publication.smallest_group != smallest {
        differ(
            found,
            "smallest published group against the frozen rules",
            board.publication.smallest_group,
            smallest,
        );
    }
}

/// Every figure of the published result against the recount.
fn against_result(board: &Board, count: &Count, result: &Outcome, found: &mut Vec<String>) {
    if (
        result.key.as_str(),
        result.title.as_str(),
        result.phase.as_str(),
    ) != (board.election.as_str(), board.title.as_str(), "published")
    {
        differ(
            found,
            "the result's election, title and phase",
            (&result.key, &result.title, &result.phase),
            (&board.election, &board.title, "published"),
        );
    }
    let listed: Vec<(&str, u64, &str)> = result
        .boxes
        .iter()
        .map(|b| (b.name.as_str(), b.handed_out, b.standing.as_str()))
        .collect();
    let boxes: Vec<(&str, u64, &str)> = board
        .boxes
        .iter()
        .map(|b| (b.name.as_str(), b.handed_out, b.standing.as_str()))
        .collect();
    if listed != boxes {
        differ(found, "boxes in the result", listed, boxes);
    }
    if let Some(open) = board
        .boxes
        .iter()
        .find(|b| b.handed_out > 0 && b.standing != "confirmed" && b.standing != "void_box")
    {
        found.push(format!(
            "box {} had ballots handed out but its sheet stands {}",
            open.name, open.standing
        ));
    }
    let valid = count::turnout_valid(board);
    let figures = [
        ("roll size", result.roll_size, board.roll_size),
        (
            "participations",
            result.participations,
            board.participations,
        ),
        (
            "online ballots",
            result.online_ballots,
            board.online_participations,
        ),
        ("ballots cast", result.ballots_cast, count.ballots_cast),
        ("blank ballots", result.blank_ballots, count.blank_ballots),
        ("void ballots", result.void_ballots, count.void_ballots),
    ];
    for (what, published, recounted) in figures {
        if published != recounted {
            differ(found, what, published, recounted);
        }
    }
    if result.turnout_valid != valid {
        differ(found, "validity", result.turnout_valid, valid);
    }
    let mut rounds_needed = BTreeSet::new();
    for office in &count.offices {
        let Some(theirs) = result.offices.iter().find(|o| o.office == office.office) else {
            found.push(format!(
                "{}: missing from the published result",
                office.office
            ));
            continue;
        };
        let decision = if valid {
            count::decide(
                office,
                count.ballots_cast,
                board.rules.win,
                board.rules.share,
            )
        } else {
            Decision {
                empty_seats: office.seats,
                ..Decision::default()
            }
        };
        rounds_needed.extend(decision.next_round);
        office_against(office, &decision, theirs, &board.names, found);
    }
    if result.offices.len() != count.offices.len() {
        differ(
            found,
            "offices in the result",
            result.offices.len(),
            count.offices.len(),
        );
    }
    let shaped = |r: &&String| {
        r.split_once(':')
            .is_some_and(|(_, key)| key.len() == 32 && key.chars().all(|c| c.is_ascii_hexdigit()))
    };
    if let Some(odd) = result.next_rounds.iter().find(|r| !shaped(r)) {
        found.push(format!("next round {odd:?} names no election"));
    }
    let announced: BTreeSet<&str> = result
        .next_rounds
        .iter()
        .map(|r| r.split(':').next().unwrap_or_default())
        .collect();
    if announced != rounds_needed {
        differ(found, "next rounds created", announced, rounds_needed);
    }
}

fn office_against(
    office: &count::OfficeCount,
    decision: &Decision,
    theirs: &super::file::OfficeOutcome,
    names: &std::collections::BTreeMap<String, String>,
    found: &mut Vec<String>,
) {
    let name = &office.office;
    let figures = [
        ("seats", theirs.seats, office.seats),
        ("void sections", theirs.void_sections, office.void_sections),
        (
            "blank sections",
            theirs.blank_sections,
            office.blank_sections,
        ),
        ("empty seats", theirs.empty_seats, decision.empty_seats),
        ("tied seats", theirs.tied_seats, decision.tied_seats),
    ];
    for (what, published, recounted) in figures {
        if published != recounted {
            differ(found, &format!("{name} {what}"), published, recounted);
        }
    }
    if theirs.next_round.as_deref() != decision.next_round {
        differ(
            found,
            &format!("{name} next round"),
            &theirs.next_round,
            decision.next_round,
        );
    }
    let listed: BTreeSet<&String> = theirs.lines.iter().map(|l| &l.key).collect();
    let recounted: BTreeSet<&String> = office.names.keys().collect();
    if listed != recounted || listed.len() != theirs.lines.len() {
        differ(
            found,
            &format!("{name} names in the result"),
            listed,
            recounted,
        );
    }
    for line in &theirs.lines {
        let Some(tally) = office.names.get(&line.key) else {
            continue;
        };
        let key = &line.key;
        if names.get(key) != Some(&line.name) {
            differ(
                found,
                &format!("{name} {key} name"),
                &line.name,
                names.get(key),
            );
        }
        let published = (line.for_votes, line.against, line.abstain);
        let recounted = (tally.for_votes, tally.against, tally.abstain);
        if published != recounted {
            differ(
                found,
                &format!("{name} {key} (for, against, abstain)"),
                published,
                recounted,
            );
        }
        let flags = (line.write_in, line.elected, line.tied, line.runoff);
        let expected = (
            office.written_in.contains(key),
            decision.elected.contains(key),
            decision.tied.contains(key),
            decision.runoff.contains(key),
        );
        if flags != expected {
            differ(
                found,
                &format!("{name} {key} (written in, elected, tied, in the run-off)"),
                flags,
                expected,
            );
        }
    }
}
