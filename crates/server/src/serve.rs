//! The server's own accept loop, in place of `axum::serve`, which has no time limit on
//! reading a request and no cap on connections: one client holding 20,000 connections
//! open with a header every 10 s used up every file descriptor, and health checks went
//! unanswered until it let go.
//!
//! - **Headers** must arrive whole within [`Limits::header_timeout`]. hyper's header timer
//!   also runs while a kept-alive connection waits for its next request, so the same limit
//!   is the idle keep-alive limit.
//! - **A request** (reading its body and answering it) has [`Limits::request_timeout`]
//!   (tower-http's `TimeoutLayer`, in [`crate::app`]); past it the answer is 408 and the
//!   connection is closed.
//! - **Connections** are capped at [`Limits::max_connections`], below the process's file
//!   limit so that the database, the plans and the answers still have descriptors. At the
//!   cap, the connection that has been idle longest (still sending its headers, or waiting
//!   between requests) is closed to make room: a flood of slow connections then pushes out
//!   its own oldest, while a real request, which sends its headers at once, is answered.
//!   Only when every connection is busy with a request is the newest one refused.

use axum::Router;
use axum::extract::ConnectInfo;
use http_body::Body as _;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot, watch};

/// The time limits and the cap.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Reading a request's headers, and waiting idle for the next request.
    pub header_timeout: Duration,
    /// Reading a request's body and answering it.
    pub request_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

/// How long requests in flight may take to finish once the server is told to stop.
const DRAIN: Duration = Duration::from_secs(30);

/// Descriptors kept back from connections: the database pool, files, the listeners.
const RESERVED_DESCRIPTORS: u64 = 128;

/// A cap on connections that leaves [`RESERVED_DESCRIPTORS`] of the process's soft
/// file limit free; `configured` (0 for none) lowers it further.
pub fn connection_cap(configured: usize) -> usize {
    let from_limit = open_file_limit()
        .map(|n| n.saturating_sub(RESERVED_DESCRIPTORS).max(16))
        .unwrap_or(1024);
    let from_limit = usize::try_from(from_limit).unwrap_or(usize::MAX);
    if configured == 0 {
        from_limit
    } else {
        configured.min(from_limit)
    }
}

/// The soft limit on open files (`ulimit -n`).
fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we own and reads nothing else.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    ok.then_some(limit.rlim_cur)
}

/// What a connection is doing. Its requests update it without taking the registry's lock,
/// which only the accept loop needs (a lock per request would have every request of every
/// connection queue on one mutex).
#[derive(Default)]
struct Use {
    /// Requests being answered on it.
    busy: AtomicUsize,
    /// When it last became idle (opened, or finished a request), in [`now_ms`].
    idle_since_ms: AtomicU64,
}

/// Milliseconds since the first call, for ordering connections by when they went idle.
fn now_ms() -> u64 {
    static EPOCH: std::sync::LazyLock<Instant> = std::sync::LazyLock::new(Instant::now);
    u64::try_from(EPOCH.elapsed().as_millis()).unwrap_or(u64::MAX)
}

struct Entry {
    state: Arc<Use>,
    /// Dropping this closes the connection.
    _close: oneshot::Sender<()>,
}

#[derive(Default)]
struct Registry {
    next: u64,
    open: HashMap<u64, Entry>,
}

impl Registry {
    /// Makes room for one more: closes the longest-idle connection. False when every
    /// connection is busy.
    fn make_room(&mut self) -> bool {
        let oldest = self
            .open
            .iter()
            .filter(|(_, e)| e.state.busy.load(Ordering::Relaxed) == 0)
            .min_by_key(|(_, e)| e.state.idle_since_ms.load(Ordering::Relaxed))
            .map(|(id, _)| *id);
        match oldest {
            Some(id) => {
                self.open.remove(&id);
                true
            }
            None => false,
        }
    }
}

type Shared = Arc<Mutex<Registry>>;

fn lock(r: &Shared) -> std::sync::MutexGuard<'_, Registry> {
    // Nothing panics while holding it; if something did, the map is still whole.
    r.lock().unwrap_or_else(|e| e.into_inner())
}

/// Marks a connection busy while a request is answered on it.
struct Busy(Arc<Use>);

impl Busy {
    fn start(state: &Arc<Use>) -> Busy {
        state.busy.fetch_add(1, Ordering::Relaxed);
        Busy(state.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.idle_since_ms.store(now_ms(), Ordering::Relaxed);
        self.0.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets the requests in
/// flight finish (for at most 30 s) before returning.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let registry: Shared = Arc::default();
    let (stop_tx, stop_rx) = watch::channel(false);
    // Every connection task holds a sender; when all are dropped, all have ended.
    let (alive_tx, mut alive_rx) = mpsc::channel::<()>(1);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) => {
                // Out of descriptors (EMFILE) or a connection reset before it was
                // accepted: wait a little rather than spin; the backlog keeps the rest.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let (close_tx, close_rx) = oneshot::channel();
        let (id, state) = {
            let mut r = lock(&registry);
            if r.open.len() >= limits.max_connections && !r.make_room() {
                drop(r);
                metrics::counter!("dxday_connections_refused_total").increment(1);
                drop(stream);
                continue;
            }
            r.next += 1;
            let id = r.next;
            let state = Arc::new(Use::default());
            state.idle_since_ms.store(now_ms(), Ordering::Relaxed);
            r.open.insert(
                id,
                Entry {
                    state: state.clone(),
                    _close: close_tx,
                },
            );
            (id, state)
        };
        // Without TCP_NODELAY a small answer on a kept-alive connection waits for the
        // client's delayed ACK (about 40 ms per static file, measured by scripts/bench.sh).
        let _ = stream.set_nodelay(true);
        let task = Connection {
            registry: registry.clone(),
            id,
            state,
            peer,
            router: router.clone(),
            limits,
        };
        let (stop, alive) = (stop_rx.clone(), alive_tx.clone());
        tokio::spawn(async move {
            task.run(stream, close_rx, stop).await;
            drop(alive);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(alive_tx);
    let _ = tokio::time::timeout(DRAIN, alive_rx.recv()).await;
}

struct Connection {
    registry: Shared,
    id: u64,
    state: Arc<Use>,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
}

impl Connection {
    async fn run(
        self,
        stream: tokio::net::TcpStream,
        close: oneshot::Receiver<()>,
        mut stop: watch::Receiver<bool>,
    ) {
        let (id, state, peer, router) = (self.id, self.state, self.peer, self.router);
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            let busy = Busy::start(&state);
            let router = router.clone();
            let read = Arc::new(AtomicBool::new(false));
            let request = request.map(|body| {
                read.store(body.is_end_stream(), Ordering::Relaxed);
                axum::body::Body::new(Tracked {
                    inner: body,
                    read: read.clone(),
                })
            });
            async move {
                let mut response = tower::ServiceExt::oneshot(router, request).await;
                // Answered before its body was read (413, 408, or a route that takes no
                // body): hyper will not reuse the connection, so the client is told, and
                // does not send its next request on a connection that is closing.
                if let Ok(r) = &mut response
                    && !read.load(Ordering::Relaxed)
                {
                    r.headers_mut().insert(
                        axum::http::header::CONNECTION,
                        axum::http::HeaderValue::from_static("close"),
                    );
                }
                drop(busy);
                response
            }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(self.limits.header_timeout)
            .keep_alive(true);
        let conn = builder.serve_connection(TokioIo::new(stream), service);
        let mut conn = std::pin::pin!(conn);
        tokio::select! {
            // Closed to make room, or the connection ended by itself.
            _ = close => {}
            _ = conn.as_mut() => {}
            () = async { let _ = stop.wait_for(|stopping| *stopping).await; } => {
                conn.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(DRAIN, conn.as_mut()).await;
            }
        }
        lock(&self.registry).open.remove(&id);
    }
}

/// A request body that says when it has been read to its end.
struct Tracked {
    inner: Incoming,
    read: Arc<AtomicBool>,
}

impl http_body::Body for Tracked {
    type Data = axum::body::Bytes;
    type Error = hyper::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        let frame = std::pin::Pin::new(&mut self.inner).poll_frame(cx);
        if matches!(frame, std::task::Poll::Ready(None)) || self.inner.is_end_stream() {
            self.read.store(true, Ordering::Relaxed);
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_descriptors_for_the_rest() {
        let cap = connection_cap(0);
        let limit = open_file_limit().unwrap();
        assert!(cap as u64 <= limit.saturating_sub(RESERVED_DESCRIPTORS).max(16));
        assert_eq!(connection_cap(10), 10.min(cap));
    }

    #[test]
    fn room_is_made_by_closing_the_longest_idle_connection_only() {
        let mut r = Registry::default();
        let mut receivers = Vec::new();
        for (id, idle_since, busy) in [(1, 5_000, 0), (2, 1_000, 1), (3, 3_000, 0)] {
            let (tx, rx) = oneshot::channel();
            receivers.push(rx);
            let state = Use {
                busy: AtomicUsize::new(busy),
                idle_since_ms: AtomicU64::new(idle_since),
            };
            r.open.insert(
                id,
                Entry {
                    state: Arc::new(state),
                    _close: tx,
                },
            );
        }
        // 2 has been open longest but is answering a request: 3 goes.
        assert!(r.make_room());
        assert!(!r.open.contains_key(&3));
        assert!(r.make_room());
        assert!(!r.open.contains_key(&1));
        // Only the busy one is left: no room.
        assert!(!r.make_room());
        assert!(r.open.contains_key(&2));
    }
}
