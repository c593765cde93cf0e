//! What filling in the form does to a request: the flow's imposed plan and issue type, and
//! the request as sent (trimmed, with only the flow's own parts). The pane applies these as
//! the visitor types; they live here so that the rules are written once.

use super::*;
use crate::profile::{Part, Profile};

impl TicketRequest {
    /// An empty request of `profile`'s first flow in `locale`: its first issue type, its
    /// default plan, the least urgent severity (so that nobody files the most urgent by
    /// default), contact by email, every text empty and no optional part. It does not
    /// validate until the visitor fills it in.
    pub fn new(profile: &Profile, locale: Locale) -> TicketRequest {
        let mut r = TicketRequest {
            kind: TicketKind::new(profile.flows[0].id.clone()),
            subscription_id: String::new(),
            problem_type: String::new(),
            customer: None,
            refund: None,
            billing_address: None,
            callback_time: None,
            attachments: vec![],
            identity: None,
            issue_type: IssueType::new(profile.issue_types[0].id.clone()),
            severity: Severity::new(profile.least_urgent().id.clone()),
            plan: SupportPlan::new(profile.default_plan.clone()),
            title: String::new(),
            description: String::new(),
            last_occurrence: None,
            contact_name: String::new(),
            email: String::new(),
            phone: String::new(),
            preferred_contact: ContactMethod::Email,
            locale,
            region: None,
            from_article: None,
            answers: BTreeMap::new(),
            consent: false,
            profile: profile.id.clone(),
        };
        r.set_kind(profile, r.kind.clone());
        r
    }

    /// Switches to flow `kind` and applies what it implies: its imposed issue type and plan, a
    /// severity lowered to what the issue type allows, an empty refund for a flow with the
    /// refund part (currency left to the filer: the source's form has none), and phone as
    /// the preferred contact when the flow requires a phone. Unknown flow: only `kind` changes.
    pub fn set_kind(&mut self, profile: &Profile, kind: TicketKind) {
        self.kind = kind;
        let Some(flow) = profile.flow(self.kind.as_str()) else { return };
        if let Some(it) = &flow.issue_type {
            self.issue_type = IssueType::new(it.clone());
        }
        if let Some(plan) = &flow.plan {
            self.plan = SupportPlan::new(plan.clone());
        }
        self.set_issue_type(profile, self.issue_type.clone());
        if flow.parts.contains(&Part::Refund) && self.refund.is_none() {
            self.refund = Some(RefundDetails::default());
        }
        if flow.phone == crate::profile::Need::Required && self.preferred_contact == ContactMethod::Email {
            self.preferred_contact = ContactMethod::Phone;
        }
    }

    /// Sets the issue type, lowering the severity to the most urgent it allows under the plan
    /// ([`Profile::highest_allowed`]).
    pub fn set_issue_type(&mut self, profile: &Profile, issue_type: IssueType) {
        self.issue_type = issue_type;
        let highest = profile.highest_allowed(self.issue_type.as_str(), self.effective_plan(profile).as_str());
        if !profile.severity_allowed(
            self.issue_type.as_str(),
            self.effective_plan(profile).as_str(),
            self.severity.as_str(),
        ) && profile.severity(self.severity.as_str()).is_some()
        {
            self.severity = Severity::new(highest.to_string());
        }
    }

    /// The plan that decides the response time: the flow's imposed plan, else the chosen one.
    pub fn effective_plan(&self, profile: &Profile) -> SupportPlan {
        match profile.flow(self.kind.as_str()).and_then(|f| f.plan.clone()) {
            Some(p) => SupportPlan::new(p),
            None => self.plan.clone(),
        }
    }

    /// The request as sent: text fields trimmed, the flow's imposed plan and issue type, only
    /// the parts of the chosen flow (customer, refund details, billing address, callback
    /// time), a last occurrence only where the flow asks it and when a date or time is
    /// given, answers only to the flow's fields that are shown (text answers trimmed). Fields
    /// the pane adds from its context (locale, region, article, attachments, identity) are
    /// left as they are.
    pub fn normalized(&self, profile: &Profile) -> TicketRequest {
        let mut r = self.clone();
        let Some(flow) = profile.flow(self.kind.as_str()) else { return r };
        let occurrence_empty =
            r.last_occurrence.as_ref().is_some_and(|lo| lo.date.trim().is_empty() && lo.time.trim().is_empty());
        if occurrence_empty || !flow.last_occurrence {
            r.last_occurrence = None;
        }
        for s in [
            &mut r.title,
            &mut r.description,
            &mut r.contact_name,
            &mut r.email,
            &mut r.phone,
            &mut r.subscription_id,
            &mut r.problem_type,
        ] {
            *s = s.trim().to_string();
        }
        if let Some(it) = &flow.issue_type {
            r.issue_type = IssueType::new(it.clone());
        }
        r.plan = r.effective_plan(profile);
        let has = |p: Part| flow.parts.contains(&p);
        r.customer = has(Part::Customer).then(|| self.customer.clone().unwrap_or_default());
        r.refund = has(Part::Refund).then(|| self.refund.clone().unwrap_or_default());
        r.billing_address = has(Part::BillingAddress).then(|| self.billing_address.clone().unwrap_or_default());
        r.callback_time =
            if has(Part::CallbackTime) { self.callback_time.clone().filter(|t| !t.trim().is_empty()) } else { None };
        r.answers = flow
            .fields
            .iter()
            .filter(|d| super::answers::shown(flow, d, self))
            .filter_map(|d| {
                let v = self.answers.get(&d.id)?;
                let v = match v {
                    serde_json::Value::String(s) if s.trim().is_empty() => return None,
                    serde_json::Value::String(s) => serde_json::Value::String(s.trim().to_string()),
                    serde_json::Value::Array(a) if a.is_empty() => return None,
                    other => other.clone(),
                };
                Some((d.id.clone(), v))
            })
            .collect();
        if r.profile.is_empty() {
            r.profile = profile.id.clone();
        }
        r
    }
}
