//! The frame of every answer: the language of the API's words, caching, and the security
//! headers (HSTS too when a trusted proxy says the client came over https).
//!
//! One hand-written layer in place of two `axum::middleware::from_fn`: each of those clones
//! its inner service and boxes it and its future on every request. On a plan GET the two,
//! with the compression layer over answers that were already compressed, cost a quarter of
//! the throughput (`scripts/bench.sh`'s GET rows, and perf on this machine).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, header};
use axum::response::Response;

use crate::AppState;

/// Wraps a router in [`Frame`].
#[derive(Clone)]
pub struct FrameLayer(pub AppState);

impl<S> tower::Layer<S> for FrameLayer {
    type Service = Frame<S>;
    fn layer(&self, inner: S) -> Frame<S> {
        Frame {
            inner,
            state: self.0.clone(),
        }
    }
}

/// See the module's text.
#[derive(Clone)]
pub struct Frame<S> {
    inner: S,
    state: AppState,
}

/// What the answer's caching depends on, read off the path before the request is passed on.
#[derive(Clone, Copy)]
enum Kind {
    Api,
    Hashed,
    Other,
}

impl<S> tower::Service<Request> for Frame<S>
where
    S: tower::Service<Request, Response = Response, Error = std::convert::Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let path = req.uri().path();
        let kind = if path == "/api" || path.starts_with("/api/") {
            Kind::Api
        } else if crate::routes::static_files::is_hashed(path) {
            Kind::Hashed
        } else {
            Kind::Other
        };
        // Only a trusted proxy can say the client came over https (for HSTS).
        let https = req
            .extensions()
            .get::<ConnectInfo<std::net::SocketAddr>>()
            .is_some_and(|peer| self.state.proxies.https(peer.0.ip(), req.headers()));
        // The API answers in the language its `Accept-Language` prefers.
        let lang = matches!(kind, Kind::Api).then(|| crate::i18n::preferred(req.headers()));
        // The service that was made ready is the one called; a fresh clone waits for the next.
        let ready = self.inner.clone();
        let answer = std::mem::replace(&mut self.inner, ready).call(req);
        // A copy of the policy, not of the state: its header is static (`Policy::with_hsts`),
        // so copying it moves no reference count shared by both cores.
        let policy = self.state.policy.as_ref().clone();
        Box::pin(async move {
            let mut response = match lang {
                Some(lang) => crate::i18n::scope(lang, answer).await?,
                None => answer.await?,
            };
            let h = response.headers_mut();
            if lang.is_some() {
                // The words of an answer depend on this header: caches keep one per language.
                h.append(header::VARY, header::ACCEPT_LANGUAGE.into());
            }
            if !h.contains_key(header::CACHE_CONTROL) {
                // Otherwise the answer said how long it keeps (the share pictures, the QR codes).
                h.insert(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static(match kind {
                        Kind::Api => "no-store",
                        Kind::Hashed => "public, max-age=31536000, immutable",
                        // index.html, the service worker and the plan files: always revalidated.
                        Kind::Other => "no-cache",
                    }),
                );
            }
            policy.apply(&mut response);
            // The proxy says the client came over https, though the public URL may not say so.
            if https {
                crate::security::add_hsts(&mut response);
            }
            Ok(response)
        })
    }
}
