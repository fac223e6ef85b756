//! Moderators' tokens: given in the configuration as `label=token` pairs, compared in
//! constant time, never logged. A decision records the label, never the token.

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The configured tokens, kept as digests so comparison time does not depend on length.
#[derive(Clone, Default)]
pub struct AdminTokens(Vec<(String, [u8; 32])>);

impl std::fmt::Debug for AdminTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Labels only: a token must never reach a log.
        let labels: Vec<&str> = self.0.iter().map(|(l, _)| l.as_str()).collect();
        write!(f, "AdminTokens({labels:?})")
    }
}

impl AdminTokens {
    /// Reads `label=token,label2=token2`; tokens shorter than 16 characters are refused.
    pub fn parse(spec: &str) -> Result<AdminTokens, String> {
        let mut tokens = Vec::new();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (label, token) = pair
                .split_once('=')
                .ok_or_else(|| "ADMIN_TOKENS entries are label=token".to_owned())?;
            if token.len() < 16 {
                return Err(format!(
                    "the admin token of {label} is shorter than 16 characters"
                ));
            }
            tokens.push((label.trim().to_owned(), digest(token.trim())));
        }
        Ok(AdminTokens(tokens))
    }

    /// The label of the moderator whose bearer token is in `headers`, if any.
    pub fn authorize(&self, headers: &HeaderMap) -> Option<String> {
        let presented = headers
            .get(axum::http::header::AUTHORIZATION)?
            .to_str()
            .ok()?
            .strip_prefix("Bearer ")?
            .trim();
        let presented = digest(presented);
        let mut found = None;
        // Every token is compared, so the time taken does not tell which one was close.
        for (label, token) in &self.0 {
            if bool::from(token.ct_eq(&presented)) {
                found = Some(label.clone());
            }
        }
        found
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("authorization", value.parse().unwrap());
        h
    }

    #[test]
    fn the_right_token_names_its_moderator() {
        let tokens =
            AdminTokens::parse("lan=abcdefghijklmnop1234, minh=qrstuvwxyz0123456789").unwrap();
        assert_eq!(
            tokens
                .authorize(&headers("Bearer qrstuvwxyz0123456789"))
                .as_deref(),
            Some("minh")
        );
        assert_eq!(
            tokens.authorize(&headers("Bearer wrong-token-000000")),
            None
        );
        assert_eq!(tokens.authorize(&HeaderMap::new()), None);
    }

    #[test]
    fn short_tokens_are_refused_and_debug_shows_no_token() {
        assert!(AdminTokens::parse("a=short").is_err());
        let tokens = AdminTokens::parse("lan=abcdefghijklmnop1234").unwrap();
        assert!(!format!("{tokens:?}").contains("abcdefghijklmnop1234"));
    }
}
