//! The calls README's "Whole responses, media types, streams, pagination, per-call options"
//! section shows, compiled as a consumer would write them (not run: there is no server).

use std::io::Write;
use std::time::Duration;

use apify_api::client::{CallOptions, DatasetItemsGetParams};
use apify_api::{ApifyApi, Client};

async fn tour(client: Client, file: &mut std::fs::File) -> Result<(), Box<dyn std::error::Error>> {
    let params = DatasetItemsGetParams {
        clean: Some(true),
        ..Default::default()
    };

    let page = client.dataset_items_get_response("my-dataset", &params).await?;
    println!("{} of {:?}", page.body.len(), page.headers.x_apify_pagination_total);
    println!("rate limit left: {:?}", page.raw_header("x-ratelimit-remaining"));

    let mut items = client.dataset_items_get_stream("my-dataset", &params);
    while let Some(item) = items.next().await {
        println!("{}", item?["url"]);
    }

    let csv: String = client.dataset_items_get_csv("my-dataset", &params).await?.body;
    println!("{csv}");
    let mut xlsx = client.dataset_items_get_xlsx("my-dataset", &params).await?.body;
    while let Some(chunk) = xlsx.next().await {
        file.write_all(&chunk?)?;
    }
    let mut lines = client.dataset_items_get_jsonl("my-dataset", &params).await?.body;
    while let Some(item) = lines.next().await {
        println!("{:?}", item?.get("url"));
    }

    let quick = client.with_options(
        CallOptions::new()
            .timeout(Duration::from_secs(5))
            .max_retries(0),
    );
    let me = quick.users_me_get().await?;
    println!("{}", me.data.username);

    let api: Box<dyn ApifyApi> = Box::new(client.clone());
    let me = api.users_me_get().await?;
    println!("{}", me.data.username);
    Ok(())
}

pub fn main() {
    // Only type-checked: calling `tour` would need a server.
    let _ = tour;
}
