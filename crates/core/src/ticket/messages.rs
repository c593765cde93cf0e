//! Validation messages in French, English and German.

use super::*;

/// The sentence for `code` on `field` in `locale`; length messages name `field`'s own limits
/// ([`Field::limits`]).
pub(super) fn error_message(code: ErrorCode, field: Field, locale: Locale) -> String {
    use ErrorCode::*;
    let (min, max) = field.limits().unwrap_or((0, 0));
    match (code, locale) {
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
        (SeverityNotAllowed, Locale::Fr) => {
            "Avec Office 365 exploité par 21Vianet, la gravité A est réservée aux problèmes techniques ; choisissez B ou C.".into()
        }
        (SeverityNotAllowed, Locale::En) => {
            "With Office 365 operated by 21Vianet, severity A is for technical issues only; choose B or C.".into()
        }
        (SeverityNotAllowed, Locale::De) => {
            "Bei Office 365 betrieben von 21Vianet gilt Schweregrad A nur für technische Probleme; wählen Sie B oder C.".into()
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
        (PlanMustBeCsp, Locale::Fr) => {
            "Pour le compte d’un client, choisissez la formule Fournisseur de solutions cloud.".into()
        }
        (PlanMustBeCsp, Locale::En) => "On behalf of a customer, choose the Cloud Solution Provider plan.".into(),
        (PlanMustBeCsp, Locale::De) => "Für einen Kunden wählen Sie den Plan Cloud Solution Provider.".into(),
        (NotApplicable, Locale::Fr) => "Ce champ ne convient pas à ce type de demande.".into(),
        (NotApplicable, Locale::En) => "This field does not fit this kind of request.".into(),
        (NotApplicable, Locale::De) => "Dieses Feld passt nicht zu dieser Art von Anfrage.".into(),
        (TooManyAttachments, Locale::Fr) => format!("{MAX_ATTACHMENTS} pièces jointes au maximum."),
        (TooManyAttachments, Locale::En) => format!("At most {MAX_ATTACHMENTS} attachments."),
        (TooManyAttachments, Locale::De) => format!("Höchstens {MAX_ATTACHMENTS} Anhänge."),
    }
}
