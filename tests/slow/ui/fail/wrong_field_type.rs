//! `availableCount` is `type: integer`, so the field is an `i64` and text does not fit.

use apify_api::models::ProxyGroup;

fn main() {
    let _group = ProxyGroup {
        name: "Group1".to_string(),
        description: "Group1 description".to_string(),
        available_count: "ten",
        additional_properties: Default::default(),
    };
}
