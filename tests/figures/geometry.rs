//! What an SVG figure draws, read back from its own coordinates: node
//! shapes, edge paths (curves flattened to short segments), label boxes and
//! texts, and the checks a teacher's eye makes on them.

use roxmltree::{Document, Node};
use unicode_width::UnicodeWidthStr;

pub type Point = (f64, f64);

/// An axis-aligned box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    fn shrunk(self, by: f64) -> Rect {
        Rect { left: self.left + by, top: self.top + by, right: self.right - by, bottom: self.bottom - by }
    }

    /// Whether the boxes share a point, edges included.
    fn touches(&self, other: &Rect) -> bool {
        self.left <= other.right
            && other.left <= self.right
            && self.top <= other.bottom
            && other.top <= self.bottom
    }

    pub fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    /// Whether the segment `a`-`b` passes through the box (Liang-Barsky).
    fn cut_by(&self, a: Point, b: Point) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0.0f64, 1.0f64);
        for (p, q) in
            [(-dx, a.0 - self.left), (dx, self.right - a.0), (-dy, a.1 - self.top), (dy, self.bottom - a.1)]
        {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        t0 < t1
    }
}

/// A node as drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Circle { x: f64, y: f64, r: f64 },
    Box(Rect),
}

impl Shape {
    fn bounds(&self) -> Rect {
        match *self {
            Shape::Circle { x, y, r } => Rect { left: x - r, top: y - r, right: x + r, bottom: y + r },
            Shape::Box(rect) => rect,
        }
    }

    /// How far `p` is outside the shape (negative inside).
    fn distance(&self, p: Point) -> f64 {
        match *self {
            Shape::Circle { x, y, r } => (p.0 - x).hypot(p.1 - y) - r,
            Shape::Box(b) => {
                let dx = (b.left - p.0).max(p.0 - b.right);
                let dy = (b.top - p.1).max(p.1 - b.bottom);
                if dx <= 0.0 && dy <= 0.0 { dx.max(dy) } else { dx.max(0.0).hypot(dy.max(0.0)) }
            }
        }
    }

    /// Whether the segment `a`-`b` comes inside the shape shrunk by `by`.
    fn cut_by(&self, a: Point, b: Point, by: f64) -> bool {
        match *self {
            Shape::Circle { x, y, r } => {
                let (dx, dy) = (b.0 - a.0, b.1 - a.1);
                let length = dx * dx + dy * dy;
                let t = if length == 0.0 {
                    0.0
                } else {
                    (((x - a.0) * dx + (y - a.1) * dy) / length).clamp(0.0, 1.0)
                };
                (a.0 + t * dx - x).hypot(a.1 + t * dy - y) < r - by
            }
            Shape::Box(rect) => rect.shrunk(by).cut_by(a, b),
        }
    }
}

/// An edge: its path as a polyline, its arrowhead's tip, and the boxes
/// behind its label.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub points: Vec<Point>,
    pub tip: Point,
    pub label: Vec<Rect>,
}

/// A text and the box it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub text: String,
    pub area: Rect,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawing {
    pub nodes: Vec<Shape>,
    pub edges: Vec<Edge>,
    pub texts: Vec<Text>,
}

/// Reads a figure. Panics (failing the test) on anything it cannot read.
pub fn read(svg: &str) -> Drawing {
    let document = Document::parse(svg).expect("the SVG is well-formed XML");
    let mut drawing = Drawing::default();
    visit(document.root_element(), (0.0, 0.0), &mut drawing);
    drawing
}

fn visit(node: Node, offset: Point, drawing: &mut Drawing) {
    let offset = match node.attribute("transform") {
        Some(t) => {
            let inner =
                t.strip_prefix("translate(").and_then(|t| t.strip_suffix(')')).expect("only translations");
            let (x, y) = inner.split_once(',').expect("translate(x,y)");
            (offset.0 + x.trim().parse::<f64>().unwrap(), offset.1 + y.trim().parse::<f64>().unwrap())
        }
        None => offset,
    };
    match (node.tag_name().name(), node.attribute("class")) {
        ("g", Some("node")) => {
            let shape = node.children().find(|c| c.has_tag_name("circle") || c.has_tag_name("rect"));
            if let Some(shape) = shape {
                drawing.nodes.push(if shape.has_tag_name("circle") {
                    Shape::Circle {
                        x: num(shape, "cx") + offset.0,
                        y: num(shape, "cy") + offset.1,
                        r: num(shape, "r"),
                    }
                } else {
                    Shape::Box(rect(shape, offset))
                });
            }
        }
        ("g", Some("edge")) => {
            let path = node.children().find(|c| c.has_tag_name("path")).expect("an edge has a path");
            let tip = node.children().find(|c| c.has_tag_name("polygon")).expect("an edge has an arrowhead");
            let first = tip.attribute("points").unwrap().split_whitespace().next().unwrap();
            let (x, y) = first.split_once(',').unwrap();
            drawing.edges.push(Edge {
                points: flatten(path.attribute("d").unwrap(), offset),
                tip: (x.parse::<f64>().unwrap() + offset.0, y.parse::<f64>().unwrap() + offset.1),
                label: Vec::new(),
            });
        }
        ("g", Some("label")) => {
            let edge = drawing.edges.last_mut().expect("a label follows its edge");
            edge.label =
                node.children().filter(|c| c.has_tag_name("rect")).map(|r| rect(r, offset)).collect();
        }
        ("text", _) => {
            let text = node.text().unwrap_or("").to_owned();
            let size = num(node, "font-size");
            // An estimate of the glyphs' box, independent of the renderer's.
            let width = text.width() as f64 * size * 0.6;
            let (x, baseline) = (num(node, "x") + offset.0, num(node, "y") + offset.1);
            let left = match node.attribute("text-anchor") {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            let area = Rect {
                left,
                top: baseline - 0.75 * size,
                right: left + width,
                bottom: baseline + 0.2 * size,
            };
            drawing.texts.push(Text { text, area });
        }
        _ => {}
    }
    for child in node.children().filter(Node::is_element) {
        visit(child, offset, drawing);
    }
}

fn num(node: Node, name: &str) -> f64 {
    let value = node.attribute(name).unwrap_or_else(|| panic!("<{}> has no {name}", node.tag_name().name()));
    value.parse().unwrap_or_else(|_| panic!("{name}={value:?} is not a number"))
}

fn rect(node: Node, offset: Point) -> Rect {
    let (x, y) = (num(node, "x") + offset.0, num(node, "y") + offset.1);
    Rect { left: x, top: y, right: x + num(node, "width"), bottom: y + num(node, "height") }
}

/// A path of `M`, `L`, `H` and `C` commands as a polyline.
pub fn flatten(d: &str, offset: Point) -> Vec<Point> {
    let spaced = d.replace(',', " ");
    let mut tokens = spaced.split_whitespace().flat_map(|t| {
        let (command, rest) = t.split_at(usize::from(t.starts_with(|c: char| c.is_ascii_alphabetic())));
        [command, rest].into_iter().filter(|s| !s.is_empty())
    });
    let mut points: Vec<Point> = Vec::new();
    let mut command = "M";
    let number = |tokens: &mut dyn Iterator<Item = &str>, first: Option<&str>| -> f64 {
        let token = first.or_else(|| tokens.next()).expect("a number");
        token.parse().unwrap_or_else(|_| panic!("{token:?} in a path"))
    };
    while let Some(token) = tokens.next() {
        let first = if token.starts_with(|c: char| c.is_ascii_alphabetic()) {
            command = token;
            None
        } else {
            Some(token)
        };
        match command {
            "M" | "L" => {
                let x = number(&mut tokens, first);
                let y = number(&mut tokens, None);
                points.push((x + offset.0, y + offset.1));
            }
            "H" => {
                let x = number(&mut tokens, first);
                let y = points.last().expect("H after a point").1;
                points.push((x + offset.0, y));
            }
            "C" => {
                let mut c = [0.0; 6];
                for (i, v) in c.iter_mut().enumerate() {
                    *v = number(&mut tokens, if i == 0 { first } else { None });
                }
                let p0 = *points.last().expect("C after a point");
                let [p1, p2, p3] =
                    [(c[0], c[1]), (c[2], c[3]), (c[4], c[5])].map(|(x, y)| (x + offset.0, y + offset.1));
                for i in 1..=24 {
                    let t = f64::from(i) / 24.0;
                    let u = 1.0 - t;
                    let (a, b, e, f) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
                    points.push((
                        a * p0.0 + b * p1.0 + e * p2.0 + f * p3.0,
                        a * p0.1 + b * p1.1 + e * p2.1 + f * p3.1,
                    ));
                }
            }
            other => panic!("path command {other} in {d}"),
        }
    }
    points
}

/// Every place where an edge passes through a node that is neither where it
/// starts nor where its arrow points, or through an edge label's box.
pub fn edges_through_boxes(drawing: &Drawing) -> Vec<String> {
    let mut faults = Vec::new();
    for (k, edge) in drawing.edges.iter().enumerate() {
        let start = edge.points[0];
        let touches =
            |shape: &Shape| shape.distance(start).abs() < 2.0 || shape.distance(edge.tip).abs() < 2.0;
        let reach = bounds(&edge.points);
        for (n, shape) in drawing.nodes.iter().enumerate() {
            if touches(shape) || !reach.touches(&shape.bounds()) {
                continue;
            }
            if let Some(w) = edge.points.windows(2).find(|w| shape.cut_by(w[0], w[1], 1.0)) {
                faults.push(format!("edge {k} passes through node {n} {shape:?} at {:?}", w[0]));
            }
        }
        for (j, other) in drawing.edges.iter().enumerate() {
            for area in other.label.iter().filter(|area| reach.touches(area)) {
                if let Some(w) = edge.points.windows(2).find(|w| area.shrunk(1.0).cut_by(w[0], w[1])) {
                    faults.push(format!("edge {k} passes through the label of edge {j} at {:?}", w[0]));
                }
            }
        }
    }
    faults
}

/// Every pair of texts whose boxes overlap.
pub fn overlapping_texts(drawing: &Drawing) -> Vec<String> {
    let mut faults = Vec::new();
    let mut texts: Vec<&Text> = drawing.texts.iter().filter(|t| !t.text.trim().is_empty()).collect();
    texts.sort_by(|a, b| a.area.left.total_cmp(&b.area.left));
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            if b.area.left >= a.area.right {
                break;
            }
            if a.area.shrunk(0.5).overlaps(&b.area.shrunk(0.5)) {
                faults.push(format!("{:?} at {:?} overlaps {:?} at {:?}", a.text, a.area, b.text, b.area));
            }
        }
    }
    faults
}

/// Edge crossings: points where two edges' polylines cross, away from the
/// ends of either (edges leaving or entering one node meet there).
pub fn crossings(edges: &[Vec<Point>]) -> usize {
    let boxes: Vec<Rect> = edges.iter().map(|e| bounds(e)).collect();
    let mut count = 0;
    for (i, a) in edges.iter().enumerate() {
        for (j, b) in edges.iter().enumerate().skip(i + 1) {
            if !boxes[i].touches(&boxes[j]) {
                continue;
            }
            let ends = [a[0], a[a.len() - 1], b[0], b[b.len() - 1]];
            let mut found: Vec<Point> = Vec::new();
            for s in a.windows(2).filter(|s| boxes[j].touches(&bounds(s))) {
                for t in b.windows(2) {
                    let Some(p) = intersection(s[0], s[1], t[0], t[1]) else { continue };
                    let near = |q: &Point| (p.0 - q.0).abs() + (p.1 - q.1).abs();
                    if ends.iter().any(|e| near(e) < 4.0) || found.iter().any(|f| near(f) < 2.0) {
                        continue;
                    }
                    found.push(p);
                }
            }
            count += found.len();
        }
    }
    count
}

/// The smallest box around some points.
fn bounds(points: &[Point]) -> Rect {
    points.iter().fold(
        Rect { left: f64::INFINITY, top: f64::INFINITY, right: f64::NEG_INFINITY, bottom: f64::NEG_INFINITY },
        |r, p| Rect {
            left: r.left.min(p.0),
            top: r.top.min(p.1),
            right: r.right.max(p.0),
            bottom: r.bottom.max(p.1),
        },
    )
}

fn intersection(p: Point, q: Point, r: Point, s: Point) -> Option<Point> {
    let d = (q.0 - p.0) * (s.1 - r.1) - (q.1 - p.1) * (s.0 - r.0);
    if d.abs() < 1e-12 {
        return None;
    }
    let t = ((r.0 - p.0) * (s.1 - r.1) - (r.1 - p.1) * (s.0 - r.0)) / d;
    let u = ((r.0 - p.0) * (q.1 - p.1) - (r.1 - p.1) * (q.0 - p.0)) / d;
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u))
        .then_some((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)))
}
