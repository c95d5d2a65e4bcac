//! An incremental parser of server-sent events (the `text/event-stream` format): feed it the body's bytes in
//! whatever pieces the network delivers, get complete events out.

/// One event: its `event:` name (if any) and its `data:` lines joined with `\n`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseEvent {
    pub event: Option<String>,
    pub data: String,
}

/// Feed bytes with [`SseParser::push`]; an event is complete at its blank line.
#[derive(Default, Debug)]
pub struct SseParser {
    buf: Vec<u8>,
    event: Option<String>,
    data: Option<String>,
}

impl SseParser {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds bytes and returns the events completed by them, in order.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        self.buf.extend_from_slice(bytes);
        let mut events = Vec::new();
        let mut start = 0;
        while let Some(nl) = self.buf[start..].iter().position(|&b| b == b'\n') {
            let end = start + nl;
            let mut line = &self.buf[start..end];
            if let [rest @ .., b'\r'] = line {
                line = rest;
            }
            let line = String::from_utf8_lossy(line).into_owned();
            start = end + 1;
            if let Some(ev) = self.line(&line) {
                events.push(ev);
            }
        }
        self.buf.drain(..start);
        events
    }

    /// The end of the body: a last event without its blank line still counts.
    pub fn finish(&mut self) -> Option<SseEvent> {
        if !self.buf.is_empty() {
            let rest = std::mem::take(&mut self.buf);
            let line = String::from_utf8_lossy(&rest).trim_end_matches('\r').to_string();
            if let Some(ev) = self.line(&line) {
                return Some(ev);
            }
        }
        self.dispatch()
    }

    fn line(&mut self, line: &str) -> Option<SseEvent> {
        if line.is_empty() {
            return self.dispatch();
        }
        if line.starts_with(':') {
            return None; // a comment (keep-alive)
        }
        let (field, value) = match line.split_once(':') {
            Some((f, v)) => (f, v.strip_prefix(' ').unwrap_or(v)),
            None => (line, ""),
        };
        match field {
            "data" => match &mut self.data {
                Some(d) => {
                    d.push('\n');
                    d.push_str(value);
                }
                None => self.data = Some(value.to_string()),
            },
            "event" => self.event = Some(value.to_string()),
            _ => {} // id, retry and unknown fields do not matter here
        }
        None
    }

    fn dispatch(&mut self) -> Option<SseEvent> {
        let event = self.event.take();
        self.data.take().map(|data| SseEvent { event, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(events: &[SseEvent]) -> Vec<&str> {
        events.iter().map(|e| e.data.as_str()).collect()
    }

    #[test]
    fn events_split_across_chunk_boundaries() {
        let body = "data: {\"a\":1}\n\ndata: {\"b\":\"é\"}\r\n\r\n: keep-alive\n\ndata: [DONE]\n\n";
        let bytes = body.as_bytes();
        for split in 0..=bytes.len() {
            let mut p = SseParser::new();
            let mut events = p.push(&bytes[..split]);
            events.extend(p.push(&bytes[split..]));
            assert!(p.finish().is_none(), "split at {split}");
            assert_eq!(data(&events), ["{\"a\":1}", "{\"b\":\"é\"}", "[DONE]"], "split at {split}");
        }
        // byte by byte
        let mut p = SseParser::new();
        let events: Vec<SseEvent> = bytes.iter().flat_map(|b| p.push(&[*b])).collect();
        assert_eq!(data(&events), ["{\"a\":1}", "{\"b\":\"é\"}", "[DONE]"]);
    }

    #[test]
    fn multi_line_data_and_event_names() {
        let mut p = SseParser::new();
        let events = p.push(b"event: error\ndata: line one\ndata:line two\nid: 7\n\ndata: x\n\n");
        assert_eq!(
            events,
            [
                SseEvent { event: Some("error".into()), data: "line one\nline two".into() },
                SseEvent { event: None, data: "x".into() },
            ]
        );
    }

    #[test]
    fn done_and_unterminated_last_event() {
        let mut p = SseParser::new();
        assert_eq!(data(&p.push(b"data: [DONE]\n\ndata: {\"late\":true}")), ["[DONE]"]);
        assert_eq!(p.finish().map(|e| e.data), Some("{\"late\":true}".to_string()));
        assert_eq!(p.finish(), None);
    }

    #[test]
    fn error_json_comes_through_as_data() {
        let mut p = SseParser::new();
        let events = p.push(b"data: {\"error\":{\"message\":\"context too long\",\"code\":400}}\n\n");
        let v: serde_json::Value = serde_json::from_str(&events[0].data).unwrap();
        assert_eq!(v["error"]["message"], "context too long");
    }

    #[test]
    fn blank_lines_without_data_make_no_event() {
        let mut p = SseParser::new();
        assert!(p.push(b"\n\n\r\n: ping\n\n").is_empty());
    }
}
