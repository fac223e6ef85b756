//! Where a JSON path such as `activities[3].cites[0]` is in a plan file's text, as a line
//! number, so that an editor is told which line to fix and not only which field.
//!
//! The checks in [`crate::load`] work on the parsed plan and name a problem by its path;
//! this walks the text the plan was read from to find that path again.

/// One step of a path: a member of an object or an element of an array.
#[derive(Debug, PartialEq, Eq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Reads `a.b[2].c` into steps; `None` for a path that is not written so.
fn steps(path: &str) -> Option<Vec<Step<'_>>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']')?;
            out.push(Step::Index(after[..close].parse().ok()?));
            rest = &after[close + 1..];
        } else {
            let rest_key = rest.strip_prefix('.').unwrap_or(rest);
            if out.is_empty() != (rest_key.len() == rest.len()) {
                // A key needs a dot before it, except the first.
                return None;
            }
            let end = rest_key.find(['.', '[']).unwrap_or(rest_key.len());
            if end == 0 {
                return None;
            }
            out.push(Step::Key(&rest_key[..end]));
            rest = &rest_key[end..];
        }
    }
    Some(out)
}

/// Deeper than this, the text is not a plan file (serde_json stops at 128 too).
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    text: &'a [u8],
    at: usize,
    line: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.at += 1;
        if c == b'\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    /// Reads a string whose opening quote is next; where its raw text is (escapes left as
    /// written).
    fn string(&mut self) -> Option<std::ops::Range<usize>> {
        if self.bump()? != b'"' {
            return None;
        }
        let start = self.at;
        loop {
            match self.bump()? {
                b'"' => return Some(start..self.at - 1),
                b'\\' => {
                    self.bump()?;
                }
                _ => {}
            }
        }
    }

    /// Skips one value of any kind.
    fn skip_value(&mut self, depth: usize) -> Option<()> {
        self.walk(&[], depth).map(|_| ())
    }

    /// At the start of a value: the line of the value at `path` within it, or of the
    /// deepest part of `path` that is there. `None` when the text is not JSON.
    fn walk(&mut self, path: &[Step<'_>], depth: usize) -> Option<usize> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_space();
        let here = self.line;
        let mut found = None;
        match self.peek()? {
            b'{' => {
                self.bump();
                self.skip_space();
                if self.peek()? == b'}' {
                    self.bump();
                    return Some(here);
                }
                loop {
                    self.skip_space();
                    let key_line = self.line;
                    let key = self.string()?;
                    self.skip_space();
                    if self.bump()? != b':' {
                        return None;
                    }
                    match path.first() {
                        Some(Step::Key(k))
                            if found.is_none() && &self.text[key.clone()] == k.as_bytes() =>
                        {
                            found = Some(if path.len() == 1 {
                                self.skip_value(depth + 1)?;
                                key_line
                            } else {
                                self.walk(&path[1..], depth + 1)?
                            });
                        }
                        _ => self.skip_value(depth + 1)?,
                    }
                    self.skip_space();
                    match self.bump()? {
                        b',' => continue,
                        b'}' => break,
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.bump();
                self.skip_space();
                if self.peek()? == b']' {
                    self.bump();
                    return Some(here);
                }
                let mut index = 0;
                loop {
                    match path.first() {
                        Some(Step::Index(i)) if *i == index => {
                            found = Some(self.walk(&path[1..], depth + 1)?);
                        }
                        _ => self.skip_value(depth + 1)?,
                    }
                    index += 1;
                    self.skip_space();
                    match self.bump()? {
                        b',' => continue,
                        b']' => break,
                        _ => return None,
                    }
                }
            }
            b'"' => {
                self.string()?;
            }
            _ => {
                // A number, true, false or null: up to the next delimiter.
                let start = self.at;
                while self.peek().is_some_and(|c| {
                    !matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                }) {
                    self.bump();
                }
                if self.at == start {
                    return None;
                }
            }
        }
        Some(found.unwrap_or(here))
    }
}

/// The line (from 1) where `path` is in `json`: the line of its key for an object member,
/// of its first character for an array element. Where the path is not in the text (a
/// `cites` that was left out), the line of the deepest part of it that is. `None` when the
/// text is not JSON or the path is not written like `activities[3].cites[0]`.
pub fn line_of(json: &str, path: &str) -> Option<usize> {
    let steps = steps(path)?;
    let mut scanner = Scanner {
        text: json.as_bytes(),
        at: 0,
        line: 1,
    };
    scanner.walk(&steps, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TEXT: &str = r#"{
  "year": 2025,
  "groups": [
    {"id": "bo-khcn"},
    {
      "id": "dia-phuong",
      "cites": ["vietnamnet"]
    }
  ],
  "note": "a \"quoted\" ] text",
  "empty": [],
  "activities": [
    {
      "id": "a"
    }
  ]
}"#;

    #[test]
    fn a_member_is_found_on_the_line_of_its_key() {
        assert_eq!(line_of(TEXT, "year"), Some(2));
        assert_eq!(line_of(TEXT, "groups"), Some(3));
        assert_eq!(line_of(TEXT, "groups[0]"), Some(4));
        assert_eq!(line_of(TEXT, "groups[1].id"), Some(6));
        assert_eq!(line_of(TEXT, "groups[1].cites[0]"), Some(7));
        assert_eq!(line_of(TEXT, "activities[0].id"), Some(14));
    }

    #[test]
    fn a_path_that_is_not_there_points_at_what_holds_it() {
        // An activity without `cites`: the editor is sent to the activity.
        assert_eq!(line_of(TEXT, "activities[0].cites"), Some(13));
        assert_eq!(line_of(TEXT, "groups[7]"), Some(3));
        assert_eq!(line_of(TEXT, "sources[0].url"), Some(1));
        assert_eq!(line_of(TEXT, ""), Some(1));
    }

    #[test]
    fn strings_with_brackets_and_quotes_do_not_derail_the_walk() {
        assert_eq!(line_of(TEXT, "empty"), Some(11));
    }

    #[test]
    fn paths_written_otherwise_and_texts_that_are_not_json_give_nothing() {
        for bad in ["groups[", "groups[x]", ".year", "groups..id", "groups[0]id"] {
            assert_eq!(line_of(TEXT, bad), None, "{bad}");
        }
        assert_eq!(line_of("{\"year\": ", "year"), None);
        assert_eq!(line_of(&"[".repeat(500), "x"), None);
    }

    proptest! {
        #[test]
        fn any_text_and_any_path_are_answered_without_panicking(
            text in "[\\[\\]{}\",:a-z0-9 \n\\\\]{0,200}",
            path in "[a-z.\\[\\]0-9]{0,20}",
        ) {
            let _ = line_of(&text, &path);
        }
    }
}
