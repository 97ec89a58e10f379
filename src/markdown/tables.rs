//! Render stage: Markdown tables, each scrolling inside a labelled region
//! on narrow screens, their columns aligned by a class (`align-right`)
//! rather than pulldown-cmark's inline `style`, which html-validate and a
//! strict content security policy reject.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use super::State;

/// The table being read: its column alignments, whether its cells are head
/// cells, and the column of the next cell.
#[derive(Default)]
pub(super) struct Table {
    aligns: Vec<Alignment>,
    head: bool,
    column: usize,
}

impl Table {
    fn cell(&self) -> &'static str {
        if self.head { "th" } else { "td" }
    }
}

impl<'e> State<'_, 'e> {
    /// Writes one event of a table (its start and end, head, rows, cells).
    pub(super) fn table_event(&mut self, ev: Event<'e>) {
        match ev {
            Event::Start(Tag::Table(aligns)) => {
                self.tables += 1;
                self.table = Table {
                    aligns,
                    ..Table::default()
                };
                // Named after the section it is in, so that the tables of
                // several documents (the handout) keep distinct names.
                let mut label = self
                    .r
                    .links
                    .label(self.src.lang, "table_region", self.tables);
                if !self.last_heading.is_empty() {
                    label = format!("{label} — {}", self.last_heading);
                }
                let label = crate::html::escape(&label);
                self.emit(Event::Html(
                    format!(
                        "<section class=\"table-wrap\" tabindex=\"0\" aria-label=\"{label}\">\n"
                    )
                    .into(),
                ));
                // The cells are written here, so pulldown-cmark needs no
                // alignments.
                self.emit(Event::Start(Tag::Table(Vec::new())));
            }
            Event::Start(Tag::TableHead) => {
                self.table.head = true;
                self.table.column = 0;
                self.emit(ev);
            }
            Event::End(TagEnd::TableHead) => {
                self.table.head = false;
                self.emit(ev);
            }
            Event::Start(Tag::TableRow) => {
                self.table.column = 0;
                self.emit(ev);
            }
            Event::Start(Tag::TableCell) => {
                let cell = self.table.cell();
                let class = match self.table.aligns.get(self.table.column) {
                    Some(Alignment::Left) => " class=\"align-left\"",
                    Some(Alignment::Center) => " class=\"align-center\"",
                    Some(Alignment::Right) => " class=\"align-right\"",
                    Some(Alignment::None) | None => "",
                };
                self.emit(Event::InlineHtml(format!("<{cell}{class}>").into()));
            }
            Event::End(TagEnd::TableCell) => {
                let cell = self.table.cell();
                self.table.column += 1;
                self.emit(Event::InlineHtml(format!("</{cell}>").into()));
            }
            Event::End(TagEnd::Table) => {
                self.emit(ev);
                self.emit(Event::Html("</section>\n".into()));
            }
            ev => self.emit(ev),
        }
    }
}
