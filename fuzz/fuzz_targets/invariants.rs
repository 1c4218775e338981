//! Shared by the fuzz targets: lint the input and check the library's invariants.

use std::sync::LazyLock;

use resume_lint::document::Format;
use resume_lint::ruleset::RuleSet;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| RuleSet::builtin().expect("built-in rules load"));

pub fn check(data: &[u8], format: Format) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(broken) = resume_lint::invariants::verify(source, format, &RULES) {
        panic!("invariant broken: {broken}");
    }
}
