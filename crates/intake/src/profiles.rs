//! The portal profiles this intake validates tickets against (`--profile FILE`, repeatable,
//! or `GUICHET_PROFILES`, comma separated; TOML or JSON): installed once at start-up, read by
//! the ticket routes and the destinations (titles, response times in confirmations). Without
//! any, the default profile ([`Profile::seeds`]) is served.

use guichet_core::profile::{Profile, ProfileError, Profiles};
use guichet_core::ticket::TicketRequest;
use std::sync::{Arc, OnceLock};

static INSTALLED: OnceLock<Profiles> = OnceLock::new();

/// Reads profile files (`.json` as JSON, anything else as TOML). Errors: the file that
/// cannot be read or used, with its line and key ([`ProfileError`]).
pub fn read(paths: &[String]) -> Result<Profiles, ProfileError> {
    let mut list = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|e| ProfileError {
            file: path.clone(),
            at: None,
            key: String::new(),
            message: e.to_string(),
        })?;
        let p =
            if path.ends_with(".json") { Profile::from_json(&text, path)? } else { Profile::from_toml(&text, path)? };
        list.push(p);
    }
    if list.is_empty() {
        list.push(Profile::seeds().clone());
    }
    Ok(Profiles::new(list))
}

/// Installs the served profiles (once; later calls are ignored and return false).
pub fn install(profiles: Profiles) -> bool {
    INSTALLED.set(profiles).is_ok()
}

/// The served profiles (the default profile alone until [`install`]).
pub fn served() -> &'static Profiles {
    INSTALLED.get_or_init(|| Profiles::new(vec![Profile::seeds().clone()]))
}

/// The profile a request names in `profile` (`"id"` or `"id@version"`, `""` for the
/// default), if served.
pub fn named(request: &TicketRequest) -> Option<&'static Arc<Profile>> {
    let id = request.profile.split('@').next().unwrap_or("");
    served().get(id)
}

/// The profile of a stored ticket: the one it names, else the default (a profile removed
/// since the ticket was filed).
pub fn of(request: &TicketRequest) -> &'static Arc<Profile> {
    named(request).unwrap_or_else(|| served().get("").expect("a default profile"))
}
