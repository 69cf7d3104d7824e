//! Body and query extractors whose errors are problems naming the field.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::problem::Problem;

/// A JSON body. 415 unless the content type is JSON, 413 over the body
/// limit, 400 for malformed JSON, 422 for JSON of the wrong shape (an
/// unknown field, a wrong type), naming the field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                let v = v.trim().to_ascii_lowercase();
                v == "application/json" || v.ends_with("+json")
            });
        if !json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "the body must be JSON (Content-Type: application/json)",
            )
            .field("Content-Type"));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| Problem::new(e.status(), e.body_text()))?;
        object_only(&bytes)?;
        parse(&bytes).map(ApiJson)
    }
}

/// Every request body of the API is a JSON object. serde would also read
/// a struct from an array, by position (`[null, null]` as settings with
/// both fields left out), which the OpenAPI document does not allow and a
/// page never sends: refused here, before any handler sees it.
fn object_only(bytes: &[u8]) -> Result<(), Problem> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return Ok(());
    }
    match serde_json::from_slice::<serde::de::IgnoredAny>(bytes) {
        Ok(_) => Err(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the body must be a JSON object",
        )
        .field("body")),
        Err(e) => Err(Problem::bad_request(format!(
            "the body is not valid JSON: {e}"
        ))),
    }
}

/// Parses JSON bytes into `T`, with the error's field.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    // Tracking the path costs on every field; it is only wanted to name
    // the field of a body refused, so a body that parses is read once.
    match serde_json::from_slice(bytes) {
        Ok(value) => Ok(value),
        Err(_) => parse_naming_the_field(bytes),
    }
}

/// [`parse`] again, tracking where in the body it fails.
fn parse_naming_the_field<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = field_of(&e.path().to_string(), &e.inner().to_string());
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data if field == "." => {
                Problem::new(StatusCode::UNPROCESSABLE_ENTITY, inner.to_string())
            }
            serde_json::error::Category::Data => {
                Problem::unprocessable(field.clone(), format!("{field}: {inner}"))
            }
            _ => Problem::bad_request(format!("the body is not valid JSON: {inner}")),
        }
    })?;
    de.end()
        .map_err(|e| Problem::bad_request(format!("the body is not valid JSON: {e}")))?;
    Ok(value)
}

/// The path of the input to blame: serde names the struct for an unknown
/// or a missing field, so the field's own name is added.
fn field_of(path: &str, message: &str) -> String {
    let unknown = ["unknown field `", "missing field `"]
        .iter()
        .find_map(|p| message.strip_prefix(p))
        .and_then(|rest| rest.split('`').next());
    match (path, unknown) {
        (".", Some(name)) => name.to_string(),
        (p, Some(name)) if !p.ends_with(name) => format!("{p}.{name}"),
        (p, _) => p.to_string(),
    }
}

/// Query parameters, refused with 400 naming the parameter.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        // The access token is the server's, not the handler's.
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .filter(|(k, _)| k != "token")
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|e| {
                let field = field_of(&e.path().to_string(), &e.inner().to_string());
                let field = if field == "." {
                    "query".to_string()
                } else {
                    field
                };
                Problem::bad_request(format!("{field}: {}", e.inner())).field(field)
            })
    }
}
