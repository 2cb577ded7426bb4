//! `gongshang recount FILE`: recounts an election from its board export
//! (`/elections/{id}/board.json`) and checks the published result in it. On purpose this is a
//! second, independent implementation: it reads the file as plain JSON and counts with its own
//! code, never with `app::domain::election::tally`, so a bug in one shows up as a disagreement
//! with the other. It exits non-zero when they disagree.

use anyhow::{Context, bail};
use serde_json::Value;
use std::collections::BTreeMap;

/// Marks for one name in one office.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub for_votes: u64,
    pub against: u64,
    pub abstain: u64,
}

/// One office recounted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OfficeRecount {
    pub office: String,
    pub seats: u64,
    /// The listed candidates, whose unmarked boxes are abstentions.
    pub candidates: Vec<String>,
    pub names: BTreeMap<String, Tally>,
    pub void_sections: u64,
    pub elected: Vec<String>,
}

/// The whole recount.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recount {
    pub ballots_cast: u64,
    pub turnout_valid: bool,
    pub offices: Vec<OfficeRecount>,
}

fn num(value: &Value) -> u64 {
    value.as_u64().unwrap_or(0)
}

fn share(value: &Value) -> Option<(u64, u64)> {
    let pair = value.as_array()?;
    Some((num(pair.first()?), num(pair.get(1)?)))
}

/// Recounts `export` with this module's own arithmetic.
pub fn recount(export: &Value) -> anyhow::Result<Recount> {
    if export["format"] != "gongshang-board-1" {
        bail!("not a Gongshang board export (format gongshang-board-1)");
    }
    let mut offices: Vec<OfficeRecount> = Vec::new();
    for contest in export["contests"].as_array().context("no contests")? {
        let mut names = BTreeMap::new();
        for candidate in contest["candidates"].as_array().context("no candidates")? {
            names.insert(
                candidate.as_str().context("a candidate key")?.to_owned(),
                Tally::default(),
            );
        }
        offices.push(OfficeRecount {
            office: contest["office"].as_str().context("an office")?.to_owned(),
            seats: num(&contest["seats"]),
            candidates: names.keys().cloned().collect(),
            names,
            ..OfficeRecount::default()
        });
    }
    let ballots = export["ballots"].as_array().context("no ballots")?;
    let mut ballots_cast = u64::try_from(ballots.len())?;
    for ballot in ballots {
        for section in ballot["sections"]
            .as_array()
            .context("a ballot without sections")?
        {
            let Some(office) = offices
                .iter_mut()
                .find(|o| section["office"] == o.office.as_str())
            else {
                bail!("a ballot names an office that is not on the ballot");
            };
            let marks = section["marks"].as_object().context("marks")?;
            let write_ins = section["write_ins"].as_array().context("write-ins")?;
            let fors = marks.values().filter(|m| *m == "for").count() + write_ins.len();
            if u64::try_from(fors)? > office.seats {
                office.void_sections += 1;
                continue;
            }
            for key in office.candidates.clone() {
                let entry = office.names.entry(key.clone()).or_default();
                match marks.get(&key).and_then(Value::as_str) {
                    Some("for") => entry.for_votes += 1,
                    Some("against") => entry.against += 1,
                    _ => entry.abstain += 1,
                }
            }
            for written in write_ins {
                let key = written.as_str().context("a write-in")?.to_owned();
                office.names.entry(key).or_default().for_votes += 1;
            }
        }
    }
    for sheet in export["sheets"].as_array().context("no sheets")? {
        ballots_cast += num(&sheet["ballots_in_box"]);
        for section in sheet["sections"].as_array().context("sheet sections")? {
            let Some(office) = offices
                .iter_mut()
                .find(|o| section["office"] == o.office.as_str())
            else {
                bail!("a tally sheet names an office that is not on the ballot");
            };
            office.void_sections += num(&section["void_sections"]);
            for (key, counts) in section["candidates"]
                .as_object()
                .context("sheet candidates")?
            {
                let entry = office.names.entry(key.clone()).or_default();
                entry.for_votes += num(&counts["for"]);
                entry.against += num(&counts["against"]);
                entry.abstain += num(&counts["abstain"]);
            }
            for (key, votes) in section["write_ins"]
                .as_object()
                .context("sheet write-ins")?
            {
                office.names.entry(key.clone()).or_default().for_votes += num(votes);
            }
        }
    }
    let (tn, td) = share(&export["rules"]["turnout"]).context("turnout rule")?;
    let turnout_valid = u128::from(num(&export["participations"])) * u128::from(td)
        > u128::from(num(&export["roll_size"])) * u128::from(tn);
    let majority = export["rules"]["win"] == "majority";
    let win_share = share(&export["rules"]["share"]);
    for office in &mut offices {
        if !turnout_valid {
            continue;
        }
        let passes = |votes: u64| match (majority, win_share) {
            (true, Some((n, d))) => {
                u128::from(votes) * u128::from(d) > u128::from(ballots_cast) * u128::from(n)
            }
            (false, Some((n, d))) => {
                votes > 0
                    && u128::from(votes) * u128::from(d) >= u128::from(ballots_cast) * u128::from(n)
            }
            _ => votes > 0,
        };
        let mut passing: Vec<(&String, u64)> = office
            .names
            .iter()
            .map(|(k, t)| (k, t.for_votes))
            .filter(|(_, v)| passes(*v))
            .collect();
        passing.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let seats = usize::try_from(office.seats)?;
        if passing.len() > seats && seats > 0 {
            // Nobody tied with the first one left out is elected: a new vote decides them.
            let left_out = passing[seats].1;
            passing.retain(|(_, v)| *v > left_out);
        }
        office.elected = passing
            .into_iter()
            .take(seats)
            .map(|(k, _)| k.clone())
            .collect();
        office.elected.sort();
    }
    Ok(Recount {
        ballots_cast,
        turnout_valid,
        offices,
    })
}

/// Where the recount and the published result differ, one line each (empty: they agree).
pub fn differences(recount: &Recount, result: &Value) -> Vec<String> {
    let mut found = Vec::new();
    if num(&result["ballots_cast"]) != recount.ballots_cast {
        found.push(format!(
            "ballots cast: published {}, recounted {}",
            num(&result["ballots_cast"]),
            recount.ballots_cast
        ));
    }
    if result["turnout_valid"].as_bool() != Some(recount.turnout_valid) {
        found.push(format!("validity: recounted {}", recount.turnout_valid));
    }
    let published = result["offices"].as_array().cloned().unwrap_or_default();
    for office in &recount.offices {
        let Some(theirs) = published
            .iter()
            .find(|o| o["office"] == office.office.as_str())
        else {
            found.push(format!(
                "{}: missing from the published result",
                office.office
            ));
            continue;
        };
        let lines = theirs["lines"].as_array().cloned().unwrap_or_default();
        for (key, tally) in &office.names {
            let line = lines.iter().find(|l| l["key"] == key.as_str());
            let published_for = line.map_or(0, |l| num(&l["for_votes"]));
            if published_for != tally.for_votes {
                found.push(format!(
                    "{} {key}: published {published_for} for, recounted {}",
                    office.office, tally.for_votes
                ));
            }
        }
        let mut elected: Vec<String> = lines
            .iter()
            .filter(|l| l["elected"] == true)
            .filter_map(|l| l["key"].as_str().map(str::to_owned))
            .collect();
        elected.sort();
        if elected != office.elected {
            found.push(format!(
                "{}: published elected {elected:?}, recounted {:?}",
                office.office, office.elected
            ));
        }
    }
    found
}

/// The command: prints the recount and exits with failure on any disagreement.
pub fn command(path: &std::path::Path) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let export: Value = serde_json::from_str(&text).context("the file is not JSON")?;
    let recount = recount(&export)?;
    let names = export["names"].as_object().cloned().unwrap_or_default();
    let name = |key: &str| {
        names
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_owned()
    };
    println!(
        "ballots cast {}; vote {}",
        recount.ballots_cast,
        if recount.turnout_valid {
            "valid"
        } else {
            "invalid (turnout)"
        }
    );
    for office in &recount.offices {
        let elected: Vec<String> = office.elected.iter().map(|k| name(k)).collect();
        println!("{}: elected {}", office.office, elected.join(", "));
    }
    let result = &export["result"];
    if result.is_null() {
        bail!("the export holds no published result to check");
    }
    let differences = differences(&recount, result);
    if differences.is_empty() {
        println!("the recount agrees with the published result");
        Ok(())
    } else {
        for line in &differences {
            eprintln!("disagreement: {line}");
        }
        bail!("the recount disagrees with the published result");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::election::ballot::{Ballot, Contest, Mark, Section};
    use app::domain::election::plan::{Office, Round};
    use app::domain::election::tally::{self, WinRule};
    use app::domain::rules::CommunityRules;
    use proptest::prelude::*;

    fn contests() -> Vec<Contest> {
        vec![
            Contest {
                office: Office::Director,
                seats: 1,
                candidates: vec!["d1".into(), "d2".into()],
            },
            Contest {
                office: Office::Member,
                seats: 2,
                candidates: vec!["m1".into(), "m2".into(), "m3".into()],
            },
        ]
    }

    fn section(contest: Contest, marks: Vec<usize>, write_in: bool) -> Section {
        Section {
            office: contest.office,
            marks: contest
                .candidates
                .iter()
                .zip(marks)
                .map(|(c, m)| (c.clone(), Mark::ALL[m]))
                .collect(),
            write_ins: if write_in {
                ["w1".to_owned()].into_iter().collect()
            } else {
                Default::default()
            },
        }
    }

    fn ballot() -> impl Strategy<Value = Ballot> {
        (
            prop::collection::vec(0usize..3, 2),
            prop::collection::vec(0usize..3, 3),
            any::<bool>(),
        )
            .prop_map(|(d, m, w)| {
                let [director, member]: [Contest; 2] = contests().try_into().unwrap();
                Ballot {
                    sections: vec![section(director, d, false), section(member, m, w)],
                }
            })
    }

    /// The export the server would write, with the server's own tally as the result.
    fn export(ballots: &[Ballot], roll: u64) -> Value {
        let rules = CommunityRules::default();
        let count = tally::count(&contests(), ballots, []);
        let participations = u64::try_from(ballots.len()).unwrap();
        let outcome = tally::decide(
            &count,
            participations,
            roll,
            rules.turnout,
            WinRule::of(Round::Regular, &rules),
        );
        let offices: Vec<Value> = count
            .offices
            .iter()
            .zip(&outcome.offices)
            .map(|(c, o)| {
                let lines: Vec<Value> = c
                    .candidates
                    .iter()
                    .map(|(k, t)| (k, t.for_))
                    .chain(c.write_ins.iter().map(|(k, v)| (k, *v)))
                    .map(|(k, v)| {
                        serde_json::json!({"key": k, "for_votes": v, "elected": o.elected.contains(k)})
                    })
                    .collect();
                serde_json::json!({"office": c.office.code(), "lines": lines})
            })
            .collect();
        serde_json::json!({
            "format": "gongshang-board-1",
            "rules": {"turnout": [1, 2], "win": "majority", "share": [1, 2]},
            "roll_size": roll,
            "participations": participations,
            "contests": contests().iter().map(|c| serde_json::json!({
                "office": c.office.code(), "seats": c.seats, "candidates": c.candidates,
            })).collect::<Vec<_>>(),
            "ballots": ballots,
            "sheets": [],
            "result": {
                "ballots_cast": count.ballots_cast,
                "turnout_valid": outcome.turnout_valid,
                "offices": offices,
            },
        })
    }

    proptest! {
        #[test]
        fn the_recount_equals_the_tally(ballots in prop::collection::vec(ballot(), 0..80), extra in 0u64..40) {
            let roll = u64::try_from(ballots.len()).unwrap() + extra;
            let export = export(&ballots, roll);
            let recount = recount(&export).unwrap();
            let differences = differences(&recount, &export["result"]);
            prop_assert!(differences.is_empty(), "{differences:?}");
        }
    }

    #[test]
    fn a_changed_result_is_a_disagreement() {
        let ballots: Vec<Ballot> = (0..5)
            .map(|_| {
                let [director, member]: [Contest; 2] = contests().try_into().unwrap();
                Ballot {
                    sections: vec![
                        section(director, vec![0, 1], false),
                        section(member, vec![0, 0, 1], false),
                    ],
                }
            })
            .collect();
        let mut export = export(&ballots, 6);
        export["result"]["offices"][0]["lines"][0]["for_votes"] = serde_json::json!(4);
        let recount = recount(&export).unwrap();
        assert_eq!(differences(&recount, &export["result"]).len(), 1);
    }
}
