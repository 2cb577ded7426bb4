//! The recount against the server's own count: equal on every honest board, and a
//! disagreement (or a malformed file) for every published figure changed by one
//! (issue 15, item 16).

use super::*;
use app::api::elections::export::{BoardExport, ExportContest, ExportRules};
use app::api::elections::{BoardBox, OfficeResult, PollingPlaceCount, ResultLine, ResultsView};
use app::domain::election::ballot::{Ballot, Contest, Mark, Section};
use app::domain::election::paper::{SheetStanding, TallySheet};
use app::domain::election::plan::{Mode, Office, Round};
use app::domain::election::publication::publish;
use app::domain::election::tally::{self, WinRule};
use app::domain::rules::CommunityRules;
use proptest::prelude::*;
use serde_json::{Value, json};

fn contest(office: Office, seats: u8, candidates: &[&str]) -> Contest {
    Contest {
        office,
        seats,
        candidates: candidates.iter().map(|c| (*c).to_owned()).collect(),
    }
}

/// A section marking `fors` for, `against` against, everyone else abstaining.
fn section(contest: &Contest, fors: &[&str], against: &[&str], written: &[&str]) -> Section {
    Section {
        office: contest.office,
        marks: contest
            .candidates
            .iter()
            .map(|c| {
                let mark = if fors.contains(&c.as_str()) {
                    Mark::For
                } else if against.contains(&c.as_str()) {
                    Mark::Against
                } else {
                    Mark::Abstain
                };
                (c.clone(), mark)
            })
            .collect(),
        write_ins: written.iter().map(|w| (*w).to_owned()).collect(),
    }
}

/// The board file the server would write for `online` ballots and `boxes` (name, ballots,
/// handed out), with the server's own count as the published result.
fn board(contests: &[Contest], online: &[Ballot], boxes: &[(&str, Vec<Ballot>, u64)]) -> Value {
    let rules = CommunityRules::default();
    let sheets: Vec<(String, TallySheet)> = boxes
        .iter()
        .map(|(name, ballots, _)| {
            (
                (*name).to_owned(),
                tally::count(contests, ballots, []).as_sheet(),
            )
        })
        .collect();
    let count = tally::count(contests, online, sheets.iter().map(|(_, s)| s));
    let handed_out: u64 = boxes.iter().map(|b| b.2).sum();
    let online_n = u64::try_from(online.len()).unwrap();
    let participations = online_n + handed_out;
    let roll = participations + 20;
    let outcome = tally::decide(
        &count,
        participations,
        roll,
        Mode::AllVoters.turnout(&rules),
        WinRule::of(Round::Regular, &rules),
    );
    let offices: Vec<OfficeResult> = count
        .offices
        .iter()
        .zip(&outcome.offices)
        .map(|(c, o)| OfficeResult {
            office: c.office,
            seats: c.seats,
            lines: c
                .candidates
                .iter()
                .map(|(k, t)| (k, t.for_, t.against, t.abstain, false))
                .chain(c.write_ins.iter().map(|(k, v)| (k, *v, 0, 0, true)))
                .map(|(k, for_votes, against, abstain, write_in)| ResultLine {
                    key: k.clone(),
                    name: format!("name of {k}"),
                    for_votes,
                    against,
                    abstain,
                    write_in,
                    elected: o.elected.contains(k),
                    tied: o.tied.contains(k),
                    runoff: o.runoff.contains(k),
                })
                .collect(),
            void_sections: c.void_sections,
            blank_sections: c.blank_sections,
            empty_seats: o.empty_seats,
            tied_seats: o.tied_seats,
            next_round: o.next_round().map(|(r, _, _)| r),
        })
        .collect();
    let mut next_rounds: Vec<String> = offices
        .iter()
        .filter_map(|o| o.next_round)
        .map(|r| format!("{}:0123456789abcdef0123456789abcdef", r.code()))
        .collect();
    next_rounds.sort();
    next_rounds.dedup();
    let result = ResultsView {
        key: app::domain::keys::ElectionKey::parse("e1").expect("key"),
        title: "t".into(),
        community_name: "c".into(),
        election_day: "2026-11-30".into(),
        mode: Mode::AllVoters,
        round: Round::Regular,
        phase: app::domain::election::polls::Phase::Published,
        roll_size: roll,
        participations,
        online_ballots: online_n,
        ballots_cast: count.ballots_cast,
        blank_ballots: count.blank_ballots,
        void_ballots: count.void_ballots,
        turnout_valid: outcome.turnout_valid,
        offices,
        boxes: boxes
            .iter()
            .enumerate()
            .map(|(n, (name, _, out))| PollingPlaceCount {
                key: app::domain::keys::PlaceKey::parse(&format!("place{n}")).expect("key"),
                name: (*name).to_owned(),
                roving: false,
                handed_out: *out,
                standing: Some(SheetStanding::Confirmed),
                entered_by: vec!["甲".into(), "乙".into()],
            })
            .collect(),
        complete: true,
        next_rounds,
    };
    let names = contests
        .iter()
        .flat_map(|c| c.candidates.iter())
        .chain(count.offices.iter().flat_map(|o| o.write_ins.keys()))
        .map(|k| (k.clone(), format!("name of {k}")))
        .collect();
    let export = BoardExport {
        format: app::api::elections::export::FORMAT.to_owned(),
        election: "e1".into(),
        title: "t".into(),
        phase: "published".into(),
        mode: "all_voters".into(),
        round: "regular".into(),
        rules: ExportRules {
            turnout: (1, 2),
            win: "majority".into(),
            share: Some((1, 2)),
            frozen: serde_json::to_value(&rules).unwrap(),
        },
        roll_size: roll,
        participations,
        online_participations: online_n,
        contests: contests
            .iter()
            .map(|c| ExportContest {
                office: c.office.code().to_owned(),
                seats: c.seats,
                candidates: c.candidates.clone(),
            })
            .collect(),
        names,
        trackers: (0..online_n)
            .map(|i| format!("T{:03}-{:04}", i / 10_000, i % 10_000))
            .collect(),
        boxes: boxes
            .iter()
            .map(|(name, _, out)| BoardBox {
                name: (*name).to_owned(),
                handed_out: *out,
                standing: SheetStanding::Confirmed,
            })
            .collect(),
        complete: true,
        publication: publish(
            contests,
            online,
            &sheets,
            u64::from(rules.smallest_published_group),
        ),
        result: Some(serde_json::to_value(&result).unwrap()),
    };
    serde_json::to_value(&export).unwrap()
}

fn contests() -> Vec<Contest> {
    vec![
        contest(Office::Director, 1, &["d1", "d2"]),
        contest(Office::DeputyDirector, 2, &["p1", "p2", "p3"]),
        contest(Office::Member, 3, &["m1", "m2", "m3", "m4", "m5"]),
    ]
}

/// 72 ballots: 40 online, 30 at a station, 2 in a roving box (merged on the board). The
/// director is elected; the deputies tie at the second seat (a tie-break); members leave two
/// seats empty (a run-off); there are write-ins, void and blank sections.
fn honest() -> Value {
    let [director, deputy, member]: [Contest; 3] = contests().try_into().unwrap();
    let ballots: Vec<Ballot> = (0..72)
        .map(|i| {
            let d = if i < 50 {
                section(&director, &["d1"], &["d2"], &[])
            } else {
                section(&director, &[], &[], &[])
            };
            let p = match i {
                0..28 => section(&deputy, &["p1", "p2"], &[], &[]),
                28..56 => section(&deputy, &["p1", "p3"], &[], &[]),
                _ => section(&deputy, &["p2", "p3"], &[], &[]),
            };
            let m = match (i, i % 12) {
                (71, _) => section(&member, &["m1", "m2", "m3", "m4", "m5"], &[], &[]),
                (_, 0..5) => section(&member, &["m1", "m2"], &[], &[]),
                (_, 5..8) => section(&member, &["m1", "m3"], &["m5"], &[]),
                (_, 8) => section(&member, &["m1", "m4"], &[], &[]),
                (_, 9) => section(&member, &["m1"], &[], &["w1"]),
                _ => section(&member, &["m1"], &[], &[]),
            };
            Ballot {
                sections: vec![d, p, m],
            }
        })
        .collect();
    board(
        &contests(),
        &ballots[..40],
        &[
            ("第一投票站", ballots[40..70].to_vec(), 31),
            ("流动票箱", ballots[70..].to_vec(), 2),
        ],
    )
}

/// A change made to an honest board file.
type Tampering = Box<dyn Fn(&mut Value)>;

fn findings(board: &Value) -> Result<Vec<String>, file::Malformed> {
    recount(&board.to_string()).map(|report| report.differences)
}

#[test]
fn the_honest_board_has_everything_the_tampering_needs() {
    let board = honest();
    assert_eq!(findings(&board), Ok(Vec::new()));
    let result = &board["result"];
    let rounds: Vec<&str> = result["offices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|o| o["next_round"].as_str())
        .collect();
    assert_eq!(rounds, ["tie_break", "runoff"]);
    assert!(
        board["publication"]["online"].is_object(),
        "online sections are published"
    );
    assert_eq!(
        board["publication"]["groups"].as_array().unwrap().len(),
        1,
        "the roving box is merged"
    );
    assert!(result["offices"][2]["void_sections"].as_u64().unwrap() > 0);
    assert!(result["offices"][0]["blank_sections"].as_u64().unwrap() > 0);
    assert!(
        board["publication"]["online"]["offices"][2]["write_ins"]["w1"]
            .as_u64()
            .unwrap()
            > 0
    );
}

/// Every published field, changed: each must be found.
#[test]
fn issue15_item16_every_published_figure_changed_is_a_disagreement() {
    let honest = honest();
    let bump = |v: &Value| json!(v.as_u64().unwrap() + 1);
    let tamperings: Vec<(&str, Tampering)> = vec![
        (
            "participations",
            Box::new(move |b| b["participations"] = bump(&b["participations"])),
        ),
        (
            "participations raised everywhere (invalid made valid)",
            Box::new(move |b| {
                b["participations"] = json!(b["roll_size"].as_u64().unwrap());
                b["result"]["participations"] = b["participations"].clone();
            }),
        ),
        (
            "online participations",
            Box::new(move |b| b["online_participations"] = bump(&b["online_participations"])),
        ),
        (
            "a tracker dropped",
            Box::new(|b| {
                b["trackers"].as_array_mut().unwrap().pop();
            }),
        ),
        (
            "a box's hand-outs",
            Box::new(|b| b["boxes"][0]["handed_out"] = json!(1)),
        ),
        (
            "a box's standing",
            Box::new(|b| b["boxes"][1]["standing"] = json!("differ")),
        ),
        (
            "a box renamed",
            Box::new(|b| b["boxes"][1]["name"] = json!("别的票箱")),
        ),
        (
            "online ballots",
            Box::new(move |b| {
                b["publication"]["online"]["ballots"] = bump(&b["publication"]["online"]["ballots"])
            }),
        ),
        (
            "online blank ballots",
            Box::new(|b| b["publication"]["online"]["blank_ballots"] = json!(5)),
        ),
        (
            "an online section dropped",
            Box::new(|b| {
                b["publication"]["online"]["offices"][1]["sections"]
                    .as_array_mut()
                    .unwrap()
                    .pop();
            }),
        ),
        (
            "an online mark",
            Box::new(|b| {
                let marks = &mut b["publication"]["online"]["offices"][0]["sections"][0]["marks"];
                let d1 = marks["d1"].as_str().unwrap().to_owned();
                marks["d1"] = json!(if d1 == "for" { "against" } else { "for" });
            }),
        ),
        (
            "a section's write-in count",
            Box::new(|b| {
                let sections = b["publication"]["online"]["offices"][2]["sections"]
                    .as_array_mut()
                    .unwrap();
                let first = sections.iter_mut().find(|s| s["written_in"] == 1).unwrap();
                first["written_in"] = json!(0);
            }),
        ),
        (
            "write-in totals",
            Box::new(|b| b["publication"]["online"]["offices"][2]["write_ins"]["w1"] = json!(7)),
        ),
        (
            "the smallest group",
            Box::new(|b| b["publication"]["smallest_group"] = json!(12)),
        ),
        (
            "a group's ballots",
            Box::new(move |b| {
                b["publication"]["groups"][0]["sheet"]["ballots_in_box"] =
                    bump(&b["publication"]["groups"][0]["sheet"]["ballots_in_box"])
            }),
        ),
        (
            "a group's void ballots",
            Box::new(move |b| {
                b["publication"]["groups"][0]["sheet"]["void_ballots"] =
                    bump(&b["publication"]["groups"][0]["sheet"]["void_ballots"])
            }),
        ),
        (
            "a group's blank ballots",
            Box::new(move |b| {
                b["publication"]["groups"][0]["sheet"]["blank_ballots"] =
                    bump(&b["publication"]["groups"][0]["sheet"]["blank_ballots"])
            }),
        ),
        (
            "a group's candidate figure",
            Box::new(move |b| {
                let c = &mut b["publication"]["groups"][0]["sheet"]["sections"][1]["candidates"]["p2"]
                    ["for"];
                *c = bump(c);
            }),
        ),
        (
            "a group's void sections",
            Box::new(move |b| {
                let c = &mut b["publication"]["groups"][0]["sheet"]["sections"][2]["void_sections"];
                *c = bump(c);
            }),
        ),
        (
            "a group's blank sections",
            Box::new(move |b| {
                let c =
                    &mut b["publication"]["groups"][0]["sheet"]["sections"][0]["blank_sections"];
                *c = bump(c);
            }),
        ),
        (
            "a group's boxes",
            Box::new(|b| {
                b["publication"]["groups"][0]["boxes"]
                    .as_array_mut()
                    .unwrap()
                    .pop();
            }),
        ),
        (
            "the turnout rule",
            Box::new(|b| b["rules"]["turnout"] = json!([1, 3])),
        ),
        (
            "the win rule",
            Box::new(|b| b["rules"]["win"] = json!("plurality")),
        ),
        (
            "the win share",
            Box::new(|b| b["rules"]["share"] = json!([1, 3])),
        ),
        (
            "frozen rules beyond the law",
            Box::new(|b| {
                b["rules"]["frozen"]["turnout"] = json!({"numerator": 1, "denominator": 1000});
                b["rules"]["turnout"] = json!([1, 1000]);
            }),
        ),
        (
            "frozen smallest group beyond the law",
            Box::new(|b| {
                b["rules"]["frozen"]["smallest_published_group"] = json!(1);
                b["publication"]["smallest_group"] = json!(1);
            }),
        ),
        ("mode", Box::new(|b| b["mode"] = json!("representatives"))),
        ("round", Box::new(|b| b["round"] = json!("runoff"))),
        (
            "roll size",
            Box::new(move |b| b["roll_size"] = json!(b["participations"].as_u64().unwrap() * 3)),
        ),
        (
            "result: roll size",
            Box::new(move |b| b["result"]["roll_size"] = bump(&b["result"]["roll_size"])),
        ),
        (
            "result: participations",
            Box::new(move |b| b["result"]["participations"] = bump(&b["result"]["participations"])),
        ),
        (
            "result: online ballots",
            Box::new(move |b| b["result"]["online_ballots"] = bump(&b["result"]["online_ballots"])),
        ),
        (
            "result: ballots cast",
            Box::new(move |b| b["result"]["ballots_cast"] = bump(&b["result"]["ballots_cast"])),
        ),
        (
            "result: blank ballots",
            Box::new(move |b| b["result"]["blank_ballots"] = bump(&b["result"]["blank_ballots"])),
        ),
        (
            "result: void ballots",
            Box::new(move |b| b["result"]["void_ballots"] = bump(&b["result"]["void_ballots"])),
        ),
        (
            "result: validity",
            Box::new(|b| b["result"]["turnout_valid"] = json!(false)),
        ),
        (
            "result: next rounds dropped",
            Box::new(|b| {
                b["result"]["next_rounds"].as_array_mut().unwrap().pop();
            }),
        ),
        (
            "result: an office dropped",
            Box::new(|b| {
                b["result"]["offices"].as_array_mut().unwrap().pop();
            }),
        ),
        (
            "result: seats",
            Box::new(move |b| {
                b["result"]["offices"][0]["seats"] = bump(&b["result"]["offices"][0]["seats"])
            }),
        ),
        (
            "result: void sections",
            Box::new(move |b| {
                b["result"]["offices"][2]["void_sections"] =
                    bump(&b["result"]["offices"][2]["void_sections"])
            }),
        ),
        (
            "result: blank sections",
            Box::new(move |b| {
                b["result"]["offices"][0]["blank_sections"] =
                    bump(&b["result"]["offices"][0]["blank_sections"])
            }),
        ),
        (
            "result: empty seats",
            Box::new(move |b| b["result"]["offices"][2]["empty_seats"] = json!(1)),
        ),
        (
            "result: tied seats",
            Box::new(move |b| b["result"]["offices"][1]["tied_seats"] = json!(2)),
        ),
        (
            "result: a tie republished as a run-off",
            Box::new(|b| b["result"]["offices"][1]["next_round"] = json!("runoff")),
        ),
        (
            "result: the run-off dropped",
            Box::new(|b| b["result"]["offices"][2]["next_round"] = Value::Null),
        ),
        (
            "result: a line dropped",
            Box::new(|b| {
                b["result"]["offices"][2]["lines"]
                    .as_array_mut()
                    .unwrap()
                    .pop();
            }),
        ),
    ];
    let mut tamperings = tamperings;
    // Found by the review of the release build: each of these recounted as agreeing.
    let more: Vec<(&str, Tampering)> = vec![
        (
            "result: a name swapped",
            Box::new(|b| b["result"]["offices"][0]["lines"][0]["name"] = json!("杨玉兰")),
        ),
        (
            "names: two swapped",
            Box::new(|b| {
                let names = b["names"].as_object_mut().unwrap();
                let (d1, d2) = (names["d1"].clone(), names["d2"].clone());
                names.insert("d1".into(), d2);
                names.insert("d2".into(), d1);
            }),
        ),
        (
            "result: a box's hand-outs",
            Box::new(|b| b["result"]["boxes"][0]["handed_out"] = json!(999)),
        ),
        (
            "result: the title",
            Box::new(|b| b["result"]["title"] = json!("别的选举")),
        ),
        (
            "result: the election",
            Box::new(|b| b["result"]["key"] = json!("e2")),
        ),
        (
            "result: removed from a published election",
            Box::new(|b| b["result"] = Value::Null),
        ),
        (
            "result: a next round's election",
            Box::new(|b| b["result"]["next_rounds"][0] = json!("runoff:")),
        ),
        (
            "frozen rules emptied",
            Box::new(|b| b["rules"]["frozen"] = json!({})),
        ),
        (
            "a tracker twice",
            Box::new(|b| {
                let first = b["trackers"][0].clone();
                b["trackers"][1] = first;
            }),
        ),
        (
            "a tracker the server never makes",
            Box::new(|b| b["trackers"][0] = json!("IIII-OOOO")),
        ),
        ("mode", Box::new(|b| b["mode"] = json!("bogus"))),
        (
            "a box still open",
            Box::new(|b| {
                b["boxes"][0]["standing"] = json!("awaiting_second");
                b["result"]["boxes"][0]["standing"] = json!("awaiting_second");
            }),
        ),
        ("an extra field", Box::new(|b| b["ballots"] = json!([]))),
        // A hostile number is a disagreement, never a panic.
        (
            "absurd seats",
            Box::new(|b| b["contests"][2]["seats"] = json!(u64::MAX)),
        ),
        (
            "votes published before the boxes are settled",
            Box::new(|b| {
                b["complete"] = json!(false);
                b["result"] = Value::Null;
                b["phase"] = json!("closed");
            }),
        ),
    ];
    tamperings.extend(more);
    for field in ["for_votes", "against", "abstain"] {
        tamperings.push((
            "result: a line's figure",
            Box::new(move |b| {
                for line in b["result"]["offices"][2]["lines"].as_array_mut().unwrap() {
                    let v = &mut line[field];
                    *v = json!(v.as_u64().unwrap() + 1);
                }
            }),
        ));
    }
    for flag in ["write_in", "elected", "tied", "runoff"] {
        tamperings.push((
            "result: a line's flag",
            Box::new(move |b| {
                for office in b["result"]["offices"].as_array_mut().unwrap() {
                    let line = &mut office["lines"][0];
                    line[flag] = json!(!line[flag].as_bool().unwrap());
                }
            }),
        ));
    }
    for (what, tamper) in &tamperings {
        let mut board = honest.clone();
        tamper(&mut board);
        assert_ne!(board, honest, "{what}: the tampering changed nothing");
        let found = findings(&board);
        assert!(
            found.as_ref().map_or(true, |f| !f.is_empty()),
            "{what}: recounted as agreeing"
        );
    }
}

#[test]
fn issue16_item24_a_malformed_board_is_named_by_its_field() {
    let honest = honest();
    let cases: Vec<(&str, Tampering)> = vec![
        (
            "format",
            Box::new(|b| b["format"] = json!("gongshang-board-1")),
        ),
        (
            "participations",
            Box::new(|b| b["participations"] = json!("many")),
        ),
        (
            "publication.online.offices[0].sections[0].marks.d1",
            Box::new(|b| {
                b["publication"]["online"]["offices"][0]["sections"][0]["marks"]["d1"] =
                    json!("maybe")
            }),
        ),
        (
            "publication.groups[0].sheet.ballots_in_box",
            Box::new(|b| b["publication"]["groups"][0]["sheet"]["ballots_in_box"] = json!(-1)),
        ),
        (
            "publication.online.offices[1].office",
            Box::new(|b| b["publication"]["online"]["offices"][1]["office"] = json!("mayor")),
        ),
        (
            "publication.groups[0].sheet.sections[0].candidates.zz",
            Box::new(|b| {
                b["publication"]["groups"][0]["sheet"]["sections"][0]["candidates"]["zz"] =
                    json!({"for": 0, "against": 0, "abstain": 0})
            }),
        ),
        (
            "result.offices[0].lines[0].elected",
            Box::new(|b| b["result"]["offices"][0]["lines"][0]["elected"] = json!("yes")),
        ),
        (
            "rules",
            Box::new(|b| {
                b.as_object_mut().unwrap().remove("rules");
            }),
        ),
    ];
    for (field, break_it) in &cases {
        let mut board = honest.clone();
        break_it(&mut board);
        let error = findings(&board).expect_err(field);
        assert!(
            error.field.starts_with(field) || error.field == *field,
            "{field}: named {}",
            error.field
        );
    }
    let error = recount("not json").expect_err("not json");
    assert!(!error.field.is_empty());
}

fn random_section() -> impl Strategy<Value = (Vec<usize>, Vec<usize>, bool)> {
    (
        prop::collection::vec(0usize..3, 2),
        prop::collection::vec(0usize..3, 3),
        any::<bool>(),
    )
}

fn random_ballot(contests: &[Contest], (d, m, w): (Vec<usize>, Vec<usize>, bool)) -> Ballot {
    let marks = |contest: &Contest, picks: &[usize]| {
        contest
            .candidates
            .iter()
            .zip(picks)
            .map(|(c, p)| (c.clone(), Mark::ALL[*p]))
            .collect()
    };
    Ballot {
        sections: vec![
            Section {
                office: contests[0].office,
                marks: marks(&contests[0], &d),
                write_ins: Default::default(),
            },
            Section {
                office: contests[1].office,
                marks: marks(&contests[1], &m),
                write_ins: if w {
                    ["w1".to_owned()].into_iter().collect()
                } else {
                    Default::default()
                },
            },
        ],
    }
}

proptest! {
    #[test]
    fn the_recount_agrees_with_the_count_on_every_honest_board(
        online in prop::collection::vec(random_section(), 0..40),
        paper in prop::collection::vec(random_section(), 0..30),
        split in 0usize..30,
        spoiled in 0u64..3,
    ) {
        let contests = vec![contest(Office::Director, 1, &["d1", "d2"]), contest(Office::Member, 2, &["m1", "m2", "m3"])];
        let online: Vec<Ballot> = online.into_iter().map(|s| random_ballot(&contests, s)).collect();
        let paper: Vec<Ballot> = paper.into_iter().map(|s| random_ballot(&contests, s)).collect();
        let split = split.min(paper.len());
        let first = paper[..split].to_vec();
        let second = paper[split..].to_vec();
        let out = |ballots: &Vec<Ballot>| u64::try_from(ballots.len()).unwrap() + spoiled;
        let board = board(&contests, &online, &[("一站", first.clone(), out(&first)), ("二站", second.clone(), out(&second))]);
        prop_assert_eq!(findings(&board), Ok(Vec::new()));
    }
}
