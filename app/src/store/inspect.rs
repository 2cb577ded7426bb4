//! For the tests and benchmarks only (feature `bench`): everything the database holds, so a
//! test can prove a refused request wrote nothing.

use super::{Store, StoreError};
use std::collections::BTreeMap;

impl Store {
    /// A digest of every table except `except`, computed inside the database in one round trip.
    pub async fn contents_for_tests(
        &self,
        except: &[&str],
    ) -> Result<BTreeMap<String, String>, StoreError> {
        self.per_table(except, "crypto::sha256(<string> (SELECT * FROM {table}))")
            .await
    }

    /// How many records every table except `except` holds: cheaper than
    /// [`Store::contents_for_tests`], blind to a record changed in place.
    pub async fn counts_for_tests(
        &self,
        except: &[&str],
    ) -> Result<BTreeMap<String, String>, StoreError> {
        self.per_table(except, "<string> count((SELECT VALUE id FROM {table}))")
            .await
    }

    /// `expression` (with `{table}` standing for each table's name) for every table.
    async fn per_table(
        &self,
        except: &[&str],
        expression: &str,
    ) -> Result<BTreeMap<String, String>, StoreError> {
        let info: Option<serde_json::Value> =
            self.db.query("INFO FOR DB").await?.check()?.take(0)?;
        let tables: Vec<String> = info
            .as_ref()
            .and_then(|info| info.get("tables")?.as_object())
            .map(|tables| {
                tables
                    .keys()
                    .filter(|table| !except.contains(&table.as_str()))
                    // Names come from the schema, but only plain identifiers go into the query.
                    .filter(|table| table.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        let fields: Vec<String> = tables
            .iter()
            .map(|table| format!("{table}: {}", expression.replace("{table}", table)))
            .collect();
        let digests: Option<BTreeMap<String, String>> = self
            .db
            .query(format!("RETURN {{ {} }}", fields.join(", ")))
            .await?
            .check()?
            .take(0)?;
        Ok(digests.unwrap_or_default())
    }
}
