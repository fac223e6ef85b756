//! Answers kept in memory in each coding a browser may take (brotli, gzip, none), so that
//! a busy day's requests cost a copy of a reference, not a compression each.

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use std::io::Write;

/// A content coding we keep answers in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    /// `br`.
    Brotli,
    /// `gzip`.
    Gzip,
    /// No coding.
    Identity,
}

/// The coding to answer in: brotli when the client takes it, else gzip, else none.
/// `Accept-Encoding` is read as RFC 9110 says: `q=0` refuses a coding, `*` stands for the
/// codings not named.
pub fn negotiate(headers: &HeaderMap) -> Coding {
    let mut br = None;
    let mut gzip = None;
    let mut any = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(text) = value.to_str() else { continue };
        for item in text.split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or("").trim();
            let accepted = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .all(|q| q.trim().parse::<f32>().is_ok_and(|q| q > 0.0));
            if name.eq_ignore_ascii_case("br") {
                br = Some(accepted);
            } else if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                gzip = Some(accepted);
            } else if name == "*" {
                any = Some(accepted);
            }
        }
    }
    let any = any.unwrap_or(false);
    if br.unwrap_or(any) {
        Coding::Brotli
    } else if gzip.unwrap_or(any) {
        Coding::Gzip
    } else {
        Coding::Identity
    }
}

/// One answer's body in the codings kept for it.
#[derive(Clone, Debug)]
pub struct Encoded {
    identity: Bytes,
    brotli: Option<Bytes>,
    gzip: Option<Bytes>,
}

impl Encoded {
    /// A body with the compressed forms given (read from `.br` and `.gz` files next to it).
    pub fn from_parts(identity: Bytes, brotli: Option<Bytes>, gzip: Option<Bytes>) -> Encoded {
        Encoded {
            identity,
            brotli,
            gzip,
        }
    }

    /// A body made at run time, compressed now: brotli at its best quality (11) up to
    /// [`Encoded::BEST_UP_TO`], at 9 above. It runs at start and again after each moderator
    /// decision, while requests for that plan wait for it. Measured with this encoder at
    /// opt-level 3, medians of 7: a year's plan (10 to 31 KB of JSON) is 9 to 11 % smaller at
    /// 11 (2024's 4,685 B against 5,192) for 12 to 37 ms instead of 5 to 8; synthetic plans
    /// of 70, 178 and 569 KB took 98 ms, 312 ms and a second at 11, against 9 to 22 ms at 9,
    /// where they were 9 to 16 % larger.
    pub fn compress(identity: Bytes) -> Encoded {
        let brotli = brotli_at(&identity, Self::quality_for(identity.len()));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let gzip = gz.write_all(&identity).and_then(|()| gz.finish()).ok();
        Encoded {
            identity,
            brotli: Some(Bytes::from(brotli)),
            gzip: gzip.map(Bytes::from),
        }
    }

    /// The largest body compressed at brotli's best quality: under 100 ms of work (70 KB
    /// took 98).
    pub const BEST_UP_TO: usize = 64 * 1024;

    fn quality_for(len: usize) -> i32 {
        if len <= Self::BEST_UP_TO { 11 } else { 9 }
    }

    /// The body in the coding the client takes (or in none, when that one is not kept).
    pub fn pick(&self, coding: Coding) -> (Option<&'static str>, Bytes) {
        match (coding, &self.brotli, &self.gzip) {
            (Coding::Brotli, Some(b), _) => (Some("br"), b.clone()),
            (Coding::Brotli | Coding::Gzip, _, Some(g)) => (Some("gzip"), g.clone()),
            _ => (None, self.identity.clone()),
        }
    }

    /// A 200 answer with this body, in the coding `request` takes.
    pub fn respond(&self, request: &HeaderMap, content_type: &HeaderValue) -> Response {
        let (coding, body) = self.pick(negotiate(request));
        let mut response = Response::new(axum::body::Body::from(body));
        let h = response.headers_mut();
        // Room for the security and caching headers added on the way out, so the map is
        // not grown and rehashed on every answer.
        h.reserve(12);
        h.insert(header::CONTENT_TYPE, content_type.clone());
        // Caches must keep one copy per coding.
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(coding) = coding {
            h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        response
    }
}

/// `body` in brotli at `quality`.
fn brotli_at(body: &[u8], quality: i32) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        ..Default::default()
    };
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn accept(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn browsers_get_brotli_and_others_what_they_take() {
        assert_eq!(
            negotiate(&accept("gzip, deflate, br, zstd")),
            Coding::Brotli
        );
        assert_eq!(negotiate(&accept("gzip, deflate")), Coding::Gzip);
        assert_eq!(negotiate(&accept("identity")), Coding::Identity);
        assert_eq!(negotiate(&HeaderMap::new()), Coding::Identity);
        assert_eq!(negotiate(&accept("br;q=0, gzip;q=0.5")), Coding::Gzip);
        assert_eq!(negotiate(&accept("BR;q=1")), Coding::Brotli);
        assert_eq!(negotiate(&accept("*")), Coding::Brotli);
        assert_eq!(negotiate(&accept("br;q=0, *")), Coding::Gzip);
        assert_eq!(negotiate(&accept("*;q=0")), Coding::Identity);
        assert_eq!(negotiate(&accept("gzip;q=abc")), Coding::Identity);
    }

    #[test]
    fn compressed_forms_hold_the_same_body() {
        let body = Bytes::from("Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia ".repeat(200));
        let e = Encoded::compress(body.clone());
        let (coding, br) = e.pick(Coding::Brotli);
        assert_eq!(coding, Some("br"));
        assert!(br.len() < body.len() / 10);
        let mut out = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut out).unwrap();
        assert_eq!(out, body);
        let (coding, gz) = e.pick(Coding::Gzip);
        assert_eq!(coding, Some("gzip"));
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, body);
        assert_eq!(e.pick(Coding::Identity), (None, body));
    }

    fn brotli_len(body: &[u8], quality: i32) -> usize {
        brotli_at(body, quality).len()
    }

    #[test]
    fn a_years_plan_is_sent_at_the_best_compression_and_a_huge_body_at_a_quick_one() {
        let plan = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/plans/2024.json"
        ))
        .unwrap();
        let sent = Encoded::compress(Bytes::from(plan.clone()))
            .pick(Coding::Brotli)
            .1;
        assert_eq!(sent.len(), brotli_len(&plan, 11));
        assert!(sent.len() < brotli_len(&plan, 9));
        let huge = plan.repeat(Encoded::BEST_UP_TO / plan.len() + 1);
        let sent = Encoded::compress(Bytes::from(huge.clone()))
            .pick(Coding::Brotli)
            .1;
        assert_eq!(sent.len(), brotli_len(&huge, 9));
    }

    #[test]
    fn a_coding_not_kept_falls_back_to_gzip_then_none() {
        let only_gzip = Encoded::from_parts(Bytes::from("a"), None, Some(Bytes::from("g")));
        assert_eq!(only_gzip.pick(Coding::Brotli).0, Some("gzip"));
        let plain = Encoded::from_parts(Bytes::from("a"), None, None);
        assert_eq!(plain.pick(Coding::Brotli), (None, Bytes::from("a")));
    }
}
