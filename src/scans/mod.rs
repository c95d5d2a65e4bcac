//! Scans (issue 5, in progress): the learning-culture scan and its siblings.
//!
//! So far: the instrument engine — instruments as data files under `instruments/`, checked when
//! loaded, and scoring per block with reverse items and advice bands ([`instrument`]). Runs,
//! anonymous answers and reports come next; see the notes.

pub mod instrument;
