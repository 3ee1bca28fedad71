//! An edge's path through its layout: level across each column it passes
//! (where nothing else is at its height), a curve with level ends in the
//! empty gap between two columns, so the whole path is smooth and stays
//! clear of every box; and its arrowhead as a plain triangle, so that no
//! viewer's handling of markers can turn it.

use std::fmt::Write as _;

use crate::render::layout::{Column, Route};

/// How long an arrowhead is.
pub const ARROW: f64 = 9.0;
/// The straight piece before an arrowhead, in the gap before its column.
const LEAD: f64 = 8.0;

/// The path of an edge leaving at (`start`, `from_y`) the column of its
/// source, going through `route`'s heights, and arriving level at
/// (`end`, `to_y`) in the next column after the route (the arrowhead's
/// tip). Coordinates are shifted by (`dx`, `dy`).
pub fn edge(
    route: &Route,
    columns: &[Column],
    (start, from_y): (f64, f64),
    (end, to_y): (f64, f64),
    (dx, dy): (f64, f64),
) -> String {
    let mut d = String::with_capacity(32 * (route.heights.len() + 2));
    let _ = write!(d, "M{:.1},{:.1}", start + dx, from_y + dy);
    let mut column = route.first;
    let mut y = from_y;
    let heights = route.heights.iter().copied().chain(std::iter::once(to_y));
    for (k, next_y) in heights.enumerate() {
        let last = k == route.heights.len();
        let x0 = if k == 0 { columns[column].right.max(start) } else { columns[column].right };
        if k == 0 {
            column += route.skip;
        }
        // The last curve ends a little before the column, so the arrowhead
        // sits on a straight piece.
        let x1 = columns[column + 1].left - if last { LEAD } else { 0.0 };
        let _ = write!(d, " H{:.1}", x0 + dx);
        let half = (x1 - x0) / 2.0;
        let _ = write!(
            d,
            " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            x0 + half + dx,
            y + dy,
            x1 - half + dx,
            next_y + dy,
            x1 + dx,
            next_y + dy
        );
        column += 1;
        y = next_y;
        if last {
            let _ = write!(d, " H{:.1}", (end - ARROW).max(x1) + dx);
        }
    }
    d
}

/// The arrowhead with its tip at (`x`, `y`), pointing right.
pub fn arrowhead(x: f64, y: f64) -> String {
    format!("{:.1},{y:.1} {:.1},{:.1} {:.1},{:.1}", x, x - ARROW, y - ARROW / 2.0, x - ARROW, y + ARROW / 2.0)
}
