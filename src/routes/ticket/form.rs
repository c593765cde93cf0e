//! The form's state, shared by its steps: the draft being typed, its attachments, the errors
//! shown and the current step; and what is sent ([`to_request`]).

use crate::state::Ctx;
use guichet_core::identity::SignedIdentity;
use guichet_core::profile::{FieldStep, Flow, Profile};
use guichet_core::ticket::{Field, Step, TicketRequest};
use guichet_core::wire::Attachment;
use guichet_core::Locale;
use leptos::prelude::*;
use std::sync::Arc;

/// What the pane adds to a draft when it files it.
#[derive(Clone, Debug, PartialEq)]
pub struct Filing {
    /// The pane's locale.
    pub locale: Locale,
    /// ISO 3166-1 code of the region shown in the contacts.
    pub region: Option<String>,
    /// The article that did not help, if any.
    pub from_article: Option<String>,
    /// The host's signed identity, if any.
    pub identity: Option<SignedIdentity>,
}

/// The request sent for `draft`: [`TicketRequest::normalized`], with the pane's locale,
/// region, article, attachment ids and identity; a verified identity's email replaces the
/// typed one and its name fills an empty contact name.
pub fn to_request(profile: &Profile, draft: &TicketRequest, files: &[Attachment], filing: &Filing) -> TicketRequest {
    let mut r = draft.normalized(profile);
    r.profile = profile.id.clone();
    r.locale = filing.locale;
    r.region = filing.region.clone();
    r.from_article = filing.from_article.clone();
    r.attachments = files.iter().map(|a| a.id.clone()).collect();
    r.identity = filing.identity.clone();
    if let Some(id) = &r.identity {
        r.email = id.email.clone();
        if r.contact_name.is_empty() {
            r.contact_name = id.name.clone();
        }
    }
    r
}

/// The step that shows the field at JSON path `path`: a profile field's (`answers.<id>`) is
/// its `step`; paths the server names that are not form fields belong to the problem step.
pub fn step_of(profile: &Profile, path: &str) -> Step {
    if let Some(id) = path.strip_prefix("answers.") {
        let def = profile.flows.iter().flat_map(|f| f.fields.iter()).find(|d| d.id == id);
        return match def.map(|d| d.step) {
            Some(FieldStep::Basics) => Step::Basics,
            Some(FieldStep::Contact) => Step::Contact,
            _ => Step::Problem,
        };
    }
    path.parse::<Field>().map_or(Step::Problem, Field::step)
}

/// The id of the input for JSON path `path` (`guichet-f-answers-area` for a profile field).
fn input_of(path: &str) -> Option<String> {
    match path.strip_prefix("answers.") {
        Some(id) => Some(format!("guichet-f-answers-{id}")),
        None => path.parse::<Field>().ok().map(Field::input_id),
    }
}

/// The form's signals (`Copy`), handed to each step.
#[derive(Clone, Copy)]
pub struct Form {
    /// The pane's state.
    pub ctx: Ctx,
    /// The portal profile the form follows.
    pub profile: StoredValue<Arc<Profile>>,
    /// The screen's locale.
    pub loc: Memo<Locale>,
    /// The draft as typed (saved to local storage on every change).
    pub draft: RwSignal<TicketRequest>,
    /// Uploaded attachments.
    pub files: RwSignal<Vec<Attachment>>,
    /// Uploads under way.
    pub uploading: RwSignal<usize>,
    /// Why the last upload failed.
    pub file_error: RwSignal<Option<String>>,
    /// Errors shown: (JSON path, message).
    pub errors: RwSignal<Vec<(String, String)>>,
    /// The step shown.
    pub step: RwSignal<Step>,
    /// Sending was tried without the consent the host requires (`data-consent="required"`).
    pub consent_missing: RwSignal<bool>,
}

impl Form {
    /// The flow of the draft (the profile's first if the draft names an unknown one).
    /// Reactive.
    pub fn flow(self) -> Flow {
        let kind = self.draft.with(|f| f.kind.clone());
        self.profile.with_value(|p| p.flow(kind.as_str()).unwrap_or(&p.flows[0]).clone())
    }

    /// The error shown at JSON path `path` (`"answers.area"`), if any. Reactive.
    pub fn error_at(self, path: &str) -> Option<String> {
        self.errors.with(|e| e.iter().find(|(f, _)| f == path).map(|(_, m)| m.clone()))
    }

    /// The error shown for `field`, if any. Reactive.
    pub fn error(self, field: Field) -> Option<String> {
        self.errors.with(|e| e.iter().find(|(f, _)| f == field.path()).map(|(_, m)| m.clone()))
    }

    /// `"true"` when `field` has an error (for `aria-invalid`). Reactive.
    pub fn invalid(self, field: Field) -> String {
        self.errors.with(|e| e.iter().any(|(f, _)| f == field.path())).to_string()
    }

    /// The request that would be sent now.
    pub fn request(self) -> TicketRequest {
        let ctx = self.ctx;
        let region = ctx.region.get_untracked().and_then(|slug| {
            ctx.directory.with_untracked(|d| d.as_ref().and_then(|d| d.by_slug(&slug)).map(|r| r.code.clone()))
        });
        let filing = Filing {
            locale: ctx.locale.get_untracked(),
            region,
            from_article: ctx.from_article.get_untracked(),
            identity: ctx.identity.get_value(),
        };
        self.profile.with_value(|p| to_request(p, &self.draft.get_untracked(), &self.files.get_untracked(), &filing))
    }

    /// Shows `list` (path, message), moves to the step of the first and focuses its field.
    /// Returns whether there were errors.
    pub fn show_errors(self, list: Vec<(String, String)>) -> bool {
        let Some(first) = list.first().map(|(f, _)| f.clone()) else {
            self.errors.set(Vec::new());
            return false;
        };
        self.step.set(self.profile.with_value(|p| step_of(p, &first)));
        self.errors.set(list);
        let id = input_of(&first).unwrap_or_else(|| "guichet-ticket-errors".to_string());
        request_animation_frame(move || crate::browser::focus_id(&id));
        true
    }

    /// Validates the steps up to `upto` with the core rules; shows the errors found. Returns
    /// whether those steps are valid.
    pub fn check(self, upto: Step) -> bool {
        let l = self.ctx.locale.get_untracked();
        let profile = self.profile.get_value();
        let found: Vec<(String, String)> = self
            .request()
            .validate(&profile, chrono::Utc::now())
            .into_iter()
            .filter(|e| step_of(&profile, &e.path()) <= upto)
            .map(|e| (e.path(), e.message(&profile, l)))
            .collect();
        !self.show_errors(found)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichet_core::ticket::{Severity, SupportPlan, TicketKind};

    fn seeds() -> &'static Profile {
        Profile::seeds()
    }

    fn draft() -> TicketRequest {
        TicketRequest {
            kind: TicketKind::OnBehalf,
            severity: Severity::B,
            title: " Mail flow stopped ".into(),
            description: "Nobody can send or receive mail since 9:00 this morning.".into(),
            email: "typed@example.com".into(),
            ..TicketRequest::new(seeds(), Locale::En)
        }
    }

    #[test]
    fn the_request_carries_the_panes_context() {
        let identity: SignedIdentity = serde_json::from_value(serde_json::json!({
            "user_id": "u-42", "email": "ada@contoso.com", "tenant": "contoso", "name": "Ada",
            "expires_at": 1, "signature": "00"
        }))
        .unwrap();
        let files = [Attachment { id: "AT-1".into(), filename: "a.png".into(), mime: "image/png".into(), size: 3 }];
        let filing = Filing {
            locale: Locale::Fr,
            region: Some("BE".into()),
            from_article: Some("refunds".into()),
            identity: Some(identity),
        };
        let r = to_request(seeds(), &draft(), &files, &filing);
        assert_eq!(
            (r.locale, r.region.as_deref(), r.from_article.as_deref()),
            (Locale::Fr, Some("BE"), Some("refunds"))
        );
        assert_eq!(r.attachments, ["AT-1"]);
        assert_eq!(
            (r.email.as_str(), r.contact_name.as_str(), r.title.as_str()),
            ("ada@contoso.com", "Ada", "Mail flow stopped")
        );
        assert_eq!(r.plan, SupportPlan::CloudSolutionProvider);
        assert!(r.customer.is_some());
        let filing = Filing { locale: Locale::En, region: None, from_article: None, identity: None };
        let anonymous = to_request(seeds(), &draft(), &[], &filing);
        assert_eq!((anonymous.email.as_str(), anonymous.identity), ("typed@example.com", None));
    }

    #[test]
    fn server_paths_map_to_their_steps() {
        assert_eq!(step_of(seeds(), "customer.tenant"), Step::Basics);
        assert_eq!(step_of(seeds(), "email"), Step::Contact);
        assert_eq!(step_of(seeds(), "body"), Step::Problem);
        assert_eq!(step_of(seeds(), "answers.unknown"), Step::Problem);
    }
}
