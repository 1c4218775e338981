//! Property tests: resumes assembled from fragments that stress parsing (markup, non-ASCII,
//! CRLF, escapes, nesting) must keep every invariant of `resume_lint::invariants`.

use std::sync::LazyLock;

use proptest::prelude::*;
use resume_lint::document::Format;
use resume_lint::ruleset::RuleSet;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::builtin().expect("built-in rules load"));

/// Pieces a resume is made of, including the awkward ones.
const FRAGMENTS: &[&str] = &[
    "## Experience\n",
    "# Skills\n",
    "EXPERIENCE\n",
    "Work History:\n",
    "### Product Owner — Acme (2019 – Present)\n",
    "- ",
    "* ",
    "• ",
    "1. ",
    "  - ",
    "\t- ",
    "> - ",
    "\n",
    "\r\n",
    "\n\n",
    "Groomed the product backlog",
    "Wrote user stories",
    "for the café team",
    "cutting churn 12%",
    "I successfully launched",
    "Facilitated daily stand-ups",
    "中文 😀 ’ – é",
    "**bold** and _em_",
    "[link](https://x.example)",
    "`code`",
    "\\*escaped\\*",
    "&amp;",
    "<br>",
    "<!-- resume-lint-disable-next-line PRC001 -->",
    "# resume-lint-disable-file",
    "% resume-lint-disable-next-line",
    "\\item ",
    "\\resumeItem{",
    "}",
    "{",
    "\\textbf{x}",
    "--",
    "---",
    "~",
    "\\%",
    "\"",
    "\\\"",
    "\\u00e9",
    "\\ud83d\\ude00",
    "[",
    "]",
    ",",
    ":",
    "...",
    "!",
    "?",
    ".",
    " ",
    "---\ntitle: x\n---\n",
    "```\n- code block\n```\n",
    "Responsible for the roadmap.",
    "Managed",
    "Managed.",
];

fn resume() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..60).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn markdown_keeps_every_invariant(source in resume()) {
        prop_assert_eq!(resume_lint::invariants::verify(&source, Format::Markdown, &RULES), Ok(()));
    }

    #[test]
    fn text_keeps_every_invariant(source in resume()) {
        prop_assert_eq!(resume_lint::invariants::verify(&source, Format::Text, &RULES), Ok(()));
    }

    #[test]
    fn latex_keeps_every_invariant(source in resume()) {
        prop_assert_eq!(resume_lint::invariants::verify(&source, Format::Latex, &RULES), Ok(()));
    }

    #[test]
    fn json_keeps_every_invariant(source in resume()) {
        let json = format!("{{\"work\": [{{\"highlights\": [{:?}]}}]}}", source);
        prop_assert_eq!(resume_lint::invariants::verify(&json, Format::JsonResume, &RULES), Ok(()));
    }
}

#[test]
fn regression_fuzz_trailing_ellipsis_converges() {
    // Found by the markdown fuzz target: a bullet ending in a run of periods made the
    // trailing-period fix remove one period per pass, forever.
    let source = "## Experience\n\n- Hired eight engineers\n- Built the platform\n- Shipped it...............\n";
    assert_eq!(
        resume_lint::invariants::verify(source, Format::Markdown, &RULES),
        Ok(())
    );
}

#[test]
fn regression_fuzz_period_removal_cascade_converges() {
    // Found by the text fuzz target: removing a bullet's trailing period made the plain-text
    // line after it a continuation of the bullet (a line that ends a sentence ends the bullet),
    // so each pass pulled in one more line ending in a period, past the pass limit.
    let source = "\n• a\n• Q.\nsQ.\no.\ne.\nnuss.\n.\u{1}.\nl.\ne.\nnuss.\n.\u{1}:k.\nQ.";
    assert_eq!(
        resume_lint::invariants::verify(source, Format::Text, &RULES),
        Ok(())
    );
    let wrapped = "EXPERIENCE\n• Led the pricing work\n• Ran the launch.\nthen the audit.\nand the survey.\nand the report.\nand the review.\nand the plan.\nand the memo.\nand the talk.\nand the demo.\nand the retro.\nand the wiki.\n";
    assert_eq!(
        resume_lint::invariants::verify(wrapped, Format::Text, &RULES),
        Ok(())
    );
}

/// Found by the text fuzz target: in a bullet-less paragraph each fix changed where the next
/// bullet started and exposed one more finding, one per pass, past the pass limit.
const FIX_CASCADE: &str = "s\u{0}Experience\n\nI I s4 bsy ee\nI s\u{510}\u{490}~ u 16\nI so-o nbt ee\nI s\u{490} usy 1%\nI s to \u{0}\u{0}\u{0}e\nI I s\u{490}~ y 16\nI s -bt ence\nI s\u{510}~ sy 6%\nI s o r\n";

#[test]
fn regression_fuzz_fix_cascade_leaves_the_text_as_it_was() {
    assert_eq!(
        resume_lint::invariants::verify(FIX_CASCADE, Format::Text, &RULES),
        Ok(())
    );
    let fixed = resume_lint::fix::fix_source("cv.txt", FIX_CASCADE, Format::Text, &RULES, false);
    assert!(!fixed.settled);
    assert_eq!((fixed.text.as_str(), fixed.applied), (FIX_CASCADE, 0));
}
