//! The settings each open document is linted with: the same config discovery as the command
//! line, cached per config file, re-read when a config changes, and the last good settings kept
//! when a config breaks.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{Resolved, Settings};
use crate::ruleset::RuleSet;

/// Configs by the directory they govern, and their loaded settings.
#[derive(Default)]
pub struct Workspace {
    /// The config file found from each directory upward (`None`: defaults).
    discovered: HashMap<PathBuf, Option<PathBuf>>,
    /// The current settings per config file: the last that loaded.
    loaded: HashMap<Option<PathBuf>, Arc<Resolved>>,
    /// Config files checked since the last change, so that a broken one is read (and reported)
    /// once, not on every keystroke.
    checked: HashSet<Option<PathBuf>>,
}

impl Workspace {
    /// The settings for a document in `dir` (`None` for a document with no file, such as an
    /// unsaved buffer), and the error of a config that did not load, if it was read just now.
    /// A broken config leaves the last settings it loaded with in place, or the defaults.
    pub fn settings(&mut self, dir: Option<&Path>) -> (Arc<Resolved>, Option<String>) {
        let config = match dir {
            Some(dir) => self
                .discovered
                .entry(dir.to_path_buf())
                .or_insert_with(|| Settings::discover(dir))
                .clone(),
            None => None,
        };
        let mut problem = None;
        if self.checked.insert(config.clone()) {
            match Settings::of(config.as_deref()).and_then(Resolved::new) {
                Ok(resolved) => {
                    self.loaded.insert(config.clone(), Arc::new(resolved));
                }
                Err(e) => problem = Some(e.to_string()),
            }
        }
        let resolved = match self.loaded.get(&config) {
            Some(resolved) => resolved.clone(),
            None => self.defaults(),
        };
        (resolved, problem)
    }

    fn defaults(&mut self) -> Arc<Resolved> {
        self.loaded
            .entry(None)
            .or_insert_with(|| {
                // The built-in rules always load (a test checks them), so this cannot fail.
                Arc::new(
                    Resolved::new(Settings::default()).unwrap_or_else(|_| Resolved {
                        settings: Settings::default(),
                        rules: RuleSet::default(),
                    }),
                )
            })
            .clone()
    }

    /// Forget what was discovered and checked, after a config or rule file changed: the next
    /// lint of each document looks again (a new config file may now govern it).
    pub fn config_changed(&mut self) {
        self.discovered.clear();
        self.checked.clear();
    }
}
