//! Cheap reading of English text: whether a bullet is English (so English phrasing rules skip
//! the others), the tense of its opening verb, and what its words are like.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

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

/// A lower-case word of at most `MAX_FUNCTION_WORD_BYTES` bytes as one integer (its bytes,
/// little end first), so a lookup compares integers instead of strings.
fn pack(lower: impl Iterator<Item = u8>) -> Option<u64> {
    let mut packed = 0u64;
    for (i, byte) in lower.enumerate() {
        if i == MAX_FUNCTION_WORD_BYTES {
            return None;
        }
        packed |= u64::from(byte) << (8 * i);
    }
    Some(packed)
}

/// Which list a function word is on.
#[derive(Clone, Copy, PartialEq)]
enum Language {
    English,
    Foreign,
}

/// Slots in the function-word hash table: a power of two, a few times the number of words so
/// that most lookups end at their first slot.
const TABLE_SLOTS: usize = 512;

/// The slot a packed word hashes to (Fibonacci hashing: multiply, keep the top bits).
fn slot(packed: u64) -> usize {
    (packed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - TABLE_SLOTS.trailing_zeros())) as usize
}

/// Both function-word lists packed into an open-addressing hash table: every word of a text
/// is looked up, and most are on neither list.
static FUNCTION_WORD_TABLE: LazyLock<Vec<Option<(u64, Language)>>> = LazyLock::new(|| {
    let mut table = vec![None; TABLE_SLOTS];
    let lists = [
        (FUNCTION_WORDS, Language::English),
        (FOREIGN_FUNCTION_WORDS, Language::Foreign),
    ];
    for (list, language) in lists {
        for packed in list.iter().filter_map(|w| pack(w.bytes())) {
            let at = slot_of(&table, packed);
            // A word on both lists ("per") stays English, as it was inserted first.
            table[at].get_or_insert((packed, language));
        }
    }
    table
});

/// The slot of `table` holding `packed`, or the empty slot where it would go.
fn slot_of(table: &[Option<(u64, Language)>], packed: u64) -> usize {
    let mut at = slot(packed);
    while let Some((word, _)) = table[at] {
        if word == packed {
            break;
        }
        at = (at + 1) % TABLE_SLOTS;
    }
    at
}

/// Which list the packed word `packed` is on, if any.
fn function_word(packed: u64) -> Option<Language> {
    let table = &*FUNCTION_WORD_TABLE;
    table[slot_of(table, packed)].map(|(_, language)| language)
}

/// Whether `text` reads as English: mostly Latin letters, and not more function words of
/// another language than of English. A keyword list ("Scrum, Kanban, Jira") has none of
/// either and counts as English.
pub fn is_english(text: &str) -> bool {
    if !text.is_ascii() {
        // ASCII text is all Latin letters: only the function-word count can say no.
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
    let (english, foreign) = function_words(text);
    !(foreign >= 2 && foreign > english)
}

/// `is_english` for a text the prefilter has read, told whether it found one of the words of
/// `regexes::FOREIGN_FUNCTION_WORD`: an ASCII text with none of them has no foreign function
/// word, so it is English without counting its words. The prefilter reads `_` as part of a
/// word, where the count splits words there, so a text with one is counted all the same.
pub fn is_english_given(text: &str, foreign_word_found: bool) -> bool {
    let plainly = text.is_ascii() && memchr::memchr(b'_', text.as_bytes()).is_none();
    (plainly && !foreign_word_found) || is_english(text)
}

/// How many English and how many foreign function words `text` has.
fn function_words(text: &str) -> (usize, usize) {
    let (mut english, mut foreign) = (0usize, 0usize);
    let mut count = |word: u64| match function_word(word) {
        Some(Language::English) => english += 1,
        Some(Language::Foreign) => foreign += 1,
        None => {}
    };
    if text.is_ascii() {
        ascii_function_words(text.as_bytes(), &mut count);
    } else {
        // The same, char by char; a word with a non-ASCII letter is lower-cased as a whole.
        let (mut word, mut start, mut ascii) = (0u64, None, true);
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            if c.is_alphanumeric() {
                let begun = *start.get_or_insert(at);
                if c.is_ascii() && at - begun < MAX_FUNCTION_WORD_BYTES {
                    word |= u64::from(c.to_ascii_lowercase() as u8) << (8 * (at - begun));
                }
                ascii &= c.is_ascii();
            } else if let Some(begun) = start.take() {
                if at - begun <= MAX_FUNCTION_WORD_BYTES {
                    let packed = if ascii {
                        Some(word)
                    } else {
                        pack(text[begun..at].to_lowercase().bytes())
                    };
                    if let Some(packed) = packed {
                        count(packed);
                    }
                }
                (word, ascii) = (0, true);
            }
        }
    }
    (english, foreign)
}

/// `function_words` for ASCII text: where words (runs of letters and digits) start is read
/// 64 bytes at a time from bit masks, and each word is read eight bytes at once from there,
/// instead of a branch at every byte.
fn ascii_function_words(bytes: &[u8], count: &mut impl FnMut(u64)) {
    // Bit 0: whether the byte before the block is a letter or digit.
    let mut after_word = 0u64;
    for (block, chunk) in bytes.chunks(64).enumerate() {
        let mut word = 0u64;
        for (i, eight) in padded(chunk).chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            let alphanumeric =
                lanes_in(x, b'a', b'z') | lanes_in(x, b'A', b'Z') | lanes_in(x, b'0', b'9');
            word |= packed(alphanumeric) << (8 * i);
        }
        let mut starts = word & !((word << 1) | after_word);
        after_word = word >> 63;
        while starts != 0 {
            let at = block * 64 + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if let Some(word) = short_word_at(bytes, at) {
                count(word);
            }
        }
    }
}

/// The ASCII word starting at `at`, lower-cased and packed as `pack` does, if it has at most
/// `MAX_FUNCTION_WORD_BYTES` bytes.
fn short_word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let x = eight_at(bytes, at);
    let upper = lanes_in(x, b'A', b'Z');
    let alphanumeric = lanes_in(x, b'a', b'z') | upper | lanes_in(x, b'0', b'9');
    // `packed` leaves eight bits, so the count of leading word bytes stops at 8.
    let len = (!packed(alphanumeric)).trailing_zeros() as usize;
    // An upper-case lane's high bit, moved to 0x20, lower-cases it.
    (len <= MAX_FUNCTION_WORD_BYTES).then(|| (x | (upper >> 2)) & ((1u64 << (8 * len)) - 1))
}

/// What a text's whitespace-separated words are like.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Words {
    /// All of them.
    pub total: usize,
    /// Those with a letter or digit (a dash or a bullet glyph on its own is not a word).
    pub with_text: usize,
    /// Those that start with a lower-case letter.
    pub lowercase: usize,
}

/// Count the whitespace-separated words of `text`.
pub(crate) fn words(text: &str) -> Words {
    if text.is_ascii() {
        return ascii_words(text.as_bytes());
    }
    let mut words = Words::default();
    let (mut after_space, mut word_has_text) = (true, false);
    for c in text.chars() {
        let space = c.is_whitespace();
        if !space && after_space {
            words.total += 1;
            words.lowercase += usize::from(c.is_lowercase());
        }
        if space && !after_space {
            words.with_text += usize::from(word_has_text);
        }
        word_has_text = (word_has_text || c.is_alphanumeric()) && !space;
        after_space = space;
    }
    words.with_text += usize::from(word_has_text);
    words
}

/// Whether `text` has more than `n` whitespace-separated words: `split_whitespace().nth(n)`
/// (the plain-text parser asks it of nearly every line).
pub(crate) fn more_words_than(text: &str, n: usize) -> bool {
    words_up_to(text, n + 1) > n
}

/// How many whitespace-separated words `text` has, up to `limit`: the count stops there.
/// `split_whitespace().take(limit).count()`, but in ASCII text word starts are counted from
/// a whitespace mask 64 bytes at a time, as in `ascii_words`, without decoding chars.
pub(crate) fn words_up_to(text: &str, limit: usize) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().take(limit).count();
    }
    let bytes = text.as_bytes();
    let (mut words, mut after_space) = (0, 1u64);
    for chunk in bytes.chunks(64) {
        let len = chunk.len();
        let mut space = 0u64;
        for (i, eight) in padded(chunk).chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            space |= packed(space_lanes(x)) << (8 * i);
        }
        words += word_starts(space, len, &mut after_space).count_ones() as usize;
        if words >= limit {
            return limit;
        }
    }
    words
}

/// Whether an ASCII byte is whitespace as `char::is_whitespace` has it (with \x0B).
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// `words` for ASCII text, 64 bytes at a time: whether each byte is whitespace, a letter or
/// digit, or a lower-case letter becomes a bit in a mask, eight bytes at once, and word starts
/// are counted with bit operations instead of a branch at every word edge.
fn ascii_words(bytes: &[u8]) -> Words {
    let (mut total, mut lowercase, mut without_text) = (0, 0, 0);
    // Bit 0: whether the byte before the block is whitespace (or the text starts there).
    let mut after_space = 1u64;
    for (block, chunk) in bytes.chunks(64).enumerate() {
        let len = chunk.len();
        let (mut space, mut text, mut lower) = (0u64, 0u64, 0u64);
        // The last chunk is padded with NULs, which are none of the three.
        for (i, eight) in padded(chunk).chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(eight.try_into().unwrap_or_default());
            let is_lower = lanes_in(x, b'a', b'z');
            let is_space = space_lanes(x);
            let is_text = is_lower | lanes_in(x, b'A', b'Z') | lanes_in(x, b'0', b'9');
            space |= packed(is_space) << (8 * i);
            text |= packed(is_text) << (8 * i);
            lower |= packed(is_lower) << (8 * i);
        }
        let starts = word_starts(space, len, &mut after_space);
        total += starts.count_ones() as usize;
        lowercase += (starts & lower).count_ones() as usize;
        // A word that starts with punctuation may have no letter or digit at all ("-", "&"):
        // rare, so read on from each such start.
        let mut maybe_without = starts & !text;
        while maybe_without != 0 {
            let at = block * 64 + maybe_without.trailing_zeros() as usize;
            maybe_without &= maybe_without - 1;
            let mut word = bytes[at..].iter().take_while(|&&b| !is_ascii_space(b));
            if !word.any(u8::is_ascii_alphanumeric) {
                without_text += 1;
            }
        }
    }
    Words {
        total,
        with_text: total - without_text,
        lowercase,
    }
}

/// Where words start in a block of `len` (1 to 64) bytes whose whitespace is the mask `space`:
/// a byte that is not whitespace after one that is. `after_space` (bit 0) says whether the
/// byte before the block is whitespace (or the text starts there); it is moved on to the
/// block's last byte.
fn word_starts(space: u64, len: usize, after_space: &mut u64) -> u64 {
    let in_block = u64::MAX >> (64 - len);
    let starts = !space & in_block & ((space << 1) | *after_space);
    *after_space = (space >> (len - 1)) & 1;
    starts
}

/// `chunk` (at most 64 bytes) padded with NULs to 64. A full chunk is copied as one fixed-size
/// block; only the last, short one needs the fill and a copy of variable length (a call).
fn padded(chunk: &[u8]) -> [u8; 64] {
    if let Ok(full) = chunk.try_into() {
        return full;
    }
    let mut padded = [0u8; 64];
    padded[..chunk.len()].copy_from_slice(chunk);
    padded
}

/// The eight bytes of `bytes` from `at` as a little-endian word, padded with NULs past the end.
/// (A copy of a variable length would be a call to `memcpy` per word.)
fn eight_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
        None => bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .fold(0, |x, (i, &b)| x | u64::from(b) << (8 * i)),
    }
}

/// The high bit of each byte of `x` (eight ASCII bytes) set where that byte is in `low..=high`.
/// No lane carries into the next: an ASCII byte plus at most 128 stays below 256.
fn lanes_in(x: u64, low: u8, high: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let at_least_low = x + ONES * u64::from(128 - low);
    let above_high = x + ONES * u64::from(127 - high);
    at_least_low & !above_high & (ONES << 7)
}

/// `lanes_in` for ASCII whitespace as `char::is_whitespace` has it (with \x0B).
fn space_lanes(x: u64) -> u64 {
    lanes_in(x, b'\t', b'\r') | lanes_in(x, b' ', b' ')
}

/// The high bits of `x`'s eight bytes as eight bits, the first byte's lowest.
fn packed(x: u64) -> u64 {
    (x >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_prefilters_foreign_words_are_the_ascii_foreign_function_words() {
        let regex = crate::regexes::FOREIGN_FUNCTION_WORD;
        let inner = &regex[regex.find("(?:").unwrap() + 3..regex.rfind(")(?-u").unwrap()];
        let mut listed: Vec<&str> = inner.split('|').collect();
        listed.sort_unstable();
        let mut expected: Vec<&str> = super::FOREIGN_FUNCTION_WORDS
            .iter()
            .copied()
            .filter(|w| w.is_ascii() && !super::FUNCTION_WORDS.contains(w))
            .collect();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(listed, expected);
    }

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

    /// The function-word count as plainly as it can be written: split, lower-case, look up.
    fn counted_plainly(text: &str) -> (usize, usize) {
        let (mut english, mut foreign) = (0, 0);
        for word in text.split(|c: char| !c.is_alphanumeric()) {
            let lower = word.to_lowercase();
            if word.len() > super::MAX_FUNCTION_WORD_BYTES || lower.is_empty() {
                continue;
            }
            if super::FUNCTION_WORDS.contains(&lower.as_str()) {
                english += 1;
            } else if super::FOREIGN_FUNCTION_WORDS.contains(&lower.as_str()) {
                foreign += 1;
            }
        }
        (english, foreign)
    }

    proptest::proptest! {
        #[test]
        fn packed_count_agrees_with_plain_count(
            words in proptest::collection::vec(
                "(?i)(the|and|per|for|through|throughs|de|für|não|das|über|[a-zé]{1,9}|[0-9]{1,8}|İn)",
                0..40,
            ),
            separators in proptest::collection::vec("[ ,.;/–’-]|\\r\\n", 40),
        ) {
            let text: String = words
                .iter()
                .zip(&separators)
                .flat_map(|(w, s)| [w.as_str(), s.as_str()])
                .collect();
            proptest::prop_assert_eq!(
                super::function_words(&text),
                counted_plainly(&text),
                "{:?}", text
            );
        }
    }

    /// `words` as plainly as it can be written: split on whitespace, then look at each word.
    fn words_plainly(text: &str) -> super::Words {
        let split: Vec<&str> = text.split_whitespace().collect();
        let count = |keep: fn(&str) -> bool| split.iter().filter(|w| keep(w)).count();
        super::Words {
            total: split.len(),
            with_text: count(|w| w.chars().any(char::is_alphanumeric)),
            lowercase: count(|w| w.chars().next().is_some_and(char::is_lowercase)),
        }
    }

    proptest::proptest! {
        /// Texts long enough to cross the 64-byte blocks the ASCII count reads, with words of
        /// punctuation alone that may straddle two blocks.
        #[test]
        fn word_count_agrees_with_splitting_on_whitespace(
            parts in proptest::collection::vec(
                "[a-zA-Z0-9]{1,12}|[-&/|.,()]{1,70}|[ \t\r\n\x0B\x0C]{1,3}",
                0..60,
            ),
            non_ascii in proptest::option::of((0usize..60, "é|–|中文|🎉|\u{a0}|\u{3000}")),
        ) {
            let mut parts = parts;
            if let Some((at, part)) = non_ascii {
                parts.insert(at.min(parts.len()), part);
            }
            let text: String = parts.concat();
            proptest::prop_assert_eq!(super::words(&text), words_plainly(&text), "{:?}", text);
            for n in [0, 1, 4, 8, 21] {
                proptest::prop_assert_eq!(
                    super::more_words_than(&text, n),
                    text.split_whitespace().nth(n).is_some(),
                    "{} {:?}", n, text
                );
                proptest::prop_assert_eq!(
                    super::words_up_to(&text, n),
                    text.split_whitespace().take(n).count(),
                    "{} {:?}", n, text
                );
            }
        }
    }

    #[test]
    fn counts_words_like_splitting_on_whitespace() {
        let long = format!("{} {}", "x".repeat(63), "- ".repeat(40));
        for text in [
            "",
            "Led the team",
            "  Led  the\tteam – and 3 others ",
            "- x -- y\x0Bz",
            " a  B\tc\x0Bd ",
            "Cut costs 12% in Zürich, 中文 🎉",
            "über Zürich – and 中文 then",
            &long,
        ] {
            assert_eq!(super::words(text), words_plainly(text), "{text:?}");
        }
        assert_eq!(
            super::words("  Led  the\tteam - and 3 others ").with_text,
            6
        );
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
    "optimise",
    "optimize",
    "organise",
    "organize",
    "oversee",
    "own",
    "participate",
    "partner",
    "perform",
    "plan",
    "prepare",
    "prioritise",
    "prioritize",
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
    "became",
    "began",
    "brought",
    "built",
    "chose",
    "drew",
    "drove",
    "flew",
    "found",
    "gave",
    "grew",
    "held",
    "kept",
    "knew",
    "led",
    "made",
    "met",
    "overhauled",
    "oversaw",
    "paid",
    "ran",
    "rebuilt",
    "rewrote",
    "sent",
    "sold",
    "spent",
    "spoke",
    "stood",
    "taught",
    "thought",
    "told",
    "took",
    "understood",
    "undertook",
    "won",
    "wrote",
];

/// Byte range of the first word of `text` (letters, digits, apostrophes and hyphens).
pub(crate) fn first_word(text: &str) -> Option<(usize, usize)> {
    let start = text.find(|c: char| c.is_alphanumeric())?;
    let len = text[start..]
        .find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’' || c == '-'))
        .unwrap_or(text.len() - start);
    Some((start, start + len))
}

/// FNV-1a, for the verb sets: their keys are short words, for which the standard hasher's
/// setup and finish cost more than the lookup.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

type VerbSet = HashSet<&'static str, BuildHasherDefault<Fnv>>;

/// `BASE_VERBS` and `IRREGULAR_PAST` as hash sets: the tense rule reads every bullet's first
/// word, and a binary search of a list of strings compares it several times over.
static VERB_SETS: LazyLock<(VerbSet, VerbSet)> = LazyLock::new(|| {
    (
        BASE_VERBS.iter().copied().collect(),
        IRREGULAR_PAST.iter().copied().collect(),
    )
});

/// The tense of `word` as a bullet opener, or `None` when it is not a recognisable verb form.
pub fn opener_tense(word: &str) -> Option<Tense> {
    // An ASCII word (most openers: "Led") is lower-cased on the stack.
    let mut buffer = [0u8; 24];
    let word: Cow<str> = match buffer.get_mut(..word.len()) {
        Some(lower) if word.is_ascii() => {
            lower.copy_from_slice(word.as_bytes());
            lower.make_ascii_lowercase();
            Cow::Borrowed(std::str::from_utf8(lower).unwrap_or_default())
        }
        _ => Cow::Owned(word.to_lowercase()),
    };
    let (base, irregular_past) = &*VERB_SETS;
    let is_base = |w: &str| base.contains(w);
    if irregular_past.contains(&*word) {
        return Some(Tense::Past);
    }
    if is_base(&word) {
        return Some(Tense::Present);
    }
    if word.len() > 4
        && word.ends_with("ed")
        && !matches!(&*word, "speed" | "need" | "feed" | "seed")
    {
        return Some(Tense::Past);
    }
    let singular = word.strip_suffix("es").filter(|w| is_base(w));
    let plural = word.strip_suffix('s').filter(|w| is_base(w));
    (singular.is_some() || plural.is_some()).then_some(Tense::Present)
}

#[cfg(test)]
mod tense_tests {
    use super::{Tense, opener_tense};

    #[test]
    fn verb_lists_are_sorted_without_duplicates() {
        for list in [super::BASE_VERBS, super::IRREGULAR_PAST] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

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
