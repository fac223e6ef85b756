//! Not the service: the floor under it, for `scripts/bench.sh`. Serves one file's bytes at
//! every path with hyper alone (`hyper`), or through a one-route axum router (`axum`), on
//! the same Tokio runtime and connection settings as `crate::serve`, so that the report can
//! say how much of the distance to nginx is the HTTP stack and how much is our own layers.
use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, Response, header};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(mode), Some(file)) = (args.next(), args.next()) else {
        eprintln!("usage: bare_get hyper|axum FILE");
        std::process::exit(2);
    };
    let body = match std::fs::read(&file) {
        Ok(bytes) => Bytes::from(bytes),
        Err(e) => {
            eprintln!("cannot read {file}: {e}");
            std::process::exit(1);
        }
    };
    let listener = match tokio::net::TcpListener::bind("127.0.0.1:0").await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen: {e}");
            std::process::exit(1);
        }
    };
    if let Ok(addr) = listener.local_addr() {
        println!("listening on http://{addr}");
    }
    let answer = move || {
        let mut r = Response::new(Body::from(body.clone()));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        r
    };
    let router = axum::Router::new().fallback({
        let answer = answer.clone();
        move || std::future::ready(answer())
    });
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(stream);
        let mut builder = http1::Builder::new();
        builder.timer(TokioTimer::new()).keep_alive(true);
        if mode == "axum" {
            let service = hyper_util::service::TowerToHyperService::new(router.clone());
            tokio::spawn(async move { builder.serve_connection(io, service).await });
        } else {
            let answer = answer.clone();
            let service = hyper::service::service_fn(move |_| {
                std::future::ready(Ok::<_, Infallible>(answer()))
            });
            tokio::spawn(async move { builder.serve_connection(io, service).await });
        }
    }
}
