//! The crate's modules form no circle, and the state machine and the leaves stay small: read
//! from the sources (`crate::x` outside comments and test modules), so a new `use` that closes
//! a circle fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module -> the top-level modules its (non-test) code names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(p) = files.pop() {
        if p.is_dir() {
            files.extend(
                std::fs::read_dir(&p)
                    .expect("source folder")
                    .map(|e| e.expect("entry").path()),
            );
            continue;
        }
        if p.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = p.strip_prefix(&src).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_string())
            .expect("a name");
        if matches!(top.as_str(), "lib" | "locale_check" | "module_check") {
            continue;
        }
        let text = std::fs::read_to_string(&p).expect("source");
        let deps = out.entry(top.clone()).or_default();
        for line in code_lines(&text) {
            for (i, _) in line.match_indices("crate::") {
                let name: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    deps.insert(name);
                }
            }
        }
    }
    out
}

/// The lines of a source file that are code outside test modules: comments and every
/// `#[cfg(test)] mod …` block (wherever it sits in the file) left out.
fn code_lines(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim_start();
        if t.starts_with("//") {
            continue;
        }
        let test_mod = t == "#[cfg(test)]"
            && lines.peek().is_some_and(|n| {
                n.trim_start()
                    .trim_start_matches("pub(crate) ")
                    .starts_with("mod ")
            });
        if !test_mod {
            out.push(line);
            continue;
        }
        // Skip to the end of the module's braces.
        let mut depth = 0i32;
        let mut opened = false;
        for l in lines.by_ref() {
            depth += l.matches('{').count() as i32 - l.matches('}').count() as i32;
            opened |= l.contains('{');
            if opened && depth <= 0 {
                break;
            }
        }
    }
    out
}

/// A circle through `from`, if there is one.
fn circle(g: &BTreeMap<String, BTreeSet<String>>, from: &str) -> Option<Vec<String>> {
    let mut stack = vec![(from.to_string(), vec![from.to_string()])];
    let mut seen = BTreeSet::new();
    while let Some((at, path)) = stack.pop() {
        for next in g.get(&at).into_iter().flatten() {
            if next == from {
                return Some([path.clone(), vec![from.to_string()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push((next.clone(), [path.clone(), vec![next.clone()]].concat()));
            }
        }
    }
    None
}

#[test]
fn no_module_is_part_of_a_circle() {
    let g = graph();
    assert!(g.len() > 20, "the sources were found: {g:?}");
    let circles: Vec<String> = g
        .keys()
        .filter_map(|m| circle(&g, m))
        .map(|c| c.join(" -> "))
        .collect();
    assert!(circles.is_empty(), "{circles:#?}");
}

/// The state machine reads only the tables, the fact records, the checks of typed values and
/// the error codes; the validators are a leaf.
#[test]
fn the_state_machine_and_the_leaves_depend_on_little() {
    let g = graph();
    let deps = |m: &str| -> Vec<&str> {
        g.get(m)
            .unwrap_or_else(|| panic!("{m} not found"))
            .iter()
            .map(String::as_str)
            .collect()
    };
    assert_eq!(deps("wizard"), ["error", "flow", "flow_facts", "i18n", "ids"]);
    assert_eq!(deps("ids"), ["error"]);
    for leaf in ["flow", "temp", "text", "limits"] {
        assert!(deps(leaf).is_empty(), "{leaf}: {:?}", deps(leaf));
    }
    // The OS's name comes from `/etc/os-release`, read through the one read path and shown
    // without control characters: two leaves, nothing more.
    assert_eq!(deps("platform"), ["limits", "text"]);
    // Every error is recorded in the log as it is made, so the log sits below the errors and
    // knows only the leaves it formats with.
    assert_eq!(deps("error"), ["logging"]);
    assert_eq!(deps("logging"), ["platform", "text"]);
    // Nothing below the session knows it.
    let users: Vec<&String> = g
        .iter()
        .filter(|(m, d)| *m != "session" && d.contains("session"))
        .map(|(m, _)| m)
        .collect();
    assert!(users.is_empty(), "{users:?}");
}

#[test]
fn test_modules_and_comments_are_left_out_wherever_they_are() {
    let src = "use crate::a;\n// crate::b\n#[cfg(test)]\nmod tests {\n    use crate::c;\n    fn f() { crate::d(); }\n}\nfn g() { crate::e(); }\n";
    let code = code_lines(src).join("\n");
    assert!(
        code.contains("crate::a") && code.contains("crate::e"),
        "{code}"
    );
    for gone in ["crate::b", "crate::c", "crate::d"] {
        assert!(!code.contains(gone), "{code}");
    }
}

#[test]
fn a_circle_is_found() {
    let g = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
        ("c".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert_eq!(
        circle(&g, "a").map(|c| c.join(" -> ")),
        Some("a -> b -> a".to_string())
    );
    assert_eq!(circle(&g, "c"), None);
}
