//! `requires`: a bullet that has none of the rule's signals is flagged (OUT001: no outcome).

use serde::Deserialize;

use super::{Patterns, RuleKind};
use crate::check::BulletCheck;
use crate::diagnostic::Diagnostic;
use crate::ruleset::{RuleSet, SignalId};

/// `signals = [...]`: names of signals, any of which satisfies the rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requires {
    signals: Vec<String>,
    /// The signals' ids, once every rule file's signals are known.
    #[serde(skip)]
    linked: Vec<SignalId>,
}

impl RuleKind for Requires {
    fn compile(&mut self, _patterns: &mut Patterns<'_>) -> Result<(), String> {
        if self.signals.is_empty() {
            return Err("kind \"requires\" needs `signals`".into());
        }
        Ok(())
    }

    fn link(&mut self, signal: &dyn Fn(&str) -> Result<SignalId, String>) -> Result<(), String> {
        self.linked = self
            .signals
            .iter()
            .map(|name| signal(name))
            .collect::<Result<_, _>>()?;
        Ok(())
    }

    fn explain(&self, rules: &RuleSet) -> Option<String> {
        Some(format!(
            "Reported when the bullet has none of\n{}",
            crate::explain::signal_list(rules, &self.linked)
        ))
    }

    fn check_bullet(&self, check: &mut BulletCheck<'_, '_>, out: &mut Vec<Diagnostic>) {
        if !self.linked.iter().any(|&id| check.has_signal(id)) {
            let lookup = |name: &str| check.hole(name);
            out.push(check.report(0, check.text().len(), &lookup, None));
        }
    }
}
