//! Record keys (`domain::keys`) in markup: a key goes into an attribute (a hidden input's
//! value, a link, an id) as its text, without a `to_string()` at every use.

use crate::domain::keys::{
    CandidateKey, CommunityKey, DraftKey, ElectionKey, GrantKey, NominationKey, NoticeKey,
    ObjectionKey, PersonKey, PlaceKey,
};
use leptos::attr::IntoAttributeValue;

macro_rules! key_attributes {
    ($($key:ty),*) => {
        $(
            impl IntoAttributeValue for $key {
                type Output = String;
                fn into_attribute_value(self) -> String {
                    self.into()
                }
            }
        )*
    };
}

key_attributes!(
    CandidateKey,
    CommunityKey,
    DraftKey,
    ElectionKey,
    GrantKey,
    NominationKey,
    NoticeKey,
    ObjectionKey,
    PersonKey,
    PlaceKey
);
