//! The template context: a charter, its lint result and all fixed wording, ready to lay out,
//! every text set in the typography of the charter's language.
//!
//! Every template (built-in or `--template`) and the Word writer receive one [`RenderContext`].
//! Its variables, as templates see them (see also `docs/templates.md`):
//!
//! | variable | what it holds |
//! |---|---|
//! | `lang` | `"fr"` or `"en"`, the charter's language |
//! | `t` | every fixed word of the document in `lang`, e.g. `t.contents`, `t.uses`, `t.colon` (keys of `policies/messages.yaml` without `render-`, `-` as `_`) |
//! | `charter` | `title`, `organisation`, `team`, `adopted`, `owner` (`name`, `role`, `contact`), `review_next`, `review_every` — optional fields are empty strings when absent, dates already written out in `lang` |
//! | `sections` | the table of contents: `anchor`, `title`, `children` (same shape) |
//! | `clauses` | in pack order: `id`, `title`, `anchor`, `text` (the clause's Markdown, empty when not written) |
//! | `uses` | `id`, `description`, `status` (`allowed`, `conditional`, `forbidden`), `status_label`, `why`, `tools` (names), `conditions` |
//! | `tools` | `id`, `name`, `approved` (bool), `approved_label`, `accounts`, `data` (data classes, in words) |
//! | `extra` | provisions outside the catalogue (`charter import` keeps there the sections of a draft that match no clause): `heading` (may be empty), `anchor`, `text` (Markdown) |
//! | `waivers` | `id`, `title`, `reason` |
//! | `issues` | the lint errors as plain sentences (clauses by title); not empty means a draft |
//! | `draft_title` | "Draft — N open issues" in `lang`, empty when final |
//! | `check` | `packs` (`id`, `title`), `errors`, `warnings`, `result` (the counts in words), `date`, `iso_date`, `references` (`cite`, `link`, `checked`: the sources of the rendered clauses, each once) |
//! | `footer` | "Rendered by charter on <date>." in `lang` |
//! | `anchors` | ids of the fixed sections: `contents`, `draft`, `clauses`, `extra`, `uses`, `tools`, `waivers`, `appendix` |

use std::collections::HashSet;

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};
use crate::model::charter::Charter;
use crate::model::date::Date;
use crate::model::lang::Lang;
use crate::policy::catalogue::Catalogue;
use crate::policy::messages::Messages;

use super::typography;

/// The keys of `policies/messages.yaml` (after `render-`) that templates get under `t`.
const WORDING: &[&str] = &[
    "colon",
    "skip",
    "contents",
    "organisation",
    "team",
    "adopted",
    "owner",
    "contact",
    "next-review",
    "draft-help",
    "clauses",
    "clause-empty",
    "extra",
    "uses",
    "uses-none",
    "use",
    "status",
    "why",
    "use-tools",
    "conditions",
    "tools",
    "tools-none",
    "tool",
    "approved",
    "accounts",
    "data",
    "none",
    "waivers",
    "appendix",
    "packs",
    "result",
    "checked-on",
    "list-separator",
    "page",
    "locale",
    "references",
];

/// Everything a template or the Word writer lays out.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RenderContext {
    pub lang: &'static str,
    /// Fixed wording by key (`contents`, `uses`…), `-` written `_`.
    pub t: indexmap::IndexMap<String, String>,
    pub charter: CharterView,
    pub sections: Vec<Section>,
    pub clauses: Vec<ClauseView>,
    /// Provisions outside the catalogue, in the charter's order.
    pub extra: Vec<ExtraView>,
    pub uses: Vec<UseView>,
    pub tools: Vec<ToolView>,
    pub waivers: Vec<WaiverView>,
    /// The lint errors as banner lines: the charter is a draft while this is not empty.
    pub issues: Vec<String>,
    pub draft_title: String,
    pub check: CheckView,
    /// "Rendered by charter on <date>." in `lang`.
    pub footer: String,
    pub anchors: Anchors,
}

/// The title block.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CharterView {
    pub title: String,
    pub organisation: String,
    pub team: String,
    pub adopted: String,
    pub owner: OwnerView,
    pub review_next: String,
    pub review_every: String,
}

/// Who owns the charter (empty strings when not given).
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct OwnerView {
    pub name: String,
    pub role: String,
    pub contact: String,
}

/// An entry of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Section {
    pub anchor: String,
    pub title: String,
    pub children: Vec<Section>,
}

/// One clause, its title from the policy files and its Markdown text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ClauseView {
    pub id: String,
    pub title: String,
    pub anchor: String,
    pub text: String,
}

/// A provision outside the catalogue: its heading (empty when it has none) and Markdown text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ExtraView {
    pub heading: String,
    pub anchor: String,
    pub text: String,
}

/// One row of the uses table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UseView {
    pub id: String,
    pub description: String,
    pub status: &'static str,
    pub status_label: String,
    pub why: String,
    pub tools: Vec<String>,
    pub conditions: Vec<String>,
}

/// One row of the tools table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ToolView {
    pub id: String,
    pub name: String,
    pub approved: bool,
    pub approved_label: String,
    pub accounts: String,
    pub data: Vec<String>,
}

/// A clause that does not apply, and why.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WaiverView {
    pub id: String,
    pub title: String,
    pub reason: String,
}

/// A pack the charter was checked against.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PackView {
    pub id: String,
    pub title: String,
}

/// The appendix: what the charter was checked against, the result and the date.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckView {
    pub packs: Vec<PackView>,
    pub errors: usize,
    pub warnings: usize,
    pub result: String,
    pub date: String,
    /// The same date as `YYYY-MM-DD`, for document properties.
    pub iso_date: String,
    /// The sources behind the charter's clauses, each once, in clause order.
    pub references: Vec<ReferenceView>,
}

/// One source of the appendix: its citation in `lang`, its link and when it was checked.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReferenceView {
    pub cite: String,
    /// A plain `https://` URL, or empty.
    pub link: String,
    /// "text checked on <date>" in `lang`.
    pub checked: String,
}

/// The ids of the fixed sections, unique among all headings of the document.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Anchors {
    pub contents: String,
    pub draft: String,
    pub clauses: String,
    pub extra: String,
    pub uses: String,
    pub tools: String,
    pub waivers: String,
    pub appendix: String,
}

/// What the context is built from.
pub(crate) struct Input<'a> {
    pub charter: &'a Charter,
    pub catalogue: &'a Catalogue,
    /// Clause ids of the charter's packs, in pack order.
    pub pack_clauses: Vec<&'a str>,
    /// Pack ids the charter was checked against.
    pub packs: &'a [String],
    /// The lint result of the charter.
    pub diagnostics: &'a [Diagnostic],
    pub today: Date,
}

/// Builds the context of a charter in its own language.
pub(crate) fn build(input: &Input) -> RenderContext {
    let Input {
        charter, catalogue, ..
    } = *input;
    let lang = charter.lang;
    let messages = &catalogue.messages;
    let text = |key: &str, args: &[&str]| messages.text(&format!("render-{key}"), lang, args);
    let date = |d: Date| messages.date(lang, d);
    let t = WORDING
        .iter()
        .map(|key| (key.replace('-', "_"), text(key, &[])))
        .collect();
    let issues: Vec<String> = input
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| banner_line(d, catalogue, lang))
        .collect();
    let warnings = input
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let draft_title = if issues.is_empty() {
        String::new()
    } else {
        text("draft", &[&issues.len().to_string()])
    };
    let mut anchors = Anchorizer {
        lang,
        ..Anchorizer::default()
    };
    let fixed = Anchors {
        contents: anchors.anchor(&text("contents", &[])),
        draft: anchors.anchor(&text("draft", &[&issues.len().to_string()])),
        clauses: anchors.anchor(&text("clauses", &[])),
        extra: anchors.anchor(&text("extra", &[])),
        uses: anchors.anchor(&text("uses", &[])),
        tools: anchors.anchor(&text("tools", &[])),
        waivers: anchors.anchor(&text("waivers", &[])),
        appendix: anchors.anchor(&text("appendix", &[])),
    };
    let clause_title = |id: &str| {
        catalogue
            .clause(id)
            .map_or_else(|| id.to_owned(), |spec| spec.title.get(lang).clone())
    };
    let in_packs = input
        .pack_clauses
        .iter()
        .copied()
        .filter(|id| charter.clauses.contains_key(*id));
    let others = charter
        .clauses
        .keys()
        .map(String::as_str)
        .filter(|id| !input.pack_clauses.contains(id));
    let clauses: Vec<ClauseView> = in_packs
        .chain(others)
        .map(|id| {
            let title = clause_title(id);
            ClauseView {
                id: id.to_owned(),
                anchor: anchors.anchor(&title),
                title,
                text: charter
                    .clauses
                    .get(id)
                    .and_then(Option::as_deref)
                    .map_or_else(String::new, |s| s.trim().to_owned()),
            }
        })
        .collect();
    let extra: Vec<ExtraView> = charter
        .extra
        .iter()
        .map(|provision| {
            let heading = provision
                .heading
                .as_deref()
                .map_or_else(String::new, |h| h.trim().to_owned());
            ExtraView {
                anchor: if heading.is_empty() {
                    String::new()
                } else {
                    anchors.anchor(&heading)
                },
                heading,
                text: provision.text.trim().to_owned(),
            }
        })
        .collect();
    let tool_name = |id: &str| {
        charter
            .tools
            .iter()
            .find(|tool| tool.id == id)
            .map_or_else(|| id.to_owned(), |tool| tool.name.clone())
    };
    let uses = charter
        .uses
        .iter()
        .map(|u| UseView {
            id: u.id.clone(),
            description: u.description.clone(),
            status: u.status.as_str(),
            status_label: text(&format!("status-{}", u.status.as_str()), &[]),
            why: u.why.clone().unwrap_or_default(),
            tools: u.tools.iter().map(|id| tool_name(id)).collect(),
            conditions: u.conditions.clone(),
        })
        .collect();
    let tools = charter
        .tools
        .iter()
        .map(|tool| ToolView {
            id: tool.id.clone(),
            name: tool.name.clone(),
            approved: tool.approved,
            approved_label: text(if tool.approved { "yes" } else { "no" }, &[]),
            accounts: tool.accounts.clone().unwrap_or_default(),
            data: tool
                .data
                .iter()
                .map(|class| {
                    let key = format!("render-data-class-{class}");
                    if messages.has_text(&key) {
                        messages.text(&key, lang, &[])
                    } else {
                        class.clone()
                    }
                })
                .collect(),
        })
        .collect();
    let waivers: Vec<WaiverView> = charter
        .waivers
        .iter()
        .map(|(id, reason)| WaiverView {
            id: id.clone(),
            title: clause_title(id),
            reason: reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map_or_else(|| text("waiver-no-reason", &[]), str::to_owned),
        })
        .collect();
    let present = Present {
        uses: !charter.uses.is_empty(),
        tools: !charter.tools.is_empty(),
        waivers: !waivers.is_empty(),
    };
    let sections = contents(&fixed, &clauses, &extra, &present, &text);
    let owner = charter
        .owner
        .as_ref()
        .map_or_else(OwnerView::default, |o| OwnerView {
            name: o.name.clone(),
            role: o.role.clone().unwrap_or_default(),
            contact: o.contact.clone().unwrap_or_default(),
        });
    let review = charter.review.as_ref();
    let references = references(catalogue, &clauses, lang, messages);
    typeset(
        RenderContext {
            lang: lang.code(),
            t,
            charter: CharterView {
                title: charter.title.clone(),
                organisation: charter.organisation.clone().unwrap_or_default(),
                team: charter.team.clone().unwrap_or_default(),
                adopted: charter.adopted.map(date).unwrap_or_default(),
                owner,
                review_next: review.and_then(|r| r.next).map(date).unwrap_or_default(),
                review_every: review
                    .and_then(|r| r.every_months)
                    .map(|n| text("review-every", &[&n.to_string()]))
                    .unwrap_or_default(),
            },
            sections,
            clauses,
            extra,
            uses,
            tools,
            waivers,
            check: CheckView {
                packs: input
                    .packs
                    .iter()
                    .map(|id| PackView {
                        id: id.clone(),
                        title: catalogue
                            .packs
                            .get(id)
                            .map_or_else(|| id.clone(), |p| p.title.get(lang).clone()),
                    })
                    .collect(),
                errors: issues.len(),
                warnings,
                result: text(
                    "result-counts",
                    &[&issues.len().to_string(), &warnings.to_string()],
                ),
                date: date(input.today),
                iso_date: input.today.to_string(),
                references,
            },
            footer: text("footer", &[&date(input.today)]),
            issues,
            draft_title,
            anchors: fixed,
        },
        lang,
    )
}

/// A line of the draft banner: a finding about a known clause names it by its title in the
/// charter's language; any other finding keeps its message, with names quoted instead of
/// Markdown code and dates written out.
fn banner_line(diagnostic: &Diagnostic, catalogue: &Catalogue, lang: Lang) -> String {
    let messages = &catalogue.messages;
    let key = format!("render-issue-{}", diagnostic.code.as_str());
    let clause = diagnostic
        .clause
        .as_deref()
        .and_then(|id| catalogue.clause(id));
    let line = match clause {
        Some(spec) if messages.has_text(&key) => messages.text(&key, lang, &[spec.title.get(lang)]),
        _ => {
            let mut line = String::new();
            for (i, part) in diagnostic.message.split('`').enumerate() {
                if i % 2 == 1 {
                    line.push_str(&messages.text("render-quote", lang, &[part]));
                } else {
                    line.push_str(&written_dates(messages, lang, part));
                }
            }
            line
        }
    };
    let mut chars = line.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// Text with its ISO dates (`2025-06-30`) written out in `lang`.
fn written_dates(messages: &Messages, lang: Lang, text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(found) = rest
        .char_indices()
        .find_map(|(i, _)| Some((i, rest.get(i..i + 10)?.parse::<Date>().ok()?)))
    {
        let (at, date) = found;
        out.push_str(&rest[..at]);
        out.push_str(&messages.date(lang, date));
        rest = &rest[at + 10..];
    }
    out.push_str(rest);
    out
}

/// The context with every text a reader sees set in the typography of `lang` (ids, anchors,
/// addresses and the wording's punctuation marks are left as they are).
fn typeset(mut context: RenderContext, lang: Lang) -> RenderContext {
    let text = |s: &mut String| *s = typography::text(lang, s);
    let markdown = |s: &mut String| *s = typography::markdown(lang, s);
    for (key, value) in &mut context.t {
        if key != "colon" && key != "list_separator" {
            text(value);
        }
    }
    let charter = &mut context.charter;
    for field in [
        &mut charter.title,
        &mut charter.organisation,
        &mut charter.team,
        &mut charter.owner.name,
        &mut charter.owner.role,
        &mut charter.review_every,
    ] {
        text(field);
    }
    section_titles(&mut context.sections, &text);
    for clause in &mut context.clauses {
        text(&mut clause.title);
        markdown(&mut clause.text);
    }
    for provision in &mut context.extra {
        text(&mut provision.heading);
        markdown(&mut provision.text);
    }
    for row in &mut context.uses {
        for field in [&mut row.description, &mut row.status_label, &mut row.why] {
            text(field);
        }
        row.tools
            .iter_mut()
            .chain(&mut row.conditions)
            .for_each(text);
    }
    for tool in &mut context.tools {
        for field in [&mut tool.name, &mut tool.approved_label, &mut tool.accounts] {
            text(field);
        }
        tool.data.iter_mut().for_each(text);
    }
    for waiver in &mut context.waivers {
        text(&mut waiver.title);
        text(&mut waiver.reason);
    }
    context.issues.iter_mut().for_each(text);
    for field in [
        &mut context.draft_title,
        &mut context.check.result,
        &mut context.footer,
    ] {
        text(field);
    }
    context
        .check
        .packs
        .iter_mut()
        .for_each(|p| text(&mut p.title));
    for reference in &mut context.check.references {
        text(&mut reference.cite);
        text(&mut reference.checked);
    }
    context
}

/// Applies `text` to the titles of the table of contents, at every depth.
fn section_titles(list: &mut [Section], text: &dyn Fn(&mut String)) {
    for section in list {
        text(&mut section.title);
        section_titles(&mut section.children, text);
    }
}

/// Which of the sections that can be empty have content (empty ones are left out).
struct Present {
    uses: bool,
    tools: bool,
    waivers: bool,
}

/// The table of contents: the fixed sections, with the clauses and the headed provisions
/// outside the catalogue under theirs.
fn contents(
    anchors: &Anchors,
    clauses: &[ClauseView],
    extra: &[ExtraView],
    present: &Present,
    text: &dyn Fn(&str, &[&str]) -> String,
) -> Vec<Section> {
    let leaf = |anchor: &str, key: &str| Section {
        anchor: anchor.to_owned(),
        title: text(key, &[]),
        children: Vec::new(),
    };
    let mut sections = vec![Section {
        children: clauses
            .iter()
            .map(|c| Section {
                anchor: c.anchor.clone(),
                title: c.title.clone(),
                children: Vec::new(),
            })
            .collect(),
        ..leaf(&anchors.clauses, "clauses")
    }];
    if !extra.is_empty() {
        sections.push(Section {
            children: extra
                .iter()
                .filter(|e| !e.heading.is_empty())
                .map(|e| Section {
                    anchor: e.anchor.clone(),
                    title: e.heading.clone(),
                    children: Vec::new(),
                })
                .collect(),
            ..leaf(&anchors.extra, "extra")
        });
    }
    if present.uses {
        sections.push(leaf(&anchors.uses, "uses"));
    }
    if present.tools {
        sections.push(leaf(&anchors.tools, "tools"));
    }
    if present.waivers {
        sections.push(leaf(&anchors.waivers, "waivers"));
    }
    sections.push(leaf(&anchors.appendix, "appendix"));
    sections
}

/// The references of the rendered clauses, each (citation, link) once.
fn references(
    catalogue: &Catalogue,
    clauses: &[ClauseView],
    lang: Lang,
    messages: &Messages,
) -> Vec<ReferenceView> {
    let mut seen = HashSet::new();
    clauses
        .iter()
        .filter_map(|clause| catalogue.clause(&clause.id))
        .flat_map(|spec| &spec.references)
        .filter(|reference| seen.insert((reference.cite.get(lang), &reference.link)))
        .map(|reference| ReferenceView {
            cite: reference.cite.get(lang).clone(),
            link: plain_https(&reference.link),
            checked: messages.text(
                "reference-checked",
                lang,
                &[&messages.date(lang, reference.checked)],
            ),
        })
        .collect()
}

/// `link` when it is a plain `https://` URL (no space, quote or angle bracket), so that
/// templates may put it in an attribute as is; empty otherwise.
fn plain_https(link: &str) -> String {
    let plain = link.starts_with("https://")
        && !link.contains(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`'));
    if plain {
        link.to_owned()
    } else {
        String::new()
    }
}

/// Heading ids as Markdown renderers make them from the heading as printed, in the
/// typography of `lang` (GitHub's rule: lowercase, letters, digits, `-` and `_` kept, spaces
/// as `-`, no-break spaces dropped), made unique with a `-1`, `-2`… suffix.
#[derive(Debug, Default)]
struct Anchorizer {
    lang: Lang,
    taken: HashSet<String>,
}

impl Anchorizer {
    fn anchor(&mut self, heading: &str) -> String {
        let base: String = typography::text(self.lang, heading)
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect();
        let base = if base.is_empty() {
            "section".to_owned()
        } else {
            base
        };
        let mut candidate = base.clone();
        let mut n = 0;
        while self.taken.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    fn diagnostic(code: Code, clause: Option<&str>, message: &str) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            clause: clause.map(str::to_owned),
            message: message.to_owned(),
            span: None,
            help: String::new(),
        }
    }

    #[test]
    fn banner_lines_name_clauses_by_title_and_write_dates_out() {
        let catalogue = Catalogue::builtin().unwrap();
        let line = |d: &Diagnostic, lang| banner_line(d, &catalogue, lang);
        let placeholder = diagnostic(
            Code::PlaceholderText,
            Some("approved-tools"),
            "texte provisoire `- Tout résultat produit par l'IA est un ` dans la clause `approved-tools`",
        );
        assert_eq!(
            line(&placeholder, Lang::new("fr").unwrap()),
            "La clause «\u{a0}Outils autorisés et comptes\u{a0}» contient encore du texte provisoire."
        );
        let overdue = diagnostic(
            Code::ReviewOverdue,
            None,
            "la révision prévue le 2025-06-30 est en retard",
        );
        assert_eq!(
            line(&overdue, Lang::new("fr").unwrap()),
            "La révision prévue le 30 juin 2025 est en retard"
        );
        let tool = diagnostic(Code::UnknownTool, None, "use `a` names undeclared tool `b`");
        assert_eq!(line(&tool, Lang::EN), "Use “a” names undeclared tool “b”");
    }

    #[test]
    fn only_plain_https_links_reach_templates() {
        let url = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj";
        assert_eq!(plain_https(url), url);
        for bad in [
            "http://example.org",
            "javascript:alert(1)",
            "https://x.org/\"onclick=\"a",
            "https://x.org/<b>",
            "https://x.org/a b",
        ] {
            assert_eq!(plain_https(bad), "", "{bad}");
        }
    }

    #[test]
    fn anchors_follow_github_and_stay_unique() {
        let mut anchors = Anchorizer::default();
        assert_eq!(anchors.anchor("Usages de l'IA"), "usages-de-lia");
        assert_eq!(
            anchors.anchor("Appendix: checked against"),
            "appendix-checked-against"
        );
        assert_eq!(anchors.anchor("Usages de l'IA"), "usages-de-lia-1");
        assert_eq!(anchors.anchor("?!"), "section");
        let mut french = Anchorizer {
            lang: Lang::new("fr").unwrap(),
            ..Anchorizer::default()
        };
        assert_eq!(
            french.anchor("Annexe : vérification"),
            "annexe-vérification",
            "as GitHub makes it from « Annexe\u{a0}: vérification »"
        );
    }
}
