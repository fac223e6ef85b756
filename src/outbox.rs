//! The outbox: a submission is written here, with its idempotency key, before any request
//! is made, and leaves only when the server has stored it (201) or refused it (4xx).
//!
//! It is retried at start, when the network comes back, when the page becomes visible
//! again, and on a timer with backoff; this works in in-app WebViews that have no
//! Background Sync. The same key on every retry means the server stores it once.

use dxday_core::validate::{FieldErrors, InitiativeInput};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const OUTBOX_KEY: &str = "dxday.outbox";
const MINE_KEY: &str = "dxday.mine";
const RETURNED_KEY: &str = "dxday.returned";

/// Why an item is still waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Waiting {
    /// Not tried yet.
    New,
    /// No network, or the request did not complete.
    Offline,
    /// The server answered with an error of its own (5xx) or asked to wait (409, 429).
    Server,
}

/// A submission waiting to be sent.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OutboxItem {
    /// Idempotency key (UUID v4), the same on every try.
    pub key: String,
    /// What the person filled in, as the JSON body to send (kept on the device as the
    /// object it holds). Kept as text, not as an `InitiativeInput`: every page sends waiting
    /// items, and only the form needs to read one, so the plan's wasm carries no reader for
    /// the form's fields.
    #[serde(with = "crate::json::text")]
    pub input: String,
    /// When it was put in the outbox (ms since 1970).
    pub queued_ms: i64,
    /// Tries so far.
    pub attempts: u32,
    /// Why it is waiting.
    pub waiting: Waiting,
    /// Not before this moment (ms).
    pub next_try_ms: i64,
}

/// A submission the server has stored, remembered on this device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mine {
    /// The idempotency key it was sent with, so the form can tell which of its sendings
    /// this is (empty for those kept before the key was recorded).
    #[serde(default)]
    pub key: String,
    /// Tracking code.
    pub code: String,
    /// Title, to recognise it.
    pub title: String,
    /// When it was stored (ms).
    pub sent_ms: i64,
}

/// A submission the server refused, handed back to the form with its field errors.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Returned {
    /// What was sent, as sent.
    #[serde(with = "crate::json::text")]
    pub input: String,
    /// The server's field codes (`{"title": ["required"]}`), kept as the JSON text of what
    /// the server sent: every page settles a refusal, but only the form reads the codes, so
    /// the plan's wasm carries no reader or writer for them.
    #[serde(with = "crate::json::text")]
    pub fields: String,
}

impl OutboxItem {
    /// The initiative's title, to show which one is waiting.
    pub fn title(&self) -> String {
        js_sys::JSON::parse(&self.input)
            .ok()
            .and_then(|input| crate::json::field(&input, "title").as_string())
            .unwrap_or_default()
    }
}

impl Returned {
    /// What was sent, for the form to show again.
    pub fn input(&self) -> InitiativeInput {
        crate::json::parse(&self.input).unwrap_or_default()
    }

    /// The server's field codes, by field.
    pub fn fields(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        crate::json::parse(&self.fields).unwrap_or_default()
    }
}

fn load<T: for<'de> Deserialize<'de> + Default>(key: &str) -> T {
    crate::browser::storage_get(key)
        .and_then(|s| crate::json::parse(&s))
        .unwrap_or_default()
}

fn save<T: Serialize>(key: &str, value: &T) {
    if let Some(text) = crate::json::stringify(value) {
        crate::browser::storage_set(key, &text);
    }
}

/// The outbox and "my submissions", shared by the pages through context.
#[derive(Clone, Copy)]
pub struct Outbox {
    /// Waiting submissions.
    pub items: RwSignal<Vec<OutboxItem>>,
    /// Submissions stored by the server.
    pub mine: RwSignal<Vec<Mine>>,
    /// A submission the server refused, for the form to show.
    pub returned: RwSignal<Option<Returned>>,
    sending: RwSignal<bool>,
    send: Sender,
}

/// Sends what is due: the binary's lazy wrapper of [`send_due`], boxed.
pub type Sender = fn(Outbox, bool) -> LocalTask;

/// Backoff after `attempts` failures: 2 s, 4 s, … up to 5 minutes.
pub fn backoff_ms(attempts: u32) -> i64 {
    (2_000i64 << attempts.min(8)).min(300_000)
}

impl Outbox {
    /// Reads what this device kept; `send` sends it.
    pub fn load(send: Sender) -> Outbox {
        Outbox {
            items: RwSignal::new(load(OUTBOX_KEY)),
            mine: RwSignal::new(load(MINE_KEY)),
            returned: RwSignal::new(load::<Option<Returned>>(RETURNED_KEY)),
            sending: RwSignal::new(false),
            send,
        }
    }

    /// Writes a submission to the outbox (storage first), then tries to send it; gives
    /// its idempotency key, by which the form follows it (`None` if it could not be kept).
    pub fn submit(self, input: InitiativeInput) -> Option<String> {
        let input = crate::json::stringify(&input)?;
        let key = crate::browser::uuid_v4();
        let item = OutboxItem {
            key: key.clone(),
            input,
            queued_ms: crate::browser::now_millis(),
            attempts: 0,
            waiting: Waiting::New,
            next_try_ms: 0,
        };
        self.items.update(|items| items.push(item));
        save(OUTBOX_KEY, &self.items.get_untracked());
        self.flush(true);
        Some(key)
    }

    /// Forgets the refused submission once the form has taken it back.
    pub fn clear_returned(self) {
        self.returned.set(None);
        save(RETURNED_KEY, &None::<Returned>);
    }

    /// Sends every item that is due (or every item, when `now` is true).
    pub fn flush(self, now: bool) {
        if self.sending.get_untracked() || self.items.with_untracked(Vec::is_empty) {
            return;
        }
        self.sending.set(true);
        leptos::task::spawn_local((self.send)(self, now));
    }

    fn settle(self, key: &str, outcome: Outcome) {
        let Some(item) = self
            .items
            .get_untracked()
            .into_iter()
            .find(|i| i.key == key)
        else {
            return;
        };
        match outcome {
            Outcome::Stored(code) => {
                self.items.update(|items| items.retain(|i| i.key != key));
                self.mine.update(|m| {
                    m.push(Mine {
                        key: key.to_owned(),
                        code,
                        title: item.title(),
                        sent_ms: crate::browser::now_millis(),
                    })
                });
                save(MINE_KEY, &self.mine.get_untracked());
            }
            Outcome::Refused(fields) => {
                self.items.update(|items| items.retain(|i| i.key != key));
                let returned = Returned {
                    input: item.input.clone(),
                    fields,
                };
                save(RETURNED_KEY, &Some(returned.clone()));
                self.returned.set(Some(returned));
            }
            Outcome::Later(waiting, wait_ms) => {
                self.items.update(|items| {
                    if let Some(i) = items.iter_mut().find(|i| i.key == key) {
                        i.attempts += 1;
                        i.waiting = waiting;
                        i.next_try_ms = crate::browser::now_millis()
                            + wait_ms.unwrap_or_else(|| backoff_ms(i.attempts));
                    }
                });
            }
        }
        save(OUTBOX_KEY, &self.items.get_untracked());
    }

    /// Ends a round of sending and sets the timer for what is left (also when the module
    /// with [`send_due`] could not be fetched).
    fn not_sending(self) {
        self.sending.set(false);
        self.schedule();
    }

    /// Sets a timer for the earliest retry.
    fn schedule(self) {
        let Some(next) = self
            .items
            .get_untracked()
            .iter()
            .map(|i| i.next_try_ms)
            .min()
        else {
            return;
        };
        let delay = (next - crate::browser::now_millis()).clamp(500, 300_000);
        set_timeout(
            move || self.flush(false),
            std::time::Duration::from_millis(delay as u64),
        );
    }

    /// Reads what this device kept, provides it to the pages, and sends what waits (at
    /// once, when the network returns, when the page is shown again).
    pub fn start(send: Sender) {
        let outbox = Outbox::load(send);
        provide_context(outbox);
        outbox.watch();
    }

    /// Retries when the network returns or the page is shown again, and now, at start.
    pub fn watch(self) {
        crate::browser::on_window_event("online", move || self.flush(true));
        crate::browser::on_visible(move || self.flush(true));
        self.flush(true);
    }
}

/// Sends the items that are due, then sets the timer for the rest. Never in a first visit's
/// wasm: the forms load it the first time something is waiting (their lazy wrapper), and
/// the plan's pages have the whole outbox in a module fetched only then (`main.rs`).
pub async fn send_due(outbox: Outbox, now: bool) {
    let due: Vec<OutboxItem> = outbox
        .items
        .get_untracked()
        .into_iter()
        .filter(|i| now || i.next_try_ms <= crate::browser::now_millis())
        .collect();
    for item in due {
        let outcome = send(&item).await;
        outbox.settle(&item.key, outcome);
    }
    outbox.not_sending();
}

/// Whether a submission waits in this device's outbox: what the plan's pages check before
/// they fetch the module that sends it.
pub fn waiting() -> bool {
    crate::browser::storage_get(OUTBOX_KEY).is_some_and(|s| !matches!(s.trim(), "" | "[]"))
}

/// Sends what waits, with the sending a binary's lazy `send_due` gives once its module
/// is fetched; when it could not be fetched, the items stay and are tried again later.
pub async fn send_loaded(
    outbox: Outbox,
    loaded: impl Future<Output = Result<LocalTask, leptos::wasm_split::SplitLoaderError>>,
) {
    match loaded.await {
        Ok(sending) => sending.await,
        Err(_) => outbox.not_sending(),
    }
}

/// A task for `spawn_local`: sending holds browser objects, so it is not `Send`.
pub type LocalTask = std::pin::Pin<Box<dyn Future<Output = ()>>>;

enum Outcome {
    Stored(String),
    /// The JSON text of the server's field codes.
    Refused(String),
    Later(Waiting, Option<i64>),
}

async fn send(item: &OutboxItem) -> Outcome {
    let url = format!("{}api/initiatives", crate::app::base_href());
    let headers = [("Idempotency-Key", item.key.as_str())];
    let body = Some(item.input.as_str());
    let Ok(answer) = crate::browser::http("POST", &url, &headers, body).await else {
        return Outcome::Later(Waiting::Offline, None);
    };
    match answer.status {
        201 => {
            let body = answer.json().await;
            Outcome::Stored(
                crate::json::field(&body, "tracking_code")
                    .as_string()
                    .unwrap_or_default(),
            )
        }
        409 => Outcome::Later(Waiting::Server, Some(2_000)),
        429 => Outcome::Later(Waiting::Server, Some(30_000)),
        400..=499 => {
            let body = answer.json().await;
            let fields = crate::json::field(&body, "fields");
            // Anything but an object of codes reads as no codes: the form then asks the
            // person to check the fields.
            let fields = if fields.is_object() {
                js_sys::JSON::stringify(&fields)
                    .ok()
                    .and_then(|t| t.as_string())
            } else {
                None
            };
            Outcome::Refused(fields.unwrap_or_else(|| "{}".to_owned()))
        }
        _ => Outcome::Later(Waiting::Server, None),
    }
}

/// Field errors as the form shows them, from the core validation's codes.
pub fn to_owned_errors(errors: &FieldErrors) -> std::collections::BTreeMap<String, Vec<String>> {
    errors
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.iter().map(|c| (*c).to_owned()).collect()))
        .collect()
}

/// The outbox provided by the app.
pub fn use_outbox() -> Outbox {
    expect_context::<Outbox>()
}
