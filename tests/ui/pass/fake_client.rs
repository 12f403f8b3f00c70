//! A consumer implements the `ApifyApi` trait with its own fakes, one returning the documented
//! 200 body and one returning a documented 401 error, and drives code that is generic over the
//! trait with both, without any network.

use apify_api::client::{BoxFuture, Error, ErrorContext, ErrorKind, UsersMeGetError, UsersMeGetResult};
use apify_api::models::{ErrorDetail, ErrorResponse, ErrorType};
use apify_api::ApifyApi;

struct Fake;

impl ApifyApi for Fake {
    fn users_me_get(&self) -> BoxFuture<'_, UsersMeGetResult> {
        Box::pin(async {
            Ok(apify_api::from_str(include_str!("../../data/users_me_200.json")).unwrap())
        })
    }
}

struct Unauthorized;

impl ApifyApi for Unauthorized {
    fn users_me_get(&self) -> BoxFuture<'_, UsersMeGetResult> {
        let body = ErrorResponse {
            error: ErrorDetail {
                r#type: ErrorType::InvalidToken,
                message: "Authentication token is not valid.".to_string(),
                additional_properties: Default::default(),
            },
            additional_properties: Default::default(),
        };
        Box::pin(async {
            Err(Error::new(
                ErrorKind::Status(UsersMeGetError::Unauthorized(body)),
                ErrorContext::new("GET", "/v2/users/me"),
            ))
        })
    }
}

async fn username_of(api: &(impl ApifyApi + ?Sized)) -> String {
    match api.users_me_get().await {
        Ok(response) => response.data.username,
        Err(error) => match error.documented() {
            Some(UsersMeGetError::Unauthorized(body)) => {
                format!("<unauthorized: {}>", body.error.r#type)
            }
            Some(other) => format!("<documented error: {other:?}>"),
            None => format!("<error: {error}>"),
        },
    }
}

#[tokio::main(flavor = "current_thread")]
pub async fn main() {
    assert_eq!(username_of(&Fake).await, "myusername");
    assert_eq!(
        username_of(&Unauthorized).await,
        "<unauthorized: invalid-token>"
    );

    let error = Unauthorized.users_me_get().await.unwrap_err();
    assert_eq!(error.status(), None);
    assert_eq!(error.context().method, "GET");
    assert_eq!(error.context().path, "/v2/users/me");
    match error.kind() {
        ErrorKind::Status(UsersMeGetError::Unauthorized(body)) => {
            assert_eq!(body.error.r#type, ErrorType::InvalidToken);
            assert!(body.error.r#type.is_known());
        }
        other => panic!("expected a documented 401, got {other:?}"),
    }
    // One plain line: the request, then the status with the body's `type` and `message`.
    assert_eq!(
        error.to_string(),
        "GET /v2/users/me (no response, 0 attempts): 401 Unauthorized: invalid-token: \
         Authentication token is not valid."
    );

    // The trait is `dyn`-compatible: fakes and the client alike can be held as trait objects.
    let apis: Vec<Box<dyn ApifyApi>> = vec![Box::new(Fake), Box::new(Unauthorized)];
    assert_eq!(username_of(&*apis[0]).await, "myusername");
    assert_eq!(username_of(&*apis[1]).await, "<unauthorized: invalid-token>");

    // The trait's futures are `Send`, so calls can move onto other tasks.
    let handle = tokio::spawn(async { username_of(&Fake).await });
    assert_eq!(handle.await.unwrap(), "myusername");
}
