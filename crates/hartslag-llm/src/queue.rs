//! A bounded line in front of a backend.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::{mpsc, oneshot, watch};
use tokio_util::sync::CancellationToken;

use crate::{Backend, BackendInfo, LlmError, Outcome, Request};

/// At most `max_running` generations run at once and at most `max_waiting` wait; beyond that
/// [`Queue::submit`] answers [`LlmError::Busy`] at once. Cheap to clone (all clones share one line).
#[derive(Clone)]
pub struct Queue {
    inner: Arc<Inner>,
}

struct Inner {
    backend: Arc<dyn Backend>,
    max_running: usize,
    max_waiting: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    running: usize,
    waiting: VecDeque<Waiter>,
    next_id: u64,
}

struct Waiter {
    id: u64,
    position: watch::Sender<usize>,
    /// Gets the position sender back when it is this one's turn.
    start: oneshot::Sender<watch::Sender<usize>>,
}

/// A submitted request.
#[derive(Debug)]
pub struct Ticket {
    /// Place in line: 1 = next, 2 = after that, …; 0 = running (or finished). Updates as the line moves.
    pub position: watch::Receiver<usize>,
    /// The generated text in pieces as it comes. Dropping it is fine (the generation goes on; cancel it with
    /// the token to stop it).
    pub chunks: mpsc::UnboundedReceiver<String>,
    /// The result, once the generation is over.
    pub done: oneshot::Receiver<Result<Outcome, LlmError>>,
}

impl Ticket {
    /// Waits for the result (dropping the chunk receiver).
    pub async fn outcome(self) -> Result<Outcome, LlmError> {
        self.done.await.unwrap_or_else(|_| Err(LlmError::Generation("the generation task ended unexpectedly".into())))
    }
}

impl Queue {
    /// `max_running` is at least 1. For [`crate::LocalBackend`] use 1: it runs one generation at a time anyway.
    pub fn new(backend: Arc<dyn Backend>, max_running: usize, max_waiting: usize) -> Self {
        Queue {
            inner: Arc::new(Inner {
                backend,
                max_running: max_running.max(1),
                max_waiting,
                state: Mutex::new(State::default()),
            }),
        }
    }

    pub fn backend(&self) -> &Arc<dyn Backend> {
        &self.inner.backend
    }

    pub fn describe(&self) -> BackendInfo {
        self.inner.backend.describe()
    }

    /// (running, waiting) right now.
    pub fn load(&self) -> (usize, usize) {
        let st = self.inner.lock();
        (st.running, st.waiting.len())
    }

    /// Puts a request in line, or runs it at once if a slot is free. Must be called within a Tokio runtime
    /// (the request runs in a task of its own). Cancelling `cancel` takes a waiting request out of the line
    /// (its outcome then says [`crate::Finish::Cancelled`]) or stops a running one.
    pub fn submit(&self, req: Request, cancel: CancellationToken) -> Result<Ticket, LlmError> {
        let (chunk_tx, chunk_rx) = mpsc::unbounded_channel();
        let (done_tx, done_rx) = oneshot::channel();
        let inner = self.inner.clone();
        let mut st = inner.lock();
        let (position_rx, wait) = if st.running < inner.max_running && st.waiting.is_empty() {
            st.running += 1;
            let (tx, rx) = watch::channel(0);
            (rx, Err(tx))
        } else if st.waiting.len() < inner.max_waiting {
            let id = st.next_id;
            st.next_id += 1;
            let (position, rx) = watch::channel(st.waiting.len() + 1);
            let (start, start_rx) = oneshot::channel();
            st.waiting.push_back(Waiter { id, position, start });
            (rx, Ok((id, start_rx)))
        } else {
            return Err(LlmError::Busy);
        };
        drop(st);

        tokio::spawn(async move {
            let result = match wait {
                Err(position) => inner.run(position, req, chunk_tx, cancel).await,
                Ok((id, mut start_rx)) => {
                    tokio::select! {
                        biased;
                        started = &mut start_rx => match started {
                            Ok(position) => inner.run(position, req, chunk_tx, cancel).await,
                            Err(_) => Err(LlmError::Generation("the queue was dropped".into())),
                        },
                        _ = cancel.cancelled() => {
                            if inner.leave(id) {
                                Ok(Outcome::cancelled(&inner.backend.describe(), req.params))
                            } else {
                                // Its turn came at the same moment: it holds a slot, which `run` gives back
                                // (the backend sees the cancelled token and ends at once).
                                match start_rx.await {
                                    Ok(position) => inner.run(position, req, chunk_tx, cancel).await,
                                    Err(_) => Err(LlmError::Generation("the queue was dropped".into())),
                                }
                            }
                        }
                    }
                }
            };
            let _ = done_tx.send(result);
        });

        Ok(Ticket { position: position_rx, chunks: chunk_rx, done: done_rx })
    }
}

/// Gives a running slot back when dropped (also when the generation panics).
struct Slot(Arc<Inner>);

impl Drop for Slot {
    fn drop(&mut self) {
        let mut st = self.0.lock();
        st.running -= 1;
        while st.running < self.0.max_running {
            let Some(next) = st.waiting.pop_front() else { break };
            next.position.send_replace(0);
            if next.start.send(next.position).is_ok() {
                st.running += 1;
            }
        }
        renumber(&st);
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn run(
        self: &Arc<Self>,
        position: watch::Sender<usize>,
        req: Request,
        chunks: mpsc::UnboundedSender<String>,
        cancel: CancellationToken,
    ) -> Result<Outcome, LlmError> {
        let _slot = Slot(self.clone());
        position.send_replace(0);
        self.backend.generate(req, chunks, cancel).await
    }

    /// Takes a waiting request out of the line; false if it is no longer waiting.
    fn leave(&self, id: u64) -> bool {
        let mut st = self.lock();
        let Some(at) = st.waiting.iter().position(|w| w.id == id) else { return false };
        st.waiting.remove(at);
        renumber(&st);
        true
    }
}

fn renumber(st: &State) {
    for (i, w) in st.waiting.iter().enumerate() {
        w.position.send_if_modified(|p| {
            let changed = *p != i + 1;
            *p = i + 1;
            changed
        });
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::{Chunks, Finish, Params};

    /// A stand-in backend for the queue's own bookkeeping: it only waits (for the real thing, see tests/).
    struct Sleeper;

    #[async_trait::async_trait]
    impl Backend for Sleeper {
        fn describe(&self) -> BackendInfo {
            BackendInfo { kind: "test", model: "sleeper".into(), left_machine: false }
        }
        async fn generate(&self, req: Request, _: Chunks, cancel: CancellationToken) -> Result<Outcome, LlmError> {
            let finish = tokio::select! {
                _ = cancel.cancelled() => Finish::Cancelled,
                _ = tokio::time::sleep(Duration::from_millis(200)) => Finish::Stop,
            };
            let mut o = Outcome::cancelled(&self.describe(), req.params);
            o.finish = finish;
            Ok(o)
        }
    }

    fn req() -> Request {
        Request::new(vec![], Params::default())
    }

    #[tokio::test]
    async fn bounded_line_with_positions() {
        let q = Queue::new(Arc::new(Sleeper), 1, 2);
        let a = q.submit(req(), CancellationToken::new()).unwrap();
        let mut b = q.submit(req(), CancellationToken::new()).unwrap();
        let cancel_c = CancellationToken::new();
        let c = q.submit(req(), cancel_c.clone()).unwrap();
        assert_eq!(q.submit(req(), CancellationToken::new()).unwrap_err(), LlmError::Busy);
        assert_eq!((*a.position.borrow(), *b.position.borrow(), *c.position.borrow()), (0, 1, 2));
        assert_eq!(q.load(), (1, 2));

        cancel_c.cancel();
        let c = c.outcome().await.unwrap();
        assert_eq!(c.finish, Finish::Cancelled);
        assert_eq!(q.load(), (1, 1));

        assert_eq!(a.outcome().await.unwrap().finish, Finish::Stop);
        b.position.wait_for(|p| *p == 0).await.unwrap();
        assert_eq!(b.outcome().await.unwrap().finish, Finish::Stop);
        assert_eq!(q.load(), (0, 0));
    }
}
