//! A required property is a plain struct field: a struct literal that leaves out `name` does
//! not compile.

use apify_api::models::ProxyGroup;

fn main() {
    let _group = ProxyGroup {
        description: "Group1 description".to_string(),
        available_count: 10,
        additional_properties: Default::default(),
    };
}
