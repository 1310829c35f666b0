//! Which parts of a draft stay together under one clause: a section and the sections nested
//! below it, unless a nested section's heading names a clause that its parent's heading
//! does not (it then starts a group of its own, with its own nested sections).

/// One part of the draft, as the grouping sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Part {
    /// Heading level, 1 to 6 (0: text before the first heading).
    pub level: u8,
    /// The part opens with a heading (only such a part can hold nested ones).
    pub headed: bool,
    /// The clauses its own heading names (detector order).
    pub named: Vec<usize>,
}

/// The group of each part, groups numbered from 0 in the draft order of their first part.
pub(super) fn group(parts: &[Part]) -> Vec<usize> {
    // Open sections: (level, group, clauses named by the heading that opened the group).
    let mut open: Vec<(u8, usize, &[usize])> = Vec::new();
    let mut groups = Vec::with_capacity(parts.len());
    let mut count = 0;
    for part in parts {
        while open
            .last()
            .is_some_and(|(level, _, _)| *level >= part.level)
        {
            open.pop();
        }
        let parent = open.last().copied();
        let joins = parent.filter(|(_, _, named)| {
            part.named.is_empty() || part.named.iter().any(|c| named.contains(c))
        });
        let (id, named) = if let Some((_, id, named)) = joins {
            (id, named)
        } else {
            count += 1;
            (count - 1, part.named.as_slice())
        };
        groups.push(id);
        if part.headed {
            open.push((part.level, id, named));
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(level: u8, named: &[usize]) -> Part {
        Part {
            level,
            headed: level > 0,
            named: named.to_vec(),
        }
    }

    #[test]
    fn nested_sections_stay_with_their_parent() {
        let parts = [
            part(0, &[]),
            part(2, &[]),
            part(3, &[]),
            part(4, &[]),
            part(3, &[]),
            part(2, &[]),
        ];
        assert_eq!(group(&parts), [0, 1, 1, 1, 1, 2]);
    }

    #[test]
    fn a_nested_heading_naming_another_clause_leaves_with_its_own_subsections() {
        let parts = [
            part(2, &[5]),
            part(3, &[]),
            part(3, &[7]),
            part(4, &[]),
            part(3, &[5]),
            part(2, &[]),
        ];
        assert_eq!(group(&parts), [0, 0, 1, 1, 0, 2]);
    }

    #[test]
    fn text_without_a_heading_holds_nothing_below_it() {
        let parts = [
            Part {
                level: 1,
                headed: false,
                named: Vec::new(),
            },
            part(2, &[]),
        ];
        assert_eq!(group(&parts), [0, 1]);
    }
}
