//! The guided `charter init`: a few plain questions — organisation, team, public body, AI
//! answering the public, tools, the common uses of `policies/uses.yaml`, owner, contact,
//! review cadence — asked on a terminal in the charter's language, or answered by flags
//! for scripts, and turned into a charter [`Profile`] and the packs it needs. The
//! `permitted-uses` and `prohibited-uses` clauses are written from the uses the team allows
//! and forbids; a tool serves the uses it was chosen for (asked per use on a terminal).
//!
//! Questions go through the [`Ask`] trait, so tests drive them with scripted answers.
//! Without a terminal nothing is asked: a question no flag answers takes its suggestion.

use std::fmt::Write as _;
use std::io::{BufRead, IsTerminal, Write};

use indexmap::IndexMap;

use super::init::{Profile, DEFAULT_REVIEW_MONTHS};
use super::UsageError;
use crate::cli::{InitArgs, YesNo};
use crate::model::charter::{Owner, Status, Tool, Use};
use crate::model::lang::Lang;
use crate::model::uses::{UseSpec, UsesSpec};
use crate::policy::catalogue::Catalogue;
use crate::text::fold::fold;

/// Longest review cadence accepted, in months.
const MAX_REVIEW_MONTHS: u32 = 60;

/// Asks questions and reads the answers.
pub(crate) trait Ask {
    /// Shows a line of text (an introduction, or why an answer was not understood).
    fn say(&mut self, text: &str);
    /// Asks one question; `None` when there are no more answers (end of input).
    fn ask(&mut self, question: &str) -> Option<String>;
}

/// Questions written to `output`, answers read from `input` one line each; once the input
/// has ended, nothing more is asked.
pub(crate) struct LineAsk<R, W> {
    input: R,
    output: W,
    ended: bool,
}

impl<R: BufRead, W: Write> LineAsk<R, W> {
    pub(crate) fn new(input: R, output: W) -> Self {
        Self {
            input,
            output,
            ended: false,
        }
    }

    /// What was written to the output (the questions), for tests.
    #[cfg(test)]
    pub(crate) fn into_output(self) -> W {
        self.output
    }
}

impl<R: BufRead, W: Write> Ask for LineAsk<R, W> {
    fn say(&mut self, text: &str) {
        let _ = writeln!(self.output, "{text}");
    }

    fn ask(&mut self, question: &str) -> Option<String> {
        if self.ended {
            return None;
        }
        let _ = write!(self.output, "{question} ");
        let _ = self.output.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                let _ = writeln!(self.output);
                self.ended = true;
                None
            }
            Ok(_) => Some(line.trim().to_owned()),
        }
    }
}

/// What the team answered (or the suggestions, for questions nobody answered).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Answers {
    pub organisation: Option<String>,
    pub team: Option<String>,
    /// The team is the communication team of a public body.
    pub public_body: bool,
    /// AI answers or publishes to the public directly.
    pub public_facing: bool,
    /// Names of the AI tools the team uses.
    pub tools: Vec<String>,
    /// The common uses that concern the team, with its position, in `uses.yaml` order.
    pub uses: Vec<(String, Status)>,
    /// The tools (names of `tools`) chosen for each use, by use id; a use left out has none.
    pub use_tools: Vec<(String, Vec<String>)>,
    pub owner: Option<String>,
    pub contact: Option<String>,
    pub review_months: u32,
}

/// The answers for `charter init`: asked on a terminal when no `--pack` is given, taken
/// from the answer flags otherwise; `None` (the example scaffold) when neither applies.
pub(crate) fn answers(
    args: &InitArgs,
    catalogue: &Catalogue,
) -> Result<Option<Answers>, UsageError> {
    let interactive =
        args.packs.is_empty() && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if !interactive && !has_answer_flags(args) {
        return Ok(None);
    }
    let answers = if interactive {
        let mut ask = LineAsk::new(std::io::stdin().lock(), std::io::stderr());
        interview(args, catalogue, Some(&mut ask))?
    } else {
        interview(args, catalogue, None)?
    };
    Ok(Some(answers))
}

/// Whether any flag answers a question of the guided init (`--org` alone does not: plain
/// `charter init --org NAME` stays the example scaffold).
fn has_answer_flags(args: &InitArgs) -> bool {
    args.team.is_some()
        || args.owner.is_some()
        || args.contact.is_some()
        || args.public_body.is_some()
        || args.public_facing.is_some()
        || !args.tools.is_empty()
        || !args.allow.is_empty()
        || !args.conditional.is_empty()
        || !args.forbid.is_empty()
        || args.review_months.is_some()
}

/// Runs the questions the flags leave open, through `ask` (`None`: take the suggestions).
pub(crate) fn interview(
    args: &InitArgs,
    catalogue: &Catalogue,
    mut ask: Option<&mut dyn Ask>,
) -> Result<Answers, UsageError> {
    let lang = args.lang;
    let uses = &catalogue.uses;
    let t = |key: &str, values: &[&str]| catalogue.messages.text(key, lang, values);
    let given = given_statuses(args, catalogue, uses)?;
    if let Some(review) = args.review_months {
        check_months(review).map_err(|()| UsageError::new(t("ask-bad-months", &[]), None))?;
    }
    let words = Words::new(catalogue);
    if let Some(ask) = ask.as_deref_mut() {
        ask.say(&t("ask-intro", &[]));
    }
    let text = |ask: &mut Option<&mut dyn Ask>, flag: &Option<String>, question: &str| {
        flag.clone().or_else(|| {
            let ask = ask.as_deref_mut()?;
            ask.ask(question)
                .map(|a| a.trim().to_owned())
                .filter(|a| !a.is_empty())
        })
    };
    let organisation = text(&mut ask, &args.org, &t("ask-organisation", &[]));
    let team = text(
        &mut ask,
        &args.team,
        &t("ask-team", &[&t("init-team", &[])]),
    );
    let yes_no = |ask: &mut Option<&mut dyn Ask>, flag: Option<YesNo>, key: &str| match flag {
        Some(flag) => flag == YesNo::Yes,
        None => ask.as_deref_mut().is_some_and(|ask| {
            until_understood(ask, &t(key, &[]), &t("ask-yes-no", &[]), |a| {
                words.yes_no(a)
            })
            .unwrap_or(false)
        }),
    };
    let public_body = yes_no(&mut ask, args.public_body, "ask-public-body");
    let public_use = uses.uses.iter().find(|u| u.public_facing);
    let public_given = public_use
        .and_then(|u| given.iter().find(|(id, _)| *id == u.id))
        .map(|(_, status)| *status != Status::Forbidden);
    let public_flag =
        args.public_facing
            .or(public_given.map(|p| if p { YesNo::Yes } else { YesNo::No }));
    let public_facing = yes_no(&mut ask, public_flag, "ask-public-facing");
    let tools = if args.tools.is_empty() {
        ask.as_deref_mut()
            .and_then(|ask| ask.ask(&t("ask-tools", &[])))
            .map(|line| {
                line.split([',', ';'])
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        args.tools.clone()
    };
    let mut chosen = Vec::new();
    let mut use_tools = Vec::new();
    let numbered: Vec<String> = tools
        .iter()
        .enumerate()
        .map(|(i, name)| format!("{} = {name}", i + 1))
        .collect();
    let tools_question = t("ask-use-tools", &[&numbered.join(", ")]);
    let mut intro = ask.is_some();
    for spec in &uses.uses {
        let status = if let Some((_, status)) = given.iter().find(|(id, _)| *id == spec.id) {
            Some(*status)
        } else if spec.public_facing {
            public_facing.then_some(spec.suggested)
        } else if let Some(ask) = ask.as_deref_mut() {
            if std::mem::take(&mut intro) {
                ask.say(&t("ask-uses-intro", &[]));
            }
            let question = format!(
                "{} [{}]",
                spec.description.get(lang),
                choices(&t("ask-letters", &[]), spec.suggested)
            );
            match until_understood(ask, &question, &t("ask-status-help", &[]), |a| {
                words.status(a, spec.suggested)
            }) {
                Some(Position::Taken(status)) => Some(status),
                Some(Position::NotConcerned) => None,
                None => Some(spec.suggested),
            }
        } else {
            Some(spec.suggested)
        };
        let Some(status) = status else { continue };
        chosen.push((spec.id.clone(), status));
        if status == Status::Forbidden || tools.is_empty() {
            continue;
        }
        let picked = ask.as_deref_mut().and_then(|ask| {
            until_understood(ask, &tools_question, &t("ask-use-tools-help", &[]), |a| {
                pick_tools(a, &tools)
            })
        });
        if let Some(picked) = picked.filter(|p| !p.is_empty()) {
            use_tools.push((spec.id.clone(), picked));
        }
    }
    let owner = text(&mut ask, &args.owner, &t("ask-owner", &[]));
    let contact = text(&mut ask, &args.contact, &t("ask-contact", &[]));
    let review_months = match (args.review_months, ask.as_mut()) {
        (Some(months), _) => months,
        (None, Some(ask)) => until_understood(
            &mut **ask,
            &t("ask-review", &[]),
            &t("ask-bad-months", &[]),
            |a| {
                if a.is_empty() {
                    return Some(DEFAULT_REVIEW_MONTHS);
                }
                a.parse::<u32>().ok().filter(|m| check_months(*m).is_ok())
            },
        )
        .unwrap_or(DEFAULT_REVIEW_MONTHS),
        (None, None) => DEFAULT_REVIEW_MONTHS,
    };
    Ok(Answers {
        organisation,
        team,
        public_body,
        public_facing,
        tools,
        uses: chosen,
        use_tools,
        owner,
        contact,
        review_months,
    })
}

/// Asks until `understand` makes sense of the answer, showing `help` after a miss;
/// `None` at the end of input.
fn until_understood<T>(
    ask: &mut dyn Ask,
    question: &str,
    help: &str,
    understand: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    loop {
        let answer = ask.ask(question)?;
        if let Some(value) = understand(answer.trim()) {
            return Some(value);
        }
        ask.say(help);
    }
}

/// The tools named in an answer, by number in the list or by name, separated by commas;
/// an empty answer is none.
fn pick_tools(answer: &str, tools: &[String]) -> Option<Vec<String>> {
    let mut picked: Vec<String> = Vec::new();
    for item in answer
        .split([',', ';'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        let tool = match item.parse::<usize>() {
            Ok(n) => tools.get(n.checked_sub(1)?)?,
            Err(_) => tools.iter().find(|t| fold(t).text == fold(item).text)?,
        };
        if !picked.contains(tool) {
            picked.push(tool.clone());
        }
    }
    Some(picked)
}

fn check_months(months: u32) -> Result<(), ()> {
    if (1..=MAX_REVIEW_MONTHS).contains(&months) {
        Ok(())
    } else {
        Err(())
    }
}

/// The statuses given by `--allow`, `--conditional` and `--forbid`, checked against the
/// common uses.
fn given_statuses(
    args: &InitArgs,
    catalogue: &Catalogue,
    uses: &UsesSpec,
) -> Result<Vec<(String, Status)>, UsageError> {
    let lang = args.lang;
    let ids: Vec<&str> = uses.uses.iter().map(|u| u.id.as_str()).collect();
    let mut given: Vec<(String, Status)> = Vec::new();
    let flags = [
        (&args.allow, Status::Allowed),
        (&args.conditional, Status::Conditional),
        (&args.forbid, Status::Forbidden),
    ];
    for (names, status) in flags {
        for name in names {
            if !ids.contains(&name.as_str()) {
                let hint = catalogue
                    .messages
                    .did_you_mean(lang, name, ids.iter().copied());
                return Err(UsageError::new(
                    catalogue
                        .messages
                        .text("ask-unknown-use", lang, &[name, &ids.join(", ")]),
                    Some(hint).filter(|h| !h.is_empty()),
                ));
            }
            match given.iter().find(|(id, _)| id == name) {
                Some((_, other)) if *other != status => {
                    return Err(UsageError::new(
                        catalogue.messages.text("ask-use-twice", lang, &[name]),
                        None,
                    ));
                }
                Some(_) => {}
                None => given.push((name.clone(), status)),
            }
        }
    }
    Ok(given)
}

/// The answer words of both languages, from `policies/messages.yaml`.
struct Words {
    yes: Vec<String>,
    no: Vec<String>,
    allowed: Vec<String>,
    conditional: Vec<String>,
    forbidden: Vec<String>,
    skip: Vec<String>,
}

impl Words {
    fn new(catalogue: &Catalogue) -> Self {
        let list = |key: &str| -> Vec<String> {
            catalogue
                .messages
                .words_in_every_language(key)
                .into_iter()
                .map(|word| fold(word).text)
                .filter(|word| !word.is_empty())
                .collect()
        };
        Self {
            yes: list("ask-words-yes"),
            no: list("ask-words-no"),
            allowed: list("ask-words-allowed"),
            conditional: list("ask-words-conditional"),
            forbidden: list("ask-words-forbidden"),
            skip: list("ask-words-skip"),
        }
    }

    /// A yes or no answer; an empty answer is no.
    fn yes_no(&self, answer: &str) -> Option<bool> {
        let answer = fold(answer).text;
        if answer.is_empty() || self.no.contains(&answer) {
            Some(false)
        } else if self.yes.contains(&answer) {
            Some(true)
        } else {
            None
        }
    }

    /// The team's position on a use; an empty answer takes the suggestion.
    fn status(&self, answer: &str, suggested: Status) -> Option<Position> {
        let answer = fold(answer).text;
        if answer.is_empty() {
            Some(Position::Taken(suggested))
        } else if self.allowed.contains(&answer) {
            Some(Position::Taken(Status::Allowed))
        } else if self.conditional.contains(&answer) {
            Some(Position::Taken(Status::Conditional))
        } else if self.forbidden.contains(&answer) {
            Some(Position::Taken(Status::Forbidden))
        } else if self.skip.contains(&answer) {
            Some(Position::NotConcerned)
        } else {
            None
        }
    }
}

/// An answer about a use.
enum Position {
    Taken(Status),
    /// The use does not concern the team: it is left out of the charter.
    NotConcerned,
}

/// The short answers (`letters`: allowed/conditional/forbidden, e.g. `a/c/f`), the
/// suggested one in capitals, and `-`: `a/C/f/-`.
fn choices(letters: &str, suggested: Status) -> String {
    let index = match suggested {
        Status::Allowed => 0,
        Status::Conditional => 1,
        Status::Forbidden => 2,
    };
    let shown: Vec<String> = letters
        .split('/')
        .enumerate()
        .map(|(i, l)| {
            if i == index {
                l.to_uppercase()
            } else {
                l.to_owned()
            }
        })
        .collect();
    format!("{}/-", shown.join("/"))
}

impl Answers {
    /// The packs the answers call for: public-comms for a public body's communication
    /// team (else baseline), plus eu-ai-act when AI answers the public or a use under the
    /// AI Act's transparency duties is allowed.
    pub(crate) fn packs(&self, uses: &UsesSpec) -> Vec<String> {
        let mut packs = vec![if self.public_body {
            "public-comms".to_owned()
        } else {
            crate::policy::selection::DEFAULT_PACK.to_owned()
        }];
        let ai_act = self.public_facing
            || self.uses.iter().any(|(id, status)| {
                *status != Status::Forbidden && spec(uses, id).is_some_and(|s| s.eu_ai_act)
            });
        if ai_act {
            packs.push("eu-ai-act".to_owned());
        }
        packs
    }

    /// The charter profile: the answers, with the example values where none was given.
    pub(crate) fn profile(&self, catalogue: &Catalogue, lang: Lang) -> Profile {
        let example = Profile::example(catalogue, lang, self.organisation.as_deref());
        let tools = tools(&self.tools);
        let tool_id = |name: &String| {
            self.tools
                .iter()
                .position(|n| n == name)
                .and_then(|i| tools.get(i))
                .map(|t| t.id.clone())
        };
        let uses = self
            .uses
            .iter()
            .filter_map(|(id, status)| {
                let spec = spec(&catalogue.uses, id)?;
                let forbidden = *status == Status::Forbidden;
                let chosen = self.use_tools.iter().find(|(u, _)| u == id);
                Some(Use {
                    id: spec.id.clone(),
                    description: spec.description.get(lang).clone(),
                    status: *status,
                    why: Some(if forbidden {
                        spec.why_forbidden.get(lang).clone()
                    } else {
                        spec.why.get(lang).clone()
                    }),
                    tools: chosen
                        .filter(|_| !forbidden)
                        .map(|(_, names)| names.iter().filter_map(tool_id).collect())
                        .unwrap_or_default(),
                    conditions: if *status == Status::Conditional {
                        spec.conditions.get(lang).clone()
                    } else {
                        Vec::new()
                    },
                    public_facing: spec.public_facing,
                })
            })
            .collect();
        let owner = match &self.owner {
            Some(name) => Owner {
                name: name.clone(),
                role: None,
                contact: self.contact.clone().or(example.owner.contact),
            },
            None => Owner {
                contact: self.contact.clone().or(example.owner.contact),
                ..example.owner
            },
        };
        Profile {
            organisation: example.organisation,
            team: self.team.clone().unwrap_or(example.team),
            owner,
            review_months: self.review_months,
            tools,
            uses,
            clauses: self.use_clauses(&catalogue.uses, lang),
            notes: self.stance_notes(catalogue, lang),
        }
    }

    /// The `permitted-uses` and `prohibited-uses` texts: one bullet per use the team allows
    /// (with its conditions) or forbids, then what is forbidden whatever the answers.
    fn use_clauses(&self, uses: &UsesSpec, lang: Lang) -> IndexMap<String, String> {
        let wording = &uses.wording;
        let mut permitted = Vec::new();
        let mut prohibited = Vec::new();
        for (id, status) in &self.uses {
            let Some(spec) = spec(uses, id) else { continue };
            match status {
                Status::Forbidden => prohibited.push(spec.prohibited.get(lang).clone()),
                Status::Allowed => permitted.push(spec.permitted.get(lang).clone()),
                Status::Conditional => {
                    let conditions: Vec<String> = spec
                        .conditions
                        .get(lang)
                        .iter()
                        .map(|c| lower_first(c.trim_end_matches('.')))
                        .collect();
                    let conditions = wording
                        .conditions
                        .get(lang)
                        .replace("{0}", &conditions.join(wording.and.get(lang)));
                    permitted.push(format!("{} {conditions}", spec.permitted.get(lang)));
                }
            }
        }
        if permitted.is_empty() {
            permitted.push(wording.none_permitted.get(lang).clone());
        }
        prohibited.extend(wording.always_prohibited.get(lang).iter().cloned());
        let bullets = |lines: Vec<String>| -> String {
            lines.iter().fold(String::new(), |mut out, l| {
                let _ = writeln!(out, "- {l}");
                out
            })
        };
        IndexMap::from([
            (wording.permitted_clause.clone(), bullets(permitted)),
            (wording.prohibited_clause.clone(), bullets(prohibited)),
        ])
    }

    /// For each clause whose suggested wording takes a position on a use (`stances`) that
    /// the answers contradict (forbidden on one side, allowed or conditional on the other),
    /// a note asking to adapt it.
    fn stance_notes(&self, catalogue: &Catalogue, lang: Lang) -> IndexMap<String, Vec<String>> {
        let t = |key: &str, values: &[&str]| catalogue.messages.text(key, lang, values);
        let written = &catalogue.uses.wording;
        let mut notes: IndexMap<String, Vec<String>> = IndexMap::new();
        for (clause, clause_spec) in &catalogue.clauses {
            if *clause == written.permitted_clause || *clause == written.prohibited_clause {
                continue;
            }
            for (use_id, stance) in &clause_spec.stances {
                let Some((_, answer)) = self.uses.iter().find(|(id, _)| id == use_id) else {
                    continue;
                };
                let Some(use_spec) = spec(&catalogue.uses, use_id) else {
                    continue;
                };
                if (*stance == Status::Forbidden) != (*answer == Status::Forbidden) {
                    let status = |s: Status| t(&format!("status-{}", s.as_str()), &[]);
                    notes.entry(clause.clone()).or_default().push(t(
                        "init-stance-differs",
                        &[
                            use_spec.description.get(lang),
                            &status(*stance),
                            &status(*answer),
                        ],
                    ));
                }
            }
        }
        notes
    }
}

/// `text` with its first letter in lower case (a condition written after a colon).
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

fn spec<'a>(uses: &'a UsesSpec, id: &str) -> Option<&'a UseSpec> {
    uses.uses.iter().find(|u| u.id == id)
}

/// Tools from their names: approved (the team named them as its tools), public data only
/// until the team says more, ids made from the names and kept unique.
fn tools(names: &[String]) -> Vec<Tool> {
    let mut tools: Vec<Tool> = Vec::new();
    for name in names {
        let base = slug(name);
        let base = if base.is_empty() {
            "tool".to_owned()
        } else {
            base
        };
        let mut id = base.clone();
        let mut n = 1;
        while tools.iter().any(|t| t.id == id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        tools.push(Tool {
            id,
            name: name.clone(),
            approved: true,
            accounts: None,
            data: vec!["public".to_owned()],
            high_risk: false,
        });
    }
    tools
}

/// A kebab-case id from a name: `Mistral Le Chat` → `mistral-le-chat`.
fn slug(name: &str) -> String {
    let folded = fold(name).text;
    let mut id = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    id.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests;
