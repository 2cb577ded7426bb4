//! Pure rules of the community's affairs: elections, evaluations, deliberations, the calendar
//! and roles. No IO and no Leptos here: every rule lives once in this module, is configurable
//! where DESIGN.md says so, and is unit-tested under the rule's name.

pub mod appointment;
pub mod audit;
pub mod audit_detail;
pub mod calendar;
pub mod clock;
pub mod device;
pub mod double_entry;
pub mod election;
pub mod evaluation;
pub mod invitation;
pub mod keys;
pub mod notice;
pub mod notice_draft;
pub mod place_order;
pub mod policy;
pub mod rate_limit;
pub mod refusal;
pub mod registry;
pub mod return_to;
pub mod roles;
pub mod rules;
pub mod staffing;
pub mod text;
