//! The languages `charter` speaks, and text given in each of them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A language of charters, messages and rendered documents.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Deserialize,
    Serialize,
    JsonSchema,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language of a code such as `fr`, or of a locale such as `fr_FR.UTF-8`.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let code = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default();
        match code.to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// How the language of messages is chosen: `--lang`, else the language of the file
/// reported on, else the user's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageLang {
    /// `--lang`.
    pub forced: Option<Lang>,
    /// The locale's language, English when it is neither French nor English.
    pub locale: Lang,
}

impl MessageLang {
    /// `--lang` and the locale variables, by precedence (`LC_ALL`, `LC_MESSAGES`, `LANG`):
    /// the first one set and not empty decides.
    pub fn new(forced: Option<Lang>, locale_vars: &[Option<String>]) -> Self {
        let locale = locale_vars
            .iter()
            .flatten()
            .find(|value| !value.is_empty())
            .and_then(|value| Lang::from_locale(value))
            .unwrap_or_default();
        Self { forced, locale }
    }

    /// The language of messages about a file written in `file` (`fr`, `en`, `mixed`…).
    pub fn for_file(self, file: Option<&str>) -> Lang {
        self.forced
            .or_else(|| file.and_then(Lang::from_locale))
            .unwrap_or(self.locale)
    }
}

/// The same text in English and French.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Localized<T = String> {
    pub en: T,
    pub fr: T,
}

impl<T> Localized<T> {
    pub fn get(&self, lang: Lang) -> &T {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        }
    }
}
