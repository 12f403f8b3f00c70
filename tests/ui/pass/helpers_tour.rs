//! The helpers README's "Helpers" section shows, compiled as a consumer would write them
//! (not run: there is no server).

use std::time::Duration;

use apify_api::client::{ActorsRunsPostParams, DatasetItemsGetParams};
use apify_api::run::{run_actor, RunOutcome, WaitOptions};
use apify_api::{dataset, key_value, Client};

#[derive(serde::Deserialize)]
struct Page {
    url: String,
    title: Option<String>,
}

async fn tour(client: Client) -> Result<(), Box<dyn std::error::Error>> {
    let input = serde_json::json!({"startUrls": [{"url": "https://apify.com"}]});
    let input = input.as_object().cloned().unwrap_or_default();
    let options = WaitOptions::new().deadline(Duration::from_secs(600));
    match run_actor(&client, "apify~website-content-crawler", &ActorsRunsPostParams::default(), &input, &options).await? {
        RunOutcome::Succeeded(run) => {
            let params = DatasetItemsGetParams::default();
            let mut pages = dataset::items::<Page, _>(&client, &run.default_dataset_id, &params);
            while let Some(page) = pages.next().await {
                let page = page?; // a bad item names its index and JSON pointer
                println!("{} {:?}", page.url, page.title);
            }
            let output: Option<serde_json::Value> =
                key_value::get_json(&client, &run.default_key_value_store_id, "OUTPUT").await?;
            println!("{output:?}");
        }
        RunOutcome::DeadlineReached(run) => println!("still {} after 10 minutes", run.status),
        other => println!("the run ended {}", other.run().status),
    }
    Ok(())
}

pub fn main() {
    // Compiled, never awaited.
    let _ = tour;
}
