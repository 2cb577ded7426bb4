//! A round's count in the database: how many took part, and its sheets grouped by content
//! through the secret-submission engine's count. Callers show it only once the round closed.

use super::super::secret::EVALUATION;
use super::super::secret::count::ContentGroup;
use super::super::{Store, StoreError};
use crate::domain::keys::EvaluationKey;

/// What a closed round's results are made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundCount {
    /// Raters who took part, by any channel.
    pub took_part: u64,
    /// Of them, online.
    pub online: u64,
    /// The online sheets, grouped by content.
    pub sheets: Vec<ContentGroup>,
}

impl Store {
    /// `round`'s count. Paper forms are handed out as participations without a sheet, and
    /// their tallies are entered apart; here every participation is online.
    pub async fn evaluation_count(&self, round: &EvaluationKey) -> Result<RoundCount, StoreError> {
        let took_part = self.participations(EVALUATION, round).await?;
        let online = took_part;
        let sheets = self.content_groups(EVALUATION, round, online).await?;
        Ok(RoundCount {
            took_part,
            online,
            sheets,
        })
    }
}
