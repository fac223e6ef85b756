//! Headers every response carries: a Content Security Policy without 'unsafe-inline' or
//! 'unsafe-eval', the frame-ancestors allowlist, and the usual hardening.

use axum::http::{HeaderValue, header};
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy, built once at start from the built `index.html` and the configuration.
#[derive(Clone, Debug)]
pub struct Policy {
    csp: HeaderValue,
    /// Strict-Transport-Security on every answer: the public URL is https.
    hsts: bool,
}

/// Not among `http`'s named headers: made once here rather than checked from a string on
/// every answer.
const PERMISSIONS_POLICY: header::HeaderName =
    header::HeaderName::from_static("permissions-policy");

/// One year of https only, for this host. Not `includeSubDomains`: a ministry's other
/// hosts are not this service's to commit, nor `preload`, which cannot be taken back.
const HSTS: HeaderValue = HeaderValue::from_static("max-age=31536000");

/// Tells browsers to use https only for this host from now on.
pub fn add_hsts(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::STRICT_TRANSPORT_SECURITY, HSTS);
}

impl Policy {
    /// Hashes every inline `<script>` of `index_html` (Trunk's loader) into `script-src`, so
    /// the page runs without 'unsafe-inline'; `frame_ancestors` lists who may embed us.
    pub fn new(index_html: &str, frame_ancestors: &[String]) -> Policy {
        Policy::with_hsts(index_html, frame_ancestors, false)
    }

    /// [`Policy::new`], with Strict-Transport-Security when `hsts` (an https public URL).
    pub fn with_hsts(index_html: &str, frame_ancestors: &[String], hsts: bool) -> Policy {
        let hashes: Vec<String> = inline_scripts(index_html)
            .map(|s| {
                let digest = Sha256::digest(s.as_bytes());
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect();
        let ancestors = if frame_ancestors.is_empty() {
            "'self'".to_owned()
        } else {
            frame_ancestors.join(" ")
        };
        let csp = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
             worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
             frame-ancestors {ancestors}",
            hashes.join(" ")
        );
        // Static bytes: a header made from a `String` shares them through a reference
        // count, which every answer on either core would increment and decrement. The
        // policy is made once, when the server starts, so the text is kept for good.
        // (`from_static` takes visible ASCII only, stricter than `from_str`: what `to_str`
        // accepts.)
        let csp = if HeaderValue::from_str(&csp).is_ok_and(|v| v.to_str().is_ok()) {
            HeaderValue::from_static(Box::leak(csp.into_boxed_str()))
        } else {
            HeaderValue::from_static("default-src 'self'")
        };
        Policy { csp, hsts }
    }

    /// Adds the headers to a response.
    pub fn apply(&self, response: &mut Response) {
        let h = response.headers_mut();
        h.insert(header::CONTENT_SECURITY_POLICY, self.csp.clone());
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        h.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        );
        h.insert(
            PERMISSIONS_POLICY,
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        );
        if self.hsts {
            add_hsts(response);
        }
    }
}

/// The bodies of `<script>` elements without a `src`, as the browser hashes them.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<script")?;
            let open_end = start + rest[start..].find('>')?;
            let tag = &rest[start..open_end];
            let body_start = open_end + 1;
            let close = body_start + rest[body_start..].find("</script>")?;
            let body = &rest[body_start..close];
            rest = &rest[close + "</script>".len()..];
            if !tag.contains(" src=") && !body.is_empty() {
                return Some(body);
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_are_not() {
        let html = r#"<script src="/a.js"></script><script type="module">init();</script>"#;
        let found: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(found, ["init();"]);
        let policy = Policy::new(html, &[]);
        let csp = policy.csp.to_str().unwrap();
        assert!(csp.contains("'sha256-"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(csp.ends_with("frame-ancestors 'self'"));
    }

    #[test]
    fn a_policy_that_cannot_be_a_header_falls_back_rather_than_stopping_the_server() {
        let policy = Policy::new("", &["https://bộ.gov.vn".to_owned()]);
        assert_eq!(policy.csp.to_str().unwrap(), "default-src 'self'");
    }
}
