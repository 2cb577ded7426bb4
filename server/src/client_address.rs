//! The client's address, as rate limits and logs see it. In production the app sits behind a
//! reverse proxy (WebAuthn needs HTTPS, which the proxy terminates), so every request arrives
//! from the proxy and the proxy names the client in `Forwarded` (RFC 7239) or
//! `X-Forwarded-For`. Those headers are believed only from peers listed with
//! `--trusted-proxy`, and read from the right: each trusted hop names the one before it, and
//! the first address that is not a trusted proxy is the client. Without this, every resident
//! shared the proxy's one rate-limit bucket (issue 15, item 2).

use crate::AppState;
use app::auth::client::ClientAddress;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

/// Which header the trusted proxy writes the client into. Only that one is read: a header the
/// proxy passes through untouched is the client's own words (a review found `Forwarded`
/// preferred and passed through by Caddy and nginx, so a client chose its own address).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ForwardedHeader {
    /// `X-Forwarded-For`, which Caddy sets and nginx appends to (`$proxy_add_x_forwarded_for`).
    #[default]
    XForwardedFor,
    /// `Forwarded` (RFC 7239).
    Forwarded,
}

/// The proxies whose forwarding headers are believed: addresses or CIDR ranges.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses `--trusted-proxy` values: `10.0.0.5`, `10.0.0.0/8`, `::1`, `fd00::/8`.
    pub fn parse(values: &[String]) -> anyhow::Result<Self> {
        values
            .iter()
            .map(|value| {
                let value = value.trim();
                value
                    .parse::<IpNet>()
                    .or_else(|_| value.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "--trusted-proxy {value:?} is neither an address nor a CIDR range"
                        )
                    })
            })
            .collect::<anyhow::Result<Vec<_>>>()
            .map(Self)
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:a.b.c.d`) as the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The client of a request that came from `peer` with `headers`.
pub fn client_address(
    peer: IpAddr,
    headers: &HeaderMap,
    trusted: &TrustedProxies,
    header: ForwardedHeader,
) -> IpAddr {
    let mut client = canonical(peer);
    if !trusted.contains(client) {
        return client;
    }
    for hop in forwarded_hops(headers, header).into_iter().rev() {
        // A hop the proxy could not name ("unknown", an obfuscated name) ends the walk at the
        // last address known.
        let Some(hop) = hop else { break };
        client = canonical(hop);
        if !trusted.contains(client) {
            break;
        }
    }
    client
}

/// The addresses the forwarding header lists, leftmost (farthest) first.
fn forwarded_hops(headers: &HeaderMap, header: ForwardedHeader) -> Vec<Option<IpAddr>> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(|part| part.trim().to_owned())
            .filter(|part| !part.is_empty())
            .collect()
    };
    if header == ForwardedHeader::Forwarded {
        return values("forwarded")
            .iter()
            .map(|element| {
                element
                    .split(';')
                    .find_map(|pair| {
                        let (key, value) = pair.split_once('=')?;
                        key.trim().eq_ignore_ascii_case("for").then_some(value)
                    })
                    .and_then(node_address)
            })
            .collect();
    }
    values("x-forwarded-for")
        .iter()
        .map(|value| node_address(value))
        .collect()
}

/// An address from a `for=` node or an `X-Forwarded-For` entry: `192.0.2.1`,
/// `"192.0.2.1:4711"`, `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Ok(address) = node.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(socket) = node.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    let bracketed = node.strip_prefix('[')?.split(']').next()?;
    bracketed.parse().ok()
}

/// Puts the request's [`ClientAddress`] where server functions find it.
pub async fn resolve(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        let client = client_address(
            peer,
            request.headers(),
            &state.trusted_proxies,
            state.forwarded_header,
        );
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_str(value).expect("header"));
        }
        map
    }

    const XFF: ForwardedHeader = ForwardedHeader::XForwardedFor;
    const RFC: ForwardedHeader = ForwardedHeader::Forwarded;

    fn proxies(values: &[&str]) -> TrustedProxies {
        TrustedProxies::parse(&values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>())
            .expect("valid")
    }

    #[test]
    fn forwarding_headers_from_an_untrusted_peer_are_ignored() {
        let sent = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(
            client_address(ip("198.51.100.2"), &sent, &proxies(&["10.0.0.1"]), XFF),
            ip("198.51.100.2")
        );
        assert_eq!(
            client_address(ip("198.51.100.2"), &sent, &TrustedProxies::default(), XFF),
            ip("198.51.100.2")
        );
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let trusted = proxies(&["10.0.0.0/8"]);
        let sent = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted, XFF),
            ip("203.0.113.7")
        );
        let sent = headers(&[("forwarded", "for=\"[2001:db8::1]:4711\";proto=https")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted, RFC),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn a_client_cannot_pick_its_address_by_sending_the_header_itself() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address.
        let trusted = proxies(&["10.0.0.1"]);
        let sent = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.7")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted, XFF),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn only_the_header_the_proxy_writes_is_read() {
        // The review's case: the proxy writes X-Forwarded-For and passes a client's own
        // `Forwarded` through untouched.
        let trusted = proxies(&["10.0.0.1"]);
        let sent = headers(&[
            ("forwarded", "for=198.51.100.7"),
            ("x-forwarded-for", "203.0.113.7"),
        ]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted, XFF),
            ip("203.0.113.7")
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted, RFC),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn chains_of_trusted_proxies_are_walked_from_the_right() {
        let trusted = proxies(&["10.0.0.0/8", "192.168.1.1"]);
        let sent = headers(&[
            ("forwarded", "for=1.2.3.4, for=203.0.113.7"),
            ("forwarded", "for=192.168.1.1"),
        ]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted, RFC),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn an_unnamed_hop_stops_the_walk() {
        let trusted = proxies(&["10.0.0.1"]);
        let sent = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(
            client_address(ip("10.0.0.1"), &sent, &trusted, RFC),
            ip("10.0.0.1")
        );
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_ranges() {
        let trusted = proxies(&["127.0.0.1"]);
        let sent = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(
            client_address(ip("::ffff:127.0.0.1"), &sent, &trusted, XFF),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_bad_trusted_proxy_is_refused_with_its_value() {
        let error = TrustedProxies::parse(&["10.0.0.300".to_owned()]).expect_err("refused");
        assert!(error.to_string().contains("10.0.0.300"));
    }
}
