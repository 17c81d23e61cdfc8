//! Wall time per build stage, for `opsloop build --timings`.

use std::time::{Duration, Instant};

/// Stage name and how long it took, in the order the stages ran.
#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs `f`, recording its wall time under `name`.
    pub fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.stages.push((name, start.elapsed()));
        out
    }

    pub fn render(&self) -> String {
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        let mut s = String::new();
        for (name, d) in &self.stages {
            s.push_str(&format!(
                "{name:>14} {:>9.1} ms\n",
                d.as_secs_f64() * 1000.0
            ));
        }
        s.push_str(&format!(
            "{:>14} {:>9.1} ms\n",
            "total",
            total.as_secs_f64() * 1000.0
        ));
        s
    }
}
