//! A unified diff of two texts by lines, for golden mismatches: every changed hunk with three
//! lines of context. Hand-written (a longest common subsequence over the lines that differ)
//! because a diff crate was the largest dependency of a first `cargo test` that only a
//! failing golden test ever used.

use std::fmt::Write as _;

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// Above this many cells (lines removed times lines added) the changed middle is shown as
/// one removal and one insertion instead of being matched line by line.
const MAX_CELLS: usize = 4_000_000;

/// One line of the diff: kept (in both), removed (from `expected`) or added (in `actual`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Keep(usize, usize),
    Remove(usize),
    Add(usize),
}

/// `---`/`+++` headers naming `name`, then each hunk; empty when the texts are equal.
pub fn unified(expected: &str, actual: &str, name: &str) -> String {
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    let ops = ops(&old, &new);
    let changed: Vec<usize> = (0..ops.len())
        .filter(|&k| !matches!(ops[k], Op::Keep(..)))
        .collect();
    if changed.is_empty() {
        return String::new();
    }
    let mut out = format!("--- {name} (expected)\n+++ {name} (generated)\n");
    // Hunks: runs of changes whose contexts touch, each with CONTEXT kept lines around.
    let mut k = 0;
    while k < changed.len() {
        let mut last = k;
        while last + 1 < changed.len() && changed[last + 1] - changed[last] <= 2 * CONTEXT + 1 {
            last += 1;
        }
        let start = changed[k].saturating_sub(CONTEXT);
        let end = (changed[last] + CONTEXT + 1).min(ops.len());
        hunk(&mut out, &ops[start..end], &old, &new);
        k = last + 1;
    }
    out
}

/// One `@@ -a,n +b,m @@` hunk.
fn hunk(out: &mut String, ops: &[Op], old: &[&str], new: &[&str]) {
    // Where the hunk starts in each text (1-based; for an empty side, the line before).
    let mut old_at = None;
    let mut new_at = None;
    let (mut old_len, mut new_len) = (0, 0);
    for op in ops {
        match *op {
            Op::Keep(i, j) => {
                old_at.get_or_insert(i);
                new_at.get_or_insert(j);
                old_len += 1;
                new_len += 1;
            }
            Op::Remove(i) => {
                old_at.get_or_insert(i);
                old_len += 1;
            }
            Op::Add(j) => {
                new_at.get_or_insert(j);
                new_len += 1;
            }
        }
    }
    // A side with no line in the hunk (not even context) is an empty text, whose range
    // `diff -u` writes as starting at 0.
    let first_old = old_at.map_or(0, |i| i + 1);
    let first_new = new_at.map_or(0, |j| j + 1);
    let _ = writeln!(out, "@@ -{first_old},{old_len} +{first_new},{new_len} @@");
    for op in ops {
        let (mark, line) = match *op {
            Op::Keep(i, _) => (' ', old[i]),
            Op::Remove(i) => ('-', old[i]),
            Op::Add(j) => ('+', new[j]),
        };
        out.push(mark);
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push_str("\n\\ No newline at end of file\n");
        }
    }
}

/// The edit script from `old` to `new`: common prefix and suffix kept, the middle matched by
/// a longest common subsequence of lines.
fn ops(old: &[&str], new: &[&str]) -> Vec<Op> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Keep(i, i)).collect();
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        ops.extend((0..a.len()).map(|i| Op::Remove(prefix + i)));
        ops.extend((0..b.len()).map(|j| Op::Add(prefix + j)));
    } else {
        // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
        let width = b.len() + 1;
        let mut lcs = vec![0u32; (a.len() + 1) * width];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i * width + j] = if a[i] == b[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                ops.push(Op::Keep(prefix + i, prefix + j));
                i += 1;
                j += 1;
            } else if i < a.len()
                && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
            {
                // Removals before additions, as `diff -u` writes a changed line.
                ops.push(Op::Remove(prefix + i));
                i += 1;
            } else {
                ops.push(Op::Add(prefix + j));
                j += 1;
            }
        }
    }
    let (old_tail, new_tail) = (old.len() - suffix, new.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Keep(old_tail + k, new_tail + k)));
    ops
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified("a\nb\n", "a\nb\n", "f.rs"), "");
    }

    #[test]
    fn hunks_keep_three_lines_of_context_and_split_when_far_apart() {
        let old: String = (1..=20).map(|n| format!("{n}\n")).collect();
        let new = old.replacen("2\n", "two\n", 1).replace("18\n", "");
        assert_eq!(
            unified(&old, &new, "f.rs"),
            "--- f.rs (expected)\n+++ f.rs (generated)\n\
             @@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n\
             @@ -15,6 +15,5 @@\n 15\n 16\n 17\n-18\n 19\n 20\n"
        );
        // Close changes share a hunk.
        let near = old.replacen("2\n", "two\n", 1).replace("\n9\n", "\nnine\n");
        assert_eq!(unified(&old, &near, "f.rs").matches("@@ -").count(), 1);
    }

    #[test]
    fn insertions_at_the_ends_and_a_missing_final_newline() {
        for (expected, actual, hunk) in [
            ("a\n", "new\na\n", "@@ -1,1 +1,2 @@\n+new\n a\n"),
            (
                "a\nb",
                "a\nb\n",
                "@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n",
            ),
            ("", "x\n", "@@ -0,0 +1,1 @@\n+x\n"),
            ("x\n", "", "@@ -1,1 +0,0 @@\n-x\n"),
        ] {
            assert_eq!(
                unified(expected, actual, "f"),
                format!("--- f (expected)\n+++ f (generated)\n{hunk}"),
                "{expected:?} -> {actual:?}"
            );
        }
    }
}
