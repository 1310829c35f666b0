//! A clause the draft covers that no section went to gets the smallest piece of text that
//! speaks of it: the whole section when its own clause has other text (or it had none),
//! else the paragraph or list item, else the lines of a sentence, taken out of its section provided
//! the section keeps its own clause. The text on each side stays in the draft's order.
//! When the only text that speaks of a clause cannot be taken (its own clause needs it), the
//! clause gets a copy of it ([`quote`]) and the text stays in its place.

use super::Unit;

/// How many clauses one rescue may displace in a chain (each then finds other text).
pub(super) const MOVES: usize = 2;

/// Gives `clause` a piece of the draft: at one of `lines` first (its evidence, best first),
/// else anywhere. `speaks(text, clause)` says whether a text alone speaks of a clause (as
/// `lint` judges a clause text on topic); `owner` is the clause of each unit. Returns whether
/// a piece was found. With `moves`, a clause that holds the only fitting text may give it
/// up and find other text, in a chain of at most `moves` clauses.
pub(super) fn take(
    units: &mut Vec<Unit>,
    owner: &mut Vec<Option<usize>>,
    clause: usize,
    lines: &[usize],
    speaks: &impl Fn(&str, usize) -> bool,
    moves: usize,
) -> bool {
    let at = |units: &[Unit], line: usize| units.iter().position(|u| u.lines.contains(&line));
    for &line in lines {
        if let Some(u) = at(units, line) {
            if take_whole(units, owner, u, clause, speaks, moves)
                || take_piece(units, owner, u, line, clause, speaks, moves)
            {
                return true;
            }
        }
    }
    if (0..units.len()).any(|u| take_whole(units, owner, u, clause, speaks, moves)) {
        return true;
    }
    let every: Vec<usize> = units.iter().flat_map(|u| u.lines.clone()).collect();
    every.into_iter().any(|line| {
        at(units, line).is_some_and(|u| take_piece(units, owner, u, line, clause, speaks, moves))
    })
}

/// Gives `clause` a copy of the smallest piece of the draft that speaks of it, when no piece
/// can be taken from the clause that holds it: the lines of a sentence, else its paragraph or
/// list item, else one of these under its unit's heading. At one of `lines` first (best
/// first), else anywhere. The text stays in its place under its own clause; the copy comes
/// right after the unit it is taken from. Returns whether a piece was found.
pub(super) fn quote(
    units: &mut Vec<Unit>,
    owner: &mut Vec<Option<usize>>,
    clause: usize,
    lines: &[usize],
    speaks: &impl Fn(&str, usize) -> bool,
) -> bool {
    let original = |units: &[Unit], line: usize| {
        units
            .iter()
            .position(|u| u.quoted.is_none() && u.lines.contains(&line))
    };
    let every: Vec<usize> = units
        .iter()
        .filter(|u| u.quoted.is_none())
        .flat_map(|u| u.lines.clone())
        .collect();
    for line in lines.iter().copied().chain(every) {
        let Some(u) = original(units, line) else {
            continue;
        };
        let unit = &units[u];
        let heading = unit.text.get(..unit.body).unwrap_or_default();
        let heading_lines = unit.lines.get(..heading.matches('\n').count());
        let copy = pieces(unit, line).into_iter().rev().find_map(|(from, to)| {
            let mut copy = excerpt(unit, from, to);
            if speaks(&copy.text, clause) {
                return Some(copy);
            }
            let under = format!("{heading}{}", copy.text);
            let heading_lines = heading_lines.filter(|l| !l.is_empty())?;
            if !speaks(&under, clause) {
                return None;
            }
            copy.text = under;
            copy.body = heading.len();
            copy.heading.clone_from(&unit.heading);
            copy.first_line = unit.first_line;
            copy.lines.splice(..0, heading_lines.iter().copied());
            Some(copy)
        });
        if let Some(mut copy) = copy {
            copy.quoted = owner[u];
            if !copy.text.ends_with('\n') {
                copy.text.push('\n');
            }
            units.insert(u + 1, copy);
            owner.insert(u + 1, Some(clause));
            return true;
        }
    }
    false
}

/// Whether the clause of unit `u` is still spoken of by the bodies of its other units and
/// `rest` (what is left of the body of `u`): a heading alone does not hold a clause.
fn keeps(
    units: &[Unit],
    owner: &[Option<usize>],
    u: usize,
    rest: &str,
    speaks: &impl Fn(&str, usize) -> bool,
) -> bool {
    owner[u].is_none_or(|held| {
        let mut all = String::new();
        for (i, (unit, of)) in units.iter().zip(owner).enumerate() {
            if i != u && *of == Some(held) {
                all.push_str(unit.text.get(unit.body..).unwrap_or_default());
                all.push('\n');
            }
        }
        all.push_str(rest);
        speaks(&all, held)
    })
}

/// Gives the whole unit `u` to `clause` when it speaks of it and its clause keeps other
/// text (or, within `moves`, finds some elsewhere).
fn take_whole(
    units: &mut Vec<Unit>,
    owner: &mut Vec<Option<usize>>,
    u: usize,
    clause: usize,
    speaks: &impl Fn(&str, usize) -> bool,
    moves: usize,
) -> bool {
    // A heading that names the unit's clause decides: the unit stays.
    let decided = owner[u].is_some_and(|held| units[u].named.contains(&held));
    if decided || owner[u] == Some(clause) || !speaks(&units[u].text, clause) {
        return false;
    }
    let held = owner[u];
    if keeps(units, owner, u, "", speaks) {
        owner[u] = Some(clause);
        return true;
    }
    displace(units, owner, held, moves, speaks, |_, owner| {
        owner[u] = Some(clause);
    })
}

/// Makes a move that leaves clause `held` without text, then finds `held` text elsewhere;
/// keeps the result only when it does.
fn displace(
    units: &mut Vec<Unit>,
    owner: &mut Vec<Option<usize>>,
    held: Option<usize>,
    moves: usize,
    speaks: &impl Fn(&str, usize) -> bool,
    make: impl FnOnce(&mut Vec<Unit>, &mut Vec<Option<usize>>),
) -> bool {
    let Some(held) = held.filter(|_| moves > 0) else {
        return false;
    };
    let (mut trial_units, mut trial_owner) = (units.clone(), owner.clone());
    make(&mut trial_units, &mut trial_owner);
    if take(
        &mut trial_units,
        &mut trial_owner,
        held,
        &[],
        speaks,
        moves - 1,
    ) {
        *units = trial_units;
        *owner = trial_owner;
        return true;
    }
    false
}

/// Gives `clause` the paragraph, list item or sentence of unit `u` at draft line `line`.
fn take_piece(
    units: &mut Vec<Unit>,
    owner: &mut Vec<Option<usize>>,
    u: usize,
    line: usize,
    clause: usize,
    speaks: &impl Fn(&str, usize) -> bool,
    moves: usize,
) -> bool {
    let held = owner[u];
    for (start, end) in pieces(&units[u], line) {
        let unit = &units[u];
        let taken = &unit.text[start..end];
        if taken.trim().is_empty() || !speaks(taken, clause) {
            continue;
        }
        // What the unit keeps, its heading aside: a heading alone does not hold a clause.
        let kept = format!(
            "{}{}",
            unit.text.get(unit.body..start).unwrap_or_default(),
            &unit.text[end..]
        );
        if keeps(units, owner, u, &kept, speaks) {
            split(units, owner, u, start..end, clause);
            return true;
        }
        if displace(units, owner, held, moves, speaks, |units, owner| {
            split(units, owner, u, start..end, clause);
        }) {
            return true;
        }
    }
    false
}

/// The byte ranges of `unit.text` that may be taken for the evidence at draft line `line`,
/// largest first: the paragraph or list item, then the lines of each sentence at the line.
fn pieces(unit: &Unit, line: usize) -> Vec<(usize, usize)> {
    let text: Vec<&str> = unit.text.split_inclusive('\n').collect();
    let starts: Vec<usize> = text
        .iter()
        .scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some(start)
        })
        .collect();
    let heading_lines = unit
        .text
        .get(..unit.body)
        .unwrap_or_default()
        .matches('\n')
        .count();
    let Some(k) = unit.lines.iter().position(|&l| l == line) else {
        return Vec::new();
    };
    if k < heading_lines || k >= text.len() {
        return Vec::new();
    }
    let blank = |i: usize| text.get(i).is_none_or(|l| l.trim().is_empty());
    if blank(k) {
        return Vec::new();
    }
    let (mut first, mut last) = (k, k);
    while first > heading_lines && !blank(first - 1) {
        first -= 1;
    }
    while !blank(last + 1) {
        last += 1;
    }
    // In a list, the item that holds the line (its nested items with it).
    if let Some(start) = (first..=k).rev().find(|&i| item_indent(text[i]).is_some()) {
        let indent = item_indent(text[start]).unwrap_or(0);
        if let Some(end) =
            (start + 1..=last).find(|&i| item_indent(text[i]).is_some_and(|n| n <= indent))
        {
            last = end - 1;
        }
        first = start;
    }
    let end_of = |i: usize| starts[i] + text[i].trim_end_matches('\n').len();
    let (from, to) = (starts[first], end_of(last));
    let mut found = vec![(from, to)];
    // The lines that hold one sentence of it (whole lines: a line is never cut).
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset).saturating_sub(1);
    for sentence in crate::text::sentences::sentences(&unit.text[from..to]) {
        let (a, b) = (
            line_of(from + sentence.start),
            line_of(from + sentence.end - 1),
        );
        let piece = (starts[a], end_of(b));
        if (a..=b).contains(&k) && !found.contains(&piece) {
            found.push(piece);
        }
    }
    found
}

/// The part of `unit` between byte offsets `from` and `to`, with its draft lines; only a
/// part at the start keeps the unit's heading and the clauses it names.
fn excerpt(unit: &Unit, from: usize, to: usize) -> Unit {
    let line_at = |offset: usize| {
        let mut offset = offset.min(unit.text.len());
        while !unit.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let index = unit.text[..offset].matches('\n').count();
        unit.lines
            .get(index)
            .or(unit.lines.last())
            .copied()
            .unwrap_or(unit.first_line)
    };
    let (a, b) = (line_at(from), line_at(to.saturating_sub(1).max(from)));
    let at_start = from == 0;
    Unit {
        named: if at_start {
            unit.named.clone()
        } else {
            Vec::new()
        },
        text: unit.text[from..to].to_owned(),
        body: 0,
        heading: if at_start { unit.heading.clone() } else { None },
        first_line: if at_start { unit.first_line } else { a },
        lines: unit
            .lines
            .iter()
            .copied()
            .filter(|l| (a..=b).contains(l))
            .collect(),
        level: unit.level,
        sections: Vec::new(),
        quoted: None,
    }
}

/// Splits unit `u` into the text before `range`, the text in it (given to `clause`) and the
/// text after it (both kept by the unit's clause); blank pieces are dropped.
fn split(
    units: &mut Vec<Unit>,
    owner: &mut Vec<Option<usize>>,
    u: usize,
    range: std::ops::Range<usize>,
    clause: usize,
) {
    let unit = &units[u];
    let held = owner[u];
    let mut added = Vec::new();
    // Blank lines at the cuts go: each piece starts and ends with text.
    let before_end = unit.text[..range.start].trim_end().len();
    if before_end > 0 {
        let mut before = excerpt(unit, 0, before_end);
        before.text.push('\n');
        before.body = unit.body.min(before.text.len());
        added.push((before, held));
    }
    let mut taken = excerpt(unit, range.start, range.end);
    taken.heading = None;
    added.push((taken, Some(clause)));
    let rest = &unit.text[range.end..];
    if !rest.trim().is_empty() {
        let blank: usize = rest
            .split_inclusive('\n')
            .take_while(|l| l.trim().is_empty())
            .map(str::len)
            .sum();
        added.push((excerpt(unit, range.end + blank, unit.text.len()), held));
    }
    let (pieces, owners): (Vec<Unit>, Vec<Option<usize>>) = added.into_iter().unzip();
    units.splice(u..=u, pieces);
    owner.splice(u..=u, owners);
}

/// The indentation of a line that starts a list item (`- `, `* `, `+ `, `1. `, `1) `).
fn item_indent(line: &str) -> Option<usize> {
    let rest = line.trim_start();
    let indent = line.len() - rest.len();
    let after_number = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let marker = if after_number.len() < rest.len() {
        after_number.strip_prefix(['.', ')'])
    } else {
        rest.strip_prefix(['-', '*', '+'])
    };
    marker
        .is_some_and(|m| m.starts_with([' ', '\t', '\n']) || m.is_empty())
        .then_some(indent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_found_with_their_indentation() {
        assert_eq!(item_indent("- one"), Some(0));
        assert_eq!(item_indent("    * nested"), Some(4));
        assert_eq!(item_indent("12. twelfth"), Some(0));
        assert_eq!(item_indent("3) third"), Some(0));
        assert_eq!(item_indent("-not an item"), None);
        assert_eq!(item_indent("2026 was the year"), None);
        assert_eq!(item_indent("**bold**"), None);
    }

    fn unit(text: &str) -> Unit {
        Unit {
            text: text.to_owned(),
            body: text.find('\n').map_or(0, |n| n + 1),
            heading: Some("Title".to_owned()),
            first_line: 1,
            lines: (1..=text.lines().count()).collect(),
            level: 2,
            sections: Vec::new(),
            named: Vec::new(),
            quoted: None,
        }
    }

    #[test]
    fn a_piece_is_the_item_then_the_lines_of_a_sentence_never_the_heading() {
        let unit = unit("## Title\n- first item\n  goes on. Second sentence.\n- second item\n");
        let found: Vec<&str> = pieces(&unit, 2)
            .into_iter()
            .map(|(a, b)| &unit.text[a..b])
            .collect();
        assert_eq!(found[0], "- first item\n  goes on. Second sentence.");
        assert!(found.iter().all(|p| !p.contains("second item")));
        assert!(pieces(&unit, 1).is_empty(), "the heading is never taken");
    }

    #[test]
    fn a_line_two_clauses_need_stays_in_place_and_is_quoted_under_the_second() {
        let mut units = vec![unit("## Title\nOne.\n\nBoth.\n\nThree.\n")];
        let mut owner = vec![Some(0)];
        // Clause 0 needs "Both." as much as clause 1 does: it cannot be taken, only copied.
        let speaks = |text: &str, _: usize| text.contains("Both");
        assert!(!take(&mut units, &mut owner, 1, &[4], &speaks, MOVES));
        assert!(quote(&mut units, &mut owner, 1, &[4], &speaks));
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(texts, ["## Title\nOne.\n\nBoth.\n\nThree.\n", "Both.\n"]);
        assert_eq!(owner, [Some(0), Some(1)]);
        assert_eq!((units[1].first_line, units[1].quoted), (4, Some(0)));
    }

    #[test]
    fn a_split_keeps_the_text_on_each_side_in_order() {
        let mut units = vec![unit("## Title\nOne.\n\nTwo.\n\nThree.\n")];
        let mut owner = vec![Some(0)];
        let start = units[0].text.find("Two").unwrap_or_default();
        split(&mut units, &mut owner, 0, start..start + 4, 1);
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(texts, ["## Title\nOne.\n", "Two.", "Three.\n"]);
        assert_eq!(owner, [Some(0), Some(1), Some(0)]);
        assert_eq!(units[0].heading.as_deref(), Some("Title"));
        assert!(units[1].heading.is_none() && units[2].heading.is_none());
    }
}
