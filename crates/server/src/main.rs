//! Starts the service: reads the configuration, opens storage, serves until told to stop.

use clap::Parser;
use dxday_core::route::Bundle;
use dxday_server::config::{Command, Config, PlansCommand, list};
use dxday_server::ratelimit::{Limit, RateLimiter};
use dxday_server::{
    AppState, Services, admin, app, backup, plans::Plans, repo, security, store::Store,
};
use std::sync::Arc;
use std::time::Duration;
use tracing_subscriber::EnvFilter;

/// mimalloc rather than glibc's malloc: every request allocates and frees a few dozen small
/// blocks on whichever worker thread runs it, and glibc's arenas showed lock waits and 5 % of
/// a plan GET's samples under perf.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let result = match &config.command {
        Some(Command::Backup { file }) => backup::run(&config.database_url, file)
            .await
            .map(|done| println!("{done}")),
        Some(Command::Plans {
            action: PlansCommand::Check { files },
        }) => {
            let (report, ok) = dxday_server::plans_check::check_files(files);
            print!("{report}");
            if ok {
                Ok(())
            } else {
                // The report said it all; the exit status tells scripts.
                return std::process::ExitCode::FAILURE;
            }
        }
        None => run(config).await,
    };
    match result {
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
    let https = config.public_url.starts_with("https://");
    let policy = security::Policy::with_hsts(&pages, &list(&config.frame_ancestors), https)?;
    let proxies = dxday_server::client::TrustedProxies::parse(&config.trusted_proxies)?;
    // Bound before the database is opened, so that a taken port fails fast.
    let metrics = match config.metrics_listen {
        Some(addr) => Some((
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| format!("cannot listen for metrics on {addr}: {e}"))?,
            dxday_server::metrics::install()?,
        )),
        None => None,
    };
    let limits = dxday_server::serve::Limits {
        header_timeout: Duration::from_secs(config.header_timeout_seconds.max(1)),
        request_timeout: Duration::from_secs(config.request_timeout_seconds.max(1)),
        max_connections: dxday_server::serve::connection_cap(config.max_connections),
    };
    let store = Store::open(&config.database_url, limits.request_timeout)
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
    let limit = Limit {
        burst: config.rate_limit_burst,
        per_minute: config.rate_limit_per_minute,
    };
    let limiter = match &store {
        Store::Sqlite(_) => RateLimiter::memory(limit),
        Store::Postgres(pool) => RateLimiter::postgres(limit, pool.clone()),
    };
    let state = AppState::new(Services {
        store: store.clone(),
        plans: Arc::new(plans),
        plan_cache: Arc::default(),
        admins: Arc::new(admins),
        limiter: Arc::new(limiter),
        proxies: Arc::new(proxies),
        metrics: metrics.is_some(),
        request_timeout: limits.request_timeout,
        min_fill_ms: i64::from(config.min_fill_seconds) * 1000,
        public_url: config.public_url.clone().into(),
        policy: Arc::new(policy),
        writer: match &store {
            Store::Sqlite(pool) => Some(dxday_server::writer::Writer::start(pool.clone())),
            Store::Postgres(_) => None,
        },
        pg_writer: match &store {
            Store::Sqlite(_) => None,
            Store::Postgres(pool) => Some(dxday_server::pg_writer::PgWriter::start(pool.clone())),
        },
        share_images: Arc::default(),
    });
    if let Store::Postgres(pool) = &store {
        tokio::spawn(dxday_server::notify::listen(
            pool.clone(),
            state.plan_cache.clone(),
        ));
    }
    tokio::spawn(purge_old(store, state.limiter.clone()));
    // Before listening: the first visitors then get every plan at once. For the published
    // plans this takes milliseconds; for one of 100,000 activities, about 4 s.
    state.plan_cache.make_all(&state).await;
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
    if let Some((listener, handle)) = metrics {
        let metrics_addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("metrics on http://{metrics_addr}/metrics");
        let router = dxday_server::metrics::router(handle);
        tokio::spawn(dxday_server::serve::serve(
            listener,
            router,
            dxday_server::serve::Limits {
                max_connections: 64,
                ..limits
            },
            std::future::pending(),
        ));
    }
    tracing::info!(%addr, storage, max_connections = limits.max_connections, "serving");
    dxday_server::serve::serve(listener, router, limits, shutdown()).await;
    tracing::info!("stopped");
    Ok(())
}

/// Hourly: forgets idempotency keys once they are older than the seven days promised,
/// and the rate limit's buckets that are full again.
async fn purge_old(store: Store, limiter: Arc<RateLimiter>) {
    let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        let before = chrono::Utc::now()
            - chrono::Duration::days(dxday_server::routes::initiatives::KEY_DAYS + 1);
        let before = before.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        if let Err(e) = repo::purge_keys(&store, &before).await {
            tracing::warn!(error = %e, "could not purge old idempotency keys");
        }
        if let Err(e) = limiter.purge().await {
            tracing::warn!(error = %e, "could not purge the rate limit's buckets");
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
