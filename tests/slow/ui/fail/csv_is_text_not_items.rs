//! A media-type method returns what its type is: CSV is text, not a list of items.

use apify_api::client::DatasetItemsGetParams;
use apify_api::{ApifyApi, Client};

async fn misuse(client: Client) {
    let params = DatasetItemsGetParams::default();
    let items: Vec<serde_json::Value> = client
        .dataset_items_get_csv("ds", &params)
        .await
        .unwrap()
        .body;
    let _ = items;
}

fn main() {
    let _ = misuse;
}
