//! Turning generated pieces into streamed text: bytes that split a UTF-8 character, and stop strings that
//! may arrive split over several pieces.

/// Decodes UTF-8 that arrives in arbitrary byte pieces (a token may end in the middle of a character).
#[derive(Default, Debug)]
pub(crate) struct Utf8Decoder {
    pending: Vec<u8>,
}

impl Utf8Decoder {
    /// Adds bytes and returns the text that is complete now; an unfinished character waits for the next piece.
    /// Bytes that can never be UTF-8 become U+FFFD.
    #[cfg_attr(not(feature = "local"), allow(dead_code))]
    pub(crate) fn push(&mut self, bytes: &[u8]) -> String {
        self.pending.extend_from_slice(bytes);
        let mut out = String::new();
        let mut rest: &[u8] = &self.pending;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    out.push_str(s);
                    rest = &[];
                    break;
                }
                Err(e) => {
                    let (good, bad) = rest.split_at(e.valid_up_to());
                    out.push_str(std::str::from_utf8(good).expect("checked above"));
                    match e.error_len() {
                        Some(n) => {
                            out.push(char::REPLACEMENT_CHARACTER);
                            rest = &bad[n..];
                        }
                        None => {
                            rest = bad; // an unfinished character at the end: keep it
                            break;
                        }
                    }
                }
            }
        }
        let keep = rest.len();
        let drop = self.pending.len() - keep;
        self.pending.drain(..drop);
        out
    }

    /// The end of the stream: an unfinished character becomes U+FFFD.
    #[cfg_attr(not(feature = "local"), allow(dead_code))]
    pub(crate) fn finish(&mut self) -> String {
        let out = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        out
    }
}

/// Holds back just enough streamed text to recognise a stop string split over pieces.
#[derive(Debug)]
pub(crate) struct StopFilter {
    stops: Vec<String>,
    hold: usize,
    held: String,
    stopped: bool,
}

impl StopFilter {
    pub(crate) fn new(stops: &[String]) -> Self {
        let stops: Vec<String> = stops.iter().filter(|s| !s.is_empty()).cloned().collect();
        let hold = stops.iter().map(|s| s.len()).max().unwrap_or(1) - 1;
        StopFilter { stops, hold, held: String::new(), stopped: false }
    }

    /// Adds a piece; returns the text that may go out now, and whether a stop string was found (then the text
    /// ends right before it, and nothing more should be generated).
    pub(crate) fn push(&mut self, piece: &str) -> (String, bool) {
        if self.stopped {
            return (String::new(), true);
        }
        self.held.push_str(piece);
        if let Some(at) = self.stops.iter().filter_map(|s| self.held.find(s.as_str())).min() {
            self.held.truncate(at);
            self.stopped = true;
            return (std::mem::take(&mut self.held), true);
        }
        let mut cut = self.held.len().saturating_sub(self.hold);
        while !self.held.is_char_boundary(cut) {
            cut -= 1;
        }
        let rest = self.held.split_off(cut);
        (std::mem::replace(&mut self.held, rest), false)
    }

    /// The end of the stream: what was held back goes out (nothing after a stop string).
    pub(crate) fn finish(&mut self) -> String {
        std::mem::take(&mut self.held)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_split_over_pieces() {
        let text = "Zeeën 🌊 é";
        let bytes = text.as_bytes();
        for split in 0..=bytes.len() {
            let mut d = Utf8Decoder::default();
            let mut out = d.push(&bytes[..split]);
            out += &d.push(&bytes[split..]);
            out += &d.finish();
            assert_eq!(out, text, "split at {split}");
        }
        // one byte at a time
        let mut d = Utf8Decoder::default();
        let out: String = bytes.iter().map(|b| d.push(&[*b])).collect();
        assert_eq!(out + &d.finish(), text);
    }

    #[test]
    fn utf8_invalid_bytes_become_replacement() {
        let mut d = Utf8Decoder::default();
        assert_eq!(d.push(b"a\xffb"), "a\u{fffd}b");
        assert_eq!(d.push(b"\xf0\x9f"), "");
        assert_eq!(d.finish(), "\u{fffd}");
    }

    #[test]
    fn stop_string_split_over_pieces() {
        let mut f = StopFilter::new(&["</antwoord>".to_string(), "\n\n".to_string()]);
        let mut out = String::new();
        let mut stopped = false;
        for piece in ["Hallo", " daar", "</ant", "woord> rest"] {
            let (emit, s) = f.push(piece);
            out += &emit;
            if s {
                stopped = true;
                break;
            }
        }
        assert!(stopped);
        assert_eq!(out, "Hallo daar");
    }

    #[test]
    fn no_stop_passes_everything() {
        let mut f = StopFilter::new(&[]);
        assert_eq!(f.push("ab"), ("ab".to_string(), false));
        let mut f = StopFilter::new(&["XYZ".to_string()]);
        let (a, _) = f.push("héé");
        let (b, _) = f.push("X");
        let (c, _) = f.push("Y!");
        assert_eq!(a + &b + &c + &f.finish(), "hééXY!");
    }
}
