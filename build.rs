//! Prepares what the binary would otherwise work out at every start:
//! - the list of the clause sheets of `policies/clauses/` for `src/policy/embedded.rs`, in
//!   catalogue order (each sheet's `order:` line): a new clause is one new file;
//! - the plan of every built-in detection pattern (`src/policy/plan.rs`, the very code the
//!   library runs for a user pack's patterns) for `src/policy/prepared.rs`;
//! - each built-in pattern bank gathered (`src/policy/gather.rs`) with its trie
//!   (`src/policy/trie.rs`), found by its AI alternation and patterns, for
//!   `src/policy/prepared.rs` too;
//! - the policy files as JSON for `src/policy/embedded.rs`: the binary parses JSON several
//!   times faster than YAML, and parses its policies at every start.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

// The library's own planning code, compiled into the build script too; the build script
// uses part of it only.
#[allow(dead_code)]
#[path = "src/text/ascii.rs"]
mod ascii;
#[allow(dead_code)]
#[path = "src/text/fnv.rs"]
mod fnv;
#[allow(dead_code)]
#[path = "src/text/fold.rs"]
mod fold;
mod text {
    pub(crate) use super::{ascii, fnv, fold};
}
#[allow(dead_code)]
#[path = "src/policy/gather.rs"]
mod gather;
#[allow(dead_code)]
#[path = "src/policy/plan.rs"]
mod plan;
#[allow(dead_code)]
#[path = "src/policy/sequence.rs"]
mod sequence;
#[allow(dead_code)]
#[path = "src/policy/trie.rs"]
mod trie;
#[allow(dead_code)]
#[path = "src/policy/word_set.rs"]
mod word_set;

fn main() {
    clause_list();
    plans();
    json_policies();
}

/// Writes `clauses.rs`: the clause sheets (as `json_policies` writes them) in catalogue order.
fn clause_list() {
    let dir = Path::new("policies/clauses");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut sheets: Vec<(u32, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).expect("policies/clauses/ is readable") {
        let path = entry.expect("an entry of policies/clauses/").path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a clause sheet is readable");
        let order = text
            .lines()
            .find_map(|line| line.strip_prefix("order:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("{}: no `order: N` line", path.display()));
        let id = path
            .file_stem()
            .expect("a file name")
            .to_string_lossy()
            .into_owned();
        if let Some((_, other)) = sheets.iter().find(|(o, _)| *o == order) {
            panic!(
                "{}: `order: {order}` is also the order of {other}",
                path.display()
            );
        }
        sheets.push((order, id));
    }
    sheets.sort();
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut entries = String::new();
    for (_, id) in &sheets {
        let file = format!("{out}/policies/clauses/{id}.json");
        writeln!(entries, "    ({id:?}, include_str!({file:?})),").expect("writing to a String");
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("clauses.rs");
    std::fs::write(out, format!("&[\n{entries}]\n")).expect("the clause list is written");
}

/// The pattern sources of the built-in patterns: by the AI alternation they were
/// expanded with and the pattern as written; and by language and bank (as
/// `Lexicon::compile` and `Detector::compile` gather them).
#[derive(Default)]
struct Sources {
    by_ai: BTreeMap<String, BTreeMap<String, String>>,
    /// By language and bank: the AI alternation and the patterns as written.
    by_bank: BTreeMap<(String, &'static str), (String, std::collections::BTreeSet<String>)>,
}

impl Sources {
    /// Records `pattern` of language `lang` (AI alternation `ai`), in `bank`.
    fn add(&mut self, lang: &str, ai: &str, bank: &'static str, pattern: &str) {
        let source = plan::anchored(pattern, ai);
        let by_pattern = self.by_ai.entry(ai.to_owned()).or_default();
        by_pattern.insert(pattern.to_owned(), source);
        let (bank_ai, patterns) = self.by_bank.entry((lang.to_owned(), bank)).or_default();
        ai.clone_into(bank_ai);
        patterns.insert(pattern.to_owned());
    }
}

/// A count or offset as a table number.
fn count(n: usize) -> u32 {
    u32::try_from(n).expect("tables under 4 G entries")
}

/// Writes a table of numbers, little-endian, to `OUT_DIR/name`.
fn write_numbers(name: &str, numbers: &[u32]) {
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    let bytes: Vec<u8> = numbers.iter().flat_map(|n| n.to_le_bytes()).collect();
    std::fs::write(out, bytes).expect("OUT_DIR is writable");
}

/// Writes `plans.numbers`, `plans.text` and `keys.numbers`: the plan of every built-in
/// detection pattern of the clause sheets and the lexicon, as `plan::anchored` makes it
/// for each language of the lexicon's AI words, found by the pattern as written; then the
/// tries of the banks (`tries`).
fn plans() {
    let lexicon = yaml("policies/lexicon.yaml");
    let mut ai_of = BTreeMap::new();
    for (lang, words) in lexicon["ai"].as_hash().expect("lexicon.yaml has `ai:`") {
        let words: Vec<String> = strings(words).map(str::to_owned).collect();
        ai_of.insert(
            lang.as_str().expect("a language code").to_owned(),
            plan::ai_alternation(&words),
        );
    }
    let mut sources = Sources::default();
    for (lang, ai) in &ai_of {
        for list in ["normative", "imperative", "condition", "ai"] {
            // The AI words share the normative markers' bank.
            let bank = if list == "ai" { "normative" } else { list };
            for pattern in strings(&lexicon[list][lang.as_str()]) {
                sources.add(lang, ai, bank, pattern);
            }
        }
    }
    let mut sheets: Vec<_> = std::fs::read_dir("policies/clauses")
        .expect("policies/clauses/ is readable")
        .map(|entry| entry.expect("an entry of policies/clauses/").path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    sheets.sort();
    for path in sheets {
        let sheet = yaml(&path.to_string_lossy());
        let Some(langs) = sheet["detect"].as_hash() else {
            continue;
        };
        for (lang, patterns) in langs {
            let (Some(lang), Some(patterns)) = (lang.as_str(), patterns.as_hash()) else {
                continue;
            };
            let Some(ai) = ai_of.get(lang) else {
                continue;
            };
            for (key, list) in patterns {
                let bank = if key.as_str() == Some("headings") {
                    "headings"
                } else {
                    "body"
                };
                for item in list.as_vec().into_iter().flatten() {
                    // `together` holds lists of patterns, the other keys patterns.
                    for pattern in item.as_str().into_iter().chain(strings(item)) {
                        sources.add(lang, ai, bank, pattern);
                    }
                }
            }
        }
    }
    // Two tables without pointers (nothing for the loader to relocate): little-endian
    // numbers, and the bytes they point into. Layout in `src/policy/prepared.rs`.
    let mut numbers: Vec<u32> = Vec::new();
    let mut text: Vec<u8> = Vec::new();
    let mut span = |bytes: &[u8], numbers: &mut Vec<u32>| {
        numbers.push(count(text.len()));
        numbers.push(count(bytes.len()));
        text.extend_from_slice(bytes);
    };
    let all: std::collections::BTreeSet<&String> =
        sources.by_ai.values().flat_map(BTreeMap::values).collect();
    let planned: BTreeMap<&String, Vec<plan::Branch>> = all
        .into_iter()
        .filter_map(|source| Some((source, plan::plan(source).ok()?)))
        .collect();
    numbers.push(count(planned.len()));
    let index_at = numbers.len();
    numbers.resize(index_at + 2 * planned.len(), 0);
    for (i, branches) in planned.values().enumerate() {
        numbers[index_at + 2 * i] = count(numbers.len());
        numbers[index_at + 2 * i + 1] = count(branches.len());
        for branch in branches {
            match branch {
                plan::Branch::Words(words) => {
                    numbers.extend([0, count(words.len())]);
                    push_words(words, &mut numbers, &mut span);
                }
                plan::Branch::Sequence(elements) => {
                    numbers.extend([2, count(elements.len())]);
                    for element in elements {
                        push_element(element, &mut numbers, &mut span);
                    }
                }
                plan::Branch::Regex(regex, prefixes) => {
                    numbers.extend([1, count(prefixes.len())]);
                    span(regex.as_bytes(), &mut numbers);
                    for prefix in prefixes {
                        span(prefix, &mut numbers);
                    }
                }
            }
        }
    }
    // The keys: for each AI alternation, its patterns in byte order with the index of
    // their plan.
    let index_of: BTreeMap<&String, usize> = planned
        .keys()
        .enumerate()
        .map(|(i, source)| (*source, i))
        .collect();
    let mut keys = vec![count(sources.by_ai.len())];
    let groups_at = keys.len();
    keys.resize(groups_at + 4 * sources.by_ai.len(), 0);
    for (group, (ai, by_pattern)) in sources.by_ai.iter().enumerate() {
        let planned_patterns: Vec<_> = by_pattern
            .iter()
            .filter_map(|(pattern, source)| Some((pattern, index_of.get(source)?)))
            .collect();
        let mut head = Vec::new();
        span(ai.as_bytes(), &mut head);
        head.extend([count(planned_patterns.len()), count(keys.len())]);
        keys[groups_at + 4 * group..groups_at + 4 * group + 4].copy_from_slice(&head);
        for (pattern, index) in planned_patterns {
            span(pattern.as_bytes(), &mut keys);
            keys.push(count(*index));
        }
    }
    let banks = banks(&planned, &sources, &mut span);
    write_numbers("plans.numbers", &numbers);
    write_numbers("keys.numbers", &keys);
    write_numbers("banks.numbers", &banks);
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("plans.text");
    std::fs::write(out, text).expect("the plans are written");
}

/// Appends words: each one's span and the bit set of its word boundaries, low half first.
fn push_words(
    words: &[(std::borrow::Cow<'static, [u8]>, u64)],
    numbers: &mut Vec<u32>,
    span: &mut impl FnMut(&[u8], &mut Vec<u32>),
) {
    for (word, boundaries) in words {
        span(word, numbers);
        let low = u32::try_from(boundaries & 0xffff_ffff).expect("32 bits");
        let high = u32::try_from(boundaries >> 32).expect("32 bits");
        numbers.extend([low, high]);
    }
}

/// Appends an element of a sequence: `0, n` and `n` words, or `1`, its least and most
/// bytes and its class in eight numbers.
fn push_element(
    element: &sequence::Element,
    numbers: &mut Vec<u32>,
    span: &mut impl FnMut(&[u8], &mut Vec<u32>),
) {
    match element {
        sequence::Element::Words(words) => {
            numbers.extend([0, count(words.len())]);
            push_words(words, numbers, span);
        }
        sequence::Element::Run { set, min, max } => {
            numbers.extend([1, *min, *max]);
            numbers.extend(set);
        }
    }
}

/// Gathers each built-in bank (as `PatternBank::new` would from the plans) and returns
/// the numbers of `banks.numbers`; writes `tries.bytes`, the tables of their tries.
/// Layout in `src/policy/prepared.rs`.
fn banks(
    planned: &BTreeMap<&String, Vec<plan::Branch>>,
    sources: &Sources,
    span: &mut impl FnMut(&[u8], &mut Vec<u32>),
) -> Vec<u32> {
    let mut tries: Vec<u8> = Vec::new();
    let mut records: Vec<Vec<u32>> = Vec::new();
    for (ai, patterns) in sources.by_bank.values() {
        let plans: Option<Vec<Vec<plan::Branch>>> = patterns
            .iter()
            .map(|pattern| planned.get(sources.by_ai.get(ai)?.get(pattern)?).cloned())
            .collect();
        // A pattern that cannot be planned fails at start-up, with its message.
        let Some(plans) = plans else {
            continue;
        };
        let (literals, gathered) = gather::gather(plans);
        let table = trie::build(&literals);
        let mut record = Vec::new();
        span(ai.as_bytes(), &mut record);
        record.push(count(patterns.len()));
        for pattern in patterns {
            span(pattern.as_bytes(), &mut record);
        }
        record.extend([count(tries.len()), count(table.len())]);
        tries.extend(table);
        record.push(count(gathered.check_starts.len()));
        record.extend(&gathered.check_starts);
        record.push(count(gathered.checks.len()));
        for check in &gathered.checks {
            record.extend(match *check {
                gather::Check::String(string, pattern) => [0, string, pattern],
                gather::Check::Sequence(unit, word) => [1, unit, word],
                gather::Check::Regex(unit) => [2, unit, 0],
            });
        }
        record.push(count(gathered.strings.len()));
        push_words(&gathered.strings, &mut record, span);
        record.push(count(gathered.sequences.len()));
        for (pattern, elements) in &gathered.sequences {
            record.extend([*pattern, count(elements.len())]);
            for element in elements {
                push_element(element, &mut record, span);
            }
        }
        record.push(count(gathered.regex_branches.len()));
        for (pattern, source) in &gathered.regex_branches {
            record.push(*pattern);
            span(source.as_bytes(), &mut record);
        }
        record.push(count(gathered.always.len()));
        record.extend(&gathered.always);
        records.push(record);
    }
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("tries.bytes");
    std::fs::write(out, tries).expect("the tries are written");
    let mut numbers = vec![count(records.len())];
    let mut at = 1 + records.len();
    for record in &records {
        numbers.push(count(at));
        at += record.len();
    }
    numbers.extend(records.into_iter().flatten());
    numbers
}

/// A YAML file of the crate, parsed (and watched for changes).
fn yaml(path: &str) -> yaml_rust2::Yaml {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    yaml_rust2::YamlLoader::load_from_str(&text)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .into_iter()
        .next()
        .unwrap_or(yaml_rust2::Yaml::Null)
}

/// The strings of a YAML list.
fn strings(list: &yaml_rust2::Yaml) -> impl Iterator<Item = &str> {
    list.as_vec()
        .into_iter()
        .flatten()
        .filter_map(yaml_rust2::Yaml::as_str)
}

/// Writes every clause sheet, pack, the lexicon, the messages and the uses as JSON under
/// `OUT_DIR/policies/`, at the same relative paths.
fn json_policies() {
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("policies");
    for dir in ["clauses", "packs"] {
        std::fs::create_dir_all(out.join(dir)).expect("OUT_DIR is writable");
        for entry in std::fs::read_dir(format!("policies/{dir}")).expect("a policies folder") {
            let path = entry.expect("an entry of a policies folder").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let name = path.file_stem().expect("a file name").to_string_lossy();
                write_json(
                    &path.to_string_lossy(),
                    &out.join(dir).join(format!("{name}.json")),
                );
            }
        }
    }
    for name in ["lexicon", "messages", "uses"] {
        write_json(
            &format!("policies/{name}.yaml"),
            &out.join(format!("{name}.json")),
        );
    }
}

/// Writes the YAML file `yaml_path` as JSON to `json_path`.
fn write_json(yaml_path: &str, json_path: &Path) {
    let mut json = String::new();
    to_json(&yaml(yaml_path), &mut json);
    std::fs::write(json_path, json).expect("OUT_DIR is writable");
}

/// Appends a YAML value as JSON: a mapping's keys become strings.
fn to_json(value: &yaml_rust2::Yaml, out: &mut String) {
    use yaml_rust2::Yaml;
    match value {
        Yaml::Real(real) => {
            let number: f64 = real.parse().expect("a YAML real is a number");
            write!(out, "{number}").expect("writing to a String");
        }
        Yaml::Integer(integer) => write!(out, "{integer}").expect("writing to a String"),
        Yaml::String(text) => json_string(text, out),
        Yaml::Boolean(boolean) => write!(out, "{boolean}").expect("writing to a String"),
        Yaml::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                to_json(item, out);
            }
            out.push(']');
        }
        Yaml::Hash(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match key {
                    Yaml::String(key) | Yaml::Real(key) => json_string(key, out),
                    Yaml::Integer(key) => json_string(&key.to_string(), out),
                    other => panic!("a policy file has the mapping key {other:?}"),
                }
                out.push(':');
                to_json(item, out);
            }
            out.push('}');
        }
        Yaml::Null => out.push_str("null"),
        Yaml::Alias(_) | Yaml::BadValue => panic!("a policy file has an alias or a bad value"),
    }
}

/// Appends a JSON string literal.
fn json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => write!(out, "\\u{:04x}", u32::from(c)).expect("writing"),
            c => out.push(c),
        }
    }
    out.push('"');
}
