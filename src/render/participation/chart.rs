//! Render stage: horizontal bar charts as inline SVG, made by the build.
//!
//! No script and no external file: `role="img"` with a `<title>` and a
//! `<desc>` for screen readers (the page puts the data table beside it),
//! and every mark drawn in `currentColor`, so the chart follows the text
//! colour in dark mode and prints in black. Classes (`bar`, `bar-strong`,
//! `target`, `grid`) let a theme colour it.

use std::fmt::Write as _;

use crate::html::escape;

/// One bar: a share in tenths of a percent.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    /// `None` for an empty group: no bar, the value says why.
    pub tenths: Option<u32>,
    /// The value as written beside the bar (`53.8 %`).
    pub value: String,
    /// Drawn darker (the total, or the group the target is about).
    pub strong: bool,
}

pub struct Chart<'a> {
    /// Unique on the page; `-title` and `-desc` are appended.
    pub id: &'a str,
    pub title: &'a str,
    /// Every figure in words, for screen readers.
    pub desc: &'a str,
    pub bars: &'a [Bar],
    /// A dashed line at this percentage, with its label.
    pub target: Option<(f64, &'a str)>,
    /// A tick label for 0, 25, 50, 75 and 100 percent.
    pub axis: &'a dyn Fn(u32) -> String,
}

const ROW: f64 = 28.0;
const BAR: f64 = 18.0;
const PLOT: f64 = 300.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 30.0;
const VALUE_SPACE: f64 = 72.0;
/// Average width of a character at 14 px, to size the label column.
const CHAR: f64 = 8.2;

/// Numbers as SVG attributes: at most one decimal.
fn n(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0")
        .map_or_else(|| s.clone(), str::to_string)
}

pub fn svg(c: &Chart) -> String {
    let longest = c
        .bars
        .iter()
        .map(|b| u32::try_from(b.label.chars().count()).unwrap_or(40))
        .max()
        .unwrap_or(0);
    let left = (f64::from(longest) * CHAR).clamp(48.0, 260.0) + 16.0;
    let rows = u32::try_from(c.bars.len()).unwrap_or(0);
    let plot_h = f64::from(rows) * ROW;
    let width = left + PLOT + VALUE_SPACE;
    let height = TOP + plot_h + BOTTOM;
    let x_at = |tenths: f64| left + PLOT * (tenths / 1000.0).clamp(0.0, 1.0);
    let (id, title, desc) = (escape(c.id), escape(c.title), escape(c.desc));
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"system-ui, sans-serif\" font-size=\"14\" fill=\"currentColor\">\n<title id=\"{id}-title\">{title}</title>\n<desc id=\"{id}-desc\">{desc}</desc>\n",
        w = n(width),
        h = n(height),
    );
    // Grid and axis labels every 25 %.
    s.push_str("<g class=\"grid\" stroke=\"currentColor\" stroke-opacity=\"0.25\">\n");
    for p in [0, 25, 50, 75, 100] {
        let x = n(x_at(f64::from(p) * 10.0));
        let _ = writeln!(
            s,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>",
            n(TOP - 4.0),
            n(TOP + plot_h)
        );
    }
    s.push_str("</g>\n<g class=\"axis\" font-size=\"12\" text-anchor=\"middle\">\n");
    for p in [0, 25, 50, 75, 100] {
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            n(x_at(f64::from(p) * 10.0)),
            n(TOP - 8.0),
            escape(&(c.axis)(p))
        );
    }
    s.push_str("</g>\n");
    for (row, b) in c.bars.iter().enumerate() {
        let y = TOP + f64::from(u32::try_from(row).unwrap_or(0)) * ROW + (ROW - BAR) / 2.0;
        let baseline = n(y + BAR - 4.0);
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{baseline}\" text-anchor=\"end\">{}</text>",
            n(left - 8.0),
            escape(&b.label)
        );
        let end = b.tenths.map_or(left, |t| x_at(f64::from(t)));
        if b.tenths.is_some() {
            let (class, opacity) = if b.strong {
                ("bar bar-strong", "0.85")
            } else {
                ("bar", "0.55")
            };
            let _ = writeln!(
                s,
                "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill-opacity=\"{opacity}\"/>",
                n(left),
                n(y),
                n(end - left),
                n(BAR)
            );
        }
        let weight = if b.strong { " font-weight=\"700\"" } else { "" };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{baseline}\"{weight}>{}</text>",
            n(end + 6.0),
            escape(&b.value)
        );
    }
    if let Some((percent, label)) = c.target {
        let x = x_at(percent * 10.0);
        let anchor = if x > left + PLOT * 0.8 {
            "end"
        } else if x < left + PLOT * 0.2 {
            "start"
        } else {
            "middle"
        };
        let _ = write!(
            s,
            "<g class=\"target\">\n<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"currentColor\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n<text x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\" font-weight=\"700\">{}</text>\n</g>\n",
            n(TOP - 4.0),
            n(TOP + plot_h + 6.0),
            n(height - 6.0),
            escape(label),
            x = n(x),
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(bars: &[Bar], target: Option<(f64, &str)>) -> String {
        svg(&Chart {
            id: "c",
            title: "Women <by> economy",
            desc: "Peru: 53.8 %",
            bars,
            target,
            axis: &|p| format!("{p} %"),
        })
    }

    #[test]
    fn bars_are_proportional_and_text_is_escaped() {
        let bars = [
            Bar {
                label: "Papua New Guinea".into(),
                tenths: Some(500),
                value: "50.0 %".into(),
                strong: false,
            },
            Bar {
                label: "R&D".into(),
                tenths: None,
                value: "—".into(),
                strong: true,
            },
        ];
        let s = chart(&bars, Some((40.0, "Target: 40 %")));
        assert!(s.contains("Women &lt;by&gt; economy"));
        assert!(s.contains(">R&amp;D<"));
        assert!(s.contains("width=\"150\" height=\"18\""), "{s}");
        assert_eq!(s.matches("<rect").count(), 1);
        assert!(s.contains("role=\"img\" aria-labelledby=\"c-title c-desc\""));
        assert!(s.contains("stroke-dasharray"));
        assert!(!s.contains("fill=\"#"), "colours come from currentColor");
    }

    #[test]
    fn numbers_have_at_most_one_decimal() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.345), "12.3");
    }
}
