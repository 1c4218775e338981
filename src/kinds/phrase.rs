//! `phrase`: any of the rule's patterns matching flags the bullet, once, at the earliest match.

use resume_lint_engine::{Captures, Span};
use serde::Deserialize;

use super::{Patterns, RuleKind};
use crate::check::{BulletCheck, Hole};
use crate::diagnostic::Diagnostic;

/// `patterns = [...]`: regexes whose named captures fill the message's holes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    patterns: Vec<String>,
    /// The patterns' ids in `RuleSet::patterns`, once compiled.
    #[serde(skip)]
    compiled: Vec<usize>,
}

impl RuleKind for Phrase {
    fn compile(&mut self, patterns: &mut Patterns<'_>) -> Result<(), String> {
        if self.patterns.is_empty() {
            return Err("kind \"phrase\" needs `patterns`".into());
        }
        self.compiled = self
            .patterns
            .iter()
            .map(|p| patterns.add(p))
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    fn can_target_roles(&self) -> bool {
        true
    }

    fn could_report(&self, check: &BulletCheck<'_, '_>) -> bool {
        self.compiled.iter().any(|&id| check.pattern(id).is_some())
    }

    fn check_bullet(&self, check: &mut BulletCheck<'_, '_>, out: &mut Vec<Diagnostic>) {
        let text = check.text();
        // One finding per rule and bullet, at the earliest match: a bullet listing three
        // ceremonies is one process claim, not three.
        let mut first: Option<(Span, Captures)> = None;
        for &id in &self.compiled {
            let Some(caps) = check.pattern(id).and_then(|p| p.captures(check.haystack())) else {
                continue;
            };
            let Some(found) = caps.get_match().filter(|m| !m.is_empty()) else {
                continue;
            };
            if first.as_ref().is_none_or(|(best, _)| found.start() < best.start) {
                first = Some((found.span(), caps));
                // No later pattern can match before the start of the text.
                if found.start() == 0 {
                    break;
                }
            }
        }
        let Some((whole, caps)) = first else {
            return;
        };
        // A `flag` group narrows the underline to the process phrase itself.
        let flagged = caps
            .get_group_by_name("flag")
            .filter(|s| !s.is_empty())
            .unwrap_or(whole);
        let lookup = |name: &str| -> Hole {
            match name {
                "match" => Some(text[flagged.range()].into()),
                _ => caps
                    .get_group_by_name(name)
                    .map(|s| text[s.range()].into())
                    .or_else(|| check.hole(name)),
            }
        };
        out.push(check.report(flagged.start, flagged.end, &lookup, None));
    }
}
