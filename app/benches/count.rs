//! Counting in memory, measured with criterion: the part of a count that runs in the app once
//! the database has handed over the ballots. `make bench` runs it; the database's part is in
//! `server/benches/election_day.rs` (`tally_1m_ballots_s`).
//!
//! - `one by one`: 100,000 ballots, each added on its own (the board's independent recount).
//! - `grouped`: a million ballots arriving as 2,000 distinct ways of filling the ballot in,
//!   each parsed from its stored JSON and added with how many times it was cast (the count).

#![allow(clippy::expect_used)]

use app::domain::election::Office;
use app::domain::election::ballot::{Ballot, BallotInput, Contest};
use app::domain::election::tally;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

/// A committee election: one director of two candidates, five members of eight.
fn contests() -> Vec<Contest> {
    let candidates = |prefix: &str, n: usize| (0..n).map(|i| format!("{prefix}{i}")).collect();
    vec![
        Contest {
            office: Office::Director,
            seats: 1,
            candidates: candidates("d", 2),
        },
        Contest {
            office: Office::Member,
            seats: 5,
            candidates: candidates("m", 8),
        },
    ]
}

/// The `n`th of many different ballots: marks chosen from the bits of `n`.
fn ballot(contests: &[Contest], n: usize) -> Ballot {
    let mut marks = Vec::new();
    let mut bits = n;
    for contest in contests {
        for (i, candidate) in contest.candidates.iter().enumerate() {
            let mark = match (bits % 3, i < usize::from(contest.seats)) {
                (0, true) => "for",
                (1, _) => "against",
                _ => "abstain",
            };
            bits /= 3;
            marks.push((candidate.clone(), mark.to_owned()));
        }
    }
    let input = BallotInput {
        marks,
        write_ins: Vec::new(),
    };
    Ballot::parse(contests, &input, |_| None).expect("a ballot the generator fills in is valid")
}

fn counting(c: &mut Criterion) {
    let contests = contests();
    let mut group = c.benchmark_group("count");
    group.sample_size(10);

    let ballots: Vec<Ballot> = (0..100_000).map(|n| ballot(&contests, n % 5_000)).collect();
    group.throughput(Throughput::Elements(100_000));
    group.bench_function("one by one, 100k ballots", |b| {
        b.iter(|| black_box(tally::count(&contests, &ballots, [])))
    });

    let stored: Vec<(String, u64)> = (0..2_000)
        .map(|n| {
            let content = serde_json::to_string(&ballot(&contests, n)).expect("serialises");
            (content, 500)
        })
        .collect();
    group.throughput(Throughput::Elements(1_000_000));
    group.bench_function("grouped, 1M ballots in 2,000 groups, parsed", |b| {
        b.iter_batched(
            || stored.clone(),
            |stored| {
                let parsed: Vec<(Ballot, u64)> = stored
                    .iter()
                    .map(|(content, times)| {
                        let ballot: Ballot = serde_json::from_str(content).expect("parses");
                        (ballot, *times)
                    })
                    .collect();
                black_box(tally::count_grouped(
                    &contests,
                    parsed.iter().map(|(b, t)| (b, *t)),
                    [],
                ))
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, counting);
criterion_main!(benches);
