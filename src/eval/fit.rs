//! Fitting the detection model from labelled rows: one logistic regression whose
//! weights are shared by all clauses, plus for each clause a bias and small
//! deviations pulled towards the shared weights (so a rare clause borrows strength
//! from the others), then the threshold that gives the best F1 on the training rows.
//! Full-batch gradient descent from zero: the same rows always give the same model.

use indexmap::IndexMap;

use super::Row;
use crate::policy::model::{Features, Model, Weights, FEATURE_NAMES};

const N: usize = FEATURE_NAMES.len();
/// Penalty on the shared weights (keeps them finite on separable data).
const SHARED_PENALTY: f64 = 0.01;
/// Penalty on a clause's deviations from the shared weights.
const DEVIATION_PENALTY: f64 = 2.0;
/// Penalty on a clause's bias offset.
const BIAS_PENALTY: f64 = 0.05;
const STEPS: usize = 3000;
const LEARNING_RATE: f64 = 0.05;

/// Adam optimiser state for one parameter vector.
struct Adam {
    m: Vec<f64>,
    v: Vec<f64>,
}

impl Adam {
    fn new(size: usize) -> Self {
        Self {
            m: vec![0.0; size],
            v: vec![0.0; size],
        }
    }

    #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    fn step(&mut self, params: &mut [f64], gradient: &[f64], t: usize) {
        let (b1, b2) = (0.9_f64, 0.999_f64);
        let t = t as i32;
        for i in 0..params.len() {
            self.m[i] = b1 * self.m[i] + (1.0 - b1) * gradient[i];
            self.v[i] = b2 * self.v[i] + (1.0 - b2) * gradient[i] * gradient[i];
            let m = self.m[i] / (1.0 - b1.powi(t));
            let v = self.v[i] / (1.0 - b2.powi(t));
            params[i] -= LEARNING_RATE * m / (v.sqrt() + 1e-8);
        }
    }
}

/// Parameters: shared bias and weights, then per clause a bias offset and deviations.
struct Params {
    values: Vec<f64>,
}

impl Params {
    const SHARED: usize = N + 1;

    fn clause(c: usize) -> usize {
        Self::SHARED + c * (N + 1)
    }

    fn logit(&self, c: usize, x: &Features) -> f64 {
        let at = Self::clause(c);
        let mut sum = self.values[0] + self.values[at];
        for (j, xj) in x.iter().enumerate() {
            sum += (self.values[1 + j] + self.values[at + 1 + j]) * xj;
        }
        sum
    }

    fn weights(&self, c: usize) -> Weights {
        let at = Self::clause(c);
        Weights {
            bias: round(self.values[0] + self.values[at]),
            weights: (0..N)
                .map(|j| round(self.values[1 + j] + self.values[at + 1 + j]))
                .collect(),
        }
    }
}

/// Four decimals: the committed file stays readable and stable.
fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// Fits a model on rows (documents and examples alike).
#[allow(clippy::cast_precision_loss)]
pub fn fit(rows: &[Row]) -> Model {
    let mut clause_ids: IndexMap<&str, ()> = IndexMap::new();
    for row in rows {
        clause_ids.insert(&row.clause, ());
    }
    let clause_of: Vec<usize> = rows
        .iter()
        .map(|r| clause_ids.get_index_of(r.clause.as_str()).unwrap_or(0))
        .collect();
    let size = Params::SHARED + clause_ids.len() * (N + 1);
    let mut params = Params {
        values: vec![0.0; size],
    };
    let mut adam = Adam::new(size);
    let scale = 1.0 / rows.len().max(1) as f64;
    let mut gradient = vec![0.0; size];
    for t in 1..=STEPS {
        gradient.fill(0.0);
        for (row, &c) in rows.iter().zip(&clause_of) {
            let p = 1.0 / (1.0 + (-params.logit(c, &row.features)).exp());
            let error = (p - f64::from(u8::from(row.expected))) * scale;
            let at = Params::clause(c);
            gradient[0] += error;
            gradient[at] += error;
            for (j, xj) in row.features.iter().enumerate() {
                gradient[1 + j] += error * xj;
                gradient[at + 1 + j] += error * xj;
            }
        }
        for (g, value) in gradient[1..Params::SHARED]
            .iter_mut()
            .zip(&params.values[1..Params::SHARED])
        {
            *g += 2.0 * SHARED_PENALTY * scale * value;
        }
        for c in 0..clause_ids.len() {
            let at = Params::clause(c);
            gradient[at] += 2.0 * BIAS_PENALTY * scale * params.values[at];
            for j in 1..=N {
                gradient[at + j] += 2.0 * DEVIATION_PENALTY * scale * params.values[at + j];
            }
        }
        adam.step(&mut params.values, &gradient, t);
    }
    let shared = Weights {
        bias: round(params.values[0]),
        weights: (1..=N).map(|j| round(params.values[j])).collect(),
    };
    let clauses: IndexMap<String, Weights> = clause_ids
        .keys()
        .enumerate()
        .map(|(c, id)| ((*id).to_owned(), params.weights(c)))
        .collect();
    let mut model = Model {
        features: FEATURE_NAMES.iter().map(|&n| n.to_owned()).collect(),
        threshold: 0.5,
        shared,
        clauses,
    };
    model.threshold = best_threshold(&model, rows);
    model
}

/// The threshold (0.30 to 0.70) with the best micro-F1 on the labelled documents.
fn best_threshold(model: &Model, rows: &[Row]) -> f64 {
    let documents: Vec<&Row> = rows.iter().filter(|r| r.id_number != usize::MAX).collect();
    let mut best = (f64::MIN, 0.5);
    for step in 0..=8 {
        let threshold = 0.3 + 0.05 * f64::from(step);
        let mut candidate = model.clone();
        candidate.threshold = threshold;
        let counts = super::score(
            &documents.iter().map(|r| (*r).clone()).collect::<Vec<_>>(),
            |_| &candidate,
        )
        .micro;
        let f1 = counts.f1().unwrap_or(0.0);
        if f1 > best.0 + 1e-9 {
            best = (f1, round(threshold));
        }
    }
    best.1
}
