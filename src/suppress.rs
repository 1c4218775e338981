//! Inline suppressions: `<!-- resume-lint-disable … -->` comments in Markdown and
//! `# resume-lint-disable …` lines in plain text, and the report of those that did nothing.

use std::sync::LazyLock;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Format};
use crate::regexes;
use crate::ruleset::lazy::{Haystack, Pattern};
use crate::ruleset::{RuleSet, selects};
use crate::span::Span;

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

static MARKDOWN: LazyLock<Pattern> = LazyLock::new(|| Pattern::fixed(regexes::MARKDOWN_DIRECTIVE));
static LATEX: LazyLock<Pattern> = LazyLock::new(|| Pattern::fixed(regexes::LATEX_DIRECTIVE));
static TEXT: LazyLock<Pattern> = LazyLock::new(|| Pattern::fixed(regexes::TEXT_DIRECTIVE));

/// Every directive in `doc`, in source order.
pub fn directives(doc: &Document) -> Vec<Directive> {
    let pattern = match doc.format {
        Format::Markdown => &*MARKDOWN,
        Format::Text => &*TEXT,
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
            let line = doc.line_index.position(&doc.source, whole.end()).line;
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

/// Drop the findings that directives suppress; report each suppression that matched nothing
/// when the `unused-suppression` rule is selected.
pub fn apply(doc: &Document, rules: &RuleSet, diagnostics: &mut Vec<Diagnostic>) {
    let found = directives(doc);
    if found.is_empty() {
        return;
    }
    // used[i][j]: directive i's code j (or j = 0 for "all") suppressed something.
    let mut used: Vec<Vec<bool>> = found
        .iter()
        .map(|d| vec![false; d.codes.len().max(1)])
        .collect();
    diagnostics.retain(|d| {
        let at = d
            .bullet
            .and_then(|i| doc.bullets.get(i))
            .map_or(d.span.start, |b| b.span.start);
        let line = doc.line_index.position(&doc.source, at).line;
        for (i, directive) in found.iter().enumerate() {
            let covers = match directive.kind {
                DirectiveKind::DisableFile => true,
                DirectiveKind::DisableNextLine => line == directive.line + 1,
                DirectiveKind::Disable => {
                    line > directive.line && !ended(&found, i, line, &d.code, rules)
                }
                DirectiveKind::Enable => false,
            };
            if covers && let Some(j) = names(&directive.codes, &d.code, rules) {
                used[i][j] = true;
                return false;
            }
        }
        true
    });
    let Some(rule) = rules
        .rules
        .iter()
        .find(|r| matches!(r.matcher, crate::ruleset::Matcher::UnusedSuppression))
    else {
        return;
    };
    for (directive, used) in found.iter().zip(&used) {
        if directive.kind == DirectiveKind::Enable {
            continue;
        }
        let unused: Vec<&str> = if directive.codes.is_empty() {
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
        if unused.is_empty() {
            continue;
        }
        let what = unused.join(", ");
        let lookup = |name: &str| match name {
            "codes" => Some(what.as_str().into()),
            "match" => Some(doc.source[directive.span.range()].trim().into()),
            _ => None,
        };
        diagnostics.push(Diagnostic {
            code: rule.code.clone(),
            name: rule.name.clone(),
            severity: rule.severity,
            message: crate::ruleset::pattern::fill(&rule.message, lookup),
            help: crate::ruleset::pattern::fill(&rule.help, lookup),
            span: directive.span,
            bullet: None,
            suggestions: Vec::new(),
        });
    }
}

/// Whether the `disable` directive `index` was ended by an `enable` before `line` for `code`.
fn ended(found: &[Directive], index: usize, line: usize, code: &str, rules: &RuleSet) -> bool {
    let disable = &found[index];
    found[index + 1..]
        .iter()
        .filter(|d| d.kind == DirectiveKind::Enable && d.line < line)
        .any(|enable| {
            // A bare `enable` ends everything; `enable CODE` ends the suppression of that code.
            enable.codes.is_empty()
                || (!disable.codes.is_empty() && names(&enable.codes, code, rules).is_some())
        })
}

#[cfg(test)]
mod tests {
    use crate::check::check;
    use crate::document::Format;
    use crate::parse::parse;
    use crate::ruleset::RuleSet;

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
                    d.code,
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
