//! Plain data behind a chart: what to draw, independent of the backend.

/// An RGB colour from [`super::palette`].
pub type Rgb = (u8, u8, u8);

/// Everything needed to draw one chart and publish its data.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    pub id: String,
    pub title: String,
    pub caption: String,
    pub scope: String,
    /// Axis titles; empty means no title.
    pub x_label: String,
    pub y_label: String,
    pub kind: ChartKind,
}

/// The small set of chart shapes every published chart is drawn with.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartKind {
    StackedBars(StackedBars),
    Lines(Lines),
    Band(Band),
    LogHistogram(LogHistogram),
    Step(StepCurve),
    HorizontalBars(HorizontalBars),
    /// Nothing to plot (too few data): the chart keeps its id and says so.
    Message(String),
}

/// Counts per period, one stacked segment per series (e.g. severity).
#[derive(Debug, Clone, PartialEq)]
pub struct StackedBars {
    pub periods: Vec<String>,
    pub series: Vec<BarSeries>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BarSeries {
    pub name: String,
    pub colour: Rgb,
    /// One value per period.
    pub values: Vec<f64>,
}

/// One or more lines over periods, with an optional horizontal target (an SLO line).
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    pub periods: Vec<String>,
    pub series: Vec<LineSeries>,
    pub target: Option<Target>,
    /// Percent axis (values are shares 0..1, shown as %).
    pub percent: bool,
    /// Fit the value axis to the data instead of starting at zero (metric series such as
    /// availability, where the variation is in the decimals).
    pub fit_y: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LineSeries {
    pub name: String,
    pub colour: Rgb,
    /// One value per period; `None` leaves a gap (too few data in that period).
    pub values: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub label: String,
    pub value: f64,
}

/// A median line with a shaded p75..p90 band, per period, plus the sample size.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub periods: Vec<String>,
    pub n: Vec<u64>,
    /// `None` where the period has too few incidents for a statistic.
    pub median: Vec<Option<f64>>,
    pub p75: Vec<Option<f64>>,
    pub p90: Vec<Option<f64>>,
}

/// Counts in bins with increasing edges, drawn on a logarithmic x axis (durations).
#[derive(Debug, Clone, PartialEq)]
pub struct LogHistogram {
    pub bins: Vec<Bin>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bin {
    /// Lower and upper edge in minutes, `0 <= lo < hi`; a bin from 0 is drawn from
    /// `hi / 2` on the log axis (the table keeps 0).
    pub lo: f64,
    pub hi: f64,
    pub count: u64,
}

/// A step function (Kaplan–Meier): `share` holds from `at` (minutes) until the next point.
#[derive(Debug, Clone, PartialEq)]
pub struct StepCurve {
    pub points: Vec<StepPoint>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StepPoint {
    pub at: f64,
    /// Share still unresolved, 0..1.
    pub share: f64,
    pub at_risk: u64,
}

/// Labelled values drawn as horizontal bars, largest first as given.
#[derive(Debug, Clone, PartialEq)]
pub struct HorizontalBars {
    pub labels: Vec<String>,
    pub values: Vec<f64>,
    /// Column title for the values in the data table.
    pub value_name: String,
    /// More columns for the data table only (one row per label), e.g. shares.
    pub extra_columns: Vec<String>,
    pub extra: Vec<Vec<String>>,
}
