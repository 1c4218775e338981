//! A compact encoding of compiled Thompson NFAs, so built-in patterns skip regex compilation.
//!
//! Parsing a rule pattern and compiling it to an NFA costs 0.1–2 ms (Unicode case folding,
//! UTF-8 automata, large alternations); rebuilding the same NFA from its states costs a few
//! microseconds. A build script compiles every built-in pattern and stores `encode`'s output
//! (see `precompile`); the engine `decode`s a pattern's NFA the first time a text may match it.

use std::sync::Arc;

use regex_automata::{
    nfa::thompson::{Builder, NFA, State, Transition},
    util::{look::Look, primitives::StateID},
};

const BYTE_RANGE: u32 = 0;
const SPARSE: u32 = 1;
const LOOK: u32 = 2;
const UNION: u32 = 3;
const BINARY_UNION: u32 = 4;
const CAPTURE_START: u32 = 5;
const CAPTURE_END: u32 = 6;
const FAIL: u32 = 7;
const MATCH: u32 = 8;

/// Flags in an encoding's first word.
const UTF8: u32 = 1;
const REVERSE: u32 = 2;

/// An NFA as words, plus its capture group names (index 0 is the whole match).
///
/// Layout: `[flags, start_anchored, start_unanchored, state count, states…]`, each state a
/// tag followed by its fields; the flags are `UTF8` and `REVERSE`. Only single-pattern NFAs
/// are supported.
pub fn encode(nfa: &NFA) -> Result<(Vec<u32>, Vec<Option<String>>), String> {
    if nfa.pattern_len() != 1 {
        return Err("only single-pattern NFAs can be encoded".into());
    }
    let id = |sid: StateID| sid.as_u32();
    let flag = |yes: bool, flag: u32| if yes { flag } else { 0 };
    let mut words = vec![
        flag(nfa.is_utf8(), UTF8) | flag(nfa.is_reverse(), REVERSE),
        id(nfa.start_anchored()),
        id(nfa.start_unanchored()),
        u32::try_from(nfa.states().len()).map_err(|e| e.to_string())?,
    ];
    let trans = |words: &mut Vec<u32>, t: &Transition| {
        words.extend([u32::from(t.start), u32::from(t.end), id(t.next)]);
    };
    for state in nfa.states() {
        match state {
            State::ByteRange { trans: t } => {
                words.push(BYTE_RANGE);
                trans(&mut words, t);
            }
            State::Sparse(sparse) => {
                words.extend([SPARSE, sparse.transitions.len() as u32]);
                for t in sparse.transitions.iter() {
                    trans(&mut words, t);
                }
            }
            State::Dense(_) => return Err("dense NFA states are not supported".into()),
            State::Look { look, next } => words.extend([LOOK, look.as_repr(), id(*next)]),
            State::Union { alternates } => {
                words.extend([UNION, alternates.len() as u32]);
                words.extend(alternates.iter().map(|&a| id(a)));
            }
            State::BinaryUnion { alt1, alt2 } => words.extend([BINARY_UNION, id(*alt1), id(*alt2)]),
            State::Capture {
                next,
                group_index,
                slot,
                ..
            } => {
                // Slots come in pairs per group: even opens it, odd closes it.
                let tag = if slot.as_usize() % 2 == 0 {
                    CAPTURE_START
                } else {
                    CAPTURE_END
                };
                words.extend([tag, group_index.as_u32(), id(*next)]);
            }
            State::Fail => words.push(FAIL),
            State::Match { .. } => words.push(MATCH),
        }
    }
    let names = nfa
        .group_info()
        .pattern_names(regex_automata::PatternID::ZERO)
        .map(|name| name.map(str::to_string))
        .collect();
    Ok((words, names))
}

/// Rebuild the NFA `encode` produced; an error means the words are not such an encoding.
pub fn decode(words: impl IntoIterator<Item = u32>, names: &[Option<&str>]) -> Result<NFA, String> {
    let mut reader = words.into_iter();
    let mut next = || reader.next().ok_or("truncated NFA encoding");
    let sid = |word: u32| StateID::new(word as usize).map_err(|e| e.to_string());
    let byte = |word: u32| u8::try_from(word).map_err(|e| e.to_string());
    let flags = next()?;
    let start_anchored = sid(next()?)?;
    let start_unanchored = sid(next()?)?;
    let count = next()?;
    let mut builder = Builder::new();
    builder.set_utf8(flags & UTF8 != 0);
    builder.set_reverse(flags & REVERSE != 0);
    builder.start_pattern().map_err(|e| e.to_string())?;
    // A group's name is given when its first state is added.
    let mut named = vec![false; names.len()];
    let mut name_of = |group: u32| -> Option<Arc<str>> {
        let index = group as usize;
        if named.get(index).copied().unwrap_or(true) {
            return None;
        }
        named[index] = true;
        names[index].map(Arc::from)
    };
    for _ in 0..count {
        let added = match next()? {
            BYTE_RANGE => {
                let (start, end, to) = (byte(next()?)?, byte(next()?)?, sid(next()?)?);
                builder.add_range(Transition {
                    start,
                    end,
                    next: to,
                })
            }
            SPARSE => {
                let len = next()?;
                let mut transitions = Vec::with_capacity(len as usize);
                for _ in 0..len {
                    let (start, end, to) = (byte(next()?)?, byte(next()?)?, sid(next()?)?);
                    transitions.push(Transition {
                        start,
                        end,
                        next: to,
                    });
                }
                builder.add_sparse(transitions)
            }
            LOOK => {
                let look = Look::from_repr(next()?).ok_or("unknown look-around")?;
                builder.add_look(sid(next()?)?, look)
            }
            UNION => {
                let len = next()?;
                let alternates = (0..len)
                    .map(|_| sid(next()?))
                    .collect::<Result<Vec<_>, String>>()?;
                builder.add_union(alternates)
            }
            BINARY_UNION => {
                let (alt1, alt2) = (sid(next()?)?, sid(next()?)?);
                builder.add_union(vec![alt1, alt2])
            }
            CAPTURE_START => {
                let group = next()?;
                let to = sid(next()?)?;
                builder.add_capture_start(to, group, name_of(group))
            }
            CAPTURE_END => {
                let group = next()?;
                builder.add_capture_end(sid(next()?)?, group)
            }
            FAIL => builder.add_fail(),
            MATCH => builder.add_match(),
            tag => return Err(format!("unknown NFA state tag {tag}")),
        };
        added.map_err(|e| e.to_string())?;
    }
    builder
        .finish_pattern(start_anchored)
        .map_err(|e| e.to_string())?;
    builder
        .build(start_anchored, start_unanchored)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(pattern: &str, config: regex_automata::nfa::thompson::Config) -> (NFA, NFA) {
        let nfa = NFA::compiler().configure(config).build(pattern).unwrap();
        let (words, names) = encode(&nfa).unwrap();
        let names: Vec<Option<&str>> = names.iter().map(Option::as_deref).collect();
        (nfa.clone(), decode(words, &names).unwrap())
    }

    #[test]
    fn rebuilds_the_same_nfa() {
        for pattern in [
            r"(?i)\b(?P<flag>groom\w* the backlog)(?: for (?P<object>[^,.]{2,60}?)(?:,|$))?",
            r"^(?P<pronoun>I (?:have )?)(\w)",
            r"(?i)(?-u:\b)(?:\d+(?:[.,]\d+)?\s?%)",
            r"a|b|c|d",
            r"[^\n]*x",
        ] {
            let reverse = NFA::config()
                .reverse(true)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::None);
            for config in [NFA::config(), reverse] {
                let (original, rebuilt) = round_trip(pattern, config);
                assert_eq!(format!("{original:?}"), format!("{rebuilt:?}"), "{pattern}");
                assert_eq!(original.is_reverse(), rebuilt.is_reverse());
            }
        }
    }

    #[test]
    fn rejects_garbage() {
        assert!(decode([1, 0, 0, 2, 99], &[]).is_err());
        assert!(decode([1, 0, 0, 5, MATCH], &[]).is_err());
        assert!(decode([], &[]).is_err());
    }
}
