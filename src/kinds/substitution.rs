//! `substitution`: every match of a pattern is flagged with its replacement as a safe fix.

use serde::Deserialize;

use super::{Patterns, RuleKind};
use crate::check::{BulletCheck, Hole};
use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::ruleset::SuggestionTemplate;
use crate::ruleset::template::capitalize;

/// `swap = [[pattern, replacement], …]`; `$1` in a replacement expands a capture.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Substitution {
    swap: Vec<[String; 2]>,
    /// Each pattern's id in `RuleSet::patterns` with its replacement, once compiled.
    #[serde(skip)]
    compiled: Vec<(usize, String)>,
}

impl RuleKind for Substitution {
    fn compile(&mut self, patterns: &mut Patterns<'_>) -> Result<(), String> {
        if self.swap.is_empty() {
            return Err(
                "kind \"substitution\" needs `swap = [[pattern, replacement], …]`".into(),
            );
        }
        self.compiled = self
            .swap
            .iter()
            .map(|[pattern, replacement]| Ok((patterns.add(pattern)?, replacement.clone())))
            .collect::<Result<_, String>>()?;
        Ok(())
    }

    fn can_target_roles(&self) -> bool {
        true
    }

    fn makes_edits(&self) -> bool {
        true
    }

    fn default_suggestion(&self) -> Option<SuggestionTemplate> {
        Some(SuggestionTemplate {
            template: "{replacement}".into(),
            applicability: Applicability::Safe,
        })
    }

    fn could_report(&self, check: &BulletCheck<'_, '_>) -> bool {
        self.compiled.iter().any(|(id, _)| check.pattern(*id).is_some())
    }

    fn check_bullet(&self, check: &mut BulletCheck<'_, '_>, out: &mut Vec<Diagnostic>) {
        let text = check.text();
        let bullet = check.bullet();
        for (id, replacement) in &self.compiled {
            let Some(pattern) = check.pattern(*id) else {
                continue;
            };
            for caps in pattern.captures_all(check.haystack()) {
                let Some(whole) = caps.get_match().filter(|m| !m.is_empty()) else {
                    continue;
                };
                let matched = &text[whole.range()];
                let mut expanded = String::new();
                caps.interpolate_string_into(text, replacement, &mut expanded);
                if matched.chars().next().is_some_and(char::is_uppercase) {
                    expanded = capitalize(&expanded);
                }
                let lookup = |name: &str| -> Hole {
                    match name {
                        "match" => Some(matched.into()),
                        "replacement" => Some(expanded.as_str().into()),
                        _ => caps
                            .get_group_by_name(name)
                            .map(|s| text[s.range()].into())
                            .or_else(|| check.hole(name)),
                    }
                };
                let edit = bullet
                    .is_verbatim(whole.start(), whole.end())
                    .then(|| Edit {
                        span: bullet.source_span(whole.start(), whole.end()),
                        replacement: expanded.clone(),
                    });
                out.push(check.report(whole.start(), whole.end(), &lookup, edit));
            }
        }
    }
}
