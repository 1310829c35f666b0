//! A unified diff of text appended to the end of a file: one hunk, with up to three lines
//! of context before the change, as `diff -u` and `git diff` print it.

use std::fmt::Write as _;

/// Lines of context shown before the change.
const CONTEXT: usize = 3;

/// The diff from `before` to `before` followed by `appended`, for the file `name`.
/// Empty when nothing is appended.
pub(super) fn appended(name: &str, before: &str, appended: &str) -> String {
    if appended.is_empty() {
        return String::new();
    }
    let after = format!("{before}{appended}");
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let same = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let start = same.saturating_sub(CONTEXT);
    let removed = &old[same..];
    let added = &new[same..];
    let old_count = same - start + removed.len();
    let new_count = same - start + added.len();
    let first = |count: usize| if count == 0 { start } else { start + 1 };
    let mut out = format!("--- {name}\n+++ {name}\n");
    let _ = writeln!(
        out,
        "@@ -{},{old_count} +{},{new_count} @@",
        first(old_count),
        first(new_count)
    );
    let mut line = |mark: char, text: &str| {
        out.push(mark);
        out.push_str(text.trim_end_matches('\n').trim_end_matches('\r'));
        out.push('\n');
        if !text.ends_with('\n') {
            out.push_str("\\ No newline at end of file\n");
        }
    };
    for text in &old[start..same] {
        line(' ', text);
    }
    for text in removed {
        line('-', text);
    }
    for text in added {
        line('+', text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_hunk_with_three_lines_of_context() {
        let diff = appended("d.md", "a\nb\nc\nd\n", "\n## E\n");
        assert_eq!(
            diff,
            "--- d.md\n+++ d.md\n@@ -2,3 +2,5 @@\n b\n c\n d\n+\n+## E\n"
        );
    }

    #[test]
    fn a_last_line_without_line_break_is_replaced() {
        let diff = appended("d.md", "a\nb", "\n\nc\n");
        assert_eq!(
            diff,
            "--- d.md\n+++ d.md\n@@ -1,2 +1,4 @@\n a\n-b\n\\ No newline at end of file\n+b\n+\n+c\n"
        );
    }

    #[test]
    fn an_empty_file_gains_lines() {
        assert_eq!(
            appended("d.md", "", "x\n"),
            "--- d.md\n+++ d.md\n@@ -0,0 +1,1 @@\n+x\n"
        );
        assert_eq!(appended("d.md", "x\n", ""), "");
    }
}
