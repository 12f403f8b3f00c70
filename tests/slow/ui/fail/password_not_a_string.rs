//! The proxy password (`format: password`) is a `Secret<String>`, not a string: reading it as
//! text does not compile, the caller has to say `.expose()`.

use apify_api::models::Proxy;

fn password_of(proxy: &Proxy) -> &str {
    let password: &str = &proxy.password;
    password
}

fn main() {
    let proxy: Proxy = apify_api::from_str(r#"{"password":"ad78knd9Jkjd86","groups":[]}"#).unwrap();
    let _ = password_of(&proxy);
}
