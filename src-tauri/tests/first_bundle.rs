//! What the window loads before its first screen (`ui/dist`, as built by `vite build`): the
//! start screen's code, the shared code and the styles; not the other screens, not the texts
//! (they come with the page, `commands::startup_script`), and fonts in one format. Later
//! screens are chunks of their own, loaded after the first screen (`Wizard.svelte`'s
//! `byKind`, `App.svelte`'s tools, `GetHelp.svelte`'s dialog). Reads the built files, so it
//! fails when a screen or the texts are imported eagerly again or a font format comes back.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn ui() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui")
}

/// Every built asset, by file name.
fn assets() -> BTreeMap<String, Vec<u8>> {
    let dir = ui().join("dist/assets");
    std::fs::read_dir(&dir)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build the UI first: cd ui && npx vite build)",
                dir.display()
            )
        })
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The files `index.html` loads before any script runs: the entry, what it preloads, styles.
fn first_load() -> Vec<String> {
    let html = std::fs::read_to_string(ui().join("dist/index.html")).unwrap();
    html.split("/assets/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_string())
        .collect()
}

/// `id="…"` values written literally in a component's markup.
fn static_ids(source: &str) -> Vec<String> {
    source
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|id| !id.is_empty() && !id.contains('{'))
        .map(str::to_string)
        .collect()
}

/// Every Svelte source of the UI, by path.
fn sources() -> BTreeMap<PathBuf, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "svelte") {
                out.insert(p.clone(), std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&ui().join("src"), &mut out);
    out
}

#[test]
fn later_screens_are_not_in_the_first_load() {
    let assets = assets();
    let first = first_load();
    assert!(
        first.iter().any(|f| f.ends_with(".js")) && first.iter().any(|f| f.ends_with(".css")),
        "index.html loads no script or no styles: {first:?}"
    );
    let first_js: String = first
        .iter()
        .filter(|f| f.ends_with(".js"))
        .map(|f| String::from_utf8_lossy(&assets[f]).into_owned())
        .collect();
    let later_js: String = assets
        .iter()
        .filter(|(name, _)| name.ends_with(".js") && !first.contains(name))
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .collect();

    let sources = sources();
    let lazy: Vec<&PathBuf> = sources
        .keys()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            let dir = p.parent().unwrap().file_name().unwrap().to_string_lossy();
            (dir == "steps" && name != "Chooser.svelte")
                || dir == "tools"
                || name == "HelpDialog.svelte"
        })
        .collect();
    assert!(lazy.len() >= 17, "the later screens: {lazy:?}");

    let mut checked = 0;
    for path in &lazy {
        // An id that only this screen writes marks its code wherever the bundler put it.
        let Some(id) = static_ids(&sources[*path]).into_iter().find(|id| {
            sources
                .iter()
                .filter(|(p, s)| p != path && s.contains(&format!("\"{id}\"")))
                .count()
                == 0
        }) else {
            continue;
        };
        // In markup (`id="…"`) or as a component's prop (`` id:`…` ``), in any quotes.
        let quoted = |js: &str| {
            ['"', '`', '\'']
                .iter()
                .any(|q| js.contains(&format!("{q}{id}{q}")))
        };
        assert!(
            !quoted(&first_js),
            "{} (id {id}) is loaded with the first screen",
            path.display()
        );
        assert!(
            quoted(&later_js),
            "{} (id {id}) is in no later chunk",
            path.display()
        );
        checked += 1;
    }
    assert!(
        checked >= 10,
        "only {checked} screens had an id of their own to look for"
    );

    // The start screen itself is in the first load.
    let chooser = &sources[&ui().join("src/wizard/steps/Chooser.svelte")];
    let id = static_ids(chooser)
        .into_iter()
        .next()
        .expect("an id in the chooser");
    assert!(
        first_js.contains(&format!("\"{id}\"")) || first_js.contains(&format!("`{id}`")),
        "the start screen ({id}) is not in the first load"
    );
}

/// The texts come with the page from Rust (`commands::startup_script`), one language at a
/// time; the page's first code carries none of them, and each language is a later chunk.
#[test]
fn texts_are_not_in_the_first_load() {
    let assets = assets();
    let first = first_load();
    // The scripts are emitted in ASCII (`vite.config.ts`): a character outside it is written
    // as `\uXXXX`, with upper-case hex digits as the bundler writes them; both forms count.
    let ascii = |text: &str| -> String {
        text.chars()
            .map(|c| {
                if c.is_ascii() {
                    c.to_string()
                } else {
                    let mut units = [0u16; 2];
                    c.encode_utf16(&mut units)
                        .iter()
                        .map(|u| format!("\\u{u:04X}"))
                        .collect()
                }
            })
            .collect()
    };
    let in_files = |names: &[&String], needle: &str| {
        let escaped = ascii(needle);
        names.iter().any(|n| {
            let text = String::from_utf8_lossy(&assets[*n]);
            n.ends_with(".js") && (text.contains(needle) || text.contains(&escaped))
        })
    };
    let first_files: Vec<&String> = first.iter().collect();
    let later_files: Vec<&String> = assets.keys().filter(|n| !first.contains(n)).collect();
    let mut checked = 0;
    for lang in ["da", "en"] {
        let file = ui().join(format!("src/i18n/{lang}.json"));
        let texts: BTreeMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for key in [
            "ui.screen_missing",
            "check.se_number.invalid",
            "help.report_intro",
        ] {
            // A stretch of the text that any form of the file keeps as it is.
            let text: String = texts[key]
                .chars()
                .take_while(|c| !matches!(c, '"' | '\\' | '`' | '{' | '$'))
                .take(30)
                .collect();
            assert!(
                text.len() >= 15,
                "{lang} {key}: too short a stretch: {text:?}"
            );
            assert!(
                !in_files(&first_files, &text),
                "the {lang} text of {key} is in the first load"
            );
            assert!(
                in_files(&later_files, &text),
                "the {lang} text of {key} is in no later chunk"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}

#[test]
fn fonts_come_in_one_format() {
    let assets = assets();
    let fonts: Vec<&String> = assets
        .keys()
        .filter(|n| {
            [".woff2", ".woff", ".ttf", ".eot", ".otf"]
                .iter()
                .any(|x| n.ends_with(x))
        })
        .collect();
    assert!(!fonts.is_empty(), "no fonts were bundled");
    let other: Vec<&&String> = fonts.iter().filter(|n| !n.ends_with(".woff2")).collect();
    assert!(
        other.is_empty(),
        "fonts in other formats than WOFF2: {other:?}"
    );
    // And the styles ask for nothing else.
    for (name, bytes) in assets.iter().filter(|(n, _)| n.ends_with(".css")) {
        let css = String::from_utf8_lossy(bytes);
        for x in [".woff)", ".ttf)", ".eot)", ".eot?"] {
            assert!(!css.contains(x), "{name} still refers to a {x} font");
        }
    }
}

#[test]
fn each_face_comes_in_parts_by_characters() {
    // IBM Plex Sans as IBM's split files, each with the characters it has: WebKit loads a
    // file only when a text on show needs one of them, and keeps it for the page's life, so
    // START-1 holds its faces' Latin-1 part (17 KB a face) and not the whole face (57 KB).
    let assets = assets();
    let plex: Vec<&String> = assets
        .keys()
        .filter(|n| n.starts_with("IBMPlexSans-"))
        .collect();
    assert!(!plex.is_empty(), "IBM Plex Sans is not bundled");
    for name in &plex {
        assert!(
            [
                "-Latin1-",
                "-Latin2-",
                "-Latin3-",
                "-Pi-",
                "-Greek-",
                "-Cyrillic-"
            ]
            .iter()
            .any(|part| name.contains(part)),
            "{name} is a whole face, not one of its parts"
        );
    }
    let mut faces = 0;
    for bytes in assets
        .iter()
        .filter(|(n, _)| n.ends_with(".css"))
        .map(|(_, b)| b)
    {
        let css = String::from_utf8_lossy(bytes);
        for face in css.split("@font-face{").skip(1) {
            let face = &face[..face.find('}').unwrap_or(face.len())];
            if !face.contains("IBM Plex Sans") {
                continue;
            }
            faces += 1;
            assert!(
                face.contains("unicode-range:"),
                "a face without the characters it has: {face}"
            );
            if face.contains("-Latin1-") {
                // The texts' typographic characters come from the same file as the letters.
                for range in ["U+20-7E", "U+A0-FF", "U+2013-2014", "U+2026", "U+201C-201E"] {
                    assert!(
                        face.contains(range),
                        "{range} not in the Latin-1 part: {face}"
                    );
                }
            }
        }
    }
    // Eight faces (four weights, upright and italic), six parts each.
    assert_eq!(faces, 48, "IBM Plex Sans faces in the styles");
}

#[test]
fn the_page_goes_from_plex_straight_to_sans_serif() {
    // Before the Plex files arrive, WebKitGTK looks up each family after Plex in fontconfig,
    // per size and weight: DKFDS's "system-ui" and its "system" face of eight `local()` fonts
    // were 24 of the start screen's 44 lookups (issue 31, `plexThenSansSerif` in
    // ui/vite.config.ts).
    let assets = assets();
    let mut families = 0;
    for (name, bytes) in assets.iter().filter(|(n, _)| n.ends_with(".css")) {
        let css = String::from_utf8_lossy(bytes);
        assert!(!css.contains("system-ui"), "{name} still names system-ui");
        assert!(
            !css.contains("font-family:system"),
            "{name} still has DKFDS's \"system\" face"
        );
        assert!(!css.contains("local("), "{name} still looks up local fonts");
        families += css.matches("font-family:IBM Plex Sans,sans-serif").count();
    }
    assert_eq!(
        families, 1,
        "the page's own font-family, Plex then sans-serif"
    );
}
