//! Starts the service: reads the configuration, opens storage, serves until told to stop.

use clap::Parser;
use dxday_core::route::Bundle;
use dxday_server::config::{Config, list};
use dxday_server::{AppState, admin, app, plans::Plans, ratelimit, repo, security, store::Store};
use std::sync::Arc;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    // Logs go to stderr: stdout carries only the "listening on" line that scripts read.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = Config::parse();
    match run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(config: Config) -> Result<(), String> {
    let plans = Plans::load(&config.plans)?;
    let admins = admin::AdminTokens::parse(&config.admin_tokens)?;
    // The loader scripts Trunk writes into the two pages are hashed into the CSP; without a
    // built app there is nothing inline to allow.
    let pages: String = [Bundle::Plan, Bundle::Forms]
        .iter()
        .filter_map(|b| std::fs::read_to_string(config.dist.join(b.page())).ok())
        .collect();
    let policy = security::Policy::new(&pages, &list(&config.frame_ancestors));
    let store = Store::open(&config.database_url)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let state = AppState {
        store: store.clone(),
        plans: Arc::new(plans),
        plan_cache: Arc::default(),
        admins: Arc::new(admins),
        limiter: Arc::new(ratelimit::RateLimiter::new(config.rate_limit_per_minute)),
        min_fill_ms: i64::from(config.min_fill_seconds) * 1000,
        public_url: config.public_url.clone().into(),
        policy: Arc::new(policy),
        writer: match &store {
            Store::Sqlite(pool) => Some(dxday_server::writer::Writer::start(pool.clone())),
            Store::Postgres(_) => None,
        },
    };
    tokio::spawn(purge_old_keys(store));
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let storage = state.store.kind();
    let base = config.base_path();
    let policy = state.policy.clone();
    // Reads the built app into memory: after this, changes to its files are not seen.
    let router = app(state, &config.dist, &list(&config.cors_origins), &base);
    let router = dxday_server::under_base(router, &base, policy);
    // Tests and scripts read this line to learn the port when 0 was asked for, and that the
    // server has read what it serves.
    println!("listening on http://{addr}");
    tracing::info!(%addr, storage, "serving");
    // TCP_NODELAY: without it a small answer on a kept-alive connection waits for the
    // client's delayed ACK (about 40 ms per static file, measured by scripts/bench.sh).
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await
    .map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

/// Forgets idempotency keys once they are older than the seven days promised, hourly.
async fn purge_old_keys(store: Store) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let before = chrono::Utc::now()
            - chrono::Duration::days(dxday_server::routes::initiatives::KEY_DAYS + 1);
        let before = before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        if let Err(e) = repo::purge_keys(&store, &before).await {
            tracing::warn!(error = %e, "could not purge old idempotency keys");
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM, so requests in flight finish before the process ends.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
