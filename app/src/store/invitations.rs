//! Invitations in the database. The code is shown once, at issue, and only its SHA-256 is
//! stored, as the record key: a leaked database cannot be used to enrol.

use super::audit::{Audited, facts};
use super::{Store, StoreError};
use crate::domain::audit_detail::{Detail, Fact};
use crate::domain::invitation::{CODE_LENGTH, InvitationKind, InvitationState, code_from_random};
use crate::domain::roles::Role;
use crate::store::Acting;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use surrealdb::types::SurrealValue;

/// A freshly issued invitation: the code goes to the person, never into the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedInvitation {
    pub code: String,
    pub expires_at: DateTime<Utc>,
}

/// What an invitation grants, and whether it may still be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub community: crate::domain::keys::CommunityKey,
    pub person: Option<crate::domain::keys::PersonKey>,
    pub roles: Vec<Role>,
    pub kind: InvitationKind,
    pub state: InvitationState,
}

/// What staff ask for when issuing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRequest<'a> {
    pub community: &'a crate::domain::keys::CommunityKey,
    pub person: Option<&'a crate::domain::keys::PersonKey>,
    pub roles: &'a [Role],
    pub kind: InvitationKind,
    pub validity_days: i64,
    /// Every role the issuer may grant (`appointment::grantable_roles`; all of them from the
    /// command line). Stored with the invitation: at issue and again when it is used, every
    /// role the person will hold must be among them.
    pub may_carry: &'a [Role],
}

#[derive(Debug, Clone, SurrealValue)]
#[surreal(crate = "surrealdb::types")]
struct InvitationRow {
    community: crate::domain::keys::CommunityKey,
    person: Option<crate::domain::keys::PersonKey>,
    roles: Vec<Role>,
    kind: String,
    expires_at: DateTime<Utc>,
    used_at: Option<DateTime<Utc>>,
    voided_at: Option<DateTime<Utc>>,
}

/// The record key of a code.
pub fn code_key(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// A new code from the operating system's CSPRNG (by way of UUID v4's randomness).
fn new_code() -> String {
    let mut random = [0u8; CODE_LENGTH];
    let a = uuid::Uuid::new_v4();
    let b = uuid::Uuid::new_v4();
    for (slot, byte) in random
        .iter_mut()
        .zip(a.as_bytes().iter().chain(b.as_bytes()))
    {
        *slot = *byte;
    }
    code_from_random(&random)
}

/// Refuses (inside the transaction) an invitation for `$p` (a person record or NONE) whose roles,
/// with those `$p` holds, go beyond `$may_carry`, and an enrolment invitation for someone who
/// already has a passkey. Shared by issuing one invitation and a sheet of them; `enrol` checks
/// the same again when the invitation is used.
const CHECK_PERSON: &str = "IF $p { \
     LET $held = (SELECT VALUE role FROM role_grant WHERE person = $p \
       AND (until = NONE OR until >= $today)); \
     IF array::len(array::complement(array::union($held, $roles), $may_carry)) > 0 \
       { THROW 'refused:invitation_above_issuer' }; \
     IF $kind = 'enrolment' AND array::len((SELECT VALUE id FROM passkey WHERE person = $p)) > 0 \
       { THROW 'refused:already_enrolled' }; \
     };";

fn kind_code(kind: InvitationKind) -> &'static str {
    match kind {
        InvitationKind::Enrolment => "enrolment",
        InvitationKind::Recovery => "recovery",
    }
}

/// Voids the person `$p`'s earlier invitations of kind `$kind` still open: a person has one
/// open invitation of each kind, the newest (`domain::invitation`).
const VOID_EARLIER: &str = "UPDATE invitation SET voided_at = time::now() WHERE person = $p \
    AND kind = $kind AND used_at = NONE AND voided_at = NONE;";

impl Store {
    /// Issues an invitation and records who issued it. The community (and the person, if
    /// named) must exist and the person must belong to the community.
    pub async fn issue_invitation(
        &self,
        request: &InvitationRequest<'_>,
        actor: &str,
    ) -> Result<IssuedInvitation, StoreError> {
        let code = new_code();
        let state = InvitationState::issued(Utc::now(), request.validity_days);
        let roles: Vec<&str> = request.roles.iter().map(|r| r.code()).collect();
        let may_carry: Vec<&str> = request.may_carry.iter().map(|r| r.code()).collect();
        let mut detail = Detail::new()
            .with(Fact::InvitationKind, kind_code(request.kind))
            .with(Fact::Role, roles.join(","));
        if let Some(person) = request.person {
            detail = detail.with(Fact::Person, person);
        }
        let surql = format!(
            "IF record::exists(type::record('community', $community)) = false {{ THROW 'unknown community' }}; \
             LET $p = IF $person {{ type::record('person', $person) }} ELSE {{ NONE }}; \
             IF $p AND (SELECT VALUE community FROM ONLY $p) != type::record('community', $community) \
             {{ THROW 'person is not in this community' }}; \
             {CHECK_PERSON} \
             IF $p {{ {VOID_EARLIER} }}; \
             CREATE type::record('invitation', $key) SET community = type::record('community', $community), \
             person = $p, roles = $roles, may_carry = $may_carry, kind = $kind, created_at = time::now(), \
             expires_at = <datetime> $expires_at, issued_by = $actor"
        );
        self.audited(
            facts(actor, "invitation.issue", Some(request.community), detail),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("key", code_key(&code).into()),
                    ("community", request.community.into()),
                    ("person", request.person.into()),
                    ("roles", roles.into()),
                    ("may_carry", may_carry.into()),
                    ("kind", kind_code(request.kind).into()),
                    ("today", crate::domain::clock::today().to_string().into()),
                    ("expires_at", state.expires_at.to_rfc3339().into()),
                    ("actor", actor.into()),
                ],
            },
        )
        .await?;
        Ok(IssuedInvitation {
            code,
            expires_at: state.expires_at,
        })
    }

    /// Issues one enrolment invitation for each of `people` (registry people of `community`),
    /// granting `roles`, in one transaction with one audit entry: the printed sheet is either
    /// all valid or not issued at all. Answers the codes in the order of `people`.
    pub async fn issue_invitation_sheet(
        &self,
        acting: &Acting,
        people: &[crate::domain::keys::PersonKey],
        roles: &[Role],
        may_carry: &[Role],
        validity_days: i64,
    ) -> Result<Vec<IssuedInvitation>, StoreError> {
        let (community, actor) = (acting.community.as_str(), acting.actor.as_str());
        let state = InvitationState::issued(Utc::now(), validity_days);
        let issued: Vec<IssuedInvitation> = people
            .iter()
            .map(|_| IssuedInvitation {
                code: new_code(),
                expires_at: state.expires_at,
            })
            .collect();
        let rows: Vec<serde_json::Value> = people
            .iter()
            .zip(&issued)
            .map(|(person, invitation)| {
                serde_json::json!({ "key": code_key(&invitation.code), "person": person })
            })
            .collect();
        let roles: Vec<&str> = roles.iter().map(|r| r.code()).collect();
        let may_carry: Vec<&str> = may_carry.iter().map(|r| r.code()).collect();
        let detail = Detail::new()
            .with(Fact::InvitationKind, kind_code(InvitationKind::Enrolment))
            .with(Fact::Invitations, people.len())
            .with(Fact::Role, roles.join(","));
        let surql = format!(
            "LET $c = type::record('community', $community); \
             FOR $row IN $rows {{ \
             LET $p = type::record('person', $row.person); \
             IF (SELECT VALUE community FROM ONLY $p) != $c {{ THROW 'person is not in this community' }}; \
             {CHECK_PERSON} \
             {VOID_EARLIER} \
             CREATE type::record('invitation', $row.key) SET community = $c, \
             person = $p, roles = $roles, may_carry = $may_carry, kind = $kind, \
             created_at = time::now(), expires_at = <datetime> $expires_at, issued_by = $actor }}"
        );
        self.audited(
            facts(actor, "invitation.issue", Some(community), detail),
            Audited {
                surql: &surql,
                bindings: vec![
                    ("community", community.into()),
                    ("rows", rows.into()),
                    ("roles", roles.into()),
                    ("may_carry", may_carry.into()),
                    ("kind", kind_code(InvitationKind::Enrolment).into()),
                    ("today", crate::domain::clock::today().to_string().into()),
                    ("expires_at", state.expires_at.to_rfc3339().into()),
                    ("actor", actor.into()),
                ],
            },
        )
        .await?;
        Ok(issued)
    }

    /// The invitation a code opens, if the code is one.
    pub async fn invitation(&self, code: &str) -> Result<Option<Invitation>, StoreError> {
        let rows: Vec<InvitationRow> = self
            .db
            .query(
                "SELECT <string> record::id(community) AS community, \
                 IF person = NONE { NONE } ELSE { <string> record::id(person) } AS person, \
                 roles, kind, expires_at, used_at, voided_at FROM type::record('invitation', $key)",
            )
            .bind(("key", code_key(code)))
            .await?
            .check()?
            .take(0)?;
        Ok(rows.into_iter().next().map(|row| Invitation {
            community: row.community,
            person: row.person,
            roles: row.roles,
            kind: if row.kind == "recovery" {
                InvitationKind::Recovery
            } else {
                InvitationKind::Enrolment
            },
            state: InvitationState {
                expires_at: row.expires_at,
                used_at: row.used_at,
                voided_at: row.voided_at,
            },
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::invitation::{InvitationProblem, parse_code};
    #[allow(unused_imports)]
    use crate::domain::keys::*;
    use crate::domain::registry::NewCommunity;

    async fn community(store: &Store) -> CommunityKey {
        let new = NewCommunity::parse("示例社区", "青山区", 2_400).expect("valid");
        store
            .create_community(&new, "cli:test")
            .await
            .expect("create")
            .key
    }

    #[tokio::test]
    async fn an_issued_code_opens_its_invitation_and_only_its_hash_is_stored() {
        let store = Store::open("mem://").await.expect("store");
        let key = community(&store).await;
        let issued = store
            .issue_invitation(
                &InvitationRequest {
                    community: &key,
                    person: None,
                    roles: &[Role::StationChief],
                    kind: InvitationKind::Enrolment,
                    validity_days: 7,
                    may_carry: Role::ALL,
                },
                "cli:test",
            )
            .await
            .expect("issue");
        assert_eq!(parse_code(&issued.code), Some(issued.code.clone()));
        let invitation = store
            .invitation(&issued.code)
            .await
            .expect("read")
            .expect("found");
        assert_eq!(invitation.community, key);
        assert_eq!(invitation.roles, vec![Role::StationChief]);
        assert_eq!(invitation.state.check(Utc::now()), Ok(()));
        let stored: Vec<serde_json::Value> = store
            .db
            .query("SELECT * FROM invitation")
            .await
            .expect("query")
            .take(0)
            .expect("rows");
        let dump = serde_json::to_string(&stored).expect("json");
        assert!(
            !dump.contains(&issued.code),
            "the code itself is never stored"
        );
        assert!(
            store
                .audit_log()
                .await
                .expect("log")
                .iter()
                .any(|e| e.action == "invitation.issue")
        );
    }

    #[tokio::test]
    async fn an_unknown_code_opens_nothing() {
        let store = Store::open("mem://").await.expect("store");
        assert_eq!(
            store
                .invitation("23456789ABCDEFGHJKLM")
                .await
                .expect("read"),
            None
        );
        let _ = InvitationProblem::Unknown;
    }

    #[tokio::test]
    async fn an_invitation_to_an_unknown_community_is_refused_and_not_audited() {
        let store = Store::open("mem://").await.expect("store");
        let result = store
            .issue_invitation(
                &InvitationRequest {
                    community: &test_key("nowhere"),
                    person: None,
                    roles: &[Role::Resident],
                    kind: InvitationKind::Enrolment,
                    validity_days: 7,
                    may_carry: Role::ALL,
                },
                "cli:test",
            )
            .await;
        assert!(result.is_err());
        assert!(store.audit_log().await.expect("log").is_empty());
    }

    #[tokio::test]
    async fn a_sheet_of_invitations_is_issued_whole_or_not_at_all() {
        use crate::domain::registry::parse_register_csv;
        let store = Store::open("mem://").await.expect("store");
        let key = community(&store).await;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let people = parse_register_csv(
            "姓名,出生日期,性别,户号,网格,居民小组,党员,类别\n王秀英,1958-03-02,女,H1,一网格,一组,是,户籍\n李明,1990-07-15,男,H2,二网格,三组,否,常住\n",
            today,
        )
        .expect("valid");
        let keys = store
            .add_people(&crate::store::Acting::new(&key, "cli:test"), &people)
            .await
            .expect("add");
        let sheet = store
            .issue_invitation_sheet(
                &crate::store::Acting::new(&key, "person:staff"),
                &keys,
                &[Role::Resident],
                Role::ALL,
                7,
            )
            .await
            .expect("sheet");
        assert_eq!(sheet.len(), 2);
        for (issued, person) in sheet.iter().zip(&keys) {
            let invitation = store
                .invitation(&issued.code)
                .await
                .expect("read")
                .expect("found");
            assert_eq!(invitation.person.as_deref(), Some(person.as_str()));
            assert_eq!(invitation.roles, [Role::Resident]);
        }
        let entries = store.audit_log().await.expect("log").len();
        let mixed = vec![keys[0].clone(), test_key("someone-elsewhere")];
        assert!(
            store
                .issue_invitation_sheet(
                    &crate::store::Acting::new(&key, "person:staff"),
                    &mixed,
                    &[Role::Resident],
                    Role::ALL,
                    7
                )
                .await
                .is_err()
        );
        let stored: Vec<serde_json::Value> = store
            .db
            .query("SELECT id FROM invitation")
            .await
            .expect("query")
            .take(0)
            .expect("rows");
        assert_eq!(stored.len(), 2, "nothing of the refused sheet was written");
        assert_eq!(store.audit_log().await.expect("log").len(), entries);
    }
}
