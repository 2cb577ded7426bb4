//! A round's count in the database: how many took part and by which channel, its online sheets
//! grouped by content through the secret-submission engine's count, and its paper boxes'
//! hand-outs and tally entries. Callers show it only once the round closed.

use super::super::secret::EVALUATION;
use super::super::secret::count::ContentGroup;
use super::super::{Store, StoreError};
use super::FormTallyEntryRow;
use crate::domain::keys::EvaluationKey;
use std::collections::BTreeMap;

/// What a closed round's results are made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundCount {
    /// Raters who took part, by any channel.
    pub took_part: u64,
    /// Of them, online.
    pub online: u64,
    /// The online sheets, grouped by content.
    pub sheets: Vec<ContentGroup>,
    /// Paper forms handed out, per box.
    pub handed_out: BTreeMap<u32, u64>,
    /// Each officer's entry of a box's tally, by box and time of entry.
    pub entries: Vec<FormTallyEntryRow>,
}

impl Store {
    /// `round`'s count: every participation not handed a paper form rated online.
    pub async fn evaluation_count(&self, round: &EvaluationKey) -> Result<RoundCount, StoreError> {
        let took_part = self.participations(EVALUATION, round).await?;
        let handed_out = self.form_handouts(round).await?;
        let online = took_part.saturating_sub(handed_out.values().sum());
        let sheets = self.content_groups(EVALUATION, round, online).await?;
        let entries = self.form_tally_entries(round).await?;
        Ok(RoundCount {
            took_part,
            online,
            sheets,
            handed_out,
            entries,
        })
    }
}
