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
    pub fn new(index_html: &str, frame_ancestors: &[String]) -> Result<Policy, String> {
        Policy::with_hsts(index_html, frame_ancestors, false)
    }

    /// [`Policy::new`], with Strict-Transport-Security when `hsts` (an https public URL).
    ///
    /// Refuses a frame ancestor that is not a CSP source: with it, the header would either be
    /// invalid (and the allowlist lost) or carry directives the operator never meant.
    pub fn with_hsts(
        index_html: &str,
        frame_ancestors: &[String],
        hsts: bool,
    ) -> Result<Policy, String> {
        for ancestor in frame_ancestors {
            check_source(ancestor)?;
        }
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
        // `from_static` takes visible ASCII only (what `to_str` accepts); the hashes are
        // base64 and the ancestors were checked above, so this holds, and is checked again
        // rather than left to a panic.
        if !HeaderValue::from_str(&csp).is_ok_and(|v| v.to_str().is_ok()) {
            return Err(format!(
                "the Content Security Policy is not a valid header: {csp}"
            ));
        }
        let csp = HeaderValue::from_static(Box::leak(csp.into_boxed_str()));
        Ok(Policy { csp, hsts })
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

/// Checks one entry of FRAME_ANCESTORS: `'self'`, `'none'`, a scheme (`https:`) or a host
/// with an optional scheme, port and path (`https://*.gov.vn`, `mic.gov.vn:8443`), as CSP
/// writes them. Only the characters those may hold: a `;` would start another directive, and
/// a host in Unicode must be written in its ASCII form (xn--).
fn check_source(source: &str) -> Result<(), String> {
    let refuse = |why: &str| Err(format!("FRAME_ANCESTORS: {source:?} {why}"));
    if source.starts_with('\'') {
        return match source {
            "'self'" | "'none'" => Ok(()),
            _ => refuse("is not a source: of the quoted words only 'self' and 'none' are"),
        };
    }
    if !source.is_ascii() {
        return refuse(
            "is not ASCII: write a Vietnamese domain name in its ASCII form (xn--…), \
             as `idn2` or the registrar gives it",
        );
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~:/*%+".contains(c);
    if let Some(c) = source.chars().find(|&c| !allowed(c)) {
        return refuse(&format!(
            "holds {c:?}, which a CSP source cannot: list origins such as https://mic.gov.vn"
        ));
    }
    Ok(())
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
        let policy = Policy::new(html, &[]).unwrap();
        let csp = policy.csp.to_str().unwrap();
        assert!(csp.contains("'sha256-"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(csp.ends_with("frame-ancestors 'self'"));
    }

    #[test]
    fn frame_ancestors_that_are_origins_are_allowed_as_written() {
        let listed = ["'self'", "https://*.gov.vn", "mic.gov.vn:8443", "https:"];
        let listed: Vec<String> = listed.map(str::to_owned).into();
        let policy = Policy::new("", &listed).unwrap();
        let csp = policy.csp.to_str().unwrap();
        assert!(csp.ends_with("frame-ancestors 'self' https://*.gov.vn mic.gov.vn:8443 https:"));
    }

    #[test]
    fn a_frame_ancestor_that_is_not_a_source_is_refused_with_the_reason() {
        for (ancestor, reason) in [
            ("https://bộ.gov.vn", "xn--"),
            ("https://a.gov.vn;script-src", "';'"),
            ("'unsafe-inline'", "'self' and 'none'"),
            ("https://a.gov.vn\"", "'\"'"),
        ] {
            let error = Policy::new("", &[ancestor.to_owned()]).unwrap_err();
            assert!(error.starts_with("FRAME_ANCESTORS: "), "{error}");
            assert!(error.contains(reason), "{ancestor}: {error}");
        }
    }
}
