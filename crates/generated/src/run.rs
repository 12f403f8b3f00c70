//! Running an Actor or a task and waiting for the run to finish.
//!
//! [`run_actor`] and [`run_task`] start a run, then poll `GET /v2/actor-runs/{runId}` with
//! `waitForFinish` (the server holds each poll up to 60 seconds, so waiting costs about one
//! request a minute) until the run reaches a terminal status or the caller's deadline.
//! [`wait_for_run`] waits for a run started elsewhere. The outcome is a [`RunOutcome`], and
//! a failed call keeps the API's typed error ([`RunError`]).
//!
//! ```no_run
//! # async fn demo(client: &apify_api::Client) -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use apify_api::client::ActorsRunsPostParams;
//! use apify_api::run::{run_actor, RunOutcome, WaitOptions};
//!
//! let input = serde_json::json!({"url": "https://apify.com"});
//! let input = input.as_object().cloned().unwrap_or_default();
//! let options = WaitOptions::new().deadline(Duration::from_secs(600));
//! let params = ActorsRunsPostParams::default();
//! match run_actor(client, "apify~hello-world", &params, &input, &options).await? {
//!     RunOutcome::Succeeded(run) => println!("items in dataset {}", run.default_dataset_id),
//!     RunOutcome::DeadlineReached(run) => println!("still {} after 10 minutes", run.status),
//!     other => println!("the run ended {}", other.run().status),
//! }
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::time::{Duration, Instant};

use crate::client::{
    ActorRunGetError, ActorRunGetParams, ActorTaskRunsPostError, ActorTaskRunsPostParams,
    ActorsRunsPostError, ActorsRunsPostParams,
};
use crate::models::{ActorJobStatus, Run};
use crate::{ApifyApi, Error};

/// The longest `waitForFinish` the API accepts, in seconds.
pub const MAX_WAIT_SECS: u32 = 60;

/// How long to wait for a run, and how to poll it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitOptions {
    /// How long to wait in all, counted from the call (the start request included); `None`
    /// waits until the run finishes.
    pub deadline: Option<Duration>,
    /// The `waitForFinish` of each poll, in seconds (at most [`MAX_WAIT_SECS`]; less when the
    /// deadline is nearer).
    pub poll_wait_secs: u32,
    /// The least time between two polls, for a server that answers a poll before the run
    /// finishes and before `waitForFinish` ran out.
    pub min_poll_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            deadline: None,
            poll_wait_secs: MAX_WAIT_SECS,
            min_poll_interval: Duration::from_secs(1),
        }
    }
}

impl WaitOptions {
    /// Wait until the run finishes, polling with the longest wait the API allows.
    pub fn new() -> Self {
        WaitOptions::default()
    }

    /// Give up waiting after `deadline` ([`RunOutcome::DeadlineReached`]); the run goes on.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The `waitForFinish` of each poll, in seconds (capped at [`MAX_WAIT_SECS`]).
    pub fn poll_wait_secs(mut self, secs: u32) -> Self {
        self.poll_wait_secs = secs;
        self
    }

    /// The least time between two polls.
    pub fn min_poll_interval(mut self, interval: Duration) -> Self {
        self.min_poll_interval = interval;
        self
    }
}

/// How waiting for a run ended: a terminal status, or the caller's deadline first. Each
/// carries the run as last seen.
#[derive(Debug, Clone, PartialEq)]
pub enum RunOutcome {
    /// `SUCCEEDED`.
    Succeeded(Run),
    /// `FAILED`.
    Failed(Run),
    /// `ABORTED`.
    Aborted(Run),
    /// `TIMED-OUT`: the run hit its own timeout.
    TimedOut(Run),
    /// The deadline of [`WaitOptions`] came first; the run had not finished (it keeps running).
    DeadlineReached(Run),
}

impl RunOutcome {
    /// The run as last seen.
    pub fn run(&self) -> &Run {
        match self {
            RunOutcome::Succeeded(run)
            | RunOutcome::Failed(run)
            | RunOutcome::Aborted(run)
            | RunOutcome::TimedOut(run)
            | RunOutcome::DeadlineReached(run) => run,
        }
    }

    /// The run as last seen, owned.
    pub fn into_run(self) -> Run {
        match self {
            RunOutcome::Succeeded(run)
            | RunOutcome::Failed(run)
            | RunOutcome::Aborted(run)
            | RunOutcome::TimedOut(run)
            | RunOutcome::DeadlineReached(run) => run,
        }
    }

    /// Whether the run succeeded.
    pub fn is_success(&self) -> bool {
        matches!(self, RunOutcome::Succeeded(_))
    }

    /// The outcome of a run in a terminal status; `None` while it is not finished
    /// (including a status this crate does not know).
    pub fn of_finished(run: Run) -> Option<RunOutcome> {
        terminal(&run.status).map(|outcome| outcome(run))
    }
}

/// Why running and waiting failed: the start call's error (`S`, the documented errors of
/// the operation that started the run) or a poll's.
#[derive(Debug)]
pub enum RunError<S> {
    /// Starting the run failed; no run was started (or the API did not say).
    Start(Error<S>),
    /// Polling the run failed; the run was started and may still be running.
    Poll(Error<ActorRunGetError>),
}

impl<S: fmt::Display> fmt::Display for RunError<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Start(e) => write!(f, "starting the run failed: {e}"),
            RunError::Poll(e) => write!(f, "waiting for the run failed: {e}"),
        }
    }
}

impl<S: fmt::Debug + fmt::Display + 'static> std::error::Error for RunError<S> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RunError::Start(e) => Some(e),
            RunError::Poll(e) => Some(e),
        }
    }
}

/// Starts the Actor `actor_id` (`POST /v2/actors/{actorId}/runs`) with `input` as its JSON
/// input and waits for the run as `options` say.
pub async fn run_actor<A>(
    api: &A,
    actor_id: &str,
    params: &ActorsRunsPostParams,
    input: &specforge_runtime::Object,
    options: &WaitOptions,
) -> Result<RunOutcome, RunError<ActorsRunsPostError>>
where
    A: ApifyApi + ?Sized,
{
    let started = Instant::now();
    let run = api
        .actors_runs_post(actor_id, params, input)
        .await
        .map_err(RunError::Start)?
        .data;
    wait_from(api, run, started, options)
        .await
        .map_err(RunError::Poll)
}

/// Starts the task `task_id` (`POST /v2/actor-tasks/{actorTaskId}/runs`), with `input`
/// overriding fields of the task's saved input (an empty object overrides nothing), and
/// waits for the run as `options` say.
pub async fn run_task<A>(
    api: &A,
    task_id: &str,
    params: &ActorTaskRunsPostParams,
    input: &specforge_runtime::Object,
    options: &WaitOptions,
) -> Result<RunOutcome, RunError<ActorTaskRunsPostError>>
where
    A: ApifyApi + ?Sized,
{
    let started = Instant::now();
    let run = api
        .actor_task_runs_post(task_id, params, input)
        .await
        .map_err(RunError::Start)?
        .data;
    wait_from(api, run, started, options)
        .await
        .map_err(RunError::Poll)
}

/// Waits for the run `run_id`, started elsewhere, as `options` say (it is polled at least
/// once, so the outcome carries the run as it is now).
pub async fn wait_for_run<A>(
    api: &A,
    run_id: &str,
    options: &WaitOptions,
) -> Result<RunOutcome, Error<ActorRunGetError>>
where
    A: ApifyApi + ?Sized,
{
    let started = Instant::now();
    let run = poll(api, run_id, 0).await?;
    wait_from(api, run, started, options).await
}

/// Polls `run` until it finishes or the deadline (counted from `started`) passes.
async fn wait_from<A>(
    api: &A,
    mut run: Run,
    started: Instant,
    options: &WaitOptions,
) -> Result<RunOutcome, Error<ActorRunGetError>>
where
    A: ApifyApi + ?Sized,
{
    let deadline = options.deadline.map(|d| started + d);
    let most = options.poll_wait_secs.min(MAX_WAIT_SECS);
    loop {
        if let Some(outcome) = terminal(&run.status) {
            return Ok(outcome(run));
        }
        let left = deadline.map(|d| d.saturating_duration_since(Instant::now()));
        if left.is_some_and(|left| left.is_zero()) {
            return Ok(RunOutcome::DeadlineReached(run));
        }
        // Whole seconds, never past the deadline: a poll may end a little before it.
        let wait = left.map_or(most, |left| {
            most.min(u32::try_from(left.as_secs()).unwrap_or(u32::MAX))
        });
        let asked = Instant::now();
        run = poll(api, &run.id, wait).await?;
        if finished(&run.status) {
            continue;
        }
        // Answered early and unfinished: keep a floor between polls, within the deadline.
        let mut pause = options.min_poll_interval.saturating_sub(asked.elapsed());
        if let Some(d) = deadline {
            pause = pause.min(d.saturating_duration_since(Instant::now()));
        }
        if !pause.is_zero() {
            tokio::time::sleep(pause).await;
        }
    }
}

/// Whether `status` is terminal: SUCCEEDED, FAILED, ABORTED or TIMED-OUT.
pub fn finished(status: &ActorJobStatus) -> bool {
    terminal(status).is_some()
}

/// The outcome a terminal status gives, `None` for the others.
fn terminal(status: &ActorJobStatus) -> Option<fn(Run) -> RunOutcome> {
    match status {
        ActorJobStatus::Succeeded => Some(RunOutcome::Succeeded),
        ActorJobStatus::Failed => Some(RunOutcome::Failed),
        ActorJobStatus::Aborted => Some(RunOutcome::Aborted),
        ActorJobStatus::TimedOut => Some(RunOutcome::TimedOut),
        _ => None,
    }
}

async fn poll<A>(api: &A, run_id: &str, wait: u32) -> Result<Run, Error<ActorRunGetError>>
where
    A: ApifyApi + ?Sized,
{
    let params = ActorRunGetParams {
        wait_for_finish: Some(f64::from(wait)),
    };
    Ok(api.actor_run_get(run_id, &params).await?.data)
}
