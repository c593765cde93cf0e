//! UI strings in French and English. Keys are an enum, so a missing translation or a typo in
//! a key is a compile error.

use guichet_core::Locale;

/// A UI string key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum K {
    Help,
    Close,
    PaneTitle,
    SearchLabel,
    SearchPlaceholder,
    ResultsLabel,
    NoResults,
    NoResultsHint,
    Popular,
    ContactSupport,
    Back,
    Loading,
    LoadError,
    Retry,
    DidThisHelp,
    Yes,
    NoContact,
    ThanksHelpful,
    ContactTitle,
    Region,
    PhoneSupport,
    Billing,
    Technical,
    OpenNow,
    Closed,
    Closes,
    Opens,
    YourTime,
    LocalTime,
    AlwaysOpen,
    NoPhoneSupport,
    InternationalCharges,
    LocalCharges,
    TollFree,
    ClosedHolidays,
    PinNote,
    Alternative,
    FileTicket,
    TicketTitle,
    IssueType,
    Plan,
    Severity,
    Title,
    Description,
    LastOccurrence,
    Optional,
    Date,
    Time,
    TimeZone,
    Name,
    Email,
    Phone,
    Preferred,
    ByEmail,
    ByPhone,
    Submit,
    Sending,
    ExpectedResponse,
    FixErrors,
    TicketCreated,
    TicketNumber,
    BackToHelp,
    DraftRestored,
    Language,
    Steps,
    SupportType,
    AllLanguages,
    SpeakLanguage,
    Copy,
    Copied,
    SeverityLabel,
    OnlineSupport247,
    EeaInternational,
    SevereIssues247,
    NoPhoneBilling,
    NoPhoneTechnical,
    RegionNoMatch,
    WaitingToSend,
    WillRetry,
    CancelSend,
    Queued,
    RequestKind,
    KindSupport,
    KindOnBehalf,
    KindRefund,
    KindValidation,
    KindCallback,
    SubscriptionId,
    ProblemType,
    CustomerName,
    CustomerTenant,
    CustomerSubscriptionId,
    Amount,
    Currency,
    PeriodStart,
    PeriodEnd,
    BillingDate,
    Reason,
    BillingAddress,
    CallbackTime,
    ExpectedWait,
    Attachments,
    AttachmentLimits,
    Remove,
    Uploading,
    Next,
    Review,
    StepBasics,
    StepProblem,
    StepContact,
    StepReview,
    Verified,
    MyRequests,
    Reopen,
    Reopened,
    StatusOpen,
    StatusClosed,
    ReopenExpired,
    NoRequests,
    Rejected,
    PartnerContactNote,
    RecentSearches,
    ClearRecent,
    FallbackNotice,
    ContactsFor,
    SupportContacts,
}

/// The string for `k` in `l`.
pub fn t(l: Locale, k: K) -> &'static str {
    use K::*;
    let fr = l == Locale::Fr;
    macro_rules! s {
        ($fr:expr, $en:expr) => {
            if fr { $fr } else { $en }
        };
    }
    match k {
        Help => s!("Aide", "Help"),
        Close => s!("Fermer l’aide", "Close help"),
        PaneTitle => s!("Comment pouvons-nous vous aider ?", "How can we help?"),
        SearchLabel => s!("Rechercher dans les articles d’aide", "Search help articles"),
        SearchPlaceholder => s!("Décrivez votre problème…", "Describe your problem…"),
        ResultsLabel => s!("Articles trouvés", "Matching articles"),
        NoResults => s!("Aucun article ne correspond.", "No article matches."),
        NoResultsHint => s!("Essayez d’autres mots, ou contactez le support : votre recherche sera reprise dans la demande.", "Try other words, or contact support: your search will be carried into the request."),
        Popular => s!("Articles fréquents", "Popular articles"),
        ContactSupport => s!("Contacter le support", "Contact support"),
        Back => s!("Retour", "Back"),
        Loading => s!("Chargement…", "Loading…"),
        LoadError => s!("Impossible de charger l’aide.", "Could not load help."),
        Retry => s!("Réessayer", "Try again"),
        DidThisHelp => s!("Cet article vous a-t-il aidé ?", "Did this article help?"),
        Yes => s!("Oui", "Yes"),
        NoContact => s!("Non, contacter le support", "No, contact support"),
        ThanksHelpful => s!("Merci pour votre retour !", "Thanks for your feedback!"),
        ContactTitle => s!("Contacter le support", "Contact support"),
        Region => s!("Pays ou région", "Country or region"),
        PhoneSupport => s!("Support téléphonique", "Phone support"),
        Billing => s!("Facturation", "Billing"),
        Technical => s!("Technique", "Technical"),
        OpenNow => s!("Ouvert", "Open now"),
        Closed => s!("Fermé", "Closed"),
        Closes => s!("ferme à", "closes at"),
        Opens => s!("ouvre", "opens"),
        YourTime => s!("votre heure", "your time"),
        LocalTime => s!("heure locale", "local time"),
        AlwaysOpen => s!("ouvert en permanence", "always open"),
        NoPhoneSupport => s!("Pas de support téléphonique dans cette région : déposez une demande en ligne.", "No phone support in this region: file a request online."),
        InternationalCharges => s!("Tarif d’un appel international.", "International call charges apply."),
        LocalCharges => s!("Tarif d’un appel local.", "Local call charges apply."),
        TollFree => s!("Appel gratuit.", "Toll-free."),
        ClosedHolidays => s!("Fermé le week-end et les jours fériés.", "Closed on weekends and public holidays."),
        PinNote => s!("Depuis un numéro non enregistré, un code de vérification est envoyé à l’e-mail ou au téléphone de votre profil d’administrateur.", "From an unregistered number, a verification code is sent to the email or phone in your admin profile."),
        Alternative => s!("Autre numéro", "Alternative number"),
        FileTicket => s!("Déposer une demande en ligne", "File a request online"),
        TicketTitle => s!("Nouvelle demande de support", "New support request"),
        IssueType => s!("Type de problème", "Issue type"),
        Plan => s!("Formule de support", "Support plan"),
        Severity => s!("Gravité", "Severity"),
        Title => s!("Titre", "Title"),
        Description => s!("Détails", "Details"),
        LastOccurrence => s!("Dernière occurrence", "Last occurrence"),
        Optional => s!("facultatif", "optional"),
        Date => s!("Date", "Date"),
        Time => s!("Heure", "Time"),
        TimeZone => s!("Fuseau horaire", "Time zone"),
        Name => s!("Nom", "Name"),
        Email => s!("E-mail", "Email"),
        Phone => s!("Téléphone", "Phone"),
        Preferred => s!("Méthode de contact préférée", "Preferred contact method"),
        ByEmail => s!("E-mail", "Email"),
        ByPhone => s!("Téléphone", "Phone"),
        Submit => s!("Créer la demande", "Create request"),
        Sending => s!("Envoi…", "Sending…"),
        ExpectedResponse => s!("Première réponse attendue", "Expected first response"),
        FixErrors => s!("Corrigez les champs signalés.", "Please fix the highlighted fields."),
        TicketCreated => s!("Demande créée", "Request created"),
        TicketNumber => s!("Numéro de demande", "Request number"),
        BackToHelp => s!("Retour à l’aide", "Back to help"),
        DraftRestored => s!("Brouillon restauré.", "Draft restored."),
        Language => s!("Langue", "Language"),
        Steps => s!("Puis", "Then"),
        SupportType => s!("Type de support", "Support type"),
        AllLanguages => s!("Toutes les langues", "All languages"),
        SpeakLanguage => s!("Je veux parler", "I want to speak"),
        Copy => s!("Copier", "Copy"),
        Copied => s!("Numéro copié.", "Number copied."),
        SeverityLabel => s!("Gravité", "Severity"),
        OnlineSupport247 => s!("Demandes en ligne depuis le centre d’administration : 24 h/24, 7 j/7.", "Online requests through the admin center: 24/7."),
        EeaInternational => s!("Pour tous les autres marchés de l’EEE : appel international vers l’Allemagne. Une demande en ligne évite ces frais.", "For all other EEA markets: an international call to Germany. An online request avoids the charges."),
        SevereIssues247 => s!("Pour les problèmes graves, le support technique répond 24 h/24, 7 j/7.", "For high-severity issues, technical support answers 24/7."),
        NoPhoneBilling => s!("Pas de support de facturation par téléphone.", "No billing support by phone."),
        NoPhoneTechnical => s!("Pas de support technique par téléphone.", "No technical support by phone."),
        RegionNoMatch => s!("Aucun pays ou région ne correspond.", "No country or region matches."),
        WaitingToSend => s!("En attente d’envoi :", "Waiting to send:"),
        WillRetry => s!("Pas de connexion au support pour l’instant. La demande est gardée ici et partira toute seule dès que possible.", "Support cannot be reached right now. The request is kept here and will be sent automatically as soon as possible."),
        CancelSend => s!("Annuler l’envoi", "Cancel sending"),
        Queued => s!("Demande gardée, envoi automatique dès que possible.", "Request kept; it will be sent automatically."),
        RequestKind => s!("Type de demande", "Kind of request"),
        KindSupport => s!("Demande de support", "Support request"),
        KindOnBehalf => s!("Pour le compte d’un client (partenaire)", "On behalf of a customer (partner)"),
        KindRefund => s!("Avoir ou remboursement (Marketplace)", "Credit or refund (Marketplace)"),
        KindValidation => s!("Validation d’abonnement", "Subscription validation"),
        KindCallback => s!("Être rappelé", "Call me back"),
        SubscriptionId => s!("Identifiant d’abonnement ou de compte", "Subscription or account ID"),
        ProblemType => s!("Type et catégorie de problème", "Problem type and category"),
        CustomerName => s!("Nom du client", "Customer name"),
        CustomerTenant => s!("Locataire ou domaine du client", "Customer tenant or domain"),
        CustomerSubscriptionId => s!("Identifiant d’abonnement du client", "Customer subscription ID"),
        Amount => s!("Montant de l’avoir", "Credit amount"),
        Currency => s!("Devise", "Currency"),
        PeriodStart => s!("Début de la période", "Period start"),
        PeriodEnd => s!("Fin de la période", "Period end"),
        BillingDate => s!("Date de facturation de la période", "Billing date of the period"),
        Reason => s!("Motif", "Reason"),
        BillingAddress => s!("Adresse de facturation", "Billing address"),
        CallbackTime => s!("Heure de rappel souhaitée", "Preferred callback time"),
        ExpectedWait => s!("Attente prévue", "Expected wait"),
        Attachments => s!("Pièces jointes", "Attachments"),
        AttachmentLimits => s!("Jusqu’à 5 fichiers de 5 Mo : PNG, JPEG, GIF, PDF, ZIP, TXT/LOG. Le type est vérifié d’après le contenu.", "Up to 5 files of 5 MB: PNG, JPEG, GIF, PDF, ZIP, TXT/LOG. The type is checked from the content."),
        Remove => s!("Retirer", "Remove"),
        Uploading => s!("Envoi du fichier…", "Uploading…"),
        Next => s!("Suivant", "Next"),
        Review => s!("Vérifier", "Review"),
        StepBasics => s!("Informations de base", "Basics"),
        StepProblem => s!("Problème", "Problem"),
        StepContact => s!("Coordonnées", "Contact"),
        StepReview => s!("Vérification", "Review"),
        Verified => s!("Identité vérifiée par votre portail.", "Identity verified by your portal."),
        MyRequests => s!("Mes demandes", "My requests"),
        Reopen => s!("Rouvrir", "Reopen"),
        Reopened => s!("Demande rouverte.", "Request reopened."),
        StatusOpen => s!("Ouverte", "Open"),
        StatusClosed => s!("Fermée", "Closed"),
        ReopenExpired => s!("Fermée depuis plus de 14 jours : ouvrez une nouvelle demande en citant ce numéro.", "Closed more than 14 days ago: open a new request quoting this number."),
        NoRequests => s!("Aucune demande ouverte ou récemment fermée.", "No open or recently closed requests."),
        Rejected => s!("Le support a refusé la demande :", "Support refused the request:"),
        RecentSearches => s!("Recherches récentes", "Recent searches"),
        ClearRecent => s!("Effacer", "Clear"),
        FallbackNotice => s!("Aucun article en français ne correspond. Voici les articles en anglais :", "No English article matches. Here are the French articles:"),
        ContactsFor => s!("Contacts du support", "Support contacts"),
        SupportContacts => s!("numéros, horaires et langues", "numbers, hours and languages"),
        PartnerContactNote => s!("Indiquez vos coordonnées de partenaire, pas celles du client.", "Enter your own partner contact details, not the customer’s."),
    }
}

/// "Label: value" with the locale's punctuation (French puts a narrow no-break space before
/// the colon).
pub fn labelled(l: Locale, label: &str, value: &str) -> String {
    match l {
        Locale::Fr => format!("{label}\u{202f}: {value}"),
        Locale::En => format!("{label}: {value}"),
    }
}

/// Label of a ticket kind.
pub fn kind(l: Locale, k: guichet_core::ticket::TicketKind) -> &'static str {
    use guichet_core::ticket::TicketKind::*;
    t(l, match k {
        SupportRequest => K::KindSupport,
        OnBehalf => K::KindOnBehalf,
        Refund => K::KindRefund,
        SubscriptionValidation => K::KindValidation,
        Callback => K::KindCallback,
    })
}

/// Label of a ticket field path, for the review step and error summaries.
pub fn field_label(l: Locale, field: &str) -> &'static str {
    t(l, match field {
        "kind" => K::RequestKind,
        "issue_type" => K::IssueType,
        "plan" => K::Plan,
        "subscription_id" => K::SubscriptionId,
        "customer.name" | "customer" => K::CustomerName,
        "customer.tenant" => K::CustomerTenant,
        "severity" => K::Severity,
        "problem_type" => K::ProblemType,
        "title" => K::Title,
        "description" => K::Description,
        "refund.customer_subscription_id" | "refund" => K::CustomerSubscriptionId,
        "refund.customer_name" => K::CustomerName,
        "refund.amount" => K::Amount,
        "refund.currency" => K::Currency,
        "refund.period_start" => K::PeriodStart,
        "refund.period_end" => K::PeriodEnd,
        "refund.billing_date" => K::BillingDate,
        "refund.reason" => K::Reason,
        "billing_address" => K::BillingAddress,
        "callback_time" => K::CallbackTime,
        "attachments" => K::Attachments,
        "contact_name" => K::Name,
        "email" => K::Email,
        "phone" => K::Phone,
        "preferred_contact" => K::Preferred,
        f if f.starts_with("last_occurrence") => K::LastOccurrence,
        _ => K::Description,
    })
}

/// Label of an issue type.
pub fn issue_type(l: Locale, v: guichet_core::ticket::IssueType) -> &'static str {
    use guichet_core::ticket::IssueType::*;
    match (v, l == Locale::Fr) {
        (Technical, true) => "Technique",
        (Technical, false) => "Technical",
        (BillingSubscription, true) => "Facturation et abonnement",
        (BillingSubscription, false) => "Billing and subscription",
        (PreSales, true) => "Avant-vente",
        (PreSales, false) => "Pre-sales",
    }
}

/// Label of a support plan.
pub fn plan(l: Locale, v: guichet_core::ticket::SupportPlan) -> &'static str {
    use guichet_core::ticket::SupportPlan::*;
    match (v, l == Locale::Fr) {
        (Business, true) => "Business (Basic, Standard, Apps)",
        (Business, false) => "Business (Basic, Standard, Apps)",
        (Enterprise, true) => "Entreprise (E1, E3, F1, Éducation, Administration)",
        (Enterprise, false) => "Enterprise (E1, E3, F1, Education, Government)",
        (Elevated, true) => "Support avancé (payant)",
        (Elevated, false) => "Elevated support (paid)",
        (CloudSolutionProvider, true) => "Fournisseur de solutions cloud (partenaire)",
        (CloudSolutionProvider, false) => "Cloud Solution Provider (partner)",
        (Vianet21, true) => "Office 365 exploité par 21Vianet",
        (Vianet21, false) => "Office 365 operated by 21Vianet",
    }
}

/// Name and one-line description of a severity (O365 support description).
pub fn severity(l: Locale, v: guichet_core::ticket::Severity) -> (&'static str, &'static str) {
    use guichet_core::ticket::Severity::*;
    match (v, l == Locale::Fr) {
        (A, true) => ("A – critique", "Service inaccessible ou inutilisable, production gravement touchée, nombreux utilisateurs."),
        (A, false) => ("A – critical", "Service unreachable or unusable, production badly hit, many users affected."),
        (B, true) => ("B – élevée", "Service dégradé, impact modéré, peut attendre les heures ouvrées."),
        (B, false) => ("B – high", "Service impaired, moderate impact, can wait for business hours."),
        (C, true) => ("C – non critique", "Impact faible, une solution de contournement existe."),
        (C, false) => ("C – non-critical", "Small impact, a workaround exists."),
    }
}

/// A response-time objective in words.
pub fn response(l: Locale, rt: guichet_core::ticket::ResponseTime, av: guichet_core::ticket::Availability) -> String {
    use guichet_core::ticket::{Availability, ResponseTime::*};
    let fr = l == Locale::Fr;
    let time = match rt {
        Hours(1) => if fr { "1 heure".to_string() } else { "1 hour".to_string() },
        Hours(h) => if fr { format!("{h} heures") } else { format!("{h} hours") },
        NextDay => if fr { "le lendemain".into() } else { "next day".into() },
        BusinessDays(1) => if fr { "1 jour ouvré".into() } else { "1 business day".into() },
        BusinessDays(d) => if fr { format!("{d} jours ouvrés") } else { format!("{d} business days") },
        NoCommitment => if fr { "sans engagement de délai".into() } else { "no time commitment".into() },
    };
    let when = match (av, fr) {
        (Availability::TwentyFourSeven, true) => "traitement 24 h/24, 7 j/7",
        (Availability::TwentyFourSeven, false) => "handled 24/7",
        (Availability::BusinessHours, true) => "traitement aux heures ouvrées",
        (Availability::BusinessHours, false) => "handled in business hours",
    };
    format!("{time} ({when})")
}

/// English language name of a directory line, in the UI locale.
pub fn language_name(l: Locale, english: &str) -> String {
    if l == Locale::En {
        return english.to_string();
    }
    let fr = match english {
        "English" => "anglais",
        "French" => "français",
        "German" => "allemand",
        "Spanish" => "espagnol",
        "Italian" => "italien",
        "Portuguese" => "portugais",
        "Dutch" => "néerlandais",
        "Arabic" => "arabe",
        "Russian" => "russe",
        "Japanese" => "japonais",
        "Korean" => "coréen",
        "Chinese (Mandarin)" | "Mandarin" => "chinois (mandarin)",
        "Cantonese" => "cantonais",
        "Chinese and English" => "chinois et anglais",
        "Thai" => "thaï",
        "Turkish" => "turc",
        "Polish" => "polonais",
        "Czech" => "tchèque",
        "Hebrew" => "hébreu",
        "Hungarian" => "hongrois",
        "Bahasa Indonesia" => "indonésien",
        _ => return english.to_string(),
    };
    fr.to_string()
}
