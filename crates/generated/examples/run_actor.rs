//! Runs an Actor with a JSON input, waits for the run, and prints the first items of its
//! default dataset.
//!
//! ```text
//! APIFY_TOKEN=apify_api_... cargo run -p apify-api --example run_actor -- apify~hello-world '{"message": "hi"}'
//! APIFY_TOKEN=x cargo run -p apify-api --example run_actor -- my-actor --base-url http://127.0.0.1:8080
//! ```
//!
//! Arguments: the Actor (`username~actor-name` or its id), then optionally its input as a
//! JSON object (default `{}`), `--items N` (how many items to print, default 10),
//! `--wait SECS` (how long to wait for the run, default until it finishes) and
//! `--base-url URL` (else `APIFY_API_BASE_URL`, else `https://api.apify.com`). The token
//! comes from `APIFY_TOKEN`. Exit status: 0 when the run succeeded, 1 when it did not or a
//! call failed, 2 for a usage or configuration problem.

use std::process::ExitCode;
use std::time::Duration;

use apify_api::client::{ActorsRunsPostParams, DatasetItemsGetParams};
use apify_api::run::{self, RunOutcome, WaitOptions};
use apify_api::{dataset, Client};

/// The environment variable that overrides the base URL.
const BASE_URL_ENV: &str = "APIFY_API_BASE_URL";

const USAGE: &str =
    "usage: run_actor ACTOR [INPUT_JSON] [--items N] [--wait SECS] [--base-url URL]";

/// What the command line asks for.
struct Args {
    actor: String,
    input: serde_json::Map<String, serde_json::Value>,
    items: usize,
    wait: Option<Duration>,
    base_url: Option<String>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("run_actor: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut builder = Client::builder().token_from_env(Client::TOKEN_ENV);
    if let Some(base_url) = &args.base_url {
        builder = builder.base_url(base_url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("run_actor: {e}");
            return ExitCode::from(2);
        }
    };

    let mut options = WaitOptions::new();
    if let Some(wait) = args.wait {
        options = options.deadline(wait);
    }
    eprintln!("running {} ...", args.actor);
    let params = ActorsRunsPostParams::default();
    let outcome = match run::run_actor(&client, &args.actor, &params, &args.input, &options).await {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("run_actor: {e}");
            return ExitCode::FAILURE;
        }
    };
    let run = outcome.run();
    println!("run {}: {}", run.id, run.status);
    match &outcome {
        RunOutcome::Succeeded(_) => {}
        RunOutcome::DeadlineReached(_) => {
            eprintln!("run_actor: stopped waiting; the run goes on");
            return ExitCode::FAILURE;
        }
        _ => return ExitCode::FAILURE,
    }

    let params = DatasetItemsGetParams {
        clean: Some(true),
        limit: Some(args.items.min(1000) as f64),
        ..Default::default()
    };
    let mut items =
        dataset::items::<serde_json::Value, _>(&client, &run.default_dataset_id, &params);
    let mut shown = 0;
    while shown < args.items {
        match items.next().await {
            None => break,
            Some(Ok(item)) => println!("{item}"),
            Some(Err(e)) => {
                eprintln!("run_actor: {e}");
                return ExitCode::FAILURE;
            }
        }
        shown += 1;
    }
    eprintln!("{shown} item(s) of dataset {}", run.default_dataset_id);
    ExitCode::SUCCESS
}

fn parse_args() -> Result<Args, String> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut items = 10;
    let mut wait = None;
    let mut base_url = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = Some(args.next().ok_or("--base-url needs a URL")?),
            "--items" => {
                let n = args.next().ok_or("--items needs a number")?;
                items = n
                    .parse()
                    .map_err(|_| format!("--items: `{n}` is not a number"))?;
            }
            "--wait" => {
                let secs = args.next().ok_or("--wait needs a number of seconds")?;
                let secs: u64 = secs
                    .parse()
                    .map_err(|_| format!("--wait: `{secs}` is not a number of seconds"))?;
                wait = Some(Duration::from_secs(secs));
            }
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`")),
            _ => positional.push(arg),
        }
    }
    let mut positional = positional.into_iter();
    let actor = positional.next().ok_or("which Actor?")?;
    let input = match positional.next() {
        None => serde_json::Map::new(),
        Some(text) => match serde_json::from_str(&text) {
            Ok(serde_json::Value::Object(input)) => input,
            Ok(_) => return Err("the input must be a JSON object".into()),
            Err(e) => return Err(format!("the input is not JSON: {e}")),
        },
    };
    if let Some(extra) = positional.next() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let base_url = base_url.or_else(|| {
        std::env::var(BASE_URL_ENV)
            .ok()
            .filter(|url| !url.is_empty())
    });
    Ok(Args {
        actor,
        input,
        items,
        wait,
        base_url,
    })
}
