//! Wire names of the core's enums: `as_str()`, [`FromStr`](std::str::FromStr) and `Display`
//! from one list per enum, the same names serde uses (a test per enum checks they agree).

use std::fmt;

/// A name that is none of an enum's wire names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What the enum is (`"ticket kind"`).
    pub what: &'static str,
    /// The name given.
    pub name: String,
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} `{}`", self.what, self.name)
    }
}

impl std::error::Error for UnknownName {}

/// `wire_names!(Type, "what", { Variant => "name", ... })` implements `Type::ALL` (every
/// variant, in the order listed), `Type::as_str`, `FromStr` (error [`UnknownName`]) and
/// `Display` with these names.
#[macro_export]
macro_rules! wire_names {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),* $(,)? }) => {
        impl $ty {
            /// Every variant, in the order of its wire-name list (form order).
            pub const ALL: &'static [$ty] = &[$($ty::$variant),*];

            /// The wire name (as in JSON and query strings).
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)*
                }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::names::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)*
                    _ => Err($crate::names::UnknownName { what: $what, name: s.to_string() }),
                }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use crate::wire_names;
