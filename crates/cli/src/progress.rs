//! Progress of long imports and builds (indicatif), on stderr. Drawn only when stderr is a
//! terminal: in scripts, CI and tests nothing is printed but the final summary on stdout.

use indicatif::{ProgressBar, ProgressStyle};

/// A bar for `len` steps labelled `what` (`"importing pages"`); finish it with
/// `finish_and_clear` before printing the summary.
pub fn bar(len: usize, what: &'static str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(what);
    bar
}

#[cfg(test)]
mod tests {
    #[test]
    fn nothing_is_drawn_when_stderr_is_not_a_terminal() {
        // The test's stderr is captured, not a terminal: the bar is hidden.
        let b = super::bar(3, "testing");
        assert!(b.is_hidden());
        b.inc(3);
        assert_eq!(b.position(), 3);
        b.finish_and_clear();
    }
}
