//! What filling in the form does to a request: the kind's imposed plan and issue type, and the
//! request as sent (trimmed, with only the kind's own parts). The pane applies these as the
//! visitor types; they live here so that the rules are written once.

use super::*;

impl TicketRequest {
    /// An empty support request under `plan` in `locale`: technical, severity C (the least
    /// urgent, so that nobody files an A by default), contact by email, every text empty and
    /// no optional part. It does not validate until the visitor fills it in.
    pub fn new(plan: SupportPlan, locale: Locale) -> TicketRequest {
        TicketRequest {
            kind: TicketKind::SupportRequest,
            subscription_id: String::new(),
            problem_type: String::new(),
            customer: None,
            refund: None,
            billing_address: None,
            callback_time: None,
            attachments: vec![],
            identity: None,
            issue_type: IssueType::Technical,
            severity: Severity::C,
            plan,
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
        }
    }

    /// Switches to `kind` and applies what it implies (Partner Center, Azure Marketplace and
    /// business-support seeds): the kind's [`TicketKind::fixed_issue_type`] and
    /// [`TicketKind::fixed_plan`], a severity lowered to what the issue type allows, an empty
    /// refund for a refund (currency left to the filer: the source's form has none), and phone as the preferred contact for a
    /// callback.
    pub fn set_kind(&mut self, kind: TicketKind) {
        self.kind = kind;
        if let Some(it) = kind.fixed_issue_type() {
            self.issue_type = it;
        }
        self.set_issue_type(self.issue_type);
        if let Some(plan) = kind.fixed_plan() {
            self.plan = plan;
        }
        if kind == TicketKind::Refund && self.refund.is_none() {
            self.refund = Some(RefundDetails::default());
        }
        if kind == TicketKind::Callback && self.preferred_contact == ContactMethod::Email {
            self.preferred_contact = ContactMethod::Phone;
        }
    }

    /// Sets the issue type, lowering the severity to the highest it allows under the plan
    /// ([`IssueType::max_severity`]).
    pub fn set_issue_type(&mut self, issue_type: IssueType) {
        self.issue_type = issue_type;
        let max = issue_type.max_severity(self.effective_plan());
        if self.severity < max {
            self.severity = max;
        }
    }

    /// The plan that decides the response time: the kind's imposed plan, else the chosen one.
    pub fn effective_plan(&self) -> SupportPlan {
        self.kind.fixed_plan().unwrap_or(self.plan)
    }

    /// The request as sent: text fields trimmed, the kind's imposed plan and issue type, only
    /// the parts of the chosen kind (customer for partner requests, refund details for refunds,
    /// billing address for subscription validation, callback time for callbacks, a last
    /// occurrence only for non-billing kinds and when a date or time is given). Fields the pane
    /// adds from its context (locale, region, article, attachments, identity) are left as
    /// they are.
    pub fn normalized(&self) -> TicketRequest {
        use TicketKind::*;
        let mut r = self.clone();
        let occurrence_empty =
            r.last_occurrence.as_ref().is_some_and(|lo| lo.date.trim().is_empty() && lo.time.trim().is_empty());
        if occurrence_empty || r.kind.is_billing() {
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
        if let Some(it) = r.kind.fixed_issue_type() {
            r.issue_type = it;
        }
        r.plan = r.effective_plan();
        r.customer = (r.kind == OnBehalf).then(|| self.customer.clone().unwrap_or_default());
        r.refund = (r.kind == Refund).then(|| self.refund.clone().unwrap_or_default());
        r.billing_address =
            (r.kind == SubscriptionValidation).then(|| self.billing_address.clone().unwrap_or_default());
        r.callback_time =
            if r.kind == Callback { self.callback_time.clone().filter(|t| !t.trim().is_empty()) } else { None };
        r
    }
}
