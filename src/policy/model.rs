//! The detection model: for each clause, a bias and one weight per feature, fitted
//! from labelled charters by `charter-eval --fit` and read from
//! `policies/detection-model.yaml`. A clause is covered where the weighted sum of its
//! features, squashed to a probability, reaches the threshold.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// The names of the features, in the order the model's weights follow.
pub const FEATURE_NAMES: [&str; 12] = [
    "strong-in-rule",
    "strong-in-rule-ai",
    "strong-under-lead-in",
    "strong-outside-rule",
    "heading",
    "heading-with-rules",
    "rules-under-heading",
    "cues-in-rule",
    "distinct-cues",
    "share-of-sentences",
    "length",
    "not-english",
];

/// The feature values of one clause in one document.
pub type Features = [f64; FEATURE_NAMES.len()];

/// A bias and one weight per feature.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    pub bias: f64,
    pub weights: Vec<f64>,
}

impl Weights {
    /// The probability that a document with these features covers the clause.
    pub fn probability(&self, features: &Features) -> f64 {
        let sum: f64 = self.bias
            + self
                .weights
                .iter()
                .zip(features)
                .map(|(w, x)| w * x)
                .sum::<f64>();
        1.0 / (1.0 + (-sum).exp())
    }
}

/// The fitted model, as the file holds it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Feature names, in weight order; must be `FEATURE_NAMES`.
    pub features: Vec<String>,
    /// Probability from which a clause counts as covered.
    pub threshold: f64,
    /// Weights shared by all clauses, for a clause the file does not list.
    pub shared: Weights,
    /// Weights per clause id.
    pub clauses: IndexMap<String, Weights>,
}

/// Why a model file does not fit the features this build computes.
pub const FEATURES_CHANGED: &str =
    "its features are not those this build computes; refit it with `charter-eval --fit`";

impl Model {
    /// Checks that the weights follow the features this build computes.
    pub fn check(&self) -> Result<(), &'static str> {
        let sizes_match = std::iter::once(&self.shared)
            .chain(self.clauses.values())
            .all(|w| w.weights.len() == FEATURE_NAMES.len());
        if self.features == FEATURE_NAMES && sizes_match {
            Ok(())
        } else {
            Err(FEATURES_CHANGED)
        }
    }

    /// The weights of a clause: its own, or the shared ones.
    pub fn weights(&self, clause: &str) -> &Weights {
        self.clauses.get(clause).unwrap_or(&self.shared)
    }

    /// Whether a document with these features covers the clause.
    pub fn covers(&self, clause: &str, features: &Features) -> bool {
        self.weights(clause).probability(features) >= self.threshold
    }
}
