//! Validation messages in French, English and German.

use super::*;
use crate::profile::Profile;

/// The sentence for error `e` in `locale`; length messages name the field's own limits
/// ([`Field::limits`], or the profile field's), a severity limit or a pattern says what the
/// profile says for it.
pub(super) fn error_message(e: &FieldError, profile: &Profile, locale: Locale) -> String {
    use ErrorCode::*;
    let def =
        e.answer.as_deref().and_then(|id| profile.flows.iter().flat_map(|f| f.fields.iter()).find(|d| d.id == id));
    let (min, max) = match def {
        Some(d) => d.text_limits(),
        None => e.field.limits().unwrap_or((0, 0)),
    };
    let code = e.code;
    match (code, locale) {
        (PatternMismatch, _) if def.and_then(|d| d.pattern_message.as_ref()).is_some() => {
            def.and_then(|d| d.pattern_message.as_ref()).map(|t| t.get(locale).to_string()).unwrap_or_default()
        }
        (PatternMismatch, Locale::Fr) => "Le format ne convient pas.".into(),
        (PatternMismatch, Locale::En) => "This is not in the expected format.".into(),
        (PatternMismatch, Locale::De) => "Das Format passt nicht.".into(),
        (OutOfRange, l) => {
            let lo = def.and_then(|d| d.min).map(|v| v.to_string());
            let hi = def.and_then(|d| d.max).map(|v| v.to_string());
            match (l, lo, hi) {
                (Locale::Fr, Some(a), Some(b)) => format!("Nombre attendu, de {a} à {b}."),
                (Locale::En, Some(a), Some(b)) => format!("Expected a number from {a} to {b}."),
                (Locale::De, Some(a), Some(b)) => format!("Zahl von {a} bis {b} erwartet."),
                (Locale::Fr, ..) => "Nombre attendu.".into(),
                (Locale::En, ..) => "Expected a number.".into(),
                (Locale::De, ..) => "Zahl erwartet.".into(),
            }
        }
        (ChoiceCount, Locale::Fr) => "Nombre de choix hors des limites.".into(),
        (ChoiceCount, Locale::En) => "Too few or too many choices.".into(),
        (ChoiceCount, Locale::De) => "Zu wenige oder zu viele Auswahlen.".into(),
        (UnknownChoice, Locale::Fr) => "Choisissez une valeur de la liste.".into(),
        (UnknownChoice, Locale::En) => "Choose a value from the list.".into(),
        (UnknownChoice, Locale::De) => "Wählen Sie einen Wert aus der Liste.".into(),
        (WrongType, Locale::Fr) => "Valeur de forme inattendue pour ce champ.".into(),
        (WrongType, Locale::En) => "This value has the wrong shape for this field.".into(),
        (WrongType, Locale::De) => "Dieser Wert hat die falsche Form für dieses Feld.".into(),
        (UnknownAttachment, Locale::Fr) => "Joignez d’abord le fichier.".into(),
        (UnknownAttachment, Locale::En) => "Attach the file first.".into(),
        (UnknownAttachment, Locale::De) => "Hängen Sie die Datei zuerst an.".into(),
        (SeverityNotAllowed, l) => {
            let limit = e.context.as_ref().and_then(|(it, plan)| profile.limit(it, plan));
            match limit {
                Some(lim) => lim.message.get(l).to_string(),
                None => match l {
                    Locale::Fr => "Cette gravité n’est pas disponible ici.".into(),
                    Locale::En => "This severity is not available here.".into(),
                    Locale::De => "Dieser Schweregrad ist hier nicht verfügbar.".into(),
                },
            }
        }
        (Required, Locale::Fr) => "Ce champ est obligatoire.".into(),
        (Required, Locale::En) => "This field is required.".into(),
        (Required, Locale::De) => "Dieses Feld ist erforderlich.".into(),
        (TooShort, Locale::Fr) => format!("Écrivez au moins {min} caractères."),
        (TooShort, Locale::En) => format!("Write at least {min} characters."),
        (TooShort, Locale::De) => format!("Schreiben Sie mindestens {min} Zeichen."),
        (TooLong, Locale::Fr) => format!("{max} caractères au maximum."),
        (TooLong, Locale::En) => format!("At most {max} characters."),
        (TooLong, Locale::De) => format!("Höchstens {max} Zeichen."),
        (InvalidEmail, Locale::Fr) => "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr.".into(),
        (InvalidEmail, Locale::En) => "Enter a valid email address, such as name@example.com.".into(),
        (InvalidEmail, Locale::De) => {
            "Geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@beispiel.de.".into()
        }
        (InvalidPhone, Locale::Fr) => "Saisissez un numéro de 6 à 15 chiffres, par exemple +33 1 23 45 67 89.".into(),
        (InvalidPhone, Locale::En) => "Enter a number of 6 to 15 digits, such as +1 425 555 0100.".into(),
        (InvalidPhone, Locale::De) => {
            "Geben Sie eine Nummer mit 6 bis 15 Ziffern ein, zum Beispiel +49 30 1234 5678.".into()
        }
        (InvalidDate, Locale::Fr) => "Date attendue au format AAAA-MM-JJ.".into(),
        (InvalidDate, Locale::En) => "Expected a date as YYYY-MM-DD.".into(),
        (InvalidDate, Locale::De) => "Datum im Format JJJJ-MM-TT erwartet.".into(),
        (InvalidTime, Locale::Fr) => "Heure attendue au format HH:MM.".into(),
        (InvalidTime, Locale::En) => "Expected a time as HH:MM.".into(),
        (InvalidTime, Locale::De) => "Uhrzeit im Format HH:MM erwartet.".into(),
        (InvalidTimeZone, Locale::Fr) => "Choisissez un fuseau horaire de la liste.".into(),
        (InvalidTimeZone, Locale::En) => "Choose a time zone from the list.".into(),
        (InvalidTimeZone, Locale::De) => "Wählen Sie eine Zeitzone aus der Liste.".into(),
        (InFuture, Locale::Fr) => "Cette date est dans le futur.".into(),
        (InFuture, Locale::En) => "This date is in the future.".into(),
        (InFuture, Locale::De) => "Dieses Datum liegt in der Zukunft.".into(),
        (Incomplete, Locale::Fr) => "Indiquez la date, l’heure et le fuseau horaire ensemble.".into(),
        (Incomplete, Locale::En) => "Give the date, time and time zone together.".into(),
        (Incomplete, Locale::De) => "Geben Sie Datum, Uhrzeit und Zeitzone zusammen an.".into(),
        (InvalidRegion, Locale::Fr) => "Région inconnue.".into(),
        (InvalidRegion, Locale::En) => "Unknown region.".into(),
        (InvalidRegion, Locale::De) => "Unbekannte Region.".into(),
        (InvalidGuid, Locale::Fr) => {
            "Identifiant attendu au format xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (chiffres 0-9 et lettres a-f).".into()
        }
        (InvalidGuid, Locale::En) => {
            "Expected an id like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (digits 0-9 and letters a-f).".into()
        }
        (InvalidGuid, Locale::De) => {
            "Kennung im Format xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx erwartet (Ziffern 0-9 und Buchstaben a-f).".into()
        }
        (InvalidAmount, Locale::Fr) => {
            "Montant positif attendu, deux décimales au plus, avec un point : 120.50.".into()
        }
        (InvalidAmount, Locale::En) => "Expected a positive amount with at most two decimals, such as 120.50.".into(),
        (InvalidAmount, Locale::De) => {
            "Positiver Betrag mit höchstens zwei Nachkommastellen und Punkt erwartet, zum Beispiel 120.50.".into()
        }
        (InvalidCurrency, Locale::Fr) => "Code de devise ISO à trois lettres attendu, par exemple EUR.".into(),
        (InvalidCurrency, Locale::En) => "Expected a three-letter ISO currency code, such as EUR.".into(),
        (InvalidCurrency, Locale::De) => "Dreibuchstabiger ISO-Währungscode erwartet, zum Beispiel EUR.".into(),
        (InvalidPeriod, Locale::Fr) => "La fin de la période précède son début.".into(),
        (InvalidPeriod, Locale::En) => "The period ends before it starts.".into(),
        (InvalidPeriod, Locale::De) => "Das Ende des Zeitraums liegt vor seinem Beginn.".into(),
        (PlanImposed, l) => {
            let plan = e.context.as_ref().and_then(|(_, p)| profile.plan(p));
            let name = plan.map_or("", |p| p.label.get(l));
            match l {
                Locale::Fr => format!("Pour ce type de demande, choisissez la formule {name}."),
                Locale::En => format!("For this kind of request, choose the plan {name}."),
                Locale::De => format!("Für diese Art von Anfrage wählen Sie den Plan {name}."),
            }
        }
        (NotApplicable, Locale::Fr) => "Ce champ ne convient pas à ce type de demande.".into(),
        (NotApplicable, Locale::En) => "This field does not fit this kind of request.".into(),
        (NotApplicable, Locale::De) => "Dieses Feld passt nicht zu dieser Art von Anfrage.".into(),
        (TooManyAttachments, Locale::Fr) => format!("{MAX_ATTACHMENTS} pièces jointes au maximum."),
        (TooManyAttachments, Locale::En) => format!("At most {MAX_ATTACHMENTS} attachments."),
        (TooManyAttachments, Locale::De) => format!("Höchstens {MAX_ATTACHMENTS} Anhänge."),
    }
}
