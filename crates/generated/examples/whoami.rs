//! Prints the username and plan of the Apify account that owns a token.
//!
//! ```text
//! APIFY_TOKEN=apify_api_... cargo run -p apify-api --example whoami
//! APIFY_TOKEN=apify_api_... cargo run -p apify-api --example whoami -- --base-url http://127.0.0.1:8080
//! ```
//!
//! The token comes from `APIFY_TOKEN`. Requests go to `https://api.apify.com` unless
//! `--base-url URL` or the `APIFY_API_BASE_URL` environment variable says otherwise (the
//! flag wins). Exit status: 0 on success, 1 if the call fails, 2 for a usage or
//! configuration problem such as a missing token.

use std::process::ExitCode;

use apify_api::{ApifyApi, Client};

/// The environment variable that overrides the base URL.
const BASE_URL_ENV: &str = "APIFY_API_BASE_URL";

#[tokio::main]
async fn main() -> ExitCode {
    let base_url = match base_url() {
        Ok(base_url) => base_url,
        Err(message) => {
            eprintln!("whoami: {message}\nusage: whoami [--base-url URL]");
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
            eprintln!("whoami: {e}");
            return ExitCode::from(2);
        }
    };

    match client.users_me_get().await {
        Ok(me) => {
            println!("username: {}", me.data.username);
            match &me.data.plan {
                Some(plan) => println!("plan: {}", plan.id),
                None => println!("plan: no plan (called from an Actor run)"),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("whoami: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The base URL from `--base-url URL`, else from `APIFY_API_BASE_URL`, else `None`.
fn base_url() -> Result<Option<String>, String> {
    let mut args = std::env::args().skip(1);
    let mut base_url = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--base-url" => base_url = Some(args.next().ok_or("--base-url needs a URL")?),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(base_url.or_else(|| {
        std::env::var(BASE_URL_ENV)
            .ok()
            .filter(|url| !url.is_empty())
    }))
}
