//! A cheap English detector, so English phrasing rules skip bullets written in other languages.

/// Common English function words; an English sentence of any length has some.
const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "of", "to", "for", "with", "in", "on", "by", "from", "as", "at",
    "into", "across", "over", "that", "which", "while", "my", "our", "their", "its", "is", "was",
    "were", "are", "be", "this", "per", "through", "using", "via", "than", "all", "new", "up",
];

/// Function words of the other languages resumes in the corpus are written in.
const FOREIGN_FUNCTION_WORDS: &[&str] = &[
    "de", "la", "le", "les", "des", "du", "et", "en", "au", "aux", "une", "un", "pour", "avec",
    "sur", "dans", "el", "los", "las", "y", "con", "para", "por", "del", "una", "und", "der",
    "die", "das", "mit", "für", "zu", "von", "im", "het", "een", "van", "il", "di", "che", "per",
    "um", "uma", "com", "não", "em", "dos", "das", "nos",
];

/// The longest function word in either list, in bytes.
const MAX_FUNCTION_WORD_BYTES: usize = 7;

/// Whether `text` reads as English: mostly Latin letters, and not more function words of
/// another language than of English. A keyword list ("Scrum, Kanban, Jira") has none of
/// either and counts as English.
pub fn is_english(text: &str) -> bool {
    // ASCII text is all Latin letters: only the function-word count below can say no.
    if !text.is_ascii() {
        let (mut latin, mut other) = (0usize, 0usize);
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            if c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) {
                latin += 1;
            } else {
                other += 1;
            }
        }
        if other * 10 > (latin + other) * 3 {
            return false;
        }
    }
    let (mut english, mut foreign) = (0usize, 0usize);
    let is_one_of = |word: &str, list: &[&str]| {
        if word.is_ascii() {
            list.iter().any(|w| w.eq_ignore_ascii_case(word))
        } else {
            list.contains(&word.to_lowercase().as_str())
        }
    };
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        // Every function word is short: longer words need no lookup.
        .filter(|w| !w.is_empty() && w.len() <= MAX_FUNCTION_WORD_BYTES)
    {
        if is_one_of(word, FUNCTION_WORDS) {
            english += 1;
        } else if is_one_of(word, FOREIGN_FUNCTION_WORDS) {
            foreign += 1;
        }
    }
    !(foreign >= 2 && foreign > english)
}

#[cfg(test)]
mod tests {
    use super::is_english;

    #[test]
    fn no_function_word_is_longer_than_the_limit() {
        for word in super::FUNCTION_WORDS
            .iter()
            .chain(super::FOREIGN_FUNCTION_WORDS)
        {
            assert!(word.len() <= super::MAX_FUNCTION_WORD_BYTES, "{word}");
            assert_eq!(word.to_lowercase(), *word, "lists are lower case");
        }
    }

    #[test]
    fn detects_english_and_others() {
        assert!(is_english("Prioritized the backlog for the payments team"));
        assert!(is_english("Led checkout redesign"));
        assert!(!is_english("负责产品需求分析和用户故事编写，推动团队迭代"));
        assert!(!is_english(
            "Responsable de la gestion du backlog produit et des cérémonies agiles pour deux équipes"
        ));
        assert!(!is_english(
            "Gestioné el backlog del producto y facilité las ceremonias ágiles con dos equipos"
        ));
        assert!(is_english(
            "Built an ML pipeline in Python that cut review time from 9 days to 2"
        ));
    }
}

/// The tense of a bullet's opening verb, when it can be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    /// "Led", "Managed".
    Past,
    /// "Lead", "Manages".
    Present,
}

/// Common resume verbs in their base form; a present-tense opener is one of these or its `-s` form.
const BASE_VERBS: &[&str] = &[
    "act",
    "administer",
    "advise",
    "analyse",
    "analyze",
    "answer",
    "apply",
    "approve",
    "architect",
    "assess",
    "assist",
    "build",
    "champion",
    "coach",
    "code",
    "collaborate",
    "communicate",
    "conduct",
    "configure",
    "consult",
    "contribute",
    "coordinate",
    "create",
    "debug",
    "define",
    "deliver",
    "deploy",
    "design",
    "develop",
    "direct",
    "document",
    "drive",
    "educate",
    "engage",
    "ensure",
    "establish",
    "evaluate",
    "execute",
    "facilitate",
    "gather",
    "generate",
    "greet",
    "guide",
    "handle",
    "help",
    "hire",
    "identify",
    "implement",
    "improve",
    "increase",
    "install",
    "integrate",
    "interview",
    "launch",
    "lead",
    "maintain",
    "manage",
    "mentor",
    "migrate",
    "monitor",
    "negotiate",
    "operate",
    "optimize",
    "optimise",
    "organize",
    "organise",
    "oversee",
    "own",
    "participate",
    "partner",
    "perform",
    "plan",
    "prepare",
    "prioritize",
    "prioritise",
    "process",
    "produce",
    "program",
    "provide",
    "recruit",
    "reduce",
    "report",
    "represent",
    "research",
    "resolve",
    "respond",
    "review",
    "run",
    "schedule",
    "sell",
    "serve",
    "spearhead",
    "streamline",
    "supervise",
    "support",
    "teach",
    "test",
    "track",
    "train",
    "troubleshoot",
    "update",
    "use",
    "utilize",
    "validate",
    "work",
    "write",
];

/// Irregular past forms common at the start of resume bullets.
const IRREGULAR_PAST: &[&str] = &[
    "led",
    "built",
    "ran",
    "made",
    "won",
    "grew",
    "drove",
    "wrote",
    "took",
    "gave",
    "brought",
    "sold",
    "taught",
    "found",
    "held",
    "kept",
    "met",
    "paid",
    "sent",
    "spoke",
    "oversaw",
    "began",
    "became",
    "chose",
    "drew",
    "flew",
    "knew",
    "rebuilt",
    "rewrote",
    "undertook",
    "understood",
    "spent",
    "stood",
    "thought",
    "told",
    "overhauled",
];

/// The tense of `word` as a bullet opener, or `None` when it is not a recognisable verb form.
pub fn opener_tense(word: &str) -> Option<Tense> {
    let word = word.to_lowercase();
    if IRREGULAR_PAST.contains(&word.as_str()) {
        return Some(Tense::Past);
    }
    if BASE_VERBS.contains(&word.as_str()) {
        return Some(Tense::Present);
    }
    if word.len() > 4
        && word.ends_with("ed")
        && !matches!(word.as_str(), "speed" | "need" | "feed" | "seed")
    {
        return Some(Tense::Past);
    }
    let singular = word.strip_suffix("es").filter(|w| BASE_VERBS.contains(w));
    let plural = word.strip_suffix('s').filter(|w| BASE_VERBS.contains(w));
    (singular.is_some() || plural.is_some()).then_some(Tense::Present)
}

#[cfg(test)]
mod tense_tests {
    use super::{Tense, opener_tense};

    #[test]
    fn tells_past_from_present_openers() {
        assert_eq!(opener_tense("Led"), Some(Tense::Past));
        assert_eq!(opener_tense("Managed"), Some(Tense::Past));
        assert_eq!(opener_tense("Manage"), Some(Tense::Present));
        assert_eq!(opener_tense("manages"), Some(Tense::Present));
        assert_eq!(opener_tense("Processes"), Some(Tense::Present));
        assert_eq!(opener_tense("Speed"), None);
        assert_eq!(opener_tense("Kubernetes"), None);
    }
}
