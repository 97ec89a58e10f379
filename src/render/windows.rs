//! Render stage: a template that lists many items (a handout's speakers)
//! rendered a window of items at a time, so that its context never holds
//! every item (a speaker's card is ~3 KB of template values: 155 MB for a
//! handout of 50,000 speakers).
//!
//! Each item shows a mark (`<!--foro:bio-7-->`) exactly once, in order; a
//! window's output is cut at the marks, and the text between two marks is
//! the end of one item and the start of the next. Windows overlap by
//! [`OVERLAP`] items on each side, and the texts two neighbouring windows
//! both make are compared: a template whose output for an item depends on
//! its place in the list (`loop.index`, `loop.first`, the list's length)
//! makes them differ, and is then rendered whole by the caller. So are the
//! text before the first item and after the last, against renders of two
//! items.

use std::ops::Range;

/// Items of their own in one render.
pub const WINDOW: usize = 4096;

/// Items rendered on each side of a window's own, whose texts are
/// compared with those of the neighbouring window.
const OVERLAP: usize = 2;

/// How the items are marked: item `i` shows `{prefix}{i}{suffix}`.
pub struct Marks<'a> {
    pub prefix: &'a str,
    pub suffix: &'a str,
}

impl Marks<'_> {
    pub fn of(&self, i: usize) -> String {
        format!("{}{i}{}", self.prefix, self.suffix)
    }
}

/// What is given the texts of each window, in order: the items of the
/// window, and the text before each of them (and after the last item of
/// the list, the rest of the page).
pub type Put<'p, E> = dyn FnMut(Range<usize>, Vec<&str>) -> Result<(), E> + Send + 'p;

/// Why a template was not cut into windows.
#[derive(Debug)]
pub enum Stop<E> {
    /// An item's mark is not shown exactly once and in order, or the
    /// template's output depends on an item's place in the list: render
    /// it whole. `put` may have been given windows already.
    NotLocal,
    /// `render` or `put` failed.
    Failed(E),
}

impl<E> From<E> for Stop<E> {
    fn from(e: E) -> Self {
        Stop::Failed(e)
    }
}

/// One render: the items `lo..hi`, and the byte ranges of its texts (the
/// text before each item's mark, then the rest).
struct Window {
    lo: usize,
    hi: usize,
    out: String,
    cuts: Vec<Range<usize>>,
}

impl Window {
    /// The text before item `i` (before nothing for `i` = the list's
    /// length `n`), when this window made it as the whole template would:
    /// not the text before its first item or after its last, unless they
    /// are the list's.
    fn text(&self, i: usize, n: usize) -> Option<&str> {
        let inside = (i > self.lo || self.lo == 0) && (i < self.hi || self.hi == n);
        (inside && (self.lo..=self.hi).contains(&i))
            .then(|| &self.out[self.cuts[i - self.lo].clone()])
    }
}

/// Renders a template that shows `n` items window by window: `render(r)`
/// renders it with the items `r` (each showing its mark), and `put(own,
/// texts)` is given, window after window in order, the text before each
/// of the items `own` (`texts[j]` before item `own.start + j`) and, after
/// the last item, the rest of the page (`texts` then has one text more).
/// With [`Stop::NotLocal`] the caller renders the template whole.
pub fn cut<E: Send>(
    n: usize,
    marks: &Marks,
    render: &(dyn Fn(Range<usize>) -> Result<String, E> + Sync),
    put: &mut Put<E>,
) -> Result<(), Stop<E>> {
    let count = n.div_ceil(WINDOW).max(1);
    let own = |k: usize| k * WINDOW..((k + 1) * WINDOW).min(n);
    let span = |k: usize| {
        let r = own(k);
        if count == 1 {
            0..n
        } else {
            r.start.saturating_sub(OVERLAP)..(r.end + OVERLAP).min(n)
        }
    };
    let give = |w: &Window, put: &mut Put<E>, k| {
        let r = own(k);
        let last = if r.end == n { n } else { r.end - 1 };
        let texts: Option<Vec<&str>> = (r.start..=last).map(|i| w.text(i, n)).collect();
        put(r, texts.ok_or(Stop::NotLocal)?).map_err(Stop::Failed)
    };
    let mut last = window_of(render, span(0), marks)?;
    if count > 1 {
        // The text before the first item, against a render of two items.
        let two = window_of(render, 0..2, marks)?;
        if two.text(0, n) != last.text(0, n) {
            return Err(Stop::NotLocal);
        }
    }
    let mut ready: Option<Window> = None;
    for k in 1..count {
        // The next window is rendered while the one before the last is
        // given to `put` (both checked against their neighbours).
        let (next, given) = rayon::join(
            || window_of(render, span(k), marks),
            || match ready.take() {
                Some(w) => give(&w, &mut *put, k - 2),
                None => Ok(()),
            },
        );
        given?;
        let next = next?;
        let shared = next.lo + 1..last.hi;
        if shared.clone().any(|i| last.text(i, n) != next.text(i, n)) {
            return Err(Stop::NotLocal);
        }
        ready = Some(std::mem::replace(&mut last, next));
    }
    if count > 1 {
        // The text after the last item, against a render of two items.
        let two = window_of(render, n - 2..n, marks)?;
        if two.text(n, n) != last.text(n, n) {
            return Err(Stop::NotLocal);
        }
    }
    if let Some(w) = ready {
        give(&w, put, count - 2)?;
    }
    give(&last, put, count - 1)
}

fn window_of<E>(
    render: &(dyn Fn(Range<usize>) -> Result<String, E> + Sync),
    r: Range<usize>,
    marks: &Marks,
) -> Result<Window, Stop<E>> {
    let out = render(r.clone())?;
    let cuts = cut_at_marks(&out, r.clone(), marks).ok_or(Stop::NotLocal)?;
    Ok(Window {
        lo: r.start,
        hi: r.end,
        out,
        cuts,
    })
}

/// The byte ranges of `out` between the marks of `items`: one more than
/// the items, or `None` unless each mark is there exactly once and in
/// order (and no other mark is).
fn cut_at_marks(out: &str, items: Range<usize>, marks: &Marks) -> Option<Vec<Range<usize>>> {
    let mut cuts = Vec::with_capacity(items.len() + 1);
    let mut at = 0;
    for i in items {
        let mark = marks.of(i);
        let found = at + out[at..].find(&mark)?;
        cuts.push(at..found);
        at = found + mark.len();
    }
    cuts.push(at..out.len());
    (!cuts.iter().any(|c| out[c.clone()].contains(marks.prefix))).then_some(cuts)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    const MARKS: Marks = Marks {
        prefix: "<!--m-",
        suffix: "-->",
    };

    /// A "template": a head, then each item as `<li>{mark}{name}</li>`,
    /// then a tail; `place` adds each item's place in the list, `length`
    /// the list's length to the head.
    fn template(r: Range<usize>, place: bool, length: bool) -> String {
        let mut out = String::from("<ul>");
        if length {
            let _ = write!(out, "{} items", r.len());
        }
        for (j, i) in r.enumerate() {
            let _ = write!(out, "<li>{}item {i}", MARKS.of(i));
            if place {
                let _ = write!(out, " #{j}");
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
        out
    }

    /// The page put together from what `cut` gives, with each mark
    /// replaced by `[i]`, and the widest render asked for.
    fn joined(
        n: usize,
        render: &(dyn Fn(Range<usize>) -> String + Sync),
    ) -> (Result<String, Stop<()>>, usize) {
        let mut page = String::new();
        let widest = std::sync::atomic::AtomicUsize::new(0);
        let mut next = 0;
        let result = cut(
            n,
            &MARKS,
            &|r: Range<usize>| {
                widest.fetch_max(r.len(), std::sync::atomic::Ordering::Relaxed);
                Ok(render(r))
            },
            &mut |own, texts| {
                assert_eq!(own.start, next, "windows in order");
                next = own.end;
                for (j, t) in texts.iter().enumerate() {
                    page.push_str(t);
                    if j < own.len() {
                        let _ = write!(page, "[{}]", own.start + j);
                    }
                }
                Ok(())
            },
        );
        (result.map(|()| page), widest.into_inner())
    }

    fn whole(n: usize) -> String {
        let mut page = template(0..n, false, false);
        for i in 0..n {
            page = page.replacen(&MARKS.of(i), &format!("[{i}]"), 1);
        }
        page
    }

    #[test]
    fn a_long_list_put_together_from_windows_is_the_list_rendered_whole() {
        for n in [0, 1, 2, WINDOW - 1, WINDOW, WINDOW + 1, 3 * WINDOW + 5] {
            let (page, widest) = joined(n, &|r| template(r, false, false));
            assert_eq!(page.unwrap(), whole(n), "{n} items");
            assert!(
                widest <= WINDOW + 2 * OVERLAP,
                "{n} items: a render of {widest}"
            );
        }
    }

    #[test]
    fn a_template_that_shows_an_item_by_its_place_or_the_list_by_its_length_is_not_cut() {
        let n = 2 * WINDOW + 3;
        assert!(matches!(
            joined(n, &|r| template(r, true, false)).0,
            Err(Stop::NotLocal)
        ));
        assert!(matches!(
            joined(n, &|r| template(r, false, true)).0,
            Err(Stop::NotLocal)
        ));
        // One window is the whole list: nothing to compare, nothing wrong.
        let (page, _) = joined(3, &|r| template(r, true, true));
        assert!(
            page.unwrap()
                .starts_with("<ul>3 items<li>[0]item 0 #0</li>")
        );
    }

    #[test]
    fn a_mark_missing_shown_twice_out_of_order_or_escaped_stops_the_cut() {
        let n = WINDOW + 10;
        let missing = |r: Range<usize>| template(r, false, false).replace(&MARKS.of(5), "");
        assert!(matches!(joined(n, &missing).0, Err(Stop::NotLocal)));
        let twice = |r: Range<usize>| {
            let t = template(r, false, false);
            format!("{t}{}", MARKS.of(WINDOW + 9))
        };
        assert!(matches!(joined(n, &twice).0, Err(Stop::NotLocal)));
        let swapped = |r: Range<usize>| {
            let (a, b) = (MARKS.of(3), MARKS.of(4));
            template(r, false, false)
                .replace(&a, "\0")
                .replace(&b, &a)
                .replace('\0', &b)
        };
        assert!(matches!(joined(n, &swapped).0, Err(Stop::NotLocal)));
        let escaped = |r: Range<usize>| crate::html::escape(&template(r, false, false));
        assert!(matches!(joined(3, &escaped).0, Err(Stop::NotLocal)));
    }
}
