//! The crate's modules form no circle, at the top and inside every folder, and the state
//! machine and the leaves stay small: read from the sources (`crate::…`, `super::…` and
//! `self::…` paths, `{…}` groups included, outside comments and test modules), so a new `use`
//! that closes a circle fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path from the crate root: `[]` is the crate, `["probe", "run"]` is `probe/run.rs`.
type ModPath = Vec<String>;

/// The modules of one folder and, for each, the modules of the same folder its code names.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// Every source file under `src`: its module path and its code outside comments and test
/// modules. The two checks of this crate's sources are left out.
fn sources(src: &Path) -> Vec<(ModPath, String)> {
    let mut out = Vec::new();
    let mut files = vec![src.to_path_buf()];
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
        let module = module_of(p.strip_prefix(src).expect("under src"));
        if matches!(
            module.first().map(String::as_str),
            Some("locale_check" | "module_check")
        ) {
            continue;
        }
        let text = std::fs::read_to_string(&p).expect("source");
        out.push((module, code_lines(&text).join("\n")));
    }
    out
}

/// `lib.rs` → `[]`, `a.rs` and `a/mod.rs` → `[a]`, `a/b.rs` → `[a, b]`.
fn module_of(rel: &Path) -> ModPath {
    let mut parts: ModPath = rel
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .map(|s| s.trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod")) {
        parts.pop();
    }
    if parts == ["lib"] {
        parts.clear();
    }
    parts
}

/// The paths `code` (of module `at`) names through `crate::`, `super::` and `self::`, each
/// resolved from the crate root; a `{…}` group gives one path per item.
fn references(code: &str, at: &ModPath) -> Vec<ModPath> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        for (i, _) in code.match_indices(start) {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
                continue;
            }
            let base = match start {
                "crate::" => ModPath::new(),
                "super::" => at[..at.len().saturating_sub(1)].to_vec(),
                _ => at.clone(),
            };
            let mut pos = i + start.len();
            path_tree(code, &mut pos, base, &mut out);
        }
    }
    out
}

/// Read a path (or a `{…}` group of them) at `pos`, below `base`, into `out`.
fn path_tree(code: &str, pos: &mut usize, mut base: ModPath, out: &mut Vec<ModPath>) {
    let bytes = code.as_bytes();
    let skip_space = |pos: &mut usize| {
        while *pos < bytes.len() && bytes[*pos].is_ascii_whitespace() {
            *pos += 1;
        }
    };
    loop {
        skip_space(pos);
        if bytes.get(*pos) == Some(&b'{') {
            *pos += 1;
            loop {
                skip_space(pos);
                match bytes.get(*pos) {
                    None => return,
                    Some(b'}') => {
                        *pos += 1;
                        return;
                    }
                    Some(b',') => *pos += 1,
                    Some(_) => {
                        let before = *pos;
                        path_tree(code, pos, base.clone(), out);
                        // `as name`, `*` and the like: step over what is not a path.
                        while *pos < bytes.len() && !matches!(bytes[*pos], b',' | b'}') {
                            *pos += 1;
                        }
                        if *pos == before {
                            *pos += 1;
                        }
                    }
                }
            }
        }
        let ident: String = code[*pos..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        *pos += ident.len();
        match ident.as_str() {
            "" | "self" => {
                out.push(base);
                return;
            }
            "super" => {
                base.pop();
            }
            _ => base.push(ident),
        }
        if code[*pos..].starts_with("::") {
            *pos += 2;
        } else {
            out.push(base);
            return;
        }
    }
}

/// For every folder module (the crate itself as `""`, `probe`, `session`, `cert/…`): the graph
/// of its own modules, an edge where one's code names another (directly or deeper inside it).
fn graphs(src: &Path) -> BTreeMap<String, Graph> {
    let sources = sources(src);
    let mut out: BTreeMap<String, Graph> = BTreeMap::new();
    // Every folder and its modules, each with an entry (a module that names nothing is a node).
    for (module, _) in &sources {
        for depth in 0..module.len() {
            out.entry(module[..depth].join("::"))
                .or_default()
                .entry(module[depth].clone())
                .or_default();
        }
    }
    for (module, code) in &sources {
        let named = references(code, module);
        for depth in 0..module.len() {
            let folder = &module[..depth];
            let key = folder.join("::");
            let graph = out.get_mut(&key).expect("folder listed");
            let from = &module[depth];
            let targets: Vec<String> = named
                .iter()
                .filter(|r| r.len() > depth && r[..depth] == *folder && r[depth] != *from)
                .map(|r| r[depth].clone())
                .filter(|t| graph.contains_key(t))
                .collect();
            graph.get_mut(from).expect("node").extend(targets);
        }
    }
    out
}

/// The crate's top-level modules and the top-level modules their (non-test) code names.
fn graph() -> Graph {
    graphs(&crate_src())
        .remove("")
        .expect("the crate's own graph")
}

fn crate_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every circle in every folder, as `folder: a -> b -> a` (the crate's own as `crate: …`).
fn all_circles(graphs: &BTreeMap<String, Graph>) -> Vec<String> {
    graphs
        .iter()
        .flat_map(|(folder, g)| {
            let shown = if folder.is_empty() { "crate" } else { folder };
            g.keys()
                .filter_map(|m| circle(g, m))
                .map(move |c| format!("{shown}: {}", c.join(" -> ")))
        })
        .collect()
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
fn circle(g: &Graph, from: &str) -> Option<Vec<String>> {
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
    let graphs = graphs(&crate_src());
    assert!(graphs[""].len() > 20, "the sources were found: {graphs:?}");
    // Folders are looked into, and `super::` is followed: the stage runner names its rooms.
    let probe = &graphs["probe"];
    for room in ["options", "tls", "wire", "report"] {
        assert!(probe["run"].contains(room), "run -> {room}: {probe:?}");
    }
    assert!(graphs.contains_key("session") && graphs.contains_key("cert"));
    let circles = all_circles(&graphs);
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
    assert_eq!(
        deps("wizard"),
        ["error", "flow", "flow_facts", "i18n", "ids"]
    );
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

/// A circle inside a folder is found, through `super::`, `crate::…` and `{…}` groups, and a
/// folder's modules that only name each other one way are not one.
#[test]
fn a_circle_inside_a_folder_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    let files = [
        ("lib.rs", "pub mod a;\npub mod p;\n"),
        ("a.rs", "pub fn f() {}\n"),
        (
            "p/mod.rs",
            "mod run;\nmod tls;\nmod wire;\npub use run::Thing;\n",
        ),
        (
            "p/run.rs",
            "use super::{tls::Config, wire};\npub struct Thing;\n",
        ),
        (
            "p/wire.rs",
            "use crate::a;\n#[cfg(test)]\nmod tests {\n    use super::super::run;\n}\n",
        ),
        ("p/tls.rs", "pub struct Config;\n"),
    ];
    for (name, text) in files {
        let path = src.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    }
    let found = graphs(src);
    assert_eq!(all_circles(&found), Vec::<String>::new(), "{found:?}");
    assert_eq!(
        found["p"]["run"].iter().collect::<Vec<_>>(),
        ["tls", "wire"],
        "{found:?}"
    );
    // The circle put back: the tls room names the runner's type, one folder down.
    std::fs::write(
        src.join("p/tls.rs"),
        "use super::run::ProbeOptions;\npub struct Config;\n",
    )
    .expect("write");
    assert_eq!(
        all_circles(&graphs(src)),
        ["p: run -> tls -> run", "p: tls -> run -> tls"]
    );
    // The same circle as `crate::p::run` from deeper inside the folder.
    std::fs::write(src.join("p/tls.rs"), "pub struct Config;\n").expect("write");
    std::fs::write(src.join("p/wire.rs"), "fn f() { crate::p::run::Thing; }\n").expect("write");
    assert_eq!(
        all_circles(&graphs(src)),
        ["p: run -> wire -> run", "p: wire -> run -> wire"]
    );
}

#[test]
fn paths_are_resolved_from_where_they_are_written() {
    let at: ModPath = vec!["probe".into(), "run".into()];
    let code = "use super::{proxy::Proxy, report::{A, B as C}, self as x};\nuse crate::{error, facts::F};\nlet y = self::inner::z; $crate::m::n!();";
    let mut got: Vec<String> = references(code, &at).iter().map(|p| p.join("::")).collect();
    got.sort();
    assert_eq!(
        got,
        [
            "error",
            "facts::F",
            "m::n",
            "probe",
            "probe::proxy::Proxy",
            "probe::report::A",
            "probe::report::B",
            "probe::run::inner::z",
        ]
    );
    assert_eq!(module_of(Path::new("probe/mod.rs")), ["probe"]);
    assert_eq!(module_of(Path::new("lib.rs")), Vec::<String>::new());
    assert_eq!(
        references("use super::super::x;", &vec!["a".into(), "b".into()]),
        [vec!["x".to_string()]]
    );
}
