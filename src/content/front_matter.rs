//! Content stage: `---` front matter of Markdown files.

use std::path::Path;

use super::reader::Reader;
use crate::diagnostics::Diagnostic;
use crate::yaml::Pos;

/// A Markdown file split into its front matter and body.
pub(crate) struct FrontMatter<'a> {
    /// The YAML between the `---` lines (empty if there is none).
    pub yaml: &'a str,
    /// The 1-based line where the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// The 1-based line where the body starts.
    pub body_line: usize,
}

/// Splits `---` front matter from a Markdown text. An opening `---` without
/// a closing one is an error (returns the line of the opening).
pub(crate) fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, usize> {
    let Some(after_open) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Ok(FrontMatter {
            yaml: "",
            yaml_line: 1,
            body: text,
            body_line: 1,
        });
    };
    let mut offset = 0;
    for (i, line) in after_open.split_inclusive('\n').enumerate() {
        if line.trim_end() == "---" {
            let yaml = &after_open[..offset];
            let body = &after_open[offset + line.len()..];
            return Ok(FrontMatter {
                yaml,
                yaml_line: 2,
                body,
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err(1)
}

/// [`split_front_matter`] for the file `rel`, reporting an unclosed front
/// matter; the same diagnostic for every loader.
pub(crate) fn split_or_report<'a>(
    r: &mut Reader,
    rel: &Path,
    text: &'a str,
) -> Option<FrontMatter<'a>> {
    match split_front_matter(text) {
        Ok(fm) => Some(fm),
        Err(line) => {
            r.diags.push(
                Diagnostic::error(
                    rel,
                    Some(Pos { line, col: 1 }),
                    "the front matter is not closed",
                )
                .hint("end the front matter with a line of three dashes `---`"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_lines_are_counted_from_the_file_start() {
        let fm = split_front_matter("---\nname: A\nx: 1\n---\nBio\n").unwrap();
        assert_eq!(fm.yaml, "name: A\nx: 1\n");
        assert_eq!((fm.yaml_line, fm.body_line, fm.body), (2, 5, "Bio\n"));
        assert_eq!(split_front_matter("---\nname: A\n").err(), Some(1));
        assert_eq!(split_front_matter("# Hi\n").unwrap().body, "# Hi\n");
    }
}
