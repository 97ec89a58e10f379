#!/usr/bin/env python3
"""Writes the seed corpus under fuzz/corpus/<target>/ from content/ and
tests/fixtures/ (run from the repository root; the output is committed).

  yaml          every YAML file, plus anchors, aliases and deep nesting
  load_project  one seed per forum project: its text files joined as
                `=== <path>` sections (the format fuzz_targets/load_project.rs reads)
  front_matter  every Markdown file
  markdown      every Markdown body, prefixed by a flags byte
                (bit 0: raw_html, bit 1: numbered headings), plus hand-written cases
"""
import hashlib
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
TEXT = {".yaml", ".md", ".svg"}


def put(target, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def projects():
    yield ROOT / "content"
    yield from sorted(p.parent for p in (ROOT / "tests" / "fixtures").rglob("forum.yaml"))


for project in projects():
    parts = []
    for f in sorted(project.rglob("*")):
        rel = f.relative_to(project).as_posix()
        if not f.is_file() or rel.startswith("themes/"):
            continue
        data = f.read_bytes() if f.suffix in TEXT else b"%PDF-1.4 seed\n"
        parts.append(b"=== " + rel.encode() + b"\n" + data)
    put("load_project", b"".join(p if p.endswith(b"\n") else p + b"\n" for p in parts))

for f in sorted(ROOT.glob("content/**/*.yaml")) + sorted(ROOT.glob("tests/fixtures/**/*.yaml")):
    if "themes" not in f.parts:
        put("yaml", f.read_bytes())
put("yaml", b"a: &a [x, y]\nb: *a\nc: {<<: *a}\n")
put("yaml", b"days: " + b"[" * 70 + b"]" * 70 + b"\n")
put("yaml", b"title: 'it''s'\nx: \"\\\"[[\" # [[\n--- \n- ? a\n  : b\n")

for i, f in enumerate(sorted(ROOT.glob("content/**/*.md")) + sorted(ROOT.glob("tests/fixtures/**/*.md"))):
    data = f.read_bytes()
    put("front_matter", data)
    body = data.split(b"\n---\n", 1)[-1] if data.startswith(b"---\n") else data
    put("markdown", bytes([i % 4]) + body)

HAND = [
    b"# Title {#custom-id .cls}\n\n## Same\n\n## Same\n",
    b"<script>alert(1)</script>\n\nText with <b onclick=\"x()\">inline</b> HTML.\n",
    b"[js](javascript:alert(1)) [v](VBScript:x) <javascript:alert(1)> ![i](data:image/png;base64,AA==)\n",
    b"Note[^1] and again[^1].\n\n[^1]: The note with [a link](../speakers/ana.md#bio).\n",
    b"| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~\n",
    b"```rust\nfn main() { println!(\"<hi>\"); }\n```\n\n    indented\n",
    b"[out](../../../etc/passwd) [x](../files/a%20b.pdf) [y](<../files/a b.pdf>)\n",
]
for i, h in enumerate(HAND):
    put("markdown", bytes([0]) + h)
    put("markdown", bytes([3]) + h)
    put("front_matter", b"---\ntitle: x\n---\n" + h)
