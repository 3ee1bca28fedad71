//! `--format svg`: a standalone SVG drawn by cgraph itself (no Graphviz
//! needed), in the style of the book's figures 5-16 and 5-17: left to right,
//! layers as circles with `×`, `+` or a function's name, leaves as their names
//! or literals, and on every arrow the forward value above and the gradient
//! below in red. An operand used twice by one layer (`x*x`) gets two arrows
//! bent apart. Positions come from [`super::layout`].
//!
//! An SVG file holds one picture, so several evaluations in one run are drawn
//! as figures stacked top to bottom in a single SVG, each under its own title.

use std::fmt::Write as _;
use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::dot::{GRAD_COLOR, VALUE_COLOR};
use super::figure::{self, Edge};
use super::layout::layout;
use super::{Look, xml};
use crate::graph::NodeId;
use crate::report::Evaluation;

const MARGIN: f64 = 24.0;
const TITLE: f64 = 40.0;
const ROW_GAP: f64 = 84.0;
const NODE_FONT: f64 = 15.0;
const SYMBOL_FONT: f64 = 22.0;
const EDGE_FONT: f64 = 13.0;
/// A formula's name under its circle.
const CAPTION_FONT: f64 = 13.0;
/// Between the level runs of arrows leaving one node: room for two labels.
const LANE: f64 = 38.0;
/// Between stacked figures.
const FIGURE_GAP: f64 = 28.0;

/// One evaluation drawn, ready to be placed in a document.
#[derive(Clone, Debug)]
pub struct Figure {
    body: String,
    pub width: f64,
    pub height: f64,
}

/// Writes `evaluation` as a standalone SVG document.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    write_document(out, &[draw(evaluation, look)])
}

/// Writes one SVG document holding `figures`, stacked top to bottom.
pub fn write_document(out: &mut dyn Write, figures: &[Figure]) -> io::Result<()> {
    let width = figures.iter().map(|f| f.width).fold(0.0, f64::max).ceil();
    let gaps = FIGURE_GAP * figures.len().saturating_sub(1) as f64;
    let height = (figures.iter().map(|f| f.height).sum::<f64>() + gaps).ceil();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif">"#
    )?;
    writeln!(
        out,
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,1 L10,5 L0,9 z" fill="#333"/></marker></defs>"##
    )?;
    writeln!(out, r#"<rect width="{width}" height="{height}" fill="white"/>"#)?;
    let mut top = 0.0;
    for figure in figures {
        writeln!(out, r#"<g transform="translate(0,{top})">"#)?;
        out.write_all(figure.body.as_bytes())?;
        writeln!(out, "</g>")?;
        top += figure.height + FIGURE_GAP;
    }
    writeln!(out, "</svg>")
}

/// How a node is drawn: a circle around an operation's symbol, or a leaf's
/// name or literal as plain text.
struct Shape {
    x: f64,
    y: f64,
    /// The circle's radius, or half the text's width for a leaf.
    half: f64,
    round: bool,
}

impl Shape {
    /// Where an arrow towards (or from) the point (`px`, `py`) meets the shape.
    fn rim(&self, px: f64, py: f64) -> (f64, f64) {
        if !self.round {
            let side = if px >= self.x { 1.0 } else { -1.0 };
            return (self.x + side * (self.half + 4.0), self.y);
        }
        let (dx, dy) = (px - self.x, py - self.y);
        let length = dx.hypot(dy).max(1e-9);
        (self.x + self.half * dx / length, self.y + self.half * dy / length)
    }
}

/// Lays out and draws one evaluation.
pub fn draw(evaluation: &Evaluation, look: &Look) -> Figure {
    let graph = &evaluation.graph;
    let output = evaluation.output as usize;
    let edges = figure::edges(evaluation);
    let mut fan_out = vec![0usize; output + 1];
    for edge in &edges {
        fan_out[edge.from as usize] += 1;
    }
    let texts: Vec<String> = (0..=output)
        .map(|i| {
            let node = &graph.nodes[i];
            if node.layer.arity() == 0 {
                graph.label(i as NodeId).into_owned()
            } else {
                graph.symbol(i as NodeId).into_owned()
            }
        })
        .collect();
    let halves: Vec<f64> = texts
        .iter()
        .zip(&graph.nodes)
        .map(|(text, node)| {
            let half = text_width(text, NODE_FONT) / 2.0;
            if node.layer.arity() == 0 { half } else { (half + 8.0).max(18.0) }
        })
        .collect();

    let heights: Vec<f64> = (0..=output)
        .map(|i| {
            let caption = if graph.name(i as NodeId).is_some() { CAPTION_FONT + 4.0 } else { 0.0 };
            let round = if graph.nodes[i].layer.arity() > 0 { 2.0 * halves[i] + 24.0 + caption } else { 0.0 };
            (fan_out[i] as f64 * LANE).max(round) / ROW_GAP
        })
        .collect();
    let place = layout(graph, output, &heights);

    // Column widths, and the room each gap needs for the labels crossing it.
    let mut column_half = vec![18.0f64; place.columns];
    for (i, &half) in halves.iter().enumerate() {
        column_half[place.column[i]] = column_half[place.column[i]].max(half);
    }
    let label_width = |edge: &Edge| {
        let value = text_width(&look.number(edge.value), EDGE_FONT);
        value.max(text_width(&look.number(edge.grad), EDGE_FONT))
    };
    let mut gap = vec![72.0f64; place.columns];
    for edge in &edges {
        if let Some(to) = edge.to {
            let column = place.column[to as usize];
            let span = (column - place.column[edge.from as usize]).max(1) as f64;
            gap[column] = gap[column].max(label_width(edge) / span + 72.0);
        }
    }
    let mut column_x = vec![MARGIN + column_half[0]; place.columns];
    for c in 1..place.columns {
        column_x[c] = column_x[c - 1] + column_half[c - 1] + gap[c] + column_half[c];
    }
    // Room under the title for what reaches above the top nodes: their
    // circles, and the upper lanes of arrows with their labels.
    let reach = (0..=output)
        .map(|i| {
            let lanes = (fan_out[i] as f64 - 1.0) / 2.0 * LANE + EDGE_FONT + 8.0;
            lanes.max(halves[i]) - place.row[i] * ROW_GAP
        })
        .fold(0.0, f64::max);
    let top = MARGIN + TITLE + reach;
    let shapes: Vec<Shape> = (0..=output)
        .map(|i| Shape {
            x: column_x[place.column[i]],
            y: top + place.row[i] * ROW_GAP,
            half: halves[i],
            round: graph.nodes[i].layer.arity() > 0,
        })
        .collect();

    let mut body = String::new();
    let title = figure::title(evaluation, look);
    let _ = writeln!(
        body,
        r#"<text x="{MARGIN}" y="{}" font-size="16" fill="{VALUE_COLOR}">{}</text>"#,
        MARGIN + 16.0,
        xml(&title)
    );
    let mut right = MARGIN + text_width(&title, 16.0);
    let mut bottom = top;
    // Each arrow leaves its node on a level run of its own, where its labels
    // sit as in the book: one run for most nodes, one lane per use for a node
    // used several times, lanes ordered by where the arrows go.
    let mut lane = vec![0usize; edges.len()];
    let mut by_source: Vec<usize> = (0..edges.len()).collect();
    let target_y = |e: &Edge| e.to.map_or(f64::INFINITY, |to| shapes[to as usize].y);
    by_source.sort_by(|&a, &b| {
        let (a, b) = (&edges[a], &edges[b]);
        a.from.cmp(&b.from).then(target_y(a).total_cmp(&target_y(b)))
    });
    for pair in by_source.windows(2) {
        if edges[pair[0]].from == edges[pair[1]].from {
            lane[pair[1]] = lane[pair[0]] + 1;
        }
    }
    for (edge, &lane) in edges.iter().zip(&lane) {
        let from = &shapes[edge.from as usize];
        let offset = (lane as f64 - (fan_out[edge.from as usize] - 1) as f64 / 2.0) * LANE;
        let (sx, sy) = from.rim(from.x + 1.0, from.y);
        let ly = sy + offset;
        let run = label_width(edge) + 16.0;
        // Into the lane, then level for the labels.
        let mut path = format!("M{sx:.1},{sy:.1}");
        let lx0 = if offset == 0.0 {
            sx
        } else {
            path.push_str(&format!(" Q{:.1},{ly:.1} {:.1},{ly:.1}", sx + 6.0, sx + 16.0));
            sx + 16.0
        };
        let (lx, end) = match edge.to {
            None => {
                let ex = lx0 + run.max(72.0);
                path.push_str(&format!(" H{ex:.1}"));
                ((lx0 + ex) / 2.0, ex)
            }
            Some(to) => {
                let to = &shapes[to as usize];
                let hx = lx0 + run.min((to.x - to.half - lx0) * 0.6).max(0.0);
                let (ex, ey) = to.rim(hx, ly);
                let cx = hx + (ex - hx) / 2.0;
                path.push_str(&format!(" H{hx:.1} Q{cx:.1},{ly:.1} {ex:.1},{ey:.1}"));
                ((lx0 + hx) / 2.0, ex)
            }
        };
        let _ = writeln!(
            body,
            r##"<path d="{path}" fill="none" stroke="#333" stroke-width="1.3" marker-end="url(#arrow)"/>"##
        );
        for (text, dy, color) in [(edge.value, -6.0, VALUE_COLOR), (edge.grad, EDGE_FONT + 3.0, GRAD_COLOR)] {
            let _ = writeln!(
                body,
                r#"<text x="{lx:.1}" y="{:.1}" font-size="{EDGE_FONT}" text-anchor="middle" fill="{color}" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"#,
                ly + dy,
                xml(&look.number(text))
            );
        }
        right = right.max(end + 8.0);
        bottom = bottom.max(ly + EDGE_FONT + 6.0);
    }
    for (i, shape) in shapes.iter().enumerate() {
        let node = &graph.nodes[i];
        let tip = format!("#{i} {}: {}", node.layer.name(), graph.label(i as NodeId));
        let (x, y) = (shape.x, shape.y);
        let _ = write!(body, "<g><title>{}</title>", xml(&tip));
        if shape.round {
            let _ = write!(
                body,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="{:.1}" fill="white" stroke="#222" stroke-width="1.5"/>"##,
                shape.half
            );
        }
        // A one-character symbol (×, +) is drawn larger, as in the book.
        let size = if shape.round && texts[i].chars().count() == 1 { SYMBOL_FONT } else { NODE_FONT };
        let _ = writeln!(
            body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="middle" dominant-baseline="central" fill="{VALUE_COLOR}">{}</text></g>"#,
            xml(&texts[i])
        );
        let mut below = shape.half.min(24.0);
        // A formula's circle gets its name underneath, in italics.
        if let (true, Some(name)) = (shape.round, graph.name(i as NodeId)) {
            let cy = y + shape.half + CAPTION_FONT;
            let _ = writeln!(
                body,
                r#"<text x="{x:.1}" y="{cy:.1}" font-size="{CAPTION_FONT}" font-style="italic" text-anchor="middle" fill="{VALUE_COLOR}" stroke="white" stroke-width="3" paint-order="stroke">{}</text>"#,
                xml(name)
            );
            below = shape.half + CAPTION_FONT + 4.0;
        }
        right = right.max(x + shape.half);
        bottom = bottom.max(y + below);
    }
    Figure { body, width: right + MARGIN, height: bottom + MARGIN }
}

/// About how wide `text` is in a sans-serif font of `size` pixels.
fn text_width(text: &str, size: f64) -> f64 {
    text.width() as f64 * size * 0.6
}
