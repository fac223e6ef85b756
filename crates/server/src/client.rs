//! Who is asking: the client's address and scheme, as the peer saw them or, when the peer
//! is one of the operator's proxies (`TRUSTED_PROXIES`), as its forwarding headers say.
//!
//! A forwarding header is only as good as whoever wrote it. Each trusted proxy appends the
//! address it received the request from, so the chain is read from the right: the first
//! address that is not one of ours is the client. Anything to its left was written by the
//! client itself and is ignored, and from a peer that is not trusted the headers are
//! ignored altogether: nobody chooses their own address.

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The operator's proxies.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
}

/// The client of one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Client {
    /// Its address.
    pub ip: IpAddr,
    /// True when it reached the proxy over https (`X-Forwarded-Proto`); false when it
    /// talked to us directly or the proxy said http.
    pub https: bool,
}

impl TrustedProxies {
    /// Reads a list of CIDRs or single addresses (`127.0.0.1, 10.0.0.0/8 ::1`).
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let nets = crate::config::list(list)
            .iter()
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("TRUSTED_PROXIES: {item:?} is not an address or CIDR"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TrustedProxies { nets })
    }

    /// True when `ip` is one of the proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.nets.iter().any(|n| n.contains(&ip))
    }

    /// The client of a request that came from `peer` with `headers`.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> Client {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return Client {
                ip: peer,
                https: false,
            };
        }
        let hops = forwarded_for(headers);
        let mut client = peer;
        // From the right: each hop a trusted proxy vouches for, until one is not ours.
        for hop in hops.iter().rev() {
            match hop {
                Some(ip) => {
                    client = canonical(*ip);
                    if !self.contains(client) {
                        break;
                    }
                }
                // A hop that is no address ("unknown", a secret name, garbage): nothing to
                // its left can be checked, so the last proxy we trust stands for it.
                None => break,
            }
        }
        Client {
            ip: client,
            https: says_https(headers),
        }
    }

    /// True when `peer` is one of the proxies and says the client came over https: what
    /// [`Self::client`] tells of the scheme, without reading the chain of addresses (every
    /// answer asks, for HSTS).
    pub fn https(&self, peer: IpAddr, headers: &HeaderMap) -> bool {
        self.contains(peer) && says_https(headers)
    }
}

/// IPv4 written as IPv6 (`::ffff:1.2.3.4`, how a dual-stack socket reports it) is IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The hops of `X-Forwarded-For` (every such header, in order), or else of `Forwarded:
/// for=`; `None` for a hop that is not an address.
fn forwarded_for(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let xff: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    if !xff.is_empty() {
        return xff.into_iter().map(|h| node_address(h.trim())).collect();
    }
    forwarded_pairs(headers, "for")
        .map(|value| node_address(&value))
        .collect()
}

/// True when the nearest proxy reports https.
fn says_https(headers: &HeaderMap) -> bool {
    forwarded_proto(headers).is_some_and(|p| p.eq_ignore_ascii_case("https"))
}

/// The scheme the client used, as the nearest proxy reports it.
fn forwarded_proto(headers: &HeaderMap) -> Option<String> {
    if let Some(v) = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
    {
        // A chain of proxies may list one scheme each; the first is the client's.
        return v.split(',').next().map(|p| p.trim().to_owned());
    }
    forwarded_pairs(headers, "proto").next()
}

/// The values of `name=` in every element of every `Forwarded` header (RFC 7239), unquoted.
fn forwarded_pairs<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = String> + 'a {
    headers
        .get_all("forwarded")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(move |element| {
            element.split(';').find_map(|pair| {
                let (k, v) = pair.split_once('=')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().trim_matches('"').to_owned())
            })
        })
}

/// An address as a hop names it: `1.2.3.4`, `1.2.3.4:5678`, `[2001:db8::1]:80`, `2001:db8::1`.
fn node_address(node: &str) -> Option<IpAddr> {
    let node = node.trim();
    if let Ok(ip) = node.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = node.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    let (host, port) = node.rsplit_once(':')?;
    port.parse::<u16>().ok()?;
    host.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4)
}

/// What the limits count by: the address itself for IPv4, and its /64 for IPv6, since a
/// single phone or home is given a whole /64 and can change addresses within it at will.
pub fn bucket_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use proptest::prelude::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn nginx() -> TrustedProxies {
        TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap()
    }

    #[test]
    fn without_trusted_proxies_the_peer_is_the_client_whatever_the_headers_say() {
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-proto", "https"),
        ]);
        let none = TrustedProxies::default();
        let c = none.client(ip("198.51.100.4"), &h);
        assert_eq!(c.ip, ip("198.51.100.4"));
        assert!(!c.https);
        // A client that is not a proxy cannot choose its address either.
        assert_eq!(
            nginx().client(ip("198.51.100.4"), &h).ip,
            ip("198.51.100.4")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        // The client wrote "1.1.1.1" itself; nginx appended the address it really saw.
        let h = headers(&[("x-forwarded-for", "1.1.1.1, 203.0.113.9, 10.1.2.3")]);
        let c = nginx().client(ip("127.0.0.1"), &h);
        assert_eq!(c.ip, ip("203.0.113.9"));
        // Two headers count as one list, in order.
        let h = headers(&[
            ("x-forwarded-for", "1.1.1.1"),
            ("x-forwarded-for", "203.0.113.9"),
        ]);
        assert_eq!(nginx().client(ip("127.0.0.1"), &h).ip, ip("203.0.113.9"));
        // Only proxies in the chain: the left-most is as far as we can see.
        let h = headers(&[("x-forwarded-for", "10.0.0.5")]);
        assert_eq!(nginx().client(ip("127.0.0.1"), &h).ip, ip("10.0.0.5"));
        // No header: the proxy itself.
        assert_eq!(
            nginx().client(ip("127.0.0.1"), &HeaderMap::new()).ip,
            ip("127.0.0.1")
        );
    }

    #[test]
    fn a_hop_that_is_no_address_stops_the_walk() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9, unknown, 10.0.0.7")]);
        assert_eq!(nginx().client(ip("127.0.0.1"), &h).ip, ip("10.0.0.7"));
    }

    #[test]
    fn the_forwarded_header_is_read_when_there_is_no_x_forwarded_for() {
        let h = headers(&[(
            "forwarded",
            r#"for=1.1.1.1, for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.2"#,
        )]);
        let c = nginx().client(ip("127.0.0.1"), &h);
        assert_eq!(c.ip, ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "for=192.0.2.60:8080;proto=https;by=10.0.0.1")]);
        let c = nginx().client(ip("10.9.9.9"), &h);
        assert_eq!(c.ip, ip("192.0.2.60"));
        assert!(c.https);
    }

    #[test]
    fn the_scheme_comes_from_a_trusted_proxy_only() {
        let h = headers(&[
            ("x-forwarded-for", "203.0.113.9"),
            ("x-forwarded-proto", "https"),
        ]);
        assert!(nginx().client(ip("127.0.0.1"), &h).https);
        assert!(!nginx().client(ip("203.0.113.1"), &h).https);
        let h = headers(&[("x-forwarded-proto", "http")]);
        assert!(!nginx().client(ip("127.0.0.1"), &h).https);
    }

    #[test]
    fn the_scheme_alone_is_what_the_whole_client_says_of_it() {
        let cases = [
            headers(&[("x-forwarded-proto", "https")]),
            headers(&[("x-forwarded-proto", "HTTPS, http")]),
            headers(&[("x-forwarded-proto", "http")]),
            headers(&[("forwarded", "for=192.0.2.60;proto=https")]),
            headers(&[("x-forwarded-for", "203.0.113.9, unknown")]),
            HeaderMap::new(),
        ];
        for h in &cases {
            for peer in ["127.0.0.1", "::ffff:10.0.0.1", "203.0.113.1"] {
                for proxies in [nginx(), TrustedProxies::default()] {
                    assert_eq!(
                        proxies.https(ip(peer), h),
                        proxies.client(ip(peer), h).https,
                        "{peer} {h:?}"
                    );
                }
            }
        }
        assert!(nginx().https(ip("::ffff:127.0.0.1"), &cases[0]));
        assert!(!nginx().https(ip("203.0.113.1"), &cases[0]));
    }

    #[test]
    fn ipv4_mapped_peers_are_ipv4() {
        let h = headers(&[("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(
            nginx().client(ip("::ffff:127.0.0.1"), &h).ip,
            ip("203.0.113.9")
        );
    }

    #[test]
    fn a_bad_list_is_refused_with_the_item_named() {
        let e = TrustedProxies::parse("127.0.0.1, 10.0.0.0/33").unwrap_err();
        assert!(e.contains("10.0.0.0/33"), "{e}");
        assert!(TrustedProxies::parse("").unwrap().nets.is_empty());
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64() {
        assert_eq!(bucket_key(ip("203.0.113.9")), "203.0.113.9");
        assert_eq!(
            bucket_key(ip("2001:db8:1:2:aaaa::1")),
            bucket_key(ip("2001:db8:1:2:bbbb::9"))
        );
        assert_ne!(
            bucket_key(ip("2001:db8:1:2::1")),
            bucket_key(ip("2001:db8:1:3::1"))
        );
    }

    proptest! {
        // Whatever a client writes into the headers, from an untrusted peer it changes
        // nothing, and through the proxy the client is at best the address nginx saw.
        #[test]
        fn a_client_cannot_choose_its_address(spoof in "[0-9a-f.:, \\[\\]unknow]{0,60}", a in any::<[u8; 4]>()) {
            let real = IpAddr::from([203, a[1], a[2], a[3]]);
            let mut h = HeaderMap::new();
            if let Ok(v) = HeaderValue::from_str(&spoof) {
                h.insert("x-forwarded-for", v.clone());
                h.insert("forwarded", v);
            }
            prop_assert_eq!(nginx().client(real, &h).ip, real);
            let appended = format!("{spoof}, {real}");
            if let Ok(v) = HeaderValue::from_str(&appended) {
                let mut h = HeaderMap::new();
                h.insert("x-forwarded-for", v);
                prop_assert_eq!(nginx().client(ip("127.0.0.1"), &h).ip, real);
            }
        }
    }
}
