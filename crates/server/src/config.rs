//! Configuration, from flags or the environment (flags win).

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The service's settings.
#[derive(Parser, Clone)]
#[command(
    name = "dxday-server",
    about = "API and static file server of Ngày Chuyển đổi số"
)]
pub struct Config {
    /// Address to listen on; port 0 picks a free one (the chosen address is printed).
    #[arg(long, env = "LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// `sqlite://FILE` (created on first start) or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://dxday.db",
        global = true
    )]
    pub database_url: String,
    /// The built app (Trunk's dist folder).
    #[arg(long, env = "DIST_DIR", default_value = "dist")]
    pub dist: PathBuf,
    /// The plan files, one JSON per year.
    #[arg(long, env = "PLANS_DIR", default_value = "data/plans")]
    pub plans: PathBuf,
    /// Moderators' tokens as `label=token,label2=token2` (tokens of 16 characters or more).
    #[arg(long, env = "ADMIN_TOKENS", default_value = "", hide_env_values = true)]
    pub admin_tokens: String,
    /// Submissions a client address may send at once (the token bucket's size).
    #[arg(long, env = "RATE_LIMIT_BURST", default_value_t = 15)]
    pub rate_limit_burst: u32,
    /// Submissions a client address gets back per minute after its burst; 0 turns the
    /// limit off. With the default burst, a flood gets at most 20 in its first minute.
    #[arg(long, env = "RATE_LIMIT_PER_MINUTE", default_value_t = 5)]
    pub rate_limit_per_minute: u32,
    /// The reverse proxies whose forwarding headers are believed (CIDRs or addresses,
    /// comma- or space-separated); none when empty.
    #[arg(long, env = "TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Seconds a client has to send a request's headers; also how long a kept-alive
    /// connection may wait idle for its next request.
    #[arg(long, env = "HEADER_TIMEOUT_SECONDS", default_value_t = 20)]
    pub header_timeout_seconds: u64,
    /// Seconds a client has to send a request's body and get its answer (408 after).
    #[arg(long, env = "REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,
    /// Connections open at once; 0 for as many as the open-file limit allows, less 128
    /// descriptors kept for the database and files.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 0)]
    pub max_connections: usize,
    /// Where to serve Prometheus metrics (`/metrics`), e.g. `127.0.0.1:9090`; port 0 picks
    /// a free one. Off when not set.
    #[arg(long, env = "METRICS_LISTEN")]
    pub metrics_listen: Option<SocketAddr>,
    /// A form sent sooner than this many seconds after it was opened is taken for a bot.
    #[arg(long, env = "MIN_FILL_SECONDS", default_value_t = 3)]
    pub min_fill_seconds: u32,
    /// Origins allowed to embed the app in a frame, space- or comma-separated
    /// (CSP frame-ancestors); `'self'` alone when empty.
    #[arg(long, env = "FRAME_ANCESTORS", default_value = "'self'")]
    pub frame_ancestors: String,
    /// Origins allowed to call the API from their pages (CORS), comma-separated; none when empty.
    #[arg(long, env = "CORS_ORIGINS", default_value = "")]
    pub cors_origins: String,
    /// The public address of the app, for links in calendar feeds. Its path is where the
    /// app is served: `https://example.gov.vn/cds/` serves everything under `/cds/`.
    #[arg(long, env = "PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
    /// Something to do other than serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands besides serving (the default).
#[derive(clap::Subcommand, Clone, Debug)]
pub enum Command {
    /// Writes a consistent copy of the SQLite database to FILE while the server runs.
    Backup {
        /// Where the copy goes; it must not exist yet.
        file: PathBuf,
    },
    /// Plan files, for the editors who publish a year's plan.
    Plans {
        /// What to do with them.
        #[command(subcommand)]
        action: PlansCommand,
    },
}

/// `dxday-server plans …`.
#[derive(clap::Subcommand, Clone, Debug)]
pub enum PlansCommand {
    /// Checks plan files as the server reads them, and prints every problem in Vietnamese
    /// with its JSON path and line; exits with 1 when there is any.
    Check {
        /// The files, e.g. data/plans/2026.json.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

impl Config {
    /// The path the app is served under, from [`Config::public_url`]: `/` or `/cds/`.
    pub fn base_path(&self) -> String {
        base_path(&self.public_url)
    }
}

/// The path part of a URL as a base: always starting and ending with `/`.
pub fn base_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("", |i| &after_scheme[i..])
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Admin tokens and database passwords must never reach a log.
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("dist", &self.dist)
            .field("plans", &self.plans)
            .finish_non_exhaustive()
    }
}

/// Splits a list given as `a,b c`.
pub fn list(value: &str) -> Vec<String> {
    value
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn the_base_path_follows_the_public_url() {
        assert_eq!(base_path("http://127.0.0.1:8080"), "/");
        assert_eq!(base_path("https://dxday.gov.vn/"), "/");
        assert_eq!(base_path("https://mic.gov.vn/cds"), "/cds/");
        assert_eq!(base_path("https://mic.gov.vn/cds/"), "/cds/");
        assert_eq!(base_path("https://mic.gov.vn/a/b/?x=1"), "/a/b/");
        assert_eq!(base_path("/cds/"), "/cds/");
    }
}
