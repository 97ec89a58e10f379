//! The shape of `src/` (STYLE.md): no import cycle between files, and no
//! file over 500 lines without a stated reason in its header.
//!
//! The graph is built from the text of every `src/**/*.rs` file: `use`
//! statements (groups expanded), and paths in code that start with
//! `crate::`, `super::`, `self::`, a child module (`mod x;`) or a name that
//! a `use` brought in. A path goes to the deepest file that exists
//! (`crate::render::site::Foo` → `src/render/site.rs`; `src/x/mod.rs` and
//! `src/x.rs` are module `x`), following re-exports (`pub use a::B` in
//! `x/mod.rs` sends `x::B` to `x/a.rs`). Declaring `mod child;` is not a
//! dependency of the parent on the child; using it is. An inline `mod
//! name {` block (the tests) is taken to run to the end of its file, where
//! `super::` means the file itself.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LIMIT: usize = 500;
const REASON: &str = "//! Over 500 lines:";

type ModPath = Vec<String>;

struct File {
    rel: String,
    module: ModPath,
    text: String,
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn module_of(rel: &Path) -> Option<ModPath> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop()?;
    match last.as_str() {
        "main.rs" if parts.is_empty() => None, // the binary: a crate of its own
        "lib.rs" if parts.is_empty() => Some(Vec::new()),
        "mod.rs" => Some(parts),
        _ => {
            parts.push(last.trim_end_matches(".rs").to_string());
            Some(parts)
        }
    }
}

/// The text with comments and the contents of string literals removed
/// (line structure kept).
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && matches!(chars.get(i + 1), Some('#' | '"'))
            && !ident_char(prev(&chars, i))
        {
            // Raw string r"…" or r#"…"#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                if chars[j] == '\n' {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' {
            // A char literal ('x', '\n', '{') or a lifetime ('a).
            if chars.get(i + 2) == Some(&'\'') {
                i += 3;
                out.push_str("' '");
            } else if chars.get(i + 1) == Some(&'\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push_str("' '");
            } else {
                out.push(c);
                i += 1;
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev(chars: &[char], i: usize) -> char {
    if i == 0 { ' ' } else { chars[i - 1] }
}

fn ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// `a::{b, c::{d, e as f}}` → `[a::b, a::c::d, a::c::e as f]`.
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree
        .chars()
        .filter(|c| !c.is_whitespace() || *c == ' ')
        .collect();
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(|p| {
            expand_use(p).into_iter().map(move |leaf| {
                if leaf == "self" {
                    prefix.trim_end_matches("::").to_string()
                } else {
                    format!("{prefix}{leaf}")
                }
            })
        })
        .collect()
}

struct Scope<'a> {
    module: &'a ModPath,
    /// Whether the text is inside an inline `mod x {` block.
    inline: bool,
    children: &'a BTreeSet<String>,
    aliases: &'a BTreeMap<String, ModPath>,
}

impl Scope<'_> {
    /// The absolute path of `segs` as written in this file, if it is in the crate.
    fn absolute(&self, segs: &[&str]) -> Option<ModPath> {
        let (first, rest) = segs.split_first()?;
        let mut base: ModPath = match *first {
            "crate" => Vec::new(),
            "self" => self.module.clone(),
            "super" => {
                let mut m = self.module.clone();
                if !self.inline {
                    m.pop()?;
                }
                m
            }
            name if self.children.contains(name) => {
                let mut m = self.module.clone();
                m.push(name.to_string());
                m
            }
            name => self.aliases.get(name)?.clone(),
        };
        let mut rest = rest;
        while rest.first() == Some(&"super") {
            base.pop()?;
            rest = &rest[1..];
        }
        base.extend(rest.iter().map(|s| (*s).to_string()));
        Some(base)
    }
}

/// `ident::ident::…` paths in code, not preceded by `::` or a letter.
fn paths_in(code: &str) -> Vec<(usize, Vec<&str>)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        let starts = (c.is_ascii_alphabetic() || c == '_')
            && (i == 0 || {
                let p = bytes[i - 1] as char;
                !(ident_char(p) || p == ':')
            });
        if !starts {
            i += 1;
            continue;
        }
        let mut segs = Vec::new();
        let mut j = i;
        loop {
            let s = j;
            while j < bytes.len() && ident_char(bytes[j] as char) {
                j += 1;
            }
            segs.push(&code[s..j]);
            if code[j..].starts_with("::")
                && code[j + 2..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            {
                j += 2;
            } else {
                break;
            }
        }
        if segs.len() > 1 {
            let line = code[..i].matches('\n').count();
            out.push((line, segs));
        }
        i = j.max(i + 1);
    }
    out
}

struct Crate {
    files: Vec<File>,
    modules: BTreeMap<ModPath, usize>,
    /// Per file: the names its `use` statements bring in, with their path.
    aliases: Vec<BTreeMap<String, ModPath>>,
    children: Vec<BTreeSet<String>>,
    /// Per file: the first line of an inline `mod x {` block.
    inline_from: Vec<usize>,
}

fn uses(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut rest = code;
    let mut offset = 0;
    while let Some(at) = find_word(rest, "use") {
        let after = &rest[at + 3..];
        let end = after.find(';').unwrap_or(after.len());
        let line = code[..offset + at].matches('\n').count();
        out.push((line, after[..end].trim().to_string()));
        offset += at + 3 + end;
        rest = &code[offset..];
    }
    out
}

fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let at = from + i;
        let before = text[..at].chars().next_back().unwrap_or(' ');
        let after = text[at + word.len()..].chars().next().unwrap_or(' ');
        if !ident_char(before) && before != ':' && after.is_whitespace() {
            return Some(at);
        }
        from = at + word.len();
    }
    None
}

impl Crate {
    fn read(root: &Path) -> Crate {
        let mut paths = Vec::new();
        rs_files(&root.join("src"), &mut paths);
        let mut files = Vec::new();
        for p in paths {
            let rel = p.strip_prefix(root).unwrap();
            let module =
                module_of(rel.strip_prefix("src").unwrap()).unwrap_or_else(|| vec!["<bin>".into()]);
            files.push(File {
                rel: rel.to_string_lossy().into_owned(),
                module,
                text: std::fs::read_to_string(&p).unwrap(),
            });
        }
        let modules = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.module.clone(), i))
            .collect();
        let mut c = Crate {
            files,
            modules,
            aliases: Vec::new(),
            children: Vec::new(),
            inline_from: Vec::new(),
        };
        for f in &c.files {
            let code = code_only(&f.text);
            let mut children = BTreeSet::new();
            let mut inline_from = usize::MAX;
            for (n, line) in code.lines().enumerate() {
                let t = line.trim();
                let t = t
                    .strip_prefix("pub(crate) ")
                    .or_else(|| t.strip_prefix("pub "))
                    .unwrap_or(t);
                if let Some(name) = t.strip_prefix("mod ") {
                    if let Some(name) = name.strip_suffix(';') {
                        children.insert(name.trim().to_string());
                    } else if name.trim_end().ends_with('{') && inline_from == usize::MAX {
                        inline_from = n;
                    }
                }
            }
            c.children.push(children);
            c.inline_from.push(inline_from);
        }
        for i in 0..c.files.len() {
            let code = code_only(&c.files[i].text);
            let mut aliases = BTreeMap::new();
            for (line, tree) in uses(&code) {
                let scope = Scope {
                    module: &c.files[i].module,
                    inline: line >= c.inline_from[i],
                    children: &c.children[i],
                    aliases: &BTreeMap::new(),
                };
                for leaf in expand_use(&tree) {
                    let (path, name) = match leaf.split_once(" as ") {
                        Some((p, n)) => (p.trim().to_string(), n.trim().to_string()),
                        None => (
                            leaf.clone(),
                            leaf.rsplit("::").next().unwrap_or("").to_string(),
                        ),
                    };
                    let segs: Vec<&str> = path.split("::").collect();
                    if name == "*" || name == "_" {
                        continue;
                    }
                    if let Some(abs) = scope.absolute(&segs) {
                        aliases.insert(name, abs);
                    }
                }
            }
            c.aliases.push(aliases);
        }
        c
    }

    /// The file that `path` (absolute) lands in, following re-exports.
    fn resolve(&self, path: &[String], depth: usize) -> Option<usize> {
        let n = (0..=path.len())
            .rev()
            .find(|n| self.modules.contains_key(&path[..*n]))?;
        let file = self.modules[&path[..n]];
        if let (Some(next), true) = (path.get(n), depth < 16) {
            if let Some(target) = self.aliases[file].get(next) {
                let mut full = target.clone();
                full.extend(path[n + 1..].iter().cloned());
                if full != path {
                    return self.resolve(&full, depth + 1).or(Some(file));
                }
            }
        }
        Some(file)
    }

    /// File → files it depends on.
    fn graph(&self) -> Vec<BTreeSet<usize>> {
        (0..self.files.len())
            .map(|i| {
                let code = code_only(&self.files[i].text);
                let mut deps = BTreeSet::new();
                let mut targets: Vec<ModPath> = self.aliases[i].values().cloned().collect();
                for (line, segs) in paths_in(&code) {
                    let scope = Scope {
                        module: &self.files[i].module,
                        inline: line >= self.inline_from[i],
                        children: &self.children[i],
                        aliases: &self.aliases[i],
                    };
                    targets.extend(scope.absolute(&segs));
                }
                for t in targets {
                    if let Some(f) = self.resolve(&t, 0) {
                        if f != i {
                            deps.insert(f);
                        }
                    }
                }
                deps
            })
            .collect()
    }
}

/// Strongly connected components with more than one file (Tarjan).
fn cycles(graph: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct T<'a> {
        g: &'a [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(t: &mut T, v: usize) {
        t.index[v] = Some(t.next);
        t.low[v] = t.next;
        t.next += 1;
        t.stack.push(v);
        t.on[v] = true;
        for &w in &t.g[v] {
            match t.index[w] {
                None => {
                    visit(t, w);
                    t.low[v] = t.low[v].min(t.low[w]);
                }
                Some(iw) if t.on[w] => t.low[v] = t.low[v].min(iw),
                _ => {}
            }
        }
        if Some(t.low[v]) == t.index[v] {
            let mut scc = Vec::new();
            loop {
                let w = t.stack.pop().unwrap();
                t.on[w] = false;
                scc.push(w);
                if w == v {
                    break;
                }
            }
            if scc.len() > 1 {
                scc.sort_unstable();
                t.out.push(scc);
            }
        }
    }
    let n = graph.len();
    let mut t = T {
        g: graph,
        index: vec![None; n],
        low: vec![0; n],
        on: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            visit(&mut t, v);
        }
    }
    t.out.sort();
    t.out
}

/// One concrete cycle through the first file of `scc`: a → b → … → a.
fn one_cycle(graph: &[BTreeSet<usize>], scc: &[usize]) -> Vec<usize> {
    let start = scc[0];
    let inside: BTreeSet<usize> = scc.iter().copied().collect();
    // Breadth-first from start's successors back to start.
    let mut from: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &graph[v] {
            if !inside.contains(&w) {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = from[&at];
                    path.push(at);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = from.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    scc.to_vec()
}

/// Everything wrong with the shape of the crate at `root`, one line each.
fn problems(root: &Path) -> Vec<String> {
    let c = Crate::read(root);
    let graph = c.graph();
    let mut out = Vec::new();
    for scc in cycles(&graph) {
        let names = |ids: &[usize]| {
            ids.iter()
                .map(|i| c.files[*i].rel.as_str())
                .collect::<Vec<_>>()
        };
        out.push(format!(
            "import cycle between {} files: {}\n    e.g. {}",
            scc.len(),
            names(&scc).join(", "),
            names(&one_cycle(&graph, &scc)).join(" → ")
        ));
    }
    for f in &c.files {
        let lines = f.text.lines().count();
        let reason = f
            .text
            .lines()
            .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
            .any(|l| l.starts_with(REASON));
        if lines > LIMIT && !reason {
            out.push(format!(
                "{} has {lines} lines (over {LIMIT}) and no `{REASON}` line in its header",
                f.rel
            ));
        }
    }
    out
}

#[test]

fn no_import_cycle_and_no_oversized_file() {
    let found = problems(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(
        found.is_empty(),
        "{} problem(s) in the shape of src/:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The checker itself, on a small crate written for the test.
#[test]
fn the_checker_finds_cycles_through_reexports_and_long_files() {
    let tmp = tempfile::tempdir().unwrap();
    let write = |rel: &str, text: &str| {
        let p = tmp.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "src/lib.rs",
        "//! Root.\npub mod a;\npub mod b;\npub mod c;\n",
    );
    // a/mod.rs re-exports a/inner.rs; b uses it through a; inner uses b.
    write(
        "src/a/mod.rs",
        "//! A.\nmod inner;\npub use inner::Thing;\n",
    );
    write(
        "src/a/inner.rs",
        "//! Inner.\npub struct Thing;\nfn f() { crate::b::g(); }\n",
    );
    write("src/b.rs", "//! B.\nuse crate::a::Thing;\npub fn g() {}\n");
    // c is long, with tests that say `super::*` (itself), and a string
    // that mentions crate::a (not code).
    let mut long = String::from("//! C.\nconst S: &str = \"crate::a::Thing\";\n");
    long.push_str(&"// filler\n".repeat(LIMIT));
    long.push_str("#[cfg(test)]\nmod tests {\n    use super::*;\n}\n");
    write("src/c.rs", &long);
    let found = problems(tmp.path());
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("import cycle between 2 files: src/a/inner.rs, src/b.rs"),
        "{found:#?}"
    );
    assert!(
        found[0].contains("src/a/inner.rs → src/b.rs → src/a/inner.rs"),
        "{found:#?}"
    );
    assert!(found[1].starts_with("src/c.rs has 506 lines"), "{found:#?}");

    // A declared child is not a dependency; a stated reason allows length.
    write("src/b.rs", "//! B.\npub fn g() {}\n");
    long = long.replacen("//! C.\n", "//! C.\n//! Over 500 lines: a table.\n", 1);
    write("src/c.rs", &long);
    assert_eq!(problems(tmp.path()), Vec::<String>::new());
}
