//! Runs the real server binary for black-box tests: a fresh SQLite file (or the given
//! database URL), a small dist folder, a free port.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A running server, killed when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The process.
    pub child: Child,
    /// Keeps the temporary folder (database, dist) alive.
    pub dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The repository's `data/plans`.
pub fn plans_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/plans")
}

/// Starts the server with an SQLite file in a fresh folder.
pub fn start() -> Server {
    start_with(&[], &[])
}

/// Starts the server with extra flags and environment.
pub fn start_with(args: &[&str], env: &[(&str, &str)]) -> Server {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!DOCTYPE html><html lang=\"vi\"><head><title>Ngày Chuyển đổi số quốc gia</title></head><body></body></html>",
    )
    .unwrap();
    std::fs::write(dist.join("dxday-0123456789abcdef.js"), "export default 1;").unwrap();
    let db = format!("sqlite://{}", dir.path().join("test.db").display());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dxday-server"));
    cmd.args(["--listen", "127.0.0.1:0", "--dist"])
        .arg(&dist)
        .arg("--plans")
        .arg(plans_dir())
        .args(["--database-url", &db])
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("the server binary starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the server prints its address");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {line}"))
        .to_owned();
    Server { url, child, dir }
}
