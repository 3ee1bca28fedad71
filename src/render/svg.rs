//! `--format svg`: a standalone SVG drawn by cgraph itself (no Graphviz
//! needed), in the style of the book's figures 5-16 and 5-17: left to right,
//! layers as circles with `×`, `+` or a function's name (a long-named
//! matrix layer such as `softmax_with_loss` in a box), leaves as their names
//! or literals, and on every arrow the forward value above and the gradient
//! below in red. Positions come from the layered layout of [`super::layout`];
//! each arrow's label is a box of that layout, so labels never overlap.
//!
//! Only plain SVG is used (rectangles behind labels rather than stroke halos,
//! arrowheads as triangles rather than markers, baselines computed rather
//! than `dominant-baseline`), so the picture looks the same in browsers,
//! librsvg, cairosvg and Inkscape.
//!
//! An SVG file holds one picture, so several evaluations in one run are drawn
//! as figures stacked top to bottom in a single SVG, each under its own title.

mod path;

use std::fmt::Write as _;
use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

use super::buffer::Buffer;
use super::dot::{GRAD_COLOR, VALUE_COLOR};
use super::figure;
use super::layout::{self, Layout, Size, Spacing};
use super::{Look, xml};
use crate::graph::NodeId;
use crate::report::Evaluation;
use crate::source;

const MARGIN: f64 = 24.0;
const TITLE: f64 = 40.0;
const NODE_FONT: f64 = 15.0;
const SYMBOL_FONT: f64 = 22.0;
const EDGE_FONT: f64 = 13.0;
/// A formula's name under its circle.
const CAPTION_FONT: f64 = 13.0;
/// Between stacked figures.
const FIGURE_GAP: f64 = 28.0;
/// Where a text's baseline is below its centre line, as a share of its size.
const BASELINE: f64 = 0.35;
const SPACING: Spacing = Spacing { node_gap: 18.0, edge_gap: 8.0, column_gap: 40.0 };
const EDGE_COLOR: &str = "#333";
/// The height of a layer drawn as a box.
const BOX_HEIGHT: f64 = NODE_FONT + 18.0;

/// One evaluation drawn, ready to be placed in a document.
#[derive(Clone, Debug)]
pub struct Figure {
    body: String,
    pub width: f64,
    pub height: f64,
}

impl Figure {
    /// A figure drawn elsewhere (a training's loss curve): its elements and size.
    pub fn new(body: String, width: f64, height: f64) -> Figure {
        Figure { body, width, height }
    }
}

/// About the memory a node's drawing takes, its layout and its text.
const BYTES_PER_NODE: usize = 3 << 10;

/// Writes `evaluation` as a standalone SVG document.
pub fn write(out: &mut dyn Write, evaluation: &Evaluation, look: &Look) -> io::Result<()> {
    write_document(out, &[draw(evaluation, look)?])
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

/// How a node is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    /// A circle of this radius around an operation's symbol.
    Circle(f64),
    /// A rounded box this wide around a whole-matrix layer's long name
    /// (`softmax_with_loss`), which a circle would have to be huge to hold.
    Box(f64),
    /// A leaf's name or literal as text, this wide.
    Text(f64),
    /// Where the output's arrow ends: nothing drawn.
    Point,
}

impl Shape {
    /// How far right of the centre an edge at `dy` below the centre leaves
    /// (or, mirrored, arrives).
    fn rim(self, dy: f64) -> f64 {
        match self {
            Shape::Circle(r) => (r * r - dy * dy).max(0.0).sqrt(),
            Shape::Text(width) | Shape::Box(width) => width / 2.0,
            Shape::Point => 0.0,
        }
    }

    /// How far apart the edges leaving (or arriving at) one side are.
    fn port_step(self, edges: usize) -> f64 {
        let room = match self {
            Shape::Circle(r) => 1.1 * r,
            Shape::Box(_) => 1.1 * BOX_HEIGHT / 2.0,
            Shape::Text(_) => NODE_FONT,
            Shape::Point => 0.0,
        };
        if edges < 2 { 0.0 } else { (room / (edges - 1) as f64).min(10.0) }
    }
}

/// Lays out and draws one evaluation; a drawing too big for memory is an
/// `OutOfMemory` error.
pub fn draw(evaluation: &Evaluation, look: &Look) -> io::Result<Figure> {
    let graph = &evaluation.graph;
    // The layout's arrays are not grown fallibly: a drawing that will not
    // fit is refused before it starts (about 3 kB a node, measured: 288 MB
    // for 100,000 nodes, 160 MB of it the text).
    let needs = graph.len().saturating_mul(BYTES_PER_NODE);
    if source::memory_free().is_some_and(|free| needs > free) {
        let message = format!(
            "out of memory drawing the SVG of {} nodes (it needs about {} MB)",
            graph.len(),
            needs >> 20
        );
        return Err(io::Error::new(io::ErrorKind::OutOfMemory, message));
    }
    let output = evaluation.output as usize;
    let edges = figure::edges(evaluation);
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
    let shapes = shapes(evaluation, &texts);
    let sizes = sizes(evaluation, &shapes);
    let labels: Vec<[String; 2]> = edges.iter().map(|e| e.texts(look)).collect();
    let placed: Vec<layout::Edge> = edges
        .iter()
        .zip(&labels)
        .map(|(edge, [value, grad])| layout::Edge {
            from: edge.from as usize,
            to: edge.to.map_or(output + 1, |to| to as usize),
            label: Size {
                width: text_width(value, EDGE_FONT).max(text_width(grad, EDGE_FONT)) + 8.0,
                above: EDGE_FONT + 7.0,
                below: EDGE_FONT + 7.0,
            },
        })
        .collect();
    let layout = layout::layout(&sizes, &placed, &SPACING);

    let mut body = Buffer::default();
    let title = figure::title(evaluation, look);
    let _ = writeln!(
        body,
        r#"<text x="{MARGIN}" y="{}" font-size="16" fill="{VALUE_COLOR}">{}</text>"#,
        MARGIN + 16.0,
        xml(&title)
    );
    let origin = (MARGIN, MARGIN + TITLE);
    let at = |node: usize| (layout.columns[layout.column[node]].middle(), layout.height[node]);
    let ports = ports(&layout, &placed, &shapes);
    for (k, label) in labels.iter().enumerate() {
        let (from, to) = (placed[k].from, placed[k].to);
        let ((fx, fy), (tx, ty)) = (at(from), at(to));
        let (out_dy, in_dy) = ports[k];
        let start = (fx + shapes[from].rim(out_dy), fy + out_dy);
        let end = (tx - shapes[to].rim(in_dy), ty + in_dy);
        let route = &layout.routes[k];
        let d = path::edge(route, &layout.columns, start, end, origin);
        let _ = writeln!(
            body,
            r#"<g class="edge"><path d="{d}" fill="none" stroke="{EDGE_COLOR}" stroke-width="1.3"/><polygon points="{}" fill="{EDGE_COLOR}"/></g>"#,
            path::arrowhead(end.0 + origin.0, end.1 + origin.1)
        );
        let x = layout.columns[route.label_column()].middle() + origin.0;
        let y = route.label_height() + origin.1;
        draw_label(&mut body, label, x, y);
    }
    for (i, shape) in shapes.iter().enumerate().take(output + 1) {
        let (x, y) = at(i);
        draw_node(&mut body, evaluation, i, *shape, &texts[i], (x + origin.0, y + origin.1));
    }
    let right = layout.columns.last().map_or(0.0, |c| c.right) + origin.0;
    let width = right.max(MARGIN + text_width(&title, 16.0)) + MARGIN;
    let body = body.into_text().map_err(|bytes| {
        let message = format!(
            "out of memory drawing the SVG of {} nodes (it had reached {} MB)",
            output + 1,
            bytes >> 20
        );
        io::Error::new(io::ErrorKind::OutOfMemory, message)
    })?;
    Ok(Figure { body, width, height: origin.1 + layout.bottom + MARGIN })
}

/// Each node's shape, then one more: where the output's arrow ends.
fn shapes(evaluation: &Evaluation, texts: &[String]) -> Vec<Shape> {
    let mut shapes: Vec<Shape> = texts
        .iter()
        .zip(&evaluation.graph.nodes)
        .enumerate()
        .map(|(i, (text, node))| {
            let width = text_width(text, NODE_FONT);
            if node.layer.arity() == 0 {
                Shape::Text(width + 8.0)
            } else if figure::boxed(&evaluation.graph, i as NodeId) {
                Shape::Box(width + 20.0)
            } else {
                Shape::Circle((width / 2.0 + 8.0).max(18.0))
            }
        })
        .collect();
    shapes.push(Shape::Point);
    shapes
}

/// The room each shape takes in the layout, a formula's name under its
/// circle included.
fn sizes(evaluation: &Evaluation, shapes: &[Shape]) -> Vec<Size> {
    shapes
        .iter()
        .enumerate()
        .map(|(i, &shape)| match shape {
            Shape::Circle(r) => captioned(evaluation, i, 2.0 * r, r),
            Shape::Box(width) => captioned(evaluation, i, width, BOX_HEIGHT / 2.0),
            Shape::Text(width) => Size { width, above: NODE_FONT / 2.0 + 4.0, below: NODE_FONT / 2.0 + 4.0 },
            Shape::Point => Size { width: 0.0, above: 2.0, below: 2.0 },
        })
        .collect()
}

/// The room of a layer `width` wide, `half` tall above and below its
/// centre, with room for a formula's name under it.
fn captioned(evaluation: &Evaluation, i: usize, width: f64, half: f64) -> Size {
    match evaluation.graph.name(i as NodeId) {
        Some(name) => Size {
            width: width.max(text_width(name, CAPTION_FONT) + 4.0),
            above: half,
            below: half + CAPTION_FONT + 6.0,
        },
        None => Size { width, above: half, below: half },
    }
}

/// Where each edge leaves its source and arrives at its target, as offsets
/// from their centre lines: edges at one side of a node are spread out, in
/// the order of where they come from or go, so they do not cross there.
fn ports(layout: &Layout, edges: &[layout::Edge], shapes: &[Shape]) -> Vec<(f64, f64)> {
    let mut ports = vec![(0.0, 0.0); edges.len()];
    let mut leaving: Vec<Vec<usize>> = vec![Vec::new(); shapes.len()];
    let mut arriving: Vec<Vec<usize>> = vec![Vec::new(); shapes.len()];
    for (k, edge) in edges.iter().enumerate() {
        leaving[edge.from].push(k);
        arriving[edge.to].push(k);
    }
    let first = |k: &usize| layout.routes[*k].heights.first().copied().unwrap_or(0.0);
    let last = |k: &usize| layout.routes[*k].label_height();
    for (node, shape) in shapes.iter().enumerate() {
        for (side, towards) in
            [(&mut leaving[node], &first as &dyn Fn(&usize) -> f64), (&mut arriving[node], &last)]
        {
            side.sort_by(|a, b| towards(a).total_cmp(&towards(b)).then(a.cmp(b)));
            let step = shape.port_step(side.len());
            let middle = (side.len() as f64 - 1.0) / 2.0;
            for (i, &k) in side.iter().enumerate() {
                let dy = (i as f64 - middle) * step;
                if edges[k].from == node {
                    ports[k].0 = dy;
                } else {
                    ports[k].1 = dy;
                }
            }
        }
    }
    ports
}

/// An edge's value above its line and its gradient below, centred on
/// (`x`, `y`), each on a white box that hides nothing but the background.
fn draw_label(body: &mut Buffer, [value, grad]: &[String; 2], x: f64, y: f64) {
    let _ = write!(body, r#"<g class="label"><title>{} / {}</title>"#, xml(value), xml(grad));
    for (text, top, color) in [(value, y - EDGE_FONT - 5.0, VALUE_COLOR), (grad, y + 3.0, GRAD_COLOR)] {
        let width = text_width(text, EDGE_FONT) + 4.0;
        let _ = write!(
            body,
            r#"<rect x="{:.1}" y="{top:.1}" width="{width:.1}" height="{:.1}" fill="white"/><text x="{x:.1}" y="{:.1}" font-size="{EDGE_FONT}" text-anchor="middle" fill="{color}">{}</text>"#,
            x - width / 2.0,
            EDGE_FONT + 2.0,
            top + EDGE_FONT - 1.0,
            xml(text)
        );
    }
    let _ = writeln!(body, "</g>");
}

/// Node `i` at (`x`, `y`): its circle and symbol, or its text, and a
/// formula's name in italics under its circle.
fn draw_node(
    body: &mut Buffer,
    evaluation: &Evaluation,
    i: usize,
    shape: Shape,
    text: &str,
    (x, y): (f64, f64),
) {
    let graph = &evaluation.graph;
    let node = &graph.nodes[i];
    let tip = format!("#{i} {}: {}", node.layer.name(), graph.label(i as NodeId));
    let _ = write!(body, r#"<g class="node"><title>{}</title>"#, xml(&tip));
    let mut size = NODE_FONT;
    match shape {
        Shape::Circle(r) => {
            let _ = write!(
                body,
                r##"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="white" stroke="#222" stroke-width="1.5"/>"##
            );
            // A one-character symbol (×, +) is drawn larger, as in the book.
            if text.chars().count() == 1 {
                size = SYMBOL_FONT;
            }
        }
        Shape::Box(width) => {
            let _ = write!(
                body,
                r##"<rect x="{:.1}" y="{:.1}" width="{width:.1}" height="{BOX_HEIGHT:.1}" rx="8" fill="white" stroke="#222" stroke-width="1.5"/>"##,
                x - width / 2.0,
                y - BOX_HEIGHT / 2.0,
            );
        }
        Shape::Text(width) => {
            let _ = write!(
                body,
                r#"<rect x="{:.1}" y="{:.1}" width="{width:.1}" height="{:.1}" fill="white"/>"#,
                x - width / 2.0,
                y - NODE_FONT / 2.0 - 3.0,
                NODE_FONT + 6.0
            );
        }
        Shape::Point => {}
    }
    let _ = write!(
        body,
        r#"<text x="{x:.1}" y="{:.1}" font-size="{size}" text-anchor="middle" fill="{VALUE_COLOR}">{}</text>"#,
        y + BASELINE * size,
        xml(text)
    );
    let half = match shape {
        Shape::Circle(r) => Some(r),
        Shape::Box(_) => Some(BOX_HEIGHT / 2.0),
        Shape::Text(_) | Shape::Point => None,
    };
    if let (Some(r), Some(name)) = (half, graph.name(i as NodeId)) {
        let _ = write!(
            body,
            r#"<text x="{x:.1}" y="{:.1}" font-size="{CAPTION_FONT}" font-style="italic" text-anchor="middle" fill="{VALUE_COLOR}">{}</text>"#,
            y + r + CAPTION_FONT + 1.0,
            xml(name)
        );
    }
    let _ = writeln!(body, "</g>");
}

/// About how wide `text` is in a sans-serif font of `size` pixels (digits
/// in DejaVu Sans, the widest common fallback, are 0.64 em).
fn text_width(text: &str, size: f64) -> f64 {
    text.width() as f64 * size * 0.64
}
