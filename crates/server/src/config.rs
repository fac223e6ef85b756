//! Configuration, from flags or the environment (flags win).

use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;

/// The service's settings.
#[derive(Parser, Debug, Clone)]
#[command(
    name = "dxday-server",
    about = "API and static file server of Ngày Chuyển đổi số"
)]
pub struct Config {
    /// Address to listen on; port 0 picks a free one (the chosen address is printed).
    #[arg(long, env = "LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// `sqlite://FILE` (created on first start) or `postgres://…`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://dxday.db")]
    pub database_url: String,
    /// The built app (Trunk's dist folder).
    #[arg(long, env = "DIST_DIR", default_value = "dist")]
    pub dist: PathBuf,
    /// The plan files, one JSON per year.
    #[arg(long, env = "PLANS_DIR", default_value = "data/plans")]
    pub plans: PathBuf,
}
