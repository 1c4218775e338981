//! Inline suppressions: `<!-- resume-lint-disable … -->` comments in Markdown and
//! `# resume-lint-disable …` lines in plain text, and the report of those that did nothing.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::regexes;
use crate::ruleset::{RuleSet, selects};
use crate::span::Span;
use resume_lint_engine::{Haystack, Pattern};

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// Suppress from here until a matching `enable`.
    Disable,
    /// End an earlier `disable`.
    Enable,
    /// Suppress findings on the next line only.
    DisableNextLine,
    /// Suppress findings anywhere in the file.
    DisableFile,
}

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    /// What it does.
    pub kind: DirectiveKind,
    /// The selectors it names; empty means every rule.
    pub codes: Vec<String>,
    /// Where the comment is.
    pub span: Span,
    /// 1-based line the comment ends on.
    pub line: usize,
}

static MARKDOWN: LazyLock<Pattern> =
    LazyLock::new(|| crate::precompiled::fixed(regexes::MARKDOWN_DIRECTIVE));
static LATEX: LazyLock<Pattern> =
    LazyLock::new(|| crate::precompiled::fixed(regexes::LATEX_DIRECTIVE));
static TEXT: LazyLock<Pattern> =
    LazyLock::new(|| crate::precompiled::fixed(regexes::TEXT_DIRECTIVE));

/// Every directive in `doc`, in source order.
pub fn directives(doc: &Document) -> Vec<Directive> {
    let pattern = match doc.format {
        Format::Markdown => &*MARKDOWN,
        Format::Text | Format::Docx | Format::Pdf => &*TEXT,
        Format::Latex => &*LATEX,
        // JSON has no comments.
        Format::JsonResume => return Vec::new(),
    };
    if !doc.source.contains("resume-lint-") {
        return Vec::new();
    }
    let source = doc.source.as_str();
    pattern
        .captures_all(&Haystack::new(source))
        .into_iter()
        .filter_map(|caps| {
            let whole = caps.get_match()?;
            let kind = match &source[caps.get_group(1)?.range()] {
                "disable" => DirectiveKind::Disable,
                "enable" => DirectiveKind::Enable,
                "disable-next-line" => DirectiveKind::DisableNextLine,
                _ => DirectiveKind::DisableFile,
            };
            let codes = caps
                .get_group(2)
                .map(|m| {
                    source[m.range()]
                        .split([' ', ',', '\t'])
                        .filter(|c| !c.is_empty())
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let span = Span::new(whole.start(), whole.end());
            let line = doc.line_index.line_of(whole.end()) + 1;
            Some(Directive {
                kind,
                codes,
                span,
                line,
            })
        })
        .collect()
}

/// Whether directive codes `codes` (empty = all) name the rule with `code`.
fn names(codes: &[String], code: &str, rules: &RuleSet) -> Option<usize> {
    if codes.is_empty() {
        return Some(0);
    }
    let rule = rules.find(code)?;
    codes.iter().position(|c| selects(c, rule))
}

/// A suppression comment that suppressed nothing, or named codes that suppressed nothing.
#[derive(Debug, Clone)]
pub struct UnusedSuppression {
    /// Where the comment is.
    pub span: Span,
    /// The comment as written, trimmed.
    pub text: String,
    /// The codes it named that suppressed nothing, joined by `, ` (`all rules` for a bare one).
    pub codes: String,
}

/// Drop the findings that directives suppress, and return the directives that suppressed
/// nothing (for the `unused-suppression` kind to report).
pub fn apply(
    doc: &Document,
    rules: &RuleSet,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<UnusedSuppression> {
    let found = directives(doc);
    if found.is_empty() {
        return Vec::new();
    }
    // used[i][j]: directive i's code j (or j = 0 for "all") suppressed something.
    let mut used: Vec<Vec<bool>> = found
        .iter()
        .map(|d| vec![false; d.codes.len().max(1)])
        .collect();
    let line_of = |d: &Diagnostic| {
        let at = d
            .bullet
            .and_then(|i| doc.bullets.get(i))
            .map_or(d.span.start, |b| b.span.start);
        doc.line_index.line_of(at) + 1
    };
    let mut suppressed = vec![false; diagnostics.len()];
    // One sweep over the directives and the findings, in line order, per rule code found.
    let mut codes: Vec<&str> = diagnostics.iter().map(|d| &*d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    for code in codes {
        let named: Vec<Option<usize>> =
            found.iter().map(|d| names(&d.codes, code, rules)).collect();
        let mut findings: Vec<(usize, usize)> = diagnostics
            .iter()
            .enumerate()
            .filter(|(_, d)| &*d.code == code)
            .map(|(i, d)| (line_of(d), i))
            .collect();
        findings.sort_unstable();
        let whole_file = (0..found.len())
            .find(|&i| found[i].kind == DirectiveKind::DisableFile && named[i].is_some());
        // Open `disable` ranges for this code, by directive index: bare ones end only at a bare
        // `enable`, ones naming codes also at an `enable` that names this code.
        let (mut bare, mut coded) = (BTreeSet::new(), BTreeSet::new());
        let mut next = 0;
        for (line, index) in findings {
            while next < found.len() && found[next].line < line {
                let directive = &found[next];
                match directive.kind {
                    DirectiveKind::Disable if named[next].is_some() => {
                        if directive.codes.is_empty() {
                            bare.insert(next);
                        } else {
                            coded.insert(next);
                        }
                    }
                    DirectiveKind::Enable if directive.codes.is_empty() => {
                        bare.clear();
                        coded.clear();
                    }
                    DirectiveKind::Enable if named[next].is_some() => coded.clear(),
                    _ => {}
                }
                next += 1;
            }
            // The first directive in the file that covers the finding takes it.
            let next_line = found[..next]
                .iter()
                .rposition(|d| d.line + 1 < line)
                .map_or(0, |i| i + 1);
            let covering = (next_line..next)
                .find(|&i| {
                    found[i].kind == DirectiveKind::DisableNextLine
                        && found[i].line + 1 == line
                        && named[i].is_some()
                })
                .into_iter()
                .chain(bare.first().copied())
                .chain(coded.first().copied())
                .chain(whole_file)
                .min();
            if let Some(i) = covering {
                used[i][named[i].unwrap_or(0)] = true;
                suppressed[index] = true;
            }
        }
    }
    let mut index = 0;
    diagnostics.retain(|_| {
        index += 1;
        !suppressed[index - 1]
    });
    let mut unused = Vec::new();
    for (directive, used) in found.iter().zip(&used) {
        if directive.kind == DirectiveKind::Enable {
            continue;
        }
        let codes: Vec<&str> = if directive.codes.is_empty() {
            if used[0] {
                Vec::new()
            } else {
                vec!["all rules"]
            }
        } else {
            directive
                .codes
                .iter()
                .zip(used)
                .filter(|(_, used)| !**used)
                .map(|(c, _)| c.as_str())
                .collect()
        };
        if !codes.is_empty() {
            unused.push(UnusedSuppression {
                span: directive.span,
                text: doc.source[directive.span.range()].trim().to_string(),
                codes: codes.join(", "),
            });
        }
    }
    unused
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{Directive, DirectiveKind, apply, directives, names};
    use crate::check::check;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::document::Format;
    use crate::parse::parse;
    use crate::ruleset::RuleSet;
    use crate::span::Span;

    /// The rule as first written, directive by directive for each finding: the reference the
    /// one-sweep `apply` must agree with.
    fn reference(found: &[Directive], rules: &RuleSet, findings: &[(String, usize)]) -> Vec<bool> {
        let ended = |index: usize, line: usize, code: &str| {
            found[index + 1..]
                .iter()
                .filter(|d| d.kind == DirectiveKind::Enable && d.line < line)
                .any(|enable| {
                    enable.codes.is_empty()
                        || (!found[index].codes.is_empty()
                            && names(&enable.codes, code, rules).is_some())
                })
        };
        findings
            .iter()
            .map(|(code, line)| {
                found.iter().enumerate().any(|(i, directive)| {
                    let covers = match directive.kind {
                        DirectiveKind::DisableFile => true,
                        DirectiveKind::DisableNextLine => *line == directive.line + 1,
                        DirectiveKind::Disable => directive.line < *line && !ended(i, *line, code),
                        DirectiveKind::Enable => false,
                    };
                    covers && names(&directive.codes, code, rules).is_some()
                })
            })
            .collect()
    }

    fn line_strategy() -> impl Strategy<Value = String> {
        let codes = prop::sample::subsequence(vec!["PRC001", "PRC003", "process", "STY"], 0..3);
        let kind = prop::sample::select(vec![
            "disable",
            "enable",
            "disable-next-line",
            "disable-file",
        ]);
        prop_oneof![
            3 => Just("- finding".to_string()),
            2 => (kind, codes).prop_map(|(kind, codes)| {
                format!("<!-- resume-lint-{kind} {} -->", codes.join(", "))
            }),
        ]
    }

    proptest! {
        #[test]
        fn one_sweep_agrees_with_the_rule_as_first_written(
            lines in prop::collection::vec(line_strategy(), 1..40),
            picks in prop::collection::vec(0usize..3, 40),
        ) {
            let source = lines.join("\n") + "\n";
            let doc = parse("t.md", source.clone(), Format::Markdown).unwrap();
            let rules = RuleSet::builtin().unwrap();
            let starts = doc.line_index.starts().to_vec();
            let codes = ["PRC001", "PRC003", "STY001"];
            let findings: Vec<(String, usize)> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| l.starts_with("- "))
                .map(|(n, _)| (codes[picks[n]].to_string(), n + 1))
                .collect();
            let mut diagnostics: Vec<Diagnostic> = findings
                .iter()
                .map(|(code, line)| Diagnostic {
                    code: code.as_str().into(),
                    name: "".into(),
                    severity: Severity::Warning,
                    message: String::new(),
                    help: "".into(),
                    span: Span::new(starts[line - 1], starts[line - 1] + 1),
                    bullet: None,
                    suggestions: Vec::new(),
                })
                .collect();
            let expected = reference(&directives(&doc), &rules, &findings);
            apply(&doc, &rules, &mut diagnostics);
            let kept: Vec<(String, usize)> = diagnostics
                .iter()
                .filter(|d| &*d.code != "SUP001")
                .map(|d| (d.code.to_string(), doc.line_index.line_of(d.span.start) + 1))
                .collect();
            let expected_kept: Vec<(String, usize)> = findings
                .into_iter()
                .zip(expected)
                .filter(|(_, suppressed)| !suppressed)
                .map(|(f, _)| f)
                .collect();
            prop_assert_eq!(kept, expected_kept);
        }
    }

    fn codes(source: &str, format: Format) -> Vec<(String, usize)> {
        let doc = parse("t", source.to_string(), format).unwrap();
        let rules = RuleSet::builtin()
            .unwrap()
            .select(&["PRC".into(), "SUP".into()], &[])
            .unwrap();
        check(&doc, &rules)
            .0
            .into_iter()
            .map(|d| {
                (
                    d.code.to_string(),
                    doc.line_index.position(&doc.source, d.span.start).line,
                )
            })
            .collect()
    }

    #[test]
    fn next_line_range_and_file_directives() {
        let source = "\
- Groomed the backlog for the web team.
<!-- resume-lint-disable-next-line PRC001 -->
- Groomed the backlog for the app team.
<!-- resume-lint-disable process -->
- Facilitated daily stand-ups for the app team.
<!-- resume-lint-enable process -->
- Facilitated daily stand-ups for the web team.
";
        assert_eq!(
            codes(source, Format::Markdown),
            vec![("PRC001".into(), 1), ("PRC003".into(), 7)]
        );
        let source = "<!-- resume-lint-disable-file -->\n- Groomed the backlog.\n";
        assert!(codes(source, Format::Markdown).is_empty());
    }

    #[test]
    fn unused_suppressions_are_reported_with_their_codes() {
        let source = "\
<!-- resume-lint-disable-next-line PRC001 PRC003 -->
- Groomed the backlog for the app team.
";
        assert_eq!(codes(source, Format::Markdown), vec![("SUP001".into(), 1)]);
    }

    #[test]
    fn plain_text_directives_are_hash_lines() {
        let source = "EXPERIENCE\r\n# resume-lint-disable-next-line PRC001\r\n- Groomed the backlog for the app team\r\n- Groomed the backlog for the web team\r\n";
        let found = codes(source, Format::Text);
        assert_eq!(found, vec![("PRC001".into(), 4)]);
    }
}
