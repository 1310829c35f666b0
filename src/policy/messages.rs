//! Wording of diagnostics and interface text in the chosen language, from `policies/messages.yaml`.

use crate::diag::Code;
use crate::model::date::Date;
use crate::model::lang::Lang;
use crate::model::policy::MessagesSpec;

/// The message catalogue.
#[derive(Debug, Clone)]
pub struct Messages {
    spec: MessagesSpec,
}

impl Messages {
    pub fn new(spec: MessagesSpec) -> Self {
        Self { spec }
    }

    /// The message and help of a diagnostic, with `{name}` replaced from `args`.
    pub fn diagnostic(&self, code: Code, lang: Lang, args: &[(&str, &str)]) -> (String, String) {
        self.spec.diagnostics.get(code.as_str()).map_or_else(
            || (code.as_str().to_owned(), String::new()),
            |wording| {
                (
                    fill(wording.message.get(lang), args),
                    fill(wording.help.get(lang), args),
                )
            },
        )
    }

    /// The one-line description of a diagnostic code.
    pub fn description(&self, code: Code, lang: Lang) -> &str {
        self.spec
            .diagnostics
            .get(code.as_str())
            .map_or("", |wording| wording.description.get(lang))
    }

    /// Whether `key` has interface text (else [`Messages::text`] gives the key back).
    pub fn has_text(&self, key: &str) -> bool {
        self.spec.text.contains_key(key)
    }

    /// The interface texts whose keys start with `prefix`, in `lang`, unfilled: the key
    /// without the prefix, and the text.
    pub fn texts_with_prefix(&self, prefix: &str, lang: Lang) -> Vec<(String, String)> {
        self.spec
            .text
            .iter()
            .filter_map(|(key, text)| {
                let name = key.strip_prefix(prefix)?;
                Some((name.to_owned(), text.get(lang).clone()))
            })
            .collect()
    }

    /// A date written out in `lang`: "1 October 2026", « 1er octobre 2026 ».
    pub fn date(&self, lang: Lang, date: Date) -> String {
        let day = if date.day == 1 {
            self.text("render-first-day", lang, &[])
        } else {
            date.day.to_string()
        };
        let month = self.text(&format!("render-month-{}", date.month), lang, &[]);
        self.text("render-date", lang, &[&day, &month, &date.year.to_string()])
    }

    /// Interface text by key, with `{0}`, `{1}`… replaced from `args`.
    pub fn text(&self, key: &str, lang: Lang, args: &[&str]) -> String {
        let template = self
            .spec
            .text
            .get(key)
            .map_or(key, |t| t.get(lang).as_str());
        let named: Vec<(String, &str)> = args
            .iter()
            .enumerate()
            .map(|(i, value)| (i.to_string(), *value))
            .collect();
        let named: Vec<(&str, &str)> = named.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        fill(template, &named)
    }

    /// The comma-separated words of a text, in every language it is given in, trimmed.
    pub fn words_in_every_language(&self, key: &str) -> Vec<&str> {
        self.spec.text.get(key).map_or_else(Vec::new, |texts| {
            texts
                .iter()
                .flat_map(|(_, text)| text.split(','))
                .map(str::trim)
                .filter(|word| !word.is_empty())
                .collect()
        })
    }

    /// "Did you mean `x`? " when a close candidate exists, else nothing.
    pub fn did_you_mean<'a>(
        &self,
        lang: Lang,
        wrong: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> String {
        closest(wrong, candidates)
            .map_or_else(String::new, |best| self.text("did-you-mean", lang, &[best]))
    }

    /// "`x` holds U+200B…" when an id has characters outside ASCII (zero-width spaces,
    /// lookalike letters or dashes), which the eye cannot tell apart; else nothing.
    pub fn hidden_characters(&self, lang: Lang, id: &str) -> String {
        let odd: Vec<String> = id
            .chars()
            .filter(|c| !c.is_ascii())
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        if odd.is_empty() {
            return String::new();
        }
        let shown = crate::text::visible::visible(id);
        self.text("hidden-character", lang, &[&shown, &odd.join(", ")])
    }

    /// Whether every code has wording (checked by the test suite).
    pub fn missing_codes(&self) -> Vec<Code> {
        Code::ALL
            .iter()
            .copied()
            .filter(|code| !self.spec.diagnostics.contains_key(code.as_str()))
            .collect()
    }

    /// Names in the wording file that are not codes (checked by the test suite).
    pub fn unknown_codes(&self) -> Vec<String> {
        self.spec
            .diagnostics
            .keys()
            .filter(|name| Code::from_name(name).is_none())
            .cloned()
            .collect()
    }
}

/// Replaces each `{name}` of `template` with its value.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The candidate closest to `wrong`, if it is close enough to be a likely typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["human-oversight", "data-protection"];
        assert_eq!(closest("human-oversigth", names), Some("human-oversight"));
        assert_eq!(closest("zzz", names), None);
    }
}
