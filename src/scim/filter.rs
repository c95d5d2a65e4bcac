//! The SCIM filter language (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2): a parser into a small
//! tree, a compiler of that tree into SQL over the columns a resource type names, and an
//! evaluator over JSON values for the value filters inside PATCH paths (`members[value eq "7"]`).
//!
//! Precedence is `not` over `and` over `or`; attribute names and operators are
//! case-insensitive. What a resource type can be filtered on is its `Columns` function: any
//! other attribute is `invalidFilter`, never a silent full scan.

use serde_json::Value;

use super::ScimError;
use crate::db::Engine;

/// An attribute path: `[urn:…:]attr[.sub]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttrPath {
    /// The schema URN the attribute was qualified with, if any.
    pub uri: Option<String>,
    pub attr: String,
    pub sub: Option<String>,
}

impl AttrPath {
    pub fn parse(text: &str) -> Result<AttrPath, ScimError> {
        let (uri, rest) = match text.rfind(':') {
            Some(i) => (Some(text[..i].to_string()), &text[i + 1..]),
            None => (None, text),
        };
        let (attr, sub) = match rest.split_once('.') {
            Some((a, s)) => (a.to_string(), Some(s.to_string())),
            None => (rest.to_string(), None),
        };
        let name_ok =
            |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
        if !name_ok(&attr) || sub.as_deref().is_some_and(|s| !name_ok(s)) || uri.as_deref() == Some("") {
            return Err(ScimError::invalid_path(format!("'{text}' is not an attribute path")));
        }
        Ok(AttrPath { uri, attr, sub })
    }

    /// Whether this is `attr` (optionally `.sub`), ignoring case and an allowed schema URN.
    pub fn is(&self, attr: &str, sub: Option<&str>) -> bool {
        self.attr.eq_ignore_ascii_case(attr)
            && match (&self.sub, sub) {
                (None, None) => true,
                (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
                _ => false,
            }
    }

    /// Dotted form without the URN, lower case: `name.familyname`.
    pub fn key(&self) -> String {
        match &self.sub {
            Some(s) => format!("{}.{}", self.attr, s).to_ascii_lowercase(),
            None => self.attr.to_ascii_lowercase(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CompareOp {
    fn parse(word: &str) -> Option<CompareOp> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => CompareOp::Eq,
            "ne" => CompareOp::Ne,
            "co" => CompareOp::Co,
            "sw" => CompareOp::Sw,
            "ew" => CompareOp::Ew,
            "gt" => CompareOp::Gt,
            "ge" => CompareOp::Ge,
            "lt" => CompareOp::Lt,
            "le" => CompareOp::Le,
            _ => return None,
        })
    }
    fn sql(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Co | CompareOp::Sw | CompareOp::Ew => unreachable!("not a plain comparison"),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Str(String),
    Bool(bool),
    Null,
    Num(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    Compare(AttrPath, CompareOp, Literal),
    Present(AttrPath),
    /// `emails[type eq "work"]`: some value of a multi-valued attribute matches.
    Value(AttrPath, Box<Filter>),
    Not(Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Str(String),
    Open,
    Close,
    OpenBracket,
    CloseBracket,
}

fn tokenize(text: &str) -> Result<Vec<Token>, ScimError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | '[' | ']' => {
                chars.next();
                out.push(match c {
                    '(' => Token::Open,
                    ')' => Token::Close,
                    '[' => Token::OpenBracket,
                    _ => Token::CloseBracket,
                });
            }
            '"' => {
                // A JSON string: find its end, honouring escapes, and let serde decode it.
                let mut end = None;
                let mut escaped = false;
                for (j, d) in text[i + 1..].char_indices() {
                    if escaped {
                        escaped = false;
                    } else if d == '\\' {
                        escaped = true;
                    } else if d == '"' {
                        end = Some(i + 1 + j);
                        break;
                    }
                }
                let end = end.ok_or_else(|| ScimError::invalid_filter("a string is not closed"))?;
                let s: String = serde_json::from_str(&text[i..=end])
                    .map_err(|_| ScimError::invalid_filter("a string has an invalid escape"))?;
                out.push(Token::Str(s));
                while chars.peek().is_some_and(|&(j, _)| j <= end) {
                    chars.next();
                }
            }
            _ => {
                let start = i;
                let mut end = text.len();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_whitespace() || "()[]\"".contains(d) {
                        end = j;
                        break;
                    }
                    chars.next();
                }
                out.push(Token::Word(text[start..end].to_string()));
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }
    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn peek_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.and()?;
        while self.peek_word("or") {
            self.next();
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, ScimError> {
        let mut left = self.unary()?;
        while self.peek_word("and") {
            self.next();
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, ScimError> {
        if self.peek_word("not") {
            self.next();
            if self.next() != Some(Token::Open) {
                return Err(ScimError::invalid_filter("'not' must be followed by '('"));
            }
            let inner = self.or()?;
            self.expect(Token::Close, "')'")?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        if self.peek() == Some(&Token::Open) {
            self.next();
            let inner = self.or()?;
            self.expect(Token::Close, "')'")?;
            return Ok(inner);
        }
        self.attribute_expression()
    }

    fn expect(&mut self, t: Token, what: &str) -> Result<(), ScimError> {
        if self.next() == Some(t) { Ok(()) } else { Err(ScimError::invalid_filter(format!("expected {what}"))) }
    }

    fn attribute_expression(&mut self) -> Result<Filter, ScimError> {
        let Some(Token::Word(word)) = self.next() else {
            return Err(ScimError::invalid_filter("expected an attribute name"));
        };
        let path =
            AttrPath::parse(&word).map_err(|_| ScimError::invalid_filter(format!("'{word}' is not an attribute")))?;
        if self.peek() == Some(&Token::OpenBracket) {
            self.next();
            let inner = self.or()?;
            self.expect(Token::CloseBracket, "']'")?;
            if path.sub.is_some() {
                return Err(ScimError::invalid_filter("a value filter follows a top-level attribute"));
            }
            return Ok(Filter::Value(path, Box::new(inner)));
        }
        let Some(Token::Word(op)) = self.next() else {
            return Err(ScimError::invalid_filter(format!("expected an operator after '{word}'")));
        };
        if op.eq_ignore_ascii_case("pr") {
            return Ok(Filter::Present(path));
        }
        let op = CompareOp::parse(&op).ok_or_else(|| ScimError::invalid_filter(format!("unknown operator '{op}'")))?;
        let value = match self.next() {
            Some(Token::Str(s)) => Literal::Str(s),
            Some(Token::Word(w)) if w == "true" => Literal::Bool(true),
            Some(Token::Word(w)) if w == "false" => Literal::Bool(false),
            Some(Token::Word(w)) if w == "null" => Literal::Null,
            Some(Token::Word(w)) => {
                Literal::Num(w.parse().map_err(|_| ScimError::invalid_filter(format!("'{w}' is not a value")))?)
            }
            _ => return Err(ScimError::invalid_filter("expected a value")),
        };
        Ok(Filter::Compare(path, op, value))
    }
}

/// Parses a filter; anything left over or malformed is `invalidFilter`.
pub fn parse(text: &str) -> Result<Filter, ScimError> {
    if text.len() > 4096 {
        return Err(ScimError::invalid_filter("the filter is longer than 4096 characters"));
    }
    let mut p = Parser { tokens: tokenize(text)?, pos: 0 };
    if p.tokens.is_empty() {
        return Err(ScimError::invalid_filter("the filter is empty"));
    }
    let f = p.or()?;
    if p.pos != p.tokens.len() {
        return Err(ScimError::invalid_filter("unexpected text after the filter"));
    }
    if depth(&f) > 32 {
        return Err(ScimError::invalid_filter("the filter nests too deeply"));
    }
    Ok(f)
}

fn depth(f: &Filter) -> usize {
    match f {
        Filter::Compare(..) | Filter::Present(_) => 1,
        Filter::Value(_, f) | Filter::Not(f) => 1 + depth(f),
        Filter::And(a, b) | Filter::Or(a, b) => 1 + depth(a).max(depth(b)),
    }
}

/// A PATCH path: `attrPath`, or `attr[filter]` with an optional `.sub` after it.
#[derive(Clone, Debug, PartialEq)]
pub struct PatchPath {
    pub attr: AttrPath,
    pub filter: Option<Filter>,
    /// The sub-attribute after a value filter: `emails[type eq "work"].value`.
    pub sub_after: Option<String>,
}

pub fn parse_patch_path(text: &str) -> Result<PatchPath, ScimError> {
    let text = text.trim();
    match text.find('[') {
        None => Ok(PatchPath { attr: AttrPath::parse(text)?, filter: None, sub_after: None }),
        Some(open) => {
            let close = text.rfind(']').ok_or_else(|| ScimError::invalid_path("a value filter is not closed"))?;
            if close < open {
                return Err(ScimError::invalid_path("a value filter is not closed"));
            }
            let attr = AttrPath::parse(&text[..open])?;
            if attr.sub.is_some() {
                return Err(ScimError::invalid_path("a value filter follows a top-level attribute"));
            }
            let filter = parse(&text[open + 1..close])
                .map_err(|e| ScimError::invalid_path(format!("in the path: {}", e.detail)))?;
            let rest = &text[close + 1..];
            let sub_after = match rest.strip_prefix('.') {
                Some(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '$') => {
                    Some(s.to_string())
                }
                None if rest.is_empty() => None,
                _ => return Err(ScimError::invalid_path(format!("'{text}' is not a path"))),
            };
            Ok(PatchPath { attr, filter: Some(filter), sub_after })
        }
    }
}

// ---- Evaluation over JSON (PATCH value filters) ----

fn get_ci<'a>(obj: &'a Value, name: &str) -> Option<&'a Value> {
    obj.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

/// Whether one value of a multi-valued attribute (a JSON object) matches a filter.
pub fn matches(f: &Filter, item: &Value) -> bool {
    match f {
        Filter::And(a, b) => matches(a, item) && matches(b, item),
        Filter::Or(a, b) => matches(a, item) || matches(b, item),
        Filter::Not(a) => !matches(a, item),
        Filter::Present(p) => get_ci(item, &p.attr).is_some_and(|v| !v.is_null() && v != ""),
        Filter::Value(..) => false,
        Filter::Compare(p, op, lit) => {
            let v = get_ci(item, &p.attr);
            let v = match (&p.sub, v) {
                (Some(s), Some(v)) => get_ci(v, s),
                (_, v) => v,
            };
            compare_json(v, *op, lit)
        }
    }
}

fn compare_json(v: Option<&Value>, op: CompareOp, lit: &Literal) -> bool {
    use std::cmp::Ordering;
    let v = v.filter(|v| !v.is_null());
    let ord: Option<Ordering> = match (v, lit) {
        (None, Literal::Null) => return op == CompareOp::Eq,
        (Some(_), Literal::Null) => return op == CompareOp::Ne,
        (None, _) => return op == CompareOp::Ne,
        (Some(Value::Bool(b)), Literal::Bool(l)) => Some(b.cmp(l)),
        (Some(Value::Number(n)), Literal::Num(l)) => n.as_f64().and_then(|n| n.partial_cmp(l)),
        (Some(Value::String(s)), Literal::Str(l)) => {
            let (s, l) = (s.to_lowercase(), l.to_lowercase());
            match op {
                CompareOp::Co => return s.contains(&l),
                CompareOp::Sw => return s.starts_with(&l),
                CompareOp::Ew => return s.ends_with(&l),
                _ => Some(s.cmp(&l)),
            }
        }
        // A number held as a string (ids): compare as text.
        (Some(Value::String(s)), Literal::Num(l)) => Some(s.as_str().cmp(l.to_string().as_str())),
        _ => None,
    };
    let Some(ord) = ord else { return op == CompareOp::Ne };
    match op {
        CompareOp::Eq => ord == Ordering::Equal,
        CompareOp::Ne => ord != Ordering::Equal,
        CompareOp::Gt => ord == Ordering::Greater,
        CompareOp::Ge => ord != Ordering::Less,
        CompareOp::Lt => ord == Ordering::Less,
        CompareOp::Le => ord != Ordering::Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}

// ---- Compilation to SQL ----

/// How a text column compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// Stored in lower case (e-mail addresses): lower the value, keep the column (and its index).
    Lowered,
    /// Compared without regard to case: `LOWER(column)`.
    Insensitive,
    /// Compared exactly (identifiers from other systems).
    Exact,
}

/// What a filterable attribute is in SQL.
#[derive(Clone, Copy, Debug)]
pub enum Column {
    Text {
        expr: &'static str,
        case: Case,
        nullable: bool,
    },
    Bool(&'static str),
    /// Unix seconds, compared with RFC 3339 date-times.
    Time(&'static str),
    /// An integer id shown as a string.
    Id(&'static str),
    /// A value every row has (e-mail `type` is always "work").
    Const(&'static str),
}

/// Bound values of a compiled filter, in placeholder order.
#[derive(Clone, Debug, PartialEq)]
pub enum Bind {
    Text(String),
    Int(i64),
}

/// Resolves an attribute (with the multi-valued parent of a value filter, if inside one) to its
/// column; `None` means the resource cannot be filtered on it.
pub type Resolver = dyn Fn(Option<&AttrPath>, &AttrPath) -> Option<Column>;

pub struct Compiled {
    pub sql: String,
    pub binds: Vec<Bind>,
}

/// Compiles a filter to a SQL condition that is never NULL, with placeholders from `$first`.
pub fn compile(f: &Filter, resolve: &Resolver, engine: Engine, first: usize) -> Result<Compiled, ScimError> {
    let mut c = Compiler { resolve, engine, binds: Vec::new(), first };
    let sql = c.filter(f, None)?;
    Ok(Compiled { sql, binds: c.binds })
}

struct Compiler<'a> {
    resolve: &'a Resolver,
    engine: Engine,
    binds: Vec<Bind>,
    first: usize,
}

fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn parse_time(s: &str) -> Option<i64> {
    chrono::DateTime::parse_from_rfc3339(s).ok().map(|t| t.timestamp())
}

impl Compiler<'_> {
    fn bind(&mut self, b: Bind) -> String {
        self.binds.push(b);
        format!("${}", self.first + self.binds.len() - 1)
    }

    fn filter(&mut self, f: &Filter, parent: Option<&AttrPath>) -> Result<String, ScimError> {
        Ok(match f {
            Filter::And(a, b) => format!("({} AND {})", self.filter(a, parent)?, self.filter(b, parent)?),
            Filter::Or(a, b) => format!("({} OR {})", self.filter(a, parent)?, self.filter(b, parent)?),
            Filter::Not(a) => format!("(NOT {})", self.filter(a, parent)?),
            Filter::Value(p, inner) => {
                if parent.is_some() {
                    return Err(ScimError::invalid_filter("value filters do not nest"));
                }
                self.filter(inner, Some(p))?
            }
            Filter::Present(p) => match self.column(parent, p)? {
                Column::Text { expr, nullable: true, .. } => format!("({expr} IS NOT NULL AND {expr} <> '')"),
                Column::Text { expr, .. } => format!("({expr} <> '')"),
                Column::Bool(_) | Column::Time(_) | Column::Id(_) | Column::Const(_) => "(1 = 1)".into(),
            },
            Filter::Compare(p, op, lit) => {
                let col = self.column(parent, p)?;
                self.compare(p, col, *op, lit)?
            }
        })
    }

    fn column(&self, parent: Option<&AttrPath>, p: &AttrPath) -> Result<Column, ScimError> {
        (self.resolve)(parent, p).ok_or_else(|| {
            let name = match parent {
                Some(parent) => format!("{}.{}", parent.attr, p.key()),
                None => p.key(),
            };
            ScimError::invalid_filter(format!("filtering on '{name}' is not supported"))
        })
    }

    fn compare(&mut self, p: &AttrPath, col: Column, op: CompareOp, lit: &Literal) -> Result<String, ScimError> {
        let unsupported = || ScimError::invalid_filter(format!("'{}' cannot be compared with that value", p.key()));
        let truth = |b: bool| if b { "(1 = 1)".to_string() } else { "(1 = 0)".to_string() };
        match (col, lit) {
            (Column::Const(v), Literal::Str(s)) => {
                Ok(truth(compare_json(Some(&Value::String(v.into())), op, &Literal::Str(s.clone()))))
            }
            (_, Literal::Null) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
                let absent = match col {
                    Column::Text { expr, nullable: true, .. } => format!("({expr} IS NULL OR {expr} = '')"),
                    Column::Text { expr, .. } => format!("({expr} = '')"),
                    Column::Bool(_) | Column::Time(_) | Column::Id(_) | Column::Const(_) => "(1 = 0)".into(),
                };
                Ok(if op == CompareOp::Eq { absent } else { format!("(NOT {absent})") })
            }
            (Column::Text { expr, case, nullable }, Literal::Str(s)) => {
                let (e, v) = match case {
                    Case::Lowered => (expr.to_string(), s.to_lowercase()),
                    Case::Insensitive => (format!("LOWER({expr})"), s.to_lowercase()),
                    Case::Exact => (expr.to_string(), s.clone()),
                };
                let guard = if nullable { format!("{expr} IS NOT NULL AND ") } else { String::new() };
                let cond = match op {
                    CompareOp::Co | CompareOp::Sw | CompareOp::Ew if case != Case::Exact => {
                        let pat = match op {
                            CompareOp::Co => format!("%{}%", like_escape(&v)),
                            CompareOp::Sw => format!("{}%", like_escape(&v)),
                            _ => format!("%{}", like_escape(&v)),
                        };
                        let n = self.bind(Bind::Text(pat));
                        format!("{e} LIKE {n} ESCAPE '\\'")
                    }
                    CompareOp::Co => {
                        let n = self.bind(Bind::Text(v));
                        match self.engine {
                            Engine::Sqlite => format!("INSTR({e}, {n}) > 0"),
                            Engine::Postgres => format!("STRPOS({e}, {n}) > 0"),
                        }
                    }
                    CompareOp::Sw => {
                        let n = self.bind(Bind::Text(v));
                        format!("SUBSTR({e}, 1, LENGTH({n})) = {n}")
                    }
                    CompareOp::Ew => {
                        let n = self.bind(Bind::Text(v));
                        format!("LENGTH({e}) >= LENGTH({n}) AND SUBSTR({e}, LENGTH({e}) - LENGTH({n}) + 1) = {n}")
                    }
                    CompareOp::Ne => {
                        let n = self.bind(Bind::Text(v));
                        let absent = if nullable { format!("{expr} IS NULL OR ") } else { String::new() };
                        return Ok(format!("({absent}{e} <> {n})"));
                    }
                    _ => {
                        let n = self.bind(Bind::Text(v));
                        format!("{e} {} {n}", op.sql())
                    }
                };
                Ok(format!("({guard}{cond})"))
            }
            (Column::Bool(expr), Literal::Bool(b)) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
                let want = (op == CompareOp::Eq) == *b;
                Ok(format!("({expr} = {})", if want { "TRUE" } else { "FALSE" }))
            }
            (Column::Time(expr), Literal::Str(s)) if !matches!(op, CompareOp::Co | CompareOp::Sw | CompareOp::Ew) => {
                let t = parse_time(s).ok_or_else(|| {
                    ScimError::invalid_filter(format!("'{s}' is not an RFC 3339 date-time (2026-01-31T12:00:00Z)"))
                })?;
                let n = self.bind(Bind::Int(t));
                Ok(format!("({expr} {} {n})", op.sql()))
            }
            (Column::Id(expr), Literal::Str(_) | Literal::Num(_)) if matches!(op, CompareOp::Eq | CompareOp::Ne) => {
                let id = match lit {
                    Literal::Str(s) => s.trim().parse::<i64>().ok(),
                    Literal::Num(n) if n.fract() == 0.0 => Some(*n as i64),
                    _ => None,
                };
                let eq = match id {
                    Some(id) => {
                        let n = self.bind(Bind::Int(id));
                        format!("({expr} IS NOT NULL AND {expr} = {n})")
                    }
                    None => "(1 = 0)".into(),
                };
                Ok(if op == CompareOp::Eq { eq } else { format!("(NOT {eq})") })
            }
            _ => Err(unsupported()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users(parent: Option<&AttrPath>, p: &AttrPath) -> Option<Column> {
        match (parent.map(|p| p.attr.to_ascii_lowercase()), p.key().as_str()) {
            (None, "username") => Some(Column::Text { expr: "p.email", case: Case::Lowered, nullable: false }),
            (None, "externalid") => Some(Column::Text { expr: "p.external_id", case: Case::Exact, nullable: true }),
            (None, "active") => Some(Column::Bool("p.active")),
            (None, "meta.lastmodified") => Some(Column::Time("p.updated_at")),
            (Some(e), "type") if e == "emails" => Some(Column::Const("work")),
            (Some(e), "value") if e == "emails" => {
                Some(Column::Text { expr: "p.email", case: Case::Lowered, nullable: false })
            }
            _ => None,
        }
    }

    fn sql(f: &str) -> Result<Compiled, ScimError> {
        compile(&parse(f)?, &users, Engine::Sqlite, 2)
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        let f = parse("a eq 1 or b eq 2 and not (c pr)").unwrap();
        let Filter::Or(left, right) = f else { panic!("or at the top") };
        assert!(matches!(*left, Filter::Compare(..)));
        let Filter::And(_, not) = *right else { panic!("and below or") };
        assert!(matches!(*not, Filter::Not(_)));
    }

    #[test]
    fn operators_and_attribute_names_ignore_case() {
        let f = parse("UserName EQ \"Anna@Example.org\"").unwrap();
        let c = compile(&f, &users, Engine::Sqlite, 2).unwrap();
        assert_eq!(c.sql, "(p.email = $2)");
        assert_eq!(c.binds, vec![Bind::Text("anna@example.org".into())]);
    }

    #[test]
    fn strings_decode_json_escapes() {
        let f = parse(r#"externalId eq "a \"quoted\" id""#).unwrap();
        assert_eq!(
            f,
            Filter::Compare(
                AttrPath { uri: None, attr: "externalId".into(), sub: None },
                CompareOp::Eq,
                Literal::Str("a \"quoted\" id".into())
            )
        );
    }

    #[test]
    fn a_schema_urn_qualifies_an_attribute() {
        let p = AttrPath::parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber").unwrap();
        assert_eq!(p.uri.as_deref(), Some("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        assert_eq!(p.attr, "employeeNumber");
        let p = AttrPath::parse("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName").unwrap();
        assert_eq!(p.key(), "name.familyname");
    }

    #[test]
    fn a_value_filter_on_emails_compiles_to_the_email_column() {
        let c = sql(r#"emails[type eq "work" and value co "@example"]"#).unwrap();
        assert_eq!(c.sql, "((1 = 1) AND (p.email LIKE $2 ESCAPE '\\'))");
        assert_eq!(c.binds, vec![Bind::Text("%@example%".into())]);
        assert_eq!(sql(r#"emails[type eq "home"]"#).unwrap().sql, "(1 = 0)");
    }

    #[test]
    fn not_equal_and_negation_include_absent_values() {
        assert_eq!(sql(r#"externalId ne "x""#).unwrap().sql, "(p.external_id IS NULL OR p.external_id <> $2)");
        assert_eq!(
            sql(r#"not (externalId eq "x")"#).unwrap().sql,
            "(NOT (p.external_id IS NOT NULL AND p.external_id = $2))"
        );
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        let c = sql(r#"userName sw "a_b%""#).unwrap();
        assert_eq!(c.binds, vec![Bind::Text("a\\_b\\%%".into())]);
    }

    #[test]
    fn dates_booleans_and_null_compile() {
        let c = sql(r#"meta.lastModified gt "2026-01-01T00:00:00Z" and active eq false"#).unwrap();
        assert_eq!(c.sql, "((p.updated_at > $2) AND (p.active = FALSE))");
        assert_eq!(c.binds, vec![Bind::Int(1_767_225_600)]);
        assert_eq!(sql("externalId eq null").unwrap().sql, "(p.external_id IS NULL OR p.external_id = '')");
    }

    #[test]
    fn unsupported_attributes_and_bad_syntax_are_invalid_filters() {
        for bad in [
            "nickName eq \"x\"",
            "userName eq",
            "userName xx \"a\"",
            "(userName eq \"a\"",
            "userName eq \"a\" and",
            "active gt true",
            "meta.lastModified gt \"yesterday\"",
            "userName eq \"a\" extra",
            "",
            "userName eq \"open",
        ] {
            let e = sql(bad).err().unwrap_or_else(|| panic!("{bad} should not compile"));
            assert_eq!(e.scim_type, Some("invalidFilter"), "{bad}");
            assert_eq!(e.status, 400);
        }
    }

    #[test]
    fn patch_paths_parse_value_filters_and_a_sub_attribute() {
        let p = parse_patch_path(r#"emails[type eq "work"].value"#).unwrap();
        assert_eq!(p.attr.attr, "emails");
        assert_eq!(p.sub_after.as_deref(), Some("value"));
        let p = parse_patch_path(r#"members[value eq "12"]"#).unwrap();
        assert!(p.sub_after.is_none());
        assert!(matches(p.filter.as_ref().unwrap(), &serde_json::json!({"value": "12"})));
        assert!(!matches(p.filter.as_ref().unwrap(), &serde_json::json!({"value": "13"})));
        assert!(parse_patch_path("members[value eq \"1\"").is_err());
        assert!(parse_patch_path("name.givenName").unwrap().attr.is("name", Some("givenname")));
    }
}
