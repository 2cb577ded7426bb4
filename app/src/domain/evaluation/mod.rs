//! Democratic evaluation (民主评议; L25 Art. 37 and local practice, DESIGN.md "Democratic
//! evaluation"): the scales subjects are rated on, a rater's sheet, and a round's results.
//! The round's lifecycle (reports, window, questions) and the secret keeping of sheets are the
//! api's and the store's; every rule they apply lives here.

pub mod grading;
pub mod paper;
pub mod questions;
pub mod round;
pub mod scale;
pub mod sheet;
