//! Streams a dataset to a CSV file, with a progress line, without holding it in memory.
//!
//! ```text
//! APIFY_TOKEN=apify_api_... cargo run -p apify-api --example dataset_export -- DATASET_ID items.csv
//! APIFY_TOKEN=x cargo run -p apify-api --example dataset_export -- DATASET_ID items.csv --base-url http://127.0.0.1:8080
//! ```
//!
//! Arguments: the dataset (its id, or `username~dataset-name`), the file to write, then
//! optionally `--jsonl` (JSON Lines instead of CSV) and `--base-url URL` (else
//! `APIFY_API_BASE_URL`, else `https://api.apify.com`). Empty items are left out
//! (`clean`). The token comes from `APIFY_TOKEN`. Exit status: 0 on success, 1 if the
//! export fails, 2 for a usage or configuration problem.

use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use apify_api::client::{CallOptions, DatasetItemsGetParams};
use apify_api::dataset::{self, ExportFormat, ExportProgress};
use apify_api::Client;

/// The environment variable that overrides the base URL.
const BASE_URL_ENV: &str = "APIFY_API_BASE_URL";

const USAGE: &str = "usage: dataset_export DATASET FILE [--jsonl] [--base-url URL]";

#[tokio::main]
async fn main() -> ExitCode {
    let (dataset_id, file, format, base_url) = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("dataset_export: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut builder = Client::builder().token_from_env(Client::TOKEN_ENV);
    if let Some(base_url) = base_url {
        builder = builder.base_url(base_url);
    }
    let client = match builder.build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("dataset_export: {e}");
            return ExitCode::from(2);
        }
    };
    // A big dataset takes a while to stream: give the call an hour, not the default budget.
    let client = client.with_options(CallOptions::new().timeout(Duration::from_secs(3600)));
    let mut out = match std::fs::File::create(&file) {
        Ok(out) => std::io::BufWriter::new(out),
        Err(e) => {
            eprintln!("dataset_export: cannot create {file}: {e}");
            return ExitCode::from(2);
        }
    };

    let params = DatasetItemsGetParams {
        clean: Some(true),
        ..Default::default()
    };
    let mut progress = |p: &ExportProgress| {
        let items = p
            .total_items
            .map_or_else(String::new, |total| format!(" ({total} items)"));
        eprint!("\r{} bytes written{items}", p.bytes);
    };
    let exported = dataset::export(
        &client,
        &dataset_id,
        format,
        &params,
        &mut out,
        Some(&mut progress),
    )
    .await;
    eprintln!();
    match exported.map(|done| (done, out.flush())) {
        Ok((done, Ok(()))) => {
            println!("{file}: {} bytes", done.bytes);
            ExitCode::SUCCESS
        }
        Ok((_, Err(e))) => {
            eprintln!("dataset_export: writing {file} failed: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("dataset_export: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The dataset, the file, the format and the base URL.
fn parse_args() -> Result<(String, String, ExportFormat, Option<String>), String> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut format = ExportFormat::Csv;
    let mut base_url = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = Some(args.next().ok_or("--base-url needs a URL")?),
            "--jsonl" => format = ExportFormat::JsonLines,
            other if other.starts_with("--") => return Err(format!("unknown option `{other}`")),
            _ => positional.push(arg),
        }
    }
    let [dataset_id, file]: [String; 2] = positional
        .try_into()
        .map_err(|_| "give a dataset and a file".to_owned())?;
    let base_url = base_url.or_else(|| {
        std::env::var(BASE_URL_ENV)
            .ok()
            .filter(|url| !url.is_empty())
    });
    Ok((dataset_id, file, format, base_url))
}
