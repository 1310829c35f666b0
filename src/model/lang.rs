//! The languages `charter` speaks (data: `policies/languages.yaml`), and text given in each.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{OnceLock, PoisonError, RwLock};

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The shipped languages, embedded (`Catalogue::builtin` reports it if it does not parse).
pub const BUILTIN_LANGUAGES: &str = include_str!("../../policies/languages.yaml");

/// The punctuation rules a rendered document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Typography {
    /// Curly quotes, no space before punctuation.
    English,
    /// « » and no-break spaces before `:` `;` `!` `?`.
    French,
}

/// One language charter reads and writes, as `policies/languages.yaml` declares it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSpec {
    /// ISO 639-1 code, as written in `lang:` and `--lang`.
    pub code: String,
    /// The language's name in itself.
    pub name: String,
    pub typography: Typography,
}

/// A registered language, its code made permanent.
#[derive(Debug)]
struct Registered {
    code: &'static str,
    name: String,
    typography: Typography,
}

/// The languages known to this process: the shipped ones, then any added by an overlay.
fn registry() -> &'static RwLock<Vec<Registered>> {
    static REGISTRY: OnceLock<RwLock<Vec<Registered>>> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        // Were the shipped file broken, English alone would remain, and
        // `Catalogue::builtin` would refuse to load.
        let specs: Vec<LanguageSpec> = serde_yaml::from_str(BUILTIN_LANGUAGES).unwrap_or_default();
        let mut known = vec![Registered {
            code: Lang::EN.0,
            name: "English".to_owned(),
            typography: Typography::English,
        }];
        for spec in specs {
            add(&mut known, spec);
        }
        RwLock::new(known)
    })
}

fn add(known: &mut Vec<Registered>, spec: LanguageSpec) -> Lang {
    if let Some(found) = known.iter_mut().find(|r| r.code == spec.code) {
        found.name = spec.name;
        found.typography = spec.typography;
        return Lang(found.code);
    }
    let code: &'static str = Box::leak(spec.code.into_boxed_str());
    known.push(Registered {
        code,
        name: spec.name,
        typography: spec.typography,
    });
    Lang(code)
}

/// A language charter reads and writes, by code (`en`, `fr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(&'static str);

impl Default for Lang {
    fn default() -> Self {
        Lang::EN
    }
}

impl Lang {
    /// English: the language of the command line parser's own text, and of any text a
    /// language lacks.
    pub const EN: Lang = Lang("en");

    /// The known language of this code, if any.
    pub fn new(code: &str) -> Option<Lang> {
        let known = registry().read().unwrap_or_else(PoisonError::into_inner);
        known.iter().find(|r| r.code == code).map(|r| Lang(r.code))
    }

    /// Makes a language known to this process (an overlay adding a language).
    pub fn register(spec: LanguageSpec) -> Lang {
        let mut known = registry().write().unwrap_or_else(PoisonError::into_inner);
        add(&mut known, spec)
    }

    /// Every known language, English first, then in `policies/languages.yaml` order.
    pub fn all() -> Vec<Lang> {
        let known = registry().read().unwrap_or_else(PoisonError::into_inner);
        known.iter().map(|r| Lang(r.code)).collect()
    }

    pub fn code(self) -> &'static str {
        self.0
    }

    /// The punctuation rules of rendered documents in this language.
    pub fn typography(self) -> Typography {
        self.registered(|r| r.typography)
            .unwrap_or(Typography::English)
    }

    /// The language's name in itself (`français`).
    pub fn name(self) -> String {
        self.registered(|r| r.name.clone())
            .unwrap_or_else(|| self.0.to_owned())
    }

    /// What the registry holds about this language.
    fn registered<T>(self, read: impl FnOnce(&Registered) -> T) -> Option<T> {
        let known = registry().read().unwrap_or_else(PoisonError::into_inner);
        known.iter().find(|r| r.code == self.0).map(read)
    }

    /// The known language of a code such as `fr`, or of a locale such as `fr_FR.UTF-8`.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let code = locale
            .split(['_', '.', '@', '-'])
            .next()
            .unwrap_or_default();
        Lang::new(&code.to_ascii_lowercase())
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = Cow::<str>::deserialize(deserializer)?;
        Lang::new(&code).ok_or_else(|| {
            let known: Vec<&str> = Lang::all().into_iter().map(Lang::code).collect();
            serde::de::Error::unknown_variant(&code, leak_list(known))
        })
    }
}

/// The known codes as the `'static` list serde's error wants (leaked once per list).
fn leak_list(codes: Vec<&'static str>) -> &'static [&'static str] {
    static LISTS: OnceLock<RwLock<Vec<&'static [&'static str]>>> = OnceLock::new();
    let lists = LISTS.get_or_init(RwLock::default);
    if let Some(list) = lists
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .iter()
        .find(|l| **l == codes.as_slice())
    {
        return list;
    }
    let list: &'static [&'static str] = Box::leak(codes.into_boxed_slice());
    lists
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .push(list);
    list
}

impl JsonSchema for Lang {
    fn schema_name() -> Cow<'static, str> {
        "Lang".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Lang::all().into_iter().map(Lang::code).collect();
        schemars::json_schema!({
            "description": "A language of charters, messages and rendered documents.",
            "type": "string",
            "enum": codes,
        })
    }
}

/// How the language of messages is chosen: `--lang`, else the language of the file
/// reported on, else the user's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MessageLang {
    /// `--lang`.
    pub forced: Option<Lang>,
    /// The locale's language, English when it is not one charter speaks.
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

/// The same text in several languages: English always, the others where given.
#[derive(Debug, Clone)]
pub struct Localized<T = String> {
    english: T,
    others: BTreeMap<Lang, T>,
}

impl<T> Localized<T> {
    /// The text in `lang`, else in English.
    pub fn get(&self, lang: Lang) -> &T {
        self.others.get(&lang).unwrap_or(&self.english)
    }

    /// The text in `lang` only, without falling back to English.
    pub fn exactly(&self, lang: Lang) -> Option<&T> {
        if lang == Lang::EN {
            Some(&self.english)
        } else {
            self.others.get(&lang)
        }
    }

    /// The languages given, English first, with their text.
    pub fn iter(&self) -> impl Iterator<Item = (Lang, &T)> {
        std::iter::once((Lang::EN, &self.english))
            .chain(self.others.iter().map(|(lang, text)| (*lang, text)))
    }
}

impl<T: Serialize> Serialize for Localized<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(lang, text)| (lang.code(), text)))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Localized<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut others = BTreeMap::<Lang, T>::deserialize(deserializer)?;
        let english = others
            .remove(&Lang::EN)
            .ok_or_else(|| serde::de::Error::missing_field("en"))?;
        Ok(Self { english, others })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_languages_parse_english_first() {
        let specs: Vec<LanguageSpec> =
            serde_yaml::from_str(BUILTIN_LANGUAGES).expect("languages.yaml");
        assert_eq!(specs.first().map(|s| s.code.as_str()), Some("en"));
        let codes: Vec<&str> = Lang::all().into_iter().map(Lang::code).collect();
        let shipped: Vec<&str> = specs.iter().map(|s| s.code.as_str()).collect();
        assert_eq!(codes[..shipped.len()], shipped[..]);
    }

    #[test]
    fn a_locale_names_a_known_language_or_none() {
        assert_eq!(Lang::from_locale("en_GB.UTF-8"), Some(Lang::EN));
        assert_eq!(Lang::from_locale("fr_FR.UTF-8").map(Lang::code), Some("fr"));
        assert_eq!(Lang::from_locale("mixed"), None);
        assert_eq!(Lang::from_locale("de_DE"), None);
    }

    #[test]
    fn a_text_missing_a_language_falls_back_to_english() {
        let fr = Lang::new("fr").expect("French is shipped");
        let english_only: Localized = serde_yaml::from_str("en: hello").expect("English");
        assert_eq!(english_only.get(fr), "hello");
        assert!(english_only.exactly(fr).is_none());
        let missing: Result<Localized, _> = serde_yaml::from_str("fr: bonjour");
        assert!(missing.is_err());
    }
}
