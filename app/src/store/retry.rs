//! Running a transaction again when it lost a race. SurrealDB answers a transaction that
//! touched a record another one committed first with a conflict, and two transactions that
//! create the same record (the next audit number, an endorsement slot, a tracker that clashed)
//! with "already exists"; the loser may simply run again. One policy for every such write
//! (issue 18, item 5: three hand-written loops, one with jitter taken from the system clock).

use backon::{ExponentialBuilder, Retryable};
use std::future::Future;
use std::time::Duration;
use surrealdb::types::{AlreadyExistsError, ErrorDetails, QueryError};

/// Whether `error` is a lost race: a transaction conflict, or a record whose id starts with
/// one of `contended` (say `"audit:"`) created first by someone else.
pub(crate) fn lost_race(error: &surrealdb::Error, contended: &[&str]) -> bool {
    match error.details() {
        ErrorDetails::Query(Some(QueryError::TransactionConflict)) => true,
        ErrorDetails::AlreadyExists(Some(AlreadyExistsError::Record { id })) => {
            contended.iter().any(|prefix| id.starts_with(prefix))
        }
        _ => false,
    }
}

/// Runs `attempt` until it succeeds, fails in a way `lost` does not call a lost race, or has
/// run `tries` times in all; between tries it waits from half a millisecond, doubling up to
/// 20 ms, with random jitter so racers spread out. Answers the last outcome. `what` names the
/// write in the debug log.
pub(crate) async fn again_if_raced<T, E, F, Fut>(
    what: &'static str,
    tries: usize,
    attempt: F,
    lost: impl FnMut(&E) -> bool,
) -> Result<T, E>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
    E: std::fmt::Display,
{
    let backoff = ExponentialBuilder::default()
        .with_min_delay(Duration::from_micros(500))
        .with_max_delay(Duration::from_millis(20))
        .with_max_times(tries.saturating_sub(1))
        .with_jitter();
    attempt
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(lost)
        .notify(|error, delay| tracing::debug!(%error, ?delay, what, "lost a race; running again"))
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn a_lost_race_runs_again_until_the_tries_are_spent() {
        let runs = AtomicUsize::new(0);
        let outcome: Result<(), &str> = again_if_raced(
            "test",
            4,
            || async {
                runs.fetch_add(1, Ordering::SeqCst);
                Err("conflict")
            },
            |_| true,
        )
        .await;
        assert_eq!(outcome, Err("conflict"));
        assert_eq!(runs.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn any_other_failure_is_answered_at_once_and_success_ends_it() {
        let runs = AtomicUsize::new(0);
        let refused: Result<(), &str> = again_if_raced(
            "test",
            4,
            || async {
                runs.fetch_add(1, Ordering::SeqCst);
                Err("refused")
            },
            |error| *error == "conflict",
        )
        .await;
        assert_eq!(refused, Err("refused"));
        assert_eq!(runs.load(Ordering::SeqCst), 1);

        let second = AtomicUsize::new(0);
        let won = again_if_raced(
            "test",
            4,
            || async {
                match second.fetch_add(1, Ordering::SeqCst) {
                    0 => Err("conflict"),
                    n => Ok(n),
                }
            },
            |error| *error == "conflict",
        )
        .await;
        assert_eq!(won, Ok(1));
    }
}
