//! A training's loss curve as an SVG drawing (`--format svg`): the loss
//! against the step, with axes, ticks, and the loss at the start and the end
//! written beside the curve. Plain SVG 1.1 (lines, a polyline, text), so it
//! looks the same in browsers, librsvg, cairosvg and Inkscape.

use std::fmt::Write;

use super::number::{self, Digits};
use super::training::{Scale, sampled};
use super::{Look, xml};
use crate::session::Trained;

/// The drawing's size, and the room its axes' labels take.
const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 380.0;
/// Room left of the plot for its tick labels, whose own width comes on top.
const LEFT_OF_TICKS: f64 = 40.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 48.0;
const BOTTOM: f64 = 52.0;

/// The most points the curve is drawn through: a million steps are not a
/// million points.
const POINTS: usize = 1000;

/// Ticks on each axis.
const TICKS: usize = 5;

const CURVE: &str = "#1f4e9c";
const AXIS: &str = "#333333";
const GRID: &str = "#e4e4e4";

/// The curve's SVG elements, and their width and height.
pub fn draw(trained: &Trained, look: &Look) -> (String, f64, f64) {
    let losses = &trained.losses;
    let scale = Scale::of(losses.iter().copied());
    let steps = trained.steps().max(1) as f64;
    // Ticks at round numbers, which need few digits; the plot starts right of the widest.
    let (low, high) = (scale.value(0.0), scale.value(1.0));
    let loss_ticks = if scale.log { decades(low, high) } else { round_ticks(low, high, TICKS) };
    let ticks: Vec<(f64, String)> =
        loss_ticks.into_iter().map(|t| (t, number::format(t, Digits::Significant(3)))).collect();
    let widest = ticks.iter().map(|(_, t)| t.chars().count()).max().unwrap_or(1) as f64;
    let left = LEFT_OF_TICKS + 7.0 * widest;
    let (plot_w, plot_h) = (WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM);
    let x = |step: f64| left + plot_w * step / steps;
    let y = |loss: f64| TOP + plot_h * (1.0 - scale.level(loss));
    let mut svg = String::new();

    let title = format!(
        "train {} over {} · lr {}{}",
        trained.loss,
        trained.params.join(", "),
        look.number(trained.rate),
        if scale.log { " · log scale" } else { "" }
    );
    let _ = writeln!(svg, r#"<text x="{left}" y="26" font-size="16" fill="{AXIS}">{}</text>"#, xml(&title));

    // Grid lines and ticks, then the axes over them.
    for (tick, label) in &ticks {
        let at = y(*tick);
        let _ = writeln!(
            svg,
            r#"<line x1="{left}" y1="{at:.1}" x2="{:.1}" y2="{at:.1}" stroke="{GRID}" stroke-width="1"/>"#,
            left + plot_w
        );
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="{AXIS}">{}</text>"#,
            left - 8.0,
            at + 4.0,
            xml(label)
        );
    }
    for step in round_ticks(0.0, steps, TICKS) {
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle" fill="{AXIS}">{step}</text>"#,
            x(step),
            TOP + plot_h + 18.0
        );
    }
    let _ = writeln!(
        svg,
        r#"<path d="M {left} {TOP} L {left} {:.1} L {:.1} {:.1}" fill="none" stroke="{AXIS}" stroke-width="1.5"/>"#,
        TOP + plot_h,
        left + plot_w,
        TOP + plot_h
    );
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" font-size="13" text-anchor="middle" fill="{AXIS}">step</text>"#,
        left + plot_w / 2.0,
        HEIGHT - 10.0
    );
    // The axis's name above it, level: rotated text reads badly projected.
    let _ = writeln!(svg, r#"<text x="8" y="{:.1}" font-size="13" fill="{AXIS}">loss</text>"#, TOP - 14.0);

    // The curve, through evenly spaced steps (the first and the last among them).
    let shown = losses.len().min(POINTS);
    let mut points = String::new();
    for (i, loss) in sampled(losses, POINTS).enumerate() {
        let step = if shown < 2 { 0.0 } else { (i * (losses.len() - 1) / (shown - 1)) as f64 };
        let _ = write!(points, "{:.1},{:.1} ", x(step), y(loss));
    }
    let _ = writeln!(
        svg,
        r#"<polyline points="{}" fill="none" stroke="{CURVE}" stroke-width="2" stroke-linejoin="round"/>"#,
        points.trim_end()
    );

    // The loss at the start and at the end, beside their ends of the curve.
    let (first, last) = (losses[0], losses[losses.len() - 1]);
    let _ = writeln!(
        svg,
        r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{CURVE}"/><text x="{:.1}" y="{:.1}" font-size="13" fill="{CURVE}">{}</text>"#,
        x(0.0),
        y(first),
        x(0.0) + 8.0,
        y(first).max(TOP + 12.0) - 6.0,
        xml(&look.number(first))
    );
    let _ = writeln!(
        svg,
        r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{CURVE}"/><text x="{:.1}" y="{:.1}" font-size="13" text-anchor="end" fill="{CURVE}">{}</text>"#,
        x(steps),
        y(last),
        x(steps) - 8.0,
        y(last).min(TOP + plot_h - 8.0) - 8.0,
        xml(&look.number(last))
    );
    (svg, WIDTH, HEIGHT)
}

/// Round numbers from `low` to `high`, about `count` of them: the multiples
/// of 1, 2 or 5 × 10^k that fall between, as a reader would mark an axis.
fn round_ticks(low: f64, high: f64, count: usize) -> Vec<f64> {
    if !(low.is_finite() && high.is_finite() && high > low) {
        return vec![low];
    }
    let rough = (high - low) / count as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    // The round step whose count of ticks comes nearest `count`.
    let distance = |step: f64| ((high - low) / step - count as f64).abs();
    let candidates = [1.0, 2.0, 5.0, 10.0].map(|m| m * magnitude);
    let step = candidates
        .into_iter()
        .fold(candidates[0], |best, s| if distance(s) < distance(best) { s } else { best });
    // A tick a rounding error outside the range is still drawn.
    let slack = step * 1e-9;
    let (first, last) = (((low - slack) / step).ceil() as i64, ((high + slack) / step).floor() as i64);
    (first..=last).map(|k| k as f64 * step).collect()
}

/// The powers of ten from `low` to `high`, for a log scale, every other one
/// (or every third...) when there are many; 1, 2 and 5 times them when the
/// range holds fewer than two.
fn decades(low: f64, high: f64) -> Vec<f64> {
    let (first, last) = (low.log10().ceil() as i32, high.log10().floor() as i32);
    if last - first < 1 {
        let within = (first - 1..=last).flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)));
        return within.filter(|&t| t >= low && t <= high).collect();
    }
    let every = ((last - first) as usize).div_ceil(TICKS).max(1);
    (first..=last).step_by(every).map(|k| 10f64.powi(k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trained(losses: Vec<f64>) -> Trained {
        Trained { loss: "loss".into(), params: vec!["w".into()], rate: 0.1, asked: losses.len() - 1, losses }
    }

    /// The curve's points, read back from the drawing.
    fn points(svg: &str) -> Vec<(f64, f64)> {
        let start = svg.find("points=\"").expect("a polyline") + 8;
        let end = start + svg[start..].find('"').unwrap();
        svg[start..end]
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    #[test]
    fn ticks_are_round_numbers_within_the_range() {
        assert_eq!(round_ticks(0.0, 2000.0, 5), [0.0, 500.0, 1000.0, 1500.0, 2000.0]);
        assert_eq!(round_ticks(0.0, 100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let loss = round_ticks(0.0618, 1.149, 5);
        assert_eq!(loss.len(), 5, "{loss:?}");
        assert!((loss[0] - 0.2).abs() < 1e-12 && (loss[4] - 1.0).abs() < 1e-12, "{loss:?}");
        assert_eq!(decades(4.9e-19, 83.0).first(), Some(&1e-18));
        assert!(decades(4.9e-19, 83.0).len() <= TICKS + 1);
        assert_eq!(decades(0.03, 0.9), [0.05, 0.1, 0.2, 0.5]);
        assert_eq!(round_ticks(3.0, 3.0, 5), [3.0]);
    }

    #[test]
    fn the_curve_runs_from_the_top_left_to_the_bottom_right_of_the_plot() {
        let (svg, width, height) = draw(&trained(vec![4.0, 3.0, 2.0, 1.0]), &Look::default());
        let points = points(&svg);
        assert_eq!(points.len(), 4);
        assert_eq!(points[0].1, TOP);
        assert!(svg.contains(&format!("M {} {TOP} L", points[0].0)), "the curve starts on the axis");
        assert_eq!(points[3], (width - RIGHT, height - BOTTOM));
        // Linear: equal steps down for equal falls.
        let drops: Vec<f64> = points.windows(2).map(|p| p[1].1 - p[0].1).collect();
        assert!(drops.iter().all(|d| (d - drops[0]).abs() < 0.2), "{drops:?}");
        assert!(svg.contains(">4</text>") && svg.contains(">1</text>"), "start and end labelled");
    }

    #[test]
    fn a_long_training_is_drawn_through_a_thousand_points_on_a_log_scale() {
        let losses: Vec<f64> = (0..=100_000).map(|i| (-(i as f64) / 5000.0).exp()).collect();
        let (svg, _, _) = draw(&trained(losses), &Look::default());
        assert_eq!(points(&svg).len(), POINTS);
        assert!(svg.contains("log scale"));
        // exp(-i/5000) falls evenly on a log scale: a straight line.
        let points = points(&svg);
        let slope = |a: (f64, f64), b: (f64, f64)| (b.1 - a.1) / (b.0 - a.0);
        assert!((slope(points[0], points[500]) - slope(points[500], points[999])).abs() < 0.01);
    }
}
