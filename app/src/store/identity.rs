//! Passkeys, challenges and enrolment in the database. Enrolment is one transaction: the
//! invitation is marked used (a second, racing use conflicts on the same key and fails), the
//! person and their roles are created if new, the passkey is stored, and the audit log says so.

use super::audit::{Audited, facts};
use super::invitations::code_key;
use super::{Store, StoreError};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::keys::{CommunityKey, PersonKey};
use chrono::{DateTime, Duration, Utc};
use surrealdb::types::SurrealValue;

/// Minutes a WebAuthn challenge may be answered in (DESIGN.md, Identity).
pub const CHALLENGE_MINUTES: i64 = 5;

/// What a challenge was issued for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Enrol,
    SignIn,
    AddPasskey,
}

impl Purpose {
    fn code(self) -> &'static str {
        match self {
            Purpose::Enrol => "enrol",
            Purpose::SignIn => "sign_in",
            Purpose::AddPasskey => "add_passkey",
        }
    }
}

/// A challenge taken back from the database (and thereby spent).
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct Challenge {
    pub purpose: String,
    pub state: String,
    pub invitation: Option<String>,
    pub name: Option<String>,
    pub person: Option<PersonKey>,
    pub expires_at: DateTime<Utc>,
}

/// A stored passkey of a person.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct StoredPasskey {
    pub key: String,
    pub credential_id: String,
    pub credential: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub flagged: bool,
}

/// Who a signed-in person is, for their home page.
#[derive(Debug, Clone, PartialEq, Eq, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
pub struct PersonSummary {
    pub key: PersonKey,
    pub name: String,
    pub community: CommunityKey,
    pub community_name: String,
    /// Sessions signed in before this are void (set when a recovery revoked old passkeys).
    pub sessions_valid_after: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct InvitationFacts {
    community: String,
    kind: String,
    person: Option<String>,
    issued_by: String,
}

/// Using an invitation, all or nothing. Before anything is written it checks, against the data
/// as this transaction sees it, that the invitation is usable, that every role the person will
/// hold (those they hold, future grants included, and those it adds) is one its issuer could
/// grant (`may_carry`; an invitation from before migration 12 carries nothing beyond its own
/// roles), and that an enrolment invitation does not add a passkey to someone who has one (that
/// is what recovery is for). Using it voids the person's other open invitations. Issue 15,
/// item 1.
const ENROL: &str = "LET $inv = (SELECT * FROM ONLY type::record('invitation', $inv_key)); \
    IF $inv = NONE OR $inv.used_at != NONE OR $inv.voided_at != NONE OR $inv.expires_at <= time::now() \
    { THROW 'invitation unusable' }; \
    UPDATE type::record('invitation', $inv_key) SET used_at = time::now(); \
    LET $person = IF $inv.person { $inv.person } ELSE { type::record('person', $new_person) }; \
    LET $held = IF $inv.person { (SELECT VALUE role FROM role_grant WHERE person = $person \
      AND (until = NONE OR until >= $today)) } ELSE { [] }; \
    LET $carry = IF $inv.may_carry = NONE { $inv.roles } ELSE { $inv.may_carry }; \
    IF array::len(array::complement(array::union($held, $inv.roles), $carry)) > 0 \
    { THROW 'refused:invitation_above_issuer' }; \
    IF $inv.kind = 'enrolment' AND array::len((SELECT VALUE id FROM passkey WHERE person = $person)) > 0 \
    { THROW 'refused:already_enrolled' }; \
    IF !$inv.person { CREATE $person SET community = $inv.community, name = $name, \
    category = 'registered', party_member = false, created_at = time::now() }; \
    FOR $role IN $inv.roles { \
    IF array::len((SELECT id FROM role_grant WHERE person = $person AND role = $role \
    AND community = $inv.community AND from <= $today AND (until = NONE OR until >= $today))) = 0 \
    { CREATE role_grant SET person = $person, community = $inv.community, role = $role, from = $today } }; \
    IF $revoke_old { DELETE passkey WHERE person = $person; \
    UPDATE $person SET sessions_valid_after = time::now() }; \
    CREATE passkey SET person = $person, credential_id = $credential_id, \
    credential = $credential, label = $label, created_at = time::now(); \
    UPDATE type::record('invitation', $inv_key) SET person = $person; \
    UPDATE invitation SET voided_at = time::now() WHERE person = $person AND used_at = NONE \
    AND voided_at = NONE";

/// A passkey to store at enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPasskey {
    pub credential_id: String,
    pub credential: String,
    pub label: String,
}

/// Why enrolment did not happen.
#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    #[error("the invitation is unknown, used or expired")]
    InvitationUnusable,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// How many challenges `client` (its address) holds unanswered and unexpired.
    pub async fn outstanding_challenges(&self, client: &str) -> Result<u32, StoreError> {
        let count: Option<i64> = self
            .db
            .query(
                "RETURN count((SELECT VALUE id FROM challenge WHERE client = $client \
                 AND expires_at > time::now()))",
            )
            .bind(("client", client.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(u32::try_from(count.unwrap_or(0)).unwrap_or(u32::MAX))
    }

    /// Stores a challenge's server-side state, issued to `client` (its address); answers its id.
    pub async fn put_challenge(
        &self,
        purpose: Purpose,
        state: String,
        invitation_code: Option<&str>,
        name: Option<&str>,
        person: Option<&PersonKey>,
        client: &str,
    ) -> Result<String, StoreError> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let expires_at = Utc::now() + Duration::minutes(CHALLENGE_MINUTES);
        self.db
            .query(
                "CREATE type::record('challenge', $id) SET purpose = $purpose, state = $state, \
                 invitation = $invitation OR NONE, name = $name OR NONE, person = $person OR NONE, \
                 client = $client, expires_at = $expires_at",
            )
            .bind(("id", id.clone()))
            .bind(("purpose", purpose.code()))
            .bind(("state", state))
            .bind(("invitation", invitation_code.map(code_key)))
            .bind(("name", name.map(str::to_owned)))
            .bind(("person", person.cloned()))
            .bind(("client", client.to_owned()))
            .bind(("expires_at", expires_at))
            .await?
            .check()?;
        Ok(id)
    }

    /// Takes a challenge back, deleting it: a second answer finds nothing. Answers `None` for
    /// an unknown, expired or differently purposed challenge.
    pub async fn take_challenge(
        &self,
        id: &str,
        purpose: Purpose,
    ) -> Result<Option<Challenge>, StoreError> {
        // Only ids a ceremony makes (a simple UUID) reach the database: an empty or odd one
        // made it fail, a 503 where a refusal belongs.
        if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let taken: Vec<Challenge> = self
            .db
            .query("DELETE type::record('challenge', $id) RETURN BEFORE")
            .bind(("id", id.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(taken
            .into_iter()
            .next()
            .filter(|c| c.purpose == purpose.code() && c.expires_at > Utc::now()))
    }

    /// Uses an invitation: creates the person (unless it names one) with the roles they do not
    /// hold yet, stores the passkey and marks the invitation used, all or nothing. With a
    /// recovery invitation and `revoke_old`, the person's other passkeys are deleted in the same
    /// transaction (a lost phone stops working). Answers the person's key.
    pub async fn enrol(
        &self,
        invitation_key: &str,
        new_person_key: &PersonKey,
        name: &str,
        passkey: &NewPasskey,
        today: chrono::NaiveDate,
        revoke_old: bool,
    ) -> Result<PersonKey, EnrolError> {
        // Which community, whether this is a recovery (its own entry in the audit log), whose
        // invitation it is and who issued it: the entry names both.
        let found: Vec<InvitationFacts> = self
            .db
            .query(
                "SELECT <string> record::id(community) AS community, kind, \
                 IF person = NONE { NONE } ELSE { <string> record::id(person) } AS person, issued_by \
                 FROM type::record('invitation', $key)",
            )
            .bind(("key", invitation_key.to_owned()))
            .await
            .map_err(StoreError::from)?
            .check()
            .map_err(StoreError::from)?
            .take(0)
            .map_err(StoreError::from)?;
        let Some(invitation) = found.into_iter().next() else {
            return Err(EnrolError::InvitationUnusable);
        };
        let recovery = invitation.kind == "recovery";
        let action = if recovery {
            "recovery.use"
        } else {
            "invitation.use"
        };
        let revoke_old = revoke_old && recovery;
        let person = invitation.person.as_deref().unwrap_or(new_person_key);
        let result = self
            .audited(
                facts(
                    &format!("person:{person}"),
                    action,
                    Some(&invitation.community),
                    Detail::new()
                        .with(
                            Fact::Invitation,
                            &invitation_key[..12.min(invitation_key.len())],
                        )
                        .with(Fact::IssuedBy, &invitation.issued_by)
                        .with(Fact::OldPasskeysRevoked, revoke_old),
                ),
                Audited {
                    surql: ENROL,
                    bindings: vec![
                        ("inv_key", invitation_key.into()),
                        ("new_person", new_person_key.into()),
                        ("name", name.into()),
                        ("today", today.to_string().into()),
                        ("credential_id", passkey.credential_id.clone().into()),
                        ("credential", passkey.credential.clone().into()),
                        ("label", passkey.label.clone().into()),
                        ("revoke_old", revoke_old.into()),
                    ],
                },
            )
            .await;
        match result {
            Ok(_) => {}
            Err(StoreError::Database(error)) if error.is_thrown() => {
                return Err(EnrolError::InvitationUnusable);
            }
            Err(error) => return Err(error.into()),
        }
        let person: Option<PersonKey> = self
            .db
            .query("SELECT VALUE <string> record::id(person) FROM ONLY type::record('invitation', $key)")
            .bind(("key", invitation_key.to_owned()))
            .await
            .map_err(StoreError::from)?
            .check()
            .map_err(StoreError::from)?
            .take(0)
            .map_err(StoreError::from)?;
        person.ok_or(EnrolError::Store(StoreError::Uninitialised(
            "enrolled person",
        )))
    }

    /// Every passkey of a person, oldest first.
    pub async fn passkeys(&self, person: &PersonKey) -> Result<Vec<StoredPasskey>, StoreError> {
        Ok(self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, credential_id, credential, label, created_at, \
                 last_used_at, flagged FROM passkey WHERE person = type::record('person', $person) \
                 ORDER BY created_at",
            )
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?)
    }

    /// Adds another passkey to a signed-in person.
    pub async fn add_passkey(
        &self,
        person: &PersonKey,
        passkey: &NewPasskey,
    ) -> Result<(), StoreError> {
        let community = self.person_summary(person).await?.map(|p| p.community);
        self.audited(
            facts(
                &format!("person:{person}"),
                "passkey.add",
                community.as_deref(),
                Detail::new().with(Fact::Label, &passkey.label),
            ),
            Audited {
                surql: "CREATE passkey SET person = type::record('person', $person), \
                        credential_id = $credential_id, credential = $credential, label = $label, \
                        created_at = time::now()",
                bindings: vec![
                    ("person", person.into()),
                    ("credential_id", passkey.credential_id.clone().into()),
                    ("credential", passkey.credential.clone().into()),
                    ("label", passkey.label.clone().into()),
                ],
            },
        )
        .await?;
        Ok(())
    }

    /// Removes one of a person's passkeys; never their last one (they could not get back in).
    /// Answers false when the passkey is not theirs or is their last.
    pub async fn remove_passkey(&self, person: &PersonKey, key: &str) -> Result<bool, StoreError> {
        let community = self.person_summary(person).await?.map(|p| p.community);
        let result = self
            .audited(
                facts(&format!("person:{person}"), "passkey.remove", community.as_deref(), Detail::new().with(Fact::Passkey, key)),
                Audited {
                    surql: "LET $mine = type::record('person', $person); \
                            IF (SELECT VALUE person FROM ONLY type::record('passkey', $key)) != $mine \
                            { THROW 'not yours' }; \
                            IF count(SELECT id FROM passkey WHERE person = $mine) <= 1 { THROW 'last passkey' }; \
                            DELETE type::record('passkey', $key)",
                    bindings: vec![("person", person.into()), ("key", key.into())],
                },
            )
            .await;
        super::audit::refused_as_false(result)
    }

    /// Renames `person`'s passkey `key` to `label`, audited; false when it is not theirs.
    pub async fn rename_passkey(
        &self,
        person: &PersonKey,
        key: &str,
        label: &str,
    ) -> Result<bool, StoreError> {
        let community = self.person_summary(person).await?.map(|p| p.community);
        let result = self
            .audited(
                facts(
                    &format!("person:{person}"),
                    "passkey.rename",
                    community.as_deref(),
                    Detail::new()
                        .with(Fact::Passkey, key)
                        .with(Fact::Label, label),
                ),
                Audited {
                    surql: "IF (SELECT VALUE person FROM ONLY type::record('passkey', $key)) \
                            != type::record('person', $person) { THROW 'not yours' }; \
                            UPDATE type::record('passkey', $key) SET label = $label RETURN NONE",
                    bindings: vec![
                        ("person", person.into()),
                        ("key", key.into()),
                        ("label", label.into()),
                    ],
                },
            )
            .await;
        super::audit::refused_as_false(result)
    }

    /// Ends every session `person` opened before now, on every device (sign out everywhere).
    pub async fn void_sessions(&self, person: &PersonKey) -> Result<(), StoreError> {
        let community = self.person_summary(person).await?.map(|p| p.community);
        self.audited(
            facts(
                &format!("person:{person}"),
                "sessions.void",
                community.as_deref(),
                Detail::new(),
            ),
            Audited {
                surql: "UPDATE type::record('person', $person) SET sessions_valid_after = time::now()",
                bindings: vec![("person", person.into())],
            },
        )
        .await?;
        Ok(())
    }

    /// Records a sign-in with a passkey: its new state and when it was used.
    pub async fn passkey_used(&self, key: &str, credential: String) -> Result<(), StoreError> {
        self.db
            .query("UPDATE type::record('passkey', $key) SET credential = $credential, last_used_at = time::now()")
            .bind(("key", key.to_owned()))
            .bind(("credential", credential))
            .await?
            .check()?;
        Ok(())
    }

    /// Marks a passkey whose counter went backwards (a possible clone), audited in its
    /// owner's name so staff and the supervisory committee see it.
    pub async fn flag_passkey(&self, key: &str) -> Result<(), StoreError> {
        let person: Option<PersonKey> = self
            .db
            .query(
                "SELECT VALUE <string> record::id(person) FROM ONLY type::record('passkey', $key)",
            )
            .bind(("key", key.to_owned()))
            .await?
            .check()?
            .take(0)?;
        let Some(person) = person else {
            return Ok(());
        };
        let community = self.person_summary(&person).await?.map(|p| p.community);
        self.audited(
            facts(
                &format!("person:{person}"),
                "passkey.flag",
                community.as_deref(),
                // The action's name says why: its signature counter went backwards.
                Detail::new().with(Fact::Passkey, key),
            ),
            Audited {
                surql: "UPDATE type::record('passkey', $key) SET flagged = true",
                bindings: vec![("key", key.into())],
            },
        )
        .await?;
        Ok(())
    }

    /// A person's name and community.
    pub async fn person_summary(
        &self,
        person: &PersonKey,
    ) -> Result<Option<PersonSummary>, StoreError> {
        let rows: Vec<PersonSummary> = self
            .db
            .query(
                "SELECT <string> record::id(id) AS key, name, <string> record::id(community) AS community, \
                 community.name AS community_name, sessions_valid_after FROM type::record('person', $person)",
            )
            .bind(("person", person.to_owned()))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next())
    }
}

#[cfg(test)]
mod tests {

    #[tokio::test]
    async fn review_a_challenge_id_no_ceremony_could_have_made_is_no_challenge() {
        // Found by the hostile-input walk: an empty id made the database fail (503), not a
        // refusal.
        let store = Store::open("mem://").await.expect("store");
        for id in ["", " ", "a:b", "⟨x⟩", &"9".repeat(500)] {
            assert_eq!(
                store
                    .take_challenge(id, Purpose::Enrol)
                    .await
                    .expect("no failure"),
                None,
                "{id:?}"
            );
        }
    }

    use super::*;
    use crate::domain::invitation::InvitationKind;
    use crate::domain::keys::test_key;
    use crate::domain::registry::NewCommunity;
    use crate::domain::roles::Role;
    use crate::store::invitations::InvitationRequest;

    fn today() -> chrono::NaiveDate {
        crate::domain::clock::today()
    }

    async fn invitation(store: &Store) -> (CommunityKey, String) {
        let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        let community = store
            .create_community(&new, "cli:test")
            .await
            .expect("create")
            .key;
        let issued = store
            .issue_invitation(
                &InvitationRequest {
                    community: &community,
                    person: None,
                    roles: &[Role::Resident, Role::ResidentRep],
                    kind: InvitationKind::Enrolment,
                    validity_days: 7,
                    may_carry: crate::domain::roles::Role::ALL,
                },
                "cli:test",
            )
            .await
            .expect("issue");
        (community, issued.code)
    }

    /// Someone ("甲") enrolled with a fresh invitation and the passkey `credential`.
    async fn enrolled(store: &Store, credential: &str) -> PersonKey {
        let (_, code) = invitation(store).await;
        store
            .enrol(
                &code_key(&code),
                &PersonKey::parse(&uuid::Uuid::new_v4().to_string()).expect("key"),
                "甲",
                &passkey(credential),
                today(),
                false,
            )
            .await
            .expect("enrol")
    }

    fn passkey(id: &str) -> NewPasskey {
        NewPasskey {
            credential_id: id.into(),
            credential: "{}".into(),
            label: "phone".into(),
        }
    }

    #[tokio::test]
    async fn a_challenge_is_single_use() {
        let store = Store::open("mem://").await.expect("store");
        let id = store
            .put_challenge(
                Purpose::SignIn,
                "state".into(),
                None,
                None,
                None,
                "10.0.0.1",
            )
            .await
            .expect("put");
        assert!(
            store
                .take_challenge(&id, Purpose::SignIn)
                .await
                .expect("take")
                .is_some()
        );
        assert!(
            store
                .take_challenge(&id, Purpose::SignIn)
                .await
                .expect("take")
                .is_none()
        );
    }

    #[tokio::test]
    async fn a_challenge_for_another_purpose_is_refused() {
        let store = Store::open("mem://").await.expect("store");
        let id = store
            .put_challenge(Purpose::Enrol, "state".into(), None, None, None, "10.0.0.1")
            .await
            .expect("put");
        assert!(
            store
                .take_challenge(&id, Purpose::SignIn)
                .await
                .expect("take")
                .is_none()
        );
    }

    #[tokio::test]
    async fn enrolment_creates_the_person_with_roles_and_passkey_and_uses_up_the_invitation() {
        let store = Store::open("mem://").await.expect("store");
        let (community, code) = invitation(&store).await;
        let key: PersonKey = test_key(&uuid::Uuid::new_v4().to_string());
        let person = store
            .enrol(
                &code_key(&code),
                &key,
                "王秀英",
                &passkey("cred-1"),
                today(),
                false,
            )
            .await
            .expect("enrol");
        assert_eq!(person, key);
        let summary = store
            .person_summary(&person)
            .await
            .expect("read")
            .expect("person");
        assert_eq!(summary.name, "王秀英");
        assert_eq!(summary.community_name, "示例社区");
        let grants = store
            .role_grants(&person, &community)
            .await
            .expect("grants");
        assert_eq!(grants.len(), 2);
        assert_eq!(store.passkeys(&person).await.expect("passkeys").len(), 1);
        let invitation = store.invitation(&code).await.expect("read").expect("found");
        assert!(invitation.state.used_at.is_some());

        let again = store
            .enrol(
                &code_key(&code),
                &PersonKey::parse(&uuid::Uuid::new_v4().to_string()).expect("key"),
                "冒名",
                &passkey("cred-2"),
                today(),
                false,
            )
            .await;
        assert!(
            matches!(again, Err(EnrolError::InvitationUnusable)),
            "{again:?}"
        );
        assert_eq!(store.passkeys(&person).await.expect("passkeys").len(), 1);
    }

    #[tokio::test]
    async fn issue16_item12_a_person_renames_only_their_own_passkeys() {
        let store = Store::open("mem://").await.expect("store");
        let me = enrolled(&store, "a").await;
        let key = store.passkeys(&me).await.expect("list")[0].key.clone();
        assert!(
            !store
                .rename_passkey(
                    &PersonKey::parse("someone-else").expect("key"),
                    &key,
                    "抢来的"
                )
                .await
                .expect("rename")
        );
        assert!(
            store
                .rename_passkey(&me, &key, "妈妈的手机")
                .await
                .expect("rename")
        );
        assert_eq!(
            store.passkeys(&me).await.expect("list")[0].label,
            "妈妈的手机"
        );
        let log = store.audit_log().await.expect("log");
        assert_eq!(
            log.iter().filter(|e| e.action == "passkey.rename").count(),
            1,
            "the refused one left no entry"
        );
    }

    #[tokio::test]
    async fn a_person_keeps_at_least_one_passkey_and_only_removes_their_own() {
        let store = Store::open("mem://").await.expect("store");
        let me = enrolled(&store, "a").await;
        let first = store.passkeys(&me).await.expect("list")[0].key.clone();
        assert!(
            !store.remove_passkey(&me, &first).await.expect("remove"),
            "the last one stays"
        );
        store.add_passkey(&me, &passkey("b")).await.expect("add");
        assert!(
            !store
                .remove_passkey(&PersonKey::parse("someone-else").expect("key"), &first)
                .await
                .expect("remove")
        );
        assert!(store.remove_passkey(&me, &first).await.expect("remove"));
        let left = store.passkeys(&me).await.expect("list");
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].credential_id, "b");
    }

    #[tokio::test]
    async fn a_recovery_invitation_adds_a_passkey_to_the_same_person() {
        let store = Store::open("mem://").await.expect("store");
        let (community, code) = invitation(&store).await;
        let me = store
            .enrol(
                &code_key(&code),
                &PersonKey::parse(&uuid::Uuid::new_v4().to_string()).expect("key"),
                "甲",
                &passkey("old"),
                today(),
                false,
            )
            .await
            .expect("enrol");
        let recovery = store
            .issue_invitation(
                &InvitationRequest {
                    community: &community,
                    person: Some(&me),
                    roles: &[],
                    kind: InvitationKind::Recovery,
                    validity_days: 7,
                    may_carry: crate::domain::roles::Role::ALL,
                },
                "cli:staff",
            )
            .await
            .expect("issue recovery");
        let again = store
            .enrol(
                &code_key(&recovery.code),
                &PersonKey::parse(&uuid::Uuid::new_v4().to_string()).expect("key"),
                "ignored",
                &passkey("new"),
                today(),
                false,
            )
            .await
            .expect("recover");
        assert_eq!(again, me, "recovery keeps the person");
        assert_eq!(store.passkeys(&me).await.expect("list").len(), 2);
        assert_eq!(
            store
                .person_summary(&me)
                .await
                .expect("read")
                .expect("person")
                .name,
            "甲"
        );
        assert_eq!(
            store
                .role_grants(&me, &community)
                .await
                .expect("grants")
                .len(),
            2,
            "no new roles"
        );
        let log = store.audit_log().await.expect("log");
        assert!(log.iter().any(|e| e.action == "recovery.use"));
        assert_eq!(crate::domain::audit::verify(&log), Ok(()));
    }

    #[tokio::test]
    async fn recovery_can_revoke_the_old_passkeys_in_the_same_step() {
        let store = Store::open("mem://").await.expect("store");
        let (community, code) = invitation(&store).await;
        let me = store
            .enrol(
                &code_key(&code),
                &PersonKey::parse(&uuid::Uuid::new_v4().to_string()).expect("key"),
                "甲",
                &passkey("lost"),
                today(),
                true,
            )
            .await
            .expect("enrol");
        assert_eq!(
            store.passkeys(&me).await.expect("list").len(),
            1,
            "an enrolment invitation never revokes anything"
        );
        let recovery = store
            .issue_invitation(
                &InvitationRequest {
                    community: &community,
                    person: Some(&me),
                    roles: &[],
                    kind: InvitationKind::Recovery,
                    validity_days: 7,
                    may_carry: crate::domain::roles::Role::ALL,
                },
                "person:staff",
            )
            .await
            .expect("issue recovery");
        store
            .enrol(
                &code_key(&recovery.code),
                &test_key("unused"),
                "ignored",
                &passkey("new"),
                today(),
                true,
            )
            .await
            .expect("recover");
        let left = store.passkeys(&me).await.expect("list");
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].credential_id, "new");
        let summary = store
            .person_summary(&me)
            .await
            .expect("read")
            .expect("person");
        assert!(
            summary.sessions_valid_after.is_some(),
            "the lost phone's sessions are void"
        );
        let log = store.audit_log().await.expect("log");
        let used = log
            .iter()
            .find(|e| e.action == "recovery.use")
            .expect("entry");
        assert_eq!(
            Detail::parse(&used.detail)
                .and_then(|d| d.get(Fact::OldPasskeysRevoked).map(str::to_owned)),
            Some("true".to_owned()),
            "{}",
            used.detail
        );
        assert!(
            log.iter()
                .any(|e| e.action == "invitation.issue" && e.actor == "person:staff")
        );
    }

    #[tokio::test]
    async fn a_flagged_passkey_is_audited() {
        let store = Store::open("mem://").await.expect("store");
        let me = enrolled(&store, "cloned").await;
        let key = store.passkeys(&me).await.expect("list")[0].key.clone();
        store.flag_passkey(&key).await.expect("flag");
        assert!(store.passkeys(&me).await.expect("list")[0].flagged);
        let log = store.audit_log().await.expect("log");
        let entry = log
            .iter()
            .find(|e| e.action == "passkey.flag")
            .expect("audited");
        assert_eq!(entry.actor, format!("person:{me}"));
    }

    #[tokio::test]
    async fn racing_uses_of_one_invitation_enrol_exactly_once() {
        let store = Store::open("mem://").await.expect("store");
        let (_, code) = invitation(&store).await;
        let tasks: Vec<_> = (0..10)
            .map(|n| {
                let store = store.clone();
                let key = code_key(&code);
                tokio::spawn(async move {
                    store
                        .enrol(
                            &key,
                            &PersonKey::parse(&uuid::Uuid::new_v4().to_string()).expect("key"),
                            "甲",
                            &passkey(&format!("cred-{n}")),
                            today(),
                            false,
                        )
                        .await
                })
            })
            .collect();
        let mut enrolled = 0;
        for task in tasks {
            if task.await.expect("join").is_ok() {
                enrolled += 1;
            }
        }
        assert_eq!(enrolled, 1);
        let people: Vec<serde_json::Value> = store
            .db
            .query("SELECT * FROM person")
            .await
            .expect("q")
            .take(0)
            .expect("rows");
        assert_eq!(people.len(), 1);
    }
}

/// Issue 15, item 1: an invitation never yields more than its issuer could grant.
#[cfg(test)]
mod invitation_bounds {
    use super::*;
    use crate::domain::appointment::grantable_roles;
    use crate::domain::invitation::{InvitationKind, InvitationProblem};
    use crate::domain::refusal::Refusal;
    use crate::domain::registry::{NewCommunity, parse_register_csv};
    use crate::domain::roles::{Role, Term};
    use crate::store::invitations::{InvitationRequest, IssuedInvitation};

    fn today() -> chrono::NaiveDate {
        crate::domain::clock::today()
    }

    /// A community with one registry person who has not joined; answers both keys.
    async fn registry_person(store: &Store) -> (CommunityKey, PersonKey) {
        let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        let community = store
            .create_community(&new, "cli:test")
            .await
            .expect("create")
            .key;
        let people = parse_register_csv(
            "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n王秀英,1958-03-02,女,H1,一网格,一组,是,户籍\n",
            today(),
        )
        .expect("valid");
        let keys = store
            .add_people(&crate::store::Acting::new(&community, "cli:test"), &people)
            .await
            .expect("add");
        (community, keys[0].clone())
    }

    async fn grant(store: &Store, community: &CommunityKey, person: &PersonKey, role: Role) {
        let term = Term {
            from: today(),
            until: None,
        };
        assert!(
            store
                .grant_role(
                    &crate::store::Acting::new(community, "cli:test"),
                    person,
                    role,
                    term
                )
                .await
                .expect("grant")
        );
    }

    async fn invite(
        store: &Store,
        community: &CommunityKey,
        person: &PersonKey,
        issuer: &[Role],
    ) -> Result<IssuedInvitation, StoreError> {
        store
            .issue_invitation(
                &InvitationRequest {
                    community,
                    person: Some(person),
                    roles: &[Role::Resident],
                    kind: InvitationKind::Enrolment,
                    validity_days: 7,
                    may_carry: &grantable_roles(issuer),
                },
                "person:grid-worker",
            )
            .await
    }

    async fn use_it(store: &Store, code: &str, credential: &str) -> Result<PersonKey, EnrolError> {
        store
            .enrol(
                &code_key(code),
                &PersonKey::parse(&uuid::Uuid::new_v4().to_string()).expect("key"),
                "ignored",
                &NewPasskey {
                    credential_id: credential.into(),
                    credential: "{}".into(),
                    label: "phone".into(),
                },
                today(),
                false,
            )
            .await
    }

    #[tokio::test]
    async fn a_grid_worker_cannot_invite_a_registered_district_administrator() {
        let store = Store::open("mem://").await.expect("store");
        let (community, person) = registry_person(&store).await;
        grant(&store, &community, &person, Role::DistrictAdmin).await;
        let refused = invite(&store, &community, &person, &[Role::StationStaff]).await;
        assert!(
            matches!(
                refused,
                Err(StoreError::Refused(Refusal::InvitationAboveIssuer))
            ),
            "{refused:?}"
        );
        assert!(
            invite(&store, &community, &person, &[Role::DistrictAdmin])
                .await
                .is_ok()
        );
    }

    #[tokio::test]
    async fn an_invitation_is_checked_again_over_the_roles_held_when_it_is_used() {
        let store = Store::open("mem://").await.expect("store");
        let (community, person) = registry_person(&store).await;
        let issued = invite(&store, &community, &person, &[Role::StationStaff])
            .await
            .expect("issued while the person held nothing");
        grant(&store, &community, &person, Role::PartySecretary).await;
        let refused = use_it(&store, &issued.code, "cred-1").await;
        assert!(
            matches!(
                refused,
                Err(EnrolError::Store(StoreError::Refused(
                    Refusal::InvitationAboveIssuer
                )))
            ),
            "{refused:?}"
        );
        assert!(store.passkeys(&person).await.expect("list").is_empty());
        let invitation = store
            .invitation(&issued.code)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(invitation.state.used_at, None, "nothing was written");
    }

    #[tokio::test]
    async fn using_an_invitation_voids_the_others_and_names_issuer_and_person() {
        let store = Store::open("mem://").await.expect("store");
        let (community, person) = registry_person(&store).await;
        // Open beside each other: a recovery invitation and an enrolment one (a second
        // enrolment invitation would void the first as it is issued).
        let second = store
            .issue_invitation(
                &InvitationRequest {
                    community: &community,
                    person: Some(&person),
                    roles: &[],
                    kind: InvitationKind::Recovery,
                    validity_days: 7,
                    may_carry: &grantable_roles(&[Role::StationStaff]),
                },
                "person:grid-worker",
            )
            .await
            .expect("second");
        let first = invite(&store, &community, &person, &[Role::StationStaff])
            .await
            .expect("first");
        assert_eq!(
            use_it(&store, &first.code, "cred-1").await.expect("joins"),
            person
        );
        let voided = store
            .invitation(&second.code)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(
            voided.state.check(Utc::now()),
            Err(InvitationProblem::Voided)
        );
        assert!(matches!(
            use_it(&store, &second.code, "cred-2").await,
            Err(EnrolError::InvitationUnusable)
        ));
        assert_eq!(store.passkeys(&person).await.expect("list").len(), 1);
        let log = store.audit_log().await.expect("log");
        let used = log
            .iter()
            .find(|e| e.action == "invitation.use")
            .expect("entry");
        assert_eq!(used.actor, format!("person:{person}"));
        assert!(
            used.detail.contains("person:grid-worker"),
            "{}",
            used.detail
        );
    }

    #[tokio::test]
    async fn issuing_an_invitation_voids_the_persons_earlier_open_one_of_that_kind() {
        let store = Store::open("mem://").await.expect("store");
        let (community, person) = registry_person(&store).await;
        let earlier = invite(&store, &community, &person, &[Role::StationStaff])
            .await
            .expect("earlier");
        let newest = invite(&store, &community, &person, &[Role::StationStaff])
            .await
            .expect("newest");
        let state = |code: String| {
            let store = &store;
            async move {
                store
                    .invitation(&code)
                    .await
                    .expect("read")
                    .expect("found")
                    .state
                    .check(Utc::now())
            }
        };
        assert_eq!(
            state(earlier.code).await,
            Err(InvitationProblem::Voided),
            "one open invitation per person and kind: the earlier card no longer works"
        );
        assert_eq!(state(newest.code).await, Ok(()));
    }

    #[tokio::test]
    async fn an_enrolment_invitation_is_refused_once_the_person_has_a_passkey() {
        let store = Store::open("mem://").await.expect("store");
        let (community, person) = registry_person(&store).await;
        let open = invite(&store, &community, &person, &[Role::StationStaff])
            .await
            .expect("issued");
        store
            .add_passkey(
                &person,
                &NewPasskey {
                    credential_id: "cred-1".into(),
                    credential: "{}".into(),
                    label: "phone".into(),
                },
            )
            .await
            .expect("a passkey by another way in");
        let refused = use_it(&store, &open.code, "cred-2").await;
        assert!(
            matches!(
                refused,
                Err(EnrolError::Store(StoreError::Refused(
                    Refusal::AlreadyEnrolled
                )))
            ),
            "{refused:?}"
        );
        assert!(matches!(
            invite(&store, &community, &person, &[Role::StationStaff]).await,
            Err(StoreError::Refused(Refusal::AlreadyEnrolled))
        ));
        assert_eq!(store.passkeys(&person).await.expect("list").len(), 1);
    }
}
