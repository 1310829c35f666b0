//! Which clause each part of a draft goes under: pure sharing out of parts between clauses,
//! from how clearly each part speaks of each clause.
//!
//! A part goes to one of the clauses it speaks of most clearly (its top score), never to a
//! clause it only mentions in passing beside a clearer one. Among those, parts are matched
//! to clauses so that as many clauses as possible receive text of their own (a maximum
//! bipartite matching, by augmenting paths, clauses taken in the order the draft first
//! states them); a part left over joins the top clause it states first.

/// How clearly one part speaks of one clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Score {
    /// Index of the clause (detector order).
    pub clause: usize,
    /// 1 topic without a rule, 2 with a rule; 2 more when a heading names the clause.
    pub weight: u8,
    /// Line of the evidence.
    pub line: usize,
    /// A heading names the clause.
    pub named: bool,
}

/// Where every part goes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Assignment {
    /// For each part: the clause it goes under, or `None` (it speaks of no clause).
    pub owner: Vec<Option<usize>>,
    /// Clauses that received no part although some part speaks of them: `(clause, the
    /// clause holding that part, line of the evidence)`, in clause order.
    pub inside: Vec<(usize, usize, usize)>,
}

/// Shares `parts` (the scores of each part, in draft order) between `clauses` clauses.
pub(super) fn assign(parts: &[Vec<Score>], clauses: usize) -> Assignment {
    let top: Vec<Vec<Score>> = parts
        .iter()
        .map(|scores| {
            let best = scores.iter().map(|s| s.weight).max().unwrap_or(0);
            let mut top: Vec<Score> = scores
                .iter()
                .copied()
                .filter(|s| best > 0 && s.weight == best)
                .collect();
            top.sort_by_key(|s| (s.line, s.clause));
            top
        })
        .collect();
    let mut candidates: Vec<Vec<usize>> = vec![Vec::new(); clauses];
    for (part, scores) in top.iter().enumerate() {
        for score in scores {
            if let Some(list) = candidates.get_mut(score.clause) {
                list.push(part);
            }
        }
    }
    for (clause, list) in candidates.iter_mut().enumerate() {
        list.sort_by_key(|&part| {
            let best = top[part].iter().find(|s| s.clause == clause);
            (std::cmp::Reverse(best.map_or(0, |s| s.weight)), part)
        });
    }
    // Clauses in the order the draft first states them, so that a part speaking of several
    // goes, other things equal, to the one it states first.
    let mut order: Vec<(usize, usize)> = top.iter().flatten().map(|s| (s.line, s.clause)).collect();
    order.sort_unstable();
    let mut owner: Vec<Option<usize>> = vec![None; parts.len()];
    let mut tried = vec![false; clauses];
    for (_, clause) in order {
        if clause >= clauses || std::mem::replace(&mut tried[clause], true) {
            continue;
        }
        let mut visited = vec![false; parts.len()];
        augment(clause, &candidates, &mut owner, &mut visited);
    }
    for (part, scores) in top.iter().enumerate() {
        if owner[part].is_none() {
            owner[part] = scores.first().map(|s| s.clause);
        }
    }
    let mut inside = Vec::new();
    for clause in 0..clauses {
        if owner.contains(&Some(clause)) {
            continue;
        }
        let evidence = parts.iter().enumerate().find_map(|(part, scores)| {
            let score = scores.iter().find(|s| s.clause == clause && s.weight > 0)?;
            Some((owner[part]?, score.line))
        });
        if let Some((holder, line)) = evidence {
            inside.push((clause, holder, line));
        }
    }
    Assignment { owner, inside }
}

/// Finds a part for `clause`, moving parts already taken to another of their clauses when
/// that frees one (Kuhn's augmenting path).
fn augment(
    clause: usize,
    candidates: &[Vec<usize>],
    owner: &mut [Option<usize>],
    visited: &mut [bool],
) -> bool {
    for &part in &candidates[clause] {
        if visited[part] {
            continue;
        }
        visited[part] = true;
        let free = match owner[part] {
            None => true,
            Some(other) => augment(other, candidates, owner, visited),
        };
        if free {
            owner[part] = Some(clause);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(clause: usize, score: u8, line: usize) -> Score {
        Score {
            clause,
            weight: score,
            line,
            named: score >= 4,
        }
    }

    #[test]
    fn a_part_covering_two_clauses_leaves_one_to_another_part() {
        // Part 0 speaks of clauses 0 and 1; part 1 of clause 0 only.
        let parts = vec![vec![score(0, 2, 3), score(1, 2, 4)], vec![score(0, 2, 10)]];
        let assignment = assign(&parts, 2);
        assert_eq!(assignment.owner, [Some(1), Some(0)]);
        assert!(assignment.inside.is_empty());
    }

    #[test]
    fn a_heading_match_wins_over_passing_mentions() {
        let parts = vec![vec![score(0, 4, 1), score(1, 2, 2)]];
        let assignment = assign(&parts, 2);
        assert_eq!(assignment.owner, [Some(0)]);
        assert_eq!(assignment.inside, [(1, 0, 2)]);
    }

    #[test]
    fn leftover_parts_join_their_clause_and_silent_parts_stay_out() {
        let parts = vec![vec![score(0, 4, 1)], vec![score(0, 4, 8)], vec![]];
        let assignment = assign(&parts, 3);
        assert_eq!(assignment.owner, [Some(0), Some(0), None]);
    }
}
