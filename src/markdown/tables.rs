//! Render stage: Markdown tables, each scrolling inside a labelled region
//! on narrow screens, their columns aligned by a class (`align-right`)
//! rather than pulldown-cmark's inline `style`, which html-validate and a
//! strict content security policy reject.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

/// The table being read: its column alignments, whether its cells are head
/// cells, and the column of the next cell.
#[derive(Default)]
pub(super) struct Table {
    aligns: Vec<Alignment>,
    head: bool,
    column: usize,
}

impl Table {
    /// The events to write for one event of a table (its start and end,
    /// head, rows, cells); `label` names the region of a table that starts.
    pub(super) fn event<'e>(&mut self, ev: Event<'e>, label: Option<String>) -> Vec<Event<'e>> {
        match ev {
            Event::Start(Tag::Table(aligns)) => {
                *self = Table {
                    aligns,
                    ..Table::default()
                };
                let label = crate::html::escape(&label.unwrap_or_default());
                vec![
                    Event::Html(
                        format!(
                            "<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"{label}\">\n"
                        )
                        .into(),
                    ),
                    // The cells are written here: pulldown-cmark needs no
                    // alignments.
                    Event::Start(Tag::Table(Vec::new())),
                ]
            }
            Event::Start(Tag::TableHead) => {
                self.head = true;
                self.column = 0;
                vec![ev]
            }
            Event::End(TagEnd::TableHead) => {
                self.head = false;
                vec![ev]
            }
            Event::Start(Tag::TableRow) => {
                self.column = 0;
                vec![ev]
            }
            Event::Start(Tag::TableCell) => {
                let class = match self.aligns.get(self.column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    Some(Alignment::None) | None => "",
                };
                vec![Event::InlineHtml(
                    format!("<{}{class}>", self.cell()).into(),
                )]
            }
            Event::End(TagEnd::TableCell) => {
                self.column += 1;
                vec![Event::InlineHtml(format!("</{}>", self.cell()).into())]
            }
            Event::End(TagEnd::Table) => vec![ev, Event::Html("</section>\n".into())],
            ev => vec![ev],
        }
    }

    fn cell(&self) -> &'static str {
        if self.head { "th" } else { "td" }
    }
}
