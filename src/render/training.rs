//! A training as text (the loss at the start and the end, and the curve
//! between as a line of Unicode blocks) and as JSON (one line with every
//! loss).

use std::io::{self, Write};

use super::json::{num, string};
use super::{Look, style};
use crate::session::Trained;

/// The blocks of a curve, lowest first.
const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The widest curve drawn, in characters.
pub const CURVE_WIDTH: usize = 60;

/// Writes what a training did, for people.
pub fn write_text(out: &mut dyn Write, trained: &Trained, look: &Look) -> io::Result<()> {
    let (first, last) = (trained.losses[0], trained.losses[trained.losses.len() - 1]);
    let steps = trained.steps();
    let done = if steps == trained.asked {
        format!("{steps} step{}", if steps == 1 { "" } else { "s" })
    } else {
        format!("stopped after {steps} of {} steps", trained.asked)
    };
    writeln!(
        out,
        "train {} over {}: {done}, lr {}",
        trained.loss,
        trained.params.join(", "),
        look.number(trained.rate)
    )?;
    let value = |x: f64| style::value(&look.number(x), look.color);
    writeln!(out, "loss {} → {}", value(first), value(last))?;
    let (drawn, log) = curve(&trained.losses, CURVE_WIDTH);
    writeln!(out, "{drawn}{}", if log { "  (log scale)" } else { "" })
}

/// Writes what a training did as one line of JSON.
pub fn write_json(out: &mut dyn Write, trained: &Trained) -> io::Result<()> {
    let mut line = String::with_capacity(64 + 24 * trained.losses.len());
    line.push_str("{\"train\":");
    string(&mut line, &trained.loss);
    line.push_str(",\"over\":[");
    for (i, param) in trained.params.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        string(&mut line, param);
    }
    line.push_str("],\"lr\":");
    num(&mut line, trained.rate);
    line.push_str(",\"steps\":");
    line.push_str(&trained.steps().to_string());
    line.push_str(",\"losses\":[");
    for (i, &loss) in trained.losses.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        num(&mut line, loss);
    }
    line.push_str("]}\n");
    out.write_all(line.as_bytes())
}

/// How a series of losses is laid on an axis: linear, or logarithmic when
/// every value is positive or zero and they span more than two orders of
/// magnitude (a loss that falls fast would otherwise be one tall mark and a
/// flat line). Zeros, a loss that reached its minimum exactly, sit at the
/// bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Scale {
    pub log: bool,
    /// The lowest and highest values, on the scale (logarithms when `log`).
    low: f64,
    high: f64,
    /// The smallest positive value: where zeros are drawn on a log scale.
    floor: f64,
}

impl Scale {
    pub fn of(values: impl Iterator<Item = f64> + Clone) -> Scale {
        let range = |v: &mut dyn Iterator<Item = f64>| {
            v.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| (lo.min(x), hi.max(x)))
        };
        let (low, high) = range(&mut values.clone());
        let (floor, _) = range(&mut values.clone().filter(|&x| x > 0.0));
        let log = low >= 0.0 && high / floor > 100.0;
        let mut scale = Scale { log, low, high, floor };
        (scale.low, scale.high) = range(&mut values.map(|x| scale.at(x)));
        scale
    }

    /// `x` on the scale.
    fn at(&self, x: f64) -> f64 {
        if self.log { x.max(self.floor).ln() } else { x }
    }

    /// Where `x` stands between the lowest value (0) and the highest (1).
    pub fn level(&self, x: f64) -> f64 {
        if self.high > self.low { (self.at(x) - self.low) / (self.high - self.low) } else { 0.0 }
    }

    /// The value at `level` (0 the lowest, 1 the highest).
    pub fn value(&self, level: f64) -> f64 {
        let x = self.low + level * (self.high - self.low);
        if self.log { x.exp() } else { x }
    }
}

/// `values` sampled at at most `width` evenly spaced points, first and last
/// included.
pub(super) fn sampled(values: &[f64], width: usize) -> impl Iterator<Item = f64> + Clone + '_ {
    let shown = values.len().min(width.max(2));
    (0..shown).map(move |i| if shown < 2 { values[0] } else { values[i * (values.len() - 1) / (shown - 1)] })
}

/// `values` as a line of at most `width` blocks, the lowest value the
/// lowest block and the highest the highest, and whether the scale is
/// logarithmic (see [`Scale`]).
pub fn curve(values: &[f64], width: usize) -> (String, bool) {
    let scale = Scale::of(sampled(values, width));
    let top = (BLOCKS.len() - 1) as f64;
    let drawn = sampled(values, width).map(|x| BLOCKS[(scale.level(x) * top).round() as usize]).collect();
    (drawn, scale.log)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_curve_runs_from_the_highest_block_to_the_lowest() {
        assert_eq!(curve(&[4.0, 2.0, 1.0, -1.0], 60), ("█▅▄▁".to_owned(), false));
        assert_eq!(curve(&[1.0, 1.0], 60), ("▁▁".to_owned(), false));
        let long: Vec<f64> = (0..=1000).map(|i| 1000.0 - i as f64).collect();
        let (drawn, _) = curve(&long, 60);
        assert_eq!(drawn.chars().count(), 60);
        assert!(drawn.starts_with('█') && drawn.ends_with('▁'), "{drawn}");
    }

    #[test]
    fn a_loss_falling_by_orders_of_magnitude_is_drawn_on_a_log_scale() {
        // 1, 0.1, ..., 1e-7: evenly spaced on a log scale, one block each.
        let tenfold: Vec<f64> = (0..8).map(|i| 10f64.powi(-i)).collect();
        assert_eq!(curve(&tenfold, 60), ("█▇▆▅▄▃▂▁".to_owned(), true));
        assert_eq!(curve(&[1e4, 1.0, 0.0], 60), ("█▁▁".to_owned(), true));
    }

    #[test]
    fn json_lists_every_loss() {
        let trained = Trained {
            loss: "(w - 3)^2".into(),
            params: vec!["w".into()],
            rate: 0.25,
            asked: 2,
            losses: vec![9.0, 2.25, 0.5625],
        };
        let mut out = Vec::new();
        write_json(&mut out, &trained).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"train\":\"(w - 3)^2\",\"over\":[\"w\"],\"lr\":0.25,\"steps\":2,\"losses\":[9,2.25,0.5625]}\n"
        );
    }
}
