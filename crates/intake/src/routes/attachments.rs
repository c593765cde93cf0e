//! `POST /api/attachments?filename=…`: a file's raw bytes, typed by content.

use crate::error::{blocking, ApiError};
use crate::extract::client_ip;
use crate::store::UploadOutcome;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use guichet_core::ticket::{ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES};
use guichet_core::wire::Attachment;
use serde::Deserialize;
use std::net::SocketAddr;

/// Query of `POST /api/attachments`.
#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    /// File name for display, 1 to 200 characters.
    pub filename: String,
}

/// The MIME type of `bytes` from their content (magic bytes; `infer`), or `text/plain` for
/// UTF-8 text without NUL bytes; `None` when unknown.
pub fn detect_type(bytes: &[u8]) -> Option<String> {
    if let Some(t) = infer::get(bytes) {
        return Some(t.mime_type().to_string());
    }
    (std::str::from_utf8(bytes).is_ok() && !bytes.contains(&0)).then(|| "text/plain".to_string())
}

/// Whether `c` has no place in a file name: a slash, a control character, or a Unicode format
/// character (category Cf: U+202E RIGHT-TO-LEFT OVERRIDE shows `invoice\u{202E}gpj.exe` as
/// `invoiceexe.jpg`; zero-width characters hide a name's real spelling).
pub fn unsafe_in_name(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c == '/' || c == '\\' || c.is_control() || c.general_category() == GeneralCategory::Format
}

/// Stores an upload: `201` with its [`Attachment`]. Errors: `429 upload_quota` past the
/// client address's daily quota of unlinked uploads, `507 upload_capacity` past the server's
/// total ([`crate::store::UploadQuota`]); `422 invalid_filename` or
/// `empty_file`, `413 file_too_large` past [`MAX_ATTACHMENT_BYTES`], `415 unsupported_type`
/// when the content is none of [`ATTACHMENT_TYPES`] (whatever the name says).
pub async fn create(
    State(st): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: axum::http::HeaderMap,
    Query(q): Query<UploadQuery>,
    body: Bytes,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let name = q.filename.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 || name.chars().any(unsafe_in_name) {
        return Err(ApiError::refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_filename",
            "The file name must be 1 to 200 characters, without slashes, control or invisible formatting characters",
        ));
    }
    if body.is_empty() {
        return Err(ApiError::refused(StatusCode::UNPROCESSABLE_ENTITY, "empty_file", "The file is empty"));
    }
    if body.len() > MAX_ATTACHMENT_BYTES {
        return Err(ApiError::refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            format!("Files are limited to {} MB", MAX_ATTACHMENT_BYTES / 1024 / 1024),
        ));
    }
    let accepted = |m: &String| ATTACHMENT_TYPES.iter().any(|(t, _)| t == m);
    let Some(mime) = detect_type(&body).filter(accepted) else {
        let labels: Vec<&str> = ATTACHMENT_TYPES.iter().map(|(_, l)| *l).collect();
        return Err(ApiError::refused(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            format!("This file's content is not an accepted type ({}), whatever its name says", labels.join(", ")),
        ));
    };
    let store = st.store.clone();
    let uploader = peer
        .map(|Extension(ConnectInfo(addr))| client_ip(addr.ip(), &headers, &st.config.trusted_proxies).to_string())
        .unwrap_or_default();
    let quota = st.config.upload_quota;
    match blocking(move || store.insert_attachment(&name, &mime, &body, &uploader, &quota)).await? {
        UploadOutcome::Stored(a) => Ok((StatusCode::CREATED, Json(a))),
        UploadOutcome::UploaderQuota => Err(ApiError::refused(
            StatusCode::TOO_MANY_REQUESTS,
            "upload_quota",
            "Too many files uploaded from here today without a request; file the request, or try tomorrow",
        )),
        UploadOutcome::TotalQuota => Err(ApiError::refused(
            StatusCode::INSUFFICIENT_STORAGE,
            "upload_capacity",
            "The server takes no more files for now; file the request without it, or try later",
        )),
    }
}
