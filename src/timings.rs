//! Wall time per build stage and the search index's download figures, for
//! `opsloop build --timings` (and `benches/scale.sh`, which parses both).

use crate::search::SearchIndex;
use crate::search::index::FACET_MARK;
use std::time::{Duration, Instant};

/// Stage name and how long it took, in the order the stages ran.
#[derive(Debug, Default)]
pub struct Timings {
    pub stages: Vec<Stage>,
    /// Wall time of all stages, counting stages that ran at the same time once.
    pub total: Duration,
    /// Filled when the build wrote a search index.
    pub search: Option<SearchFigures>,
}

#[derive(Debug)]
pub struct Stage {
    pub name: &'static str,
    pub wall: Duration,
    /// CPU time (user + system, all threads); `None` where the platform does not tell or
    /// the stage shared its time with another. On a shared machine wall time says little
    /// without it.
    pub cpu: Option<Duration>,
    /// What the CPU figure covers when it is not this stage alone.
    pub note: Option<String>,
}

impl Timings {
    /// Runs `f`, recording its wall and CPU time under `name`.
    pub fn time<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let cpu_start = process_cpu();
        let out = f();
        let wall = start.elapsed();
        self.total += wall;
        self.stages.push(Stage {
            name,
            wall,
            cpu: cpu_since(cpu_start),
            note: None,
        });
        out
    }

    /// Runs `a` and `b` at the same time, recording each one's wall time and their CPU
    /// time together (a process cannot tell which thread worked for which).
    pub fn time_both<A: Send, B: Send>(
        &mut self,
        names: (&'static str, &'static str),
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        let start = Instant::now();
        let cpu_start = process_cpu();
        let ((out_a, wall_a), (out_b, wall_b)) = rayon::join(
            || {
                let t = Instant::now();
                (a(), t.elapsed())
            },
            || {
                let t = Instant::now();
                (b(), t.elapsed())
            },
        );
        self.total += start.elapsed();
        self.stages.push(Stage {
            name: names.0,
            wall: wall_a,
            cpu: None,
            note: Some(format!("alongside {}", names.1)),
        });
        self.stages.push(Stage {
            name: names.1,
            wall: wall_b,
            cpu: cpu_since(cpu_start),
            note: Some(format!("with {}", names.0)),
        });
        (out_a, out_b)
    }

    pub fn render(&self) -> String {
        let mut s = String::new();
        for st in &self.stages {
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            let detail = match (st.cpu, &st.note) {
                (Some(c), None) => format!("  (cpu {:>7.0} ms)", ms(c)),
                (Some(c), Some(n)) => format!("  (cpu {:>7.0} ms {n})", ms(c)),
                (None, Some(n)) => format!("  ({n})"),
                (None, None) => String::new(),
            };
            s.push_str(&format!(
                "{:>14} {:>9.1} ms{detail}\n",
                st.name,
                ms(st.wall)
            ));
        }
        s.push_str(&format!(
            "{:>14} {:>9.1} ms\n",
            "total",
            self.total.as_secs_f64() * 1000.0
        ));
        if let Some(f) = &self.search {
            s.push_str(&f.render());
        }
        s
    }
}

fn cpu_since(start: Option<Duration>) -> Option<Duration> {
    process_cpu()
        .zip(start)
        .map(|(end, start)| end.saturating_sub(start))
}

/// User + system time of the whole process so far, from /proc/self/stat (Linux; `None`
/// elsewhere). Hand-written: std has no process CPU clock and this needs no new crate.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ');
    // rest starts at field 3 (state); utime and stime are fields 14 and 15.
    let utime: u64 = fields.nth(11)?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    // /proc reports clock ticks of USER_HZ, which Linux fixes at 100 for user space.
    Some(Duration::from_millis((utime + stime) * 10))
}

/// How many of the most common words the search figures probe.
const PROBE_WORDS: usize = 50;

/// What a reader's browser downloads (gzipped, cold cache) to answer a search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchFigures {
    /// The most common word of the index, typed as a whole word: the typical first query.
    pub first_query: String,
    pub first_bytes: usize,
    /// The probe that downloads most, and how much.
    pub max_query: String,
    pub max_bytes: usize,
    pub probes: usize,
    /// All index files together, gzipped.
    pub total_bytes: usize,
}

impl SearchFigures {
    /// Probes the [`PROBE_WORDS`] words with the most documents (their postings and
    /// shards are the largest) as whole words, each as the prefixes a reader types on the
    /// way (1 to 3 letters), and pairs of the five most common words. Cheap: postings are
    /// capped per term, so each probe touches at most a few thousand of them.
    pub fn measure(index: &SearchIndex) -> Option<SearchFigures> {
        let mut words: Vec<(u32, &str)> = index
            .index
            .terms()
            .filter(|t| !t.term.starts_with(FACET_MARK))
            .map(|t| (t.df, t.term))
            .collect();
        words.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        words.truncate(PROBE_WORDS);
        let first = words.first()?.1;
        let mut queries: Vec<String> = Vec::new();
        for &(_, w) in &words {
            queries.push(format!("{w} "));
            for n in 1..=3 {
                let prefix: String = w.chars().take(n).collect();
                if prefix.len() < w.len() {
                    queries.push(prefix);
                }
            }
        }
        for (i, &(_, a)) in words.iter().take(5).enumerate() {
            for &(_, b) in words.iter().take(5).skip(i + 1) {
                queries.push(format!("{a} {b} "));
            }
        }
        let bytes: Vec<usize> = queries.iter().map(|q| index.query_download(q)).collect();
        // The first probe is the most common word typed whole: the first query.
        let (max_query, max_bytes) =
            queries.iter().zip(&bytes).fold(
                ("", 0),
                |m, (q, &b)| if b > m.1 { (q.trim_end(), b) } else { m },
            );
        Some(SearchFigures {
            first_query: first.to_string(),
            first_bytes: bytes[0],
            max_query: max_query.to_string(),
            max_bytes,
            probes: queries.len(),
            total_bytes: index.stats().total_gz,
        })
    }

    /// One line; `benches/scale.sh` parses "first query N KB gz" and "max query M KB gz".
    pub fn render(&self) -> String {
        let kb = |b: usize| b as f64 / 1024.0;
        format!(
            "search: first query {:.1} KB gz (\"{}\"), max query {:.1} KB gz (\"{}\", {} probes), index {:.1} KB gz\n",
            kb(self.first_bytes),
            self.first_query,
            kb(self.max_bytes),
            self.max_query,
            self.probes,
            kb(self.total_bytes),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::build_index;
    use crate::search::corpus::Corpus;
    use crate::search::documents::{Doc, Facets, Kind};

    fn doc(title: &str) -> Doc<'_> {
        Doc {
            services: vec!["api".into()],
            ..Doc::new(Kind::Incident, title, "incidents/")
        }
    }

    /// Both closures run and are recorded in order; the total is the pipeline's wall time,
    /// not the sum of the stages (which overlap).
    #[test]
    fn stages_run_together_are_recorded_in_order() {
        let mut t = Timings::default();
        let ms = Duration::from_millis;
        let sleep = |n| std::thread::sleep(ms(n));
        let outer = Instant::now();
        t.time("ingest", || sleep(20));
        let (a, b) = t.time_both(
            ("render", "search index"),
            || {
                sleep(60);
                1
            },
            || {
                sleep(60);
                2
            },
        );
        let outer = outer.elapsed();
        assert_eq!((a, b), (1, 2));
        let names: Vec<&str> = t.stages.iter().map(|s| s.name).collect();
        assert_eq!(names, ["ingest", "render", "search index"]);
        assert!(t.stages[1].wall >= ms(60) && t.stages[2].wall >= ms(60));
        assert!(t.total >= ms(80));
        // Summing the stages would count the two sleeps that overlapped twice (when the
        // pool ran them on two threads) and exceed the wall time around the whole run.
        assert!(t.total <= outer, "total {:?} > wall {outer:?}", t.total);
    }

    #[test]
    fn shared_cpu_time_is_labelled() {
        let ms = Duration::from_millis;
        let stage = |name, wall, cpu: Option<u64>, note: Option<&str>| Stage {
            name,
            wall: ms(wall),
            cpu: cpu.map(ms),
            note: note.map(str::to_string),
        };
        let t = Timings {
            stages: vec![
                stage("ingest", 100, Some(150), None),
                stage("render", 300, None, Some("alongside search index")),
                stage("search index", 400, Some(700), Some("with render")),
            ],
            total: ms(500),
            search: None,
        };
        assert_eq!(
            t.render(),
            "        ingest     100.0 ms  (cpu     150 ms)\n        render     300.0 ms  (alongside search index)\n  search index     400.0 ms  (cpu     700 ms with render)\n         total     500.0 ms\n"
        );
    }

    #[test]
    fn the_first_query_is_the_most_common_word_and_no_probe_is_cheaper_than_the_manifest() {
        let docs: Vec<Doc> = ["dns timeout", "dns failover", "dns cache", "disk full"]
            .iter()
            .map(|t| doc(t))
            .collect();
        let index = build_index(&Corpus::new(docs), &Facets::default());
        let f = SearchFigures::measure(&index).expect("an index with words");
        assert_eq!(f.first_query, "dns");
        assert_eq!(f.first_bytes, index.query_download("dns "));
        assert!(f.max_bytes >= f.first_bytes);
        assert!(f.first_bytes >= index.stats().manifest_gz);
        assert_eq!(f.total_bytes, index.stats().total_gz);
        let line = f.render();
        assert!(line.starts_with("search: first query "), "{line}");
        assert!(line.contains(" KB gz (\"dns\"), max query "), "{line}");
    }

    #[test]
    fn an_index_without_words_has_no_figures() {
        let index = build_index(&Corpus::new(Vec::new()), &Facets::default());
        assert_eq!(SearchFigures::measure(&index), None);
    }
}
