//! Proxy votes (委托投票, L25 Art. 19): a voter who will be away names another voter of the
//! community; the holder carries at most three, is not a candidate, and none are allowed in
//! representative mode. The list of proxies is published.

use super::plan::Mode;
use crate::domain::refusal::Refusal;
use crate::domain::rules::CommunityRules;

/// What is known when a voter names a proxy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProxyRequest<'a, K> {
    pub mode: Mode,
    pub principal: &'a K,
    pub holder: &'a K,
    /// Both are on this election's roll (the roll is the community's).
    pub principal_on_roll: bool,
    pub holder_on_roll: bool,
    pub holder_is_candidate: bool,
    /// Principals the holder already carries.
    pub holder_carries: usize,
    pub principal_has_proxy: bool,
}

/// May the proxy be named?
pub fn check<K: PartialEq>(
    request: &ProxyRequest<'_, K>,
    rules: &CommunityRules,
) -> Result<(), Refusal> {
    if !request.mode.allows_proxies() {
        return Err(Refusal::NoProxiesInThisMode);
    }
    if request.principal == request.holder {
        return Err(Refusal::OwnProxy);
    }
    if !request.principal_on_roll || !request.holder_on_roll {
        return Err(Refusal::NotOnRoll);
    }
    if request.principal_has_proxy {
        return Err(Refusal::ProxyAlreadyNamed);
    }
    if request.holder_is_candidate {
        return Err(Refusal::ProxyIsCandidate);
    }
    if request.holder_carries >= usize::from(rules.proxies_per_holder) {
        return Err(Refusal::ProxyFull);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(principal: &'a u32, holder: &'a u32) -> ProxyRequest<'a, u32> {
        ProxyRequest {
            mode: Mode::AllVoters,
            principal,
            holder,
            principal_on_roll: true,
            holder_on_roll: true,
            holder_is_candidate: false,
            holder_carries: 0,
            principal_has_proxy: false,
        }
    }

    #[test]
    fn l25_art19_holder_is_a_voter_holds_at_most_three_and_is_no_candidate() {
        let rules = CommunityRules::default();
        assert_eq!(check(&request(&1, &2), &rules), Ok(()));
        let full = ProxyRequest {
            holder_carries: 3,
            ..request(&1, &2)
        };
        assert_eq!(check(&full, &rules), Err(Refusal::ProxyFull));
        let two = ProxyRequest {
            holder_carries: 2,
            ..request(&1, &2)
        };
        assert_eq!(check(&two, &rules), Ok(()));
        let candidate = ProxyRequest {
            holder_is_candidate: true,
            ..request(&1, &2)
        };
        assert_eq!(check(&candidate, &rules), Err(Refusal::ProxyIsCandidate));
        let outsider = ProxyRequest {
            holder_on_roll: false,
            ..request(&1, &2)
        };
        assert_eq!(check(&outsider, &rules), Err(Refusal::NotOnRoll));
        assert_eq!(check(&request(&1, &1), &rules), Err(Refusal::OwnProxy));
        let again = ProxyRequest {
            principal_has_proxy: true,
            ..request(&1, &2)
        };
        assert_eq!(check(&again, &rules), Err(Refusal::ProxyAlreadyNamed));
    }

    #[test]
    fn l25_art19_no_proxies_in_representative_mode() {
        let representatives = ProxyRequest {
            mode: Mode::Representatives,
            ..request(&1, &2)
        };
        assert_eq!(
            check(&representatives, &CommunityRules::default()),
            Err(Refusal::NoProxiesInThisMode)
        );
    }
}
