//! `unused-suppression`: a suppression comment that suppressed nothing is flagged.

use serde::Deserialize;

use super::{Reads, RuleKind};
use crate::diagnostic::Diagnostic;
use crate::ruleset::Rule;
use crate::ruleset::template::{fill, fill_shared};
use crate::suppress::UnusedSuppression as Unused;

/// No parameters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnusedSuppression {}

impl RuleKind for UnusedSuppression {
    fn reads(&self) -> Reads {
        Reads::UnusedSuppressions
    }

    fn check_unused(&self, rule: &Rule, unused: &[Unused], out: &mut Vec<Diagnostic>) {
        for comment in unused {
            let lookup = |name: &str| match name {
                "codes" => Some(comment.codes.as_str().into()),
                "match" => Some(comment.text.as_str().into()),
                _ => None,
            };
            out.push(Diagnostic {
                code: rule.code.clone(),
                name: rule.name.clone(),
                severity: rule.severity,
                message: fill(&rule.message, lookup),
                help: fill_shared(&rule.help, lookup),
                span: comment.span,
                bullet: None,
                suggestions: Vec::new(),
            });
        }
    }
}
