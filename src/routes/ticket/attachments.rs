//! Attachments of the draft: upload on pick (the intake checks type and size), list with
//! Remove.

use super::form::Form;
use crate::api;
use crate::i18n::tr;
use guichet_core::ticket::{ErrorCode, Field, FieldError, MAX_ATTACHMENTS};
use guichet_core::wire::Attachment;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The bytes of a picked file. Errors: the browser could not read it (moved, deleted,
/// permission lost) — never an empty upload in its place.
async fn read(file: &web_sys::File) -> Result<Vec<u8>, ()> {
    let buf = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.map_err(|_| ())?;
    Ok(js_sys::Uint8Array::new(&buf.unchecked_into()).to_vec())
}

/// Uploads `file` as one of the draft's attachments, counted in `form.uploading` meanwhile.
/// The stored attachment is shown to `then`, then joins `form.files`; a failure (unreadable
/// file, refused upload) goes to `form.file_error` under the file's name.
pub(super) fn upload(form: Form, file: web_sys::File, then: impl FnOnce(&Attachment) + 'static) {
    let ctx = form.ctx;
    form.uploading.update(|n| *n += 1);
    let cfg = ctx.config.get_value();
    let name = file.name();
    let work = async move {
        match read(&file).await {
            Ok(bytes) => api::upload_attachment(&cfg, &file.name(), bytes).await,
            Err(()) => Err(tr!(ctx.locale.get_untracked(), file_read_error).to_string()),
        }
    };
    ctx.spawn(work, move |uploaded| {
        match uploaded {
            Ok(a) => {
                then(&a);
                form.files.update(|v| v.push(a));
            }
            Err(e) => form.file_error.set(Some(format!("{name}: {e}"))),
        }
        form.uploading.update(|n| *n -= 1);
    });
}

#[component]
pub fn Attachments(form: Form) -> impl IntoView {
    let (ctx, loc) = (form.ctx, form.loc);
    let on_files = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(list) = input.files() else { return };
        let picked: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        input.set_value("");
        form.file_error.set(None);
        for f in picked {
            if form.files.with_untracked(Vec::len) + form.uploading.get_untracked() >= MAX_ATTACHMENTS {
                let e = FieldError::new(Field::Attachments, ErrorCode::TooManyAttachments);
                form.file_error.set(Some(e.message(&form.profile.get_value(), ctx.locale.get_untracked())));
                break;
            }
            upload(form, f, |_| {});
        }
    };
    let field = Field::Attachments;
    view! {
        <div class="g-field">
            <label for=field.input_id()>{move || tr!(loc.get(), attachments)}</label>
            <input id=field.input_id() type="file" multiple
                aria-describedby="guichet-attachment-limits guichet-e-attachments-upload" on:change=on_files/>
            <p id="guichet-attachment-limits" class="g-muted">{move || tr!(loc.get(), attachment_limits)}</p>
            <p class="g-muted" role="status">{move || (form.uploading.get() > 0).then(|| tr!(loc.get(), uploading))}</p>
            <p id="guichet-e-attachments-upload" class="g-field-error" role="alert">{move || form.file_error.get()}</p>
            <p class="g-field-error">{move || form.error(field)}</p>
            <ul class="g-files">
                {move || form.files.get().into_iter().map(|a| {
                    let id = a.id.clone();
                    view! {
                        <li>
                            <span>{format!("{} ({} KB)", a.filename, a.size.div_ceil(1024))}</span>
                            <button type="button" class="g-copy" aria-label=format!("{} {}", tr!(loc.get(), remove), a.filename)
                                on:click=move |_| form.files.update(|v| v.retain(|x| x.id != id))>{tr!(loc.get(), remove)}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}
