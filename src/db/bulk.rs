//! Multi-row INSERT batches, for the demo generator, the cockpit's figures and the HR import;
//! and [`chunked`], one statement per chunk of rows given as a `VALUES` list (a multi-row
//! UPDATE, an `IN` list).
//!
//! Rows are buffered per table and written as `INSERT … VALUES (…), (…)` statements with `$n`
//! placeholders, so the same SQL runs on SQLite and PostgreSQL. Tables are flushed in the order
//! they were declared, which is their foreign-key order: a child row never reaches the database
//! before its parent.

use std::collections::HashMap;

use crate::db::{Engine, Tx};

/// One value to bind: only the types the `Any` driver carries.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    I(i64),
    N(Option<i64>),
    S(String),
    O(Option<String>),
    B(bool),
}

impl From<i64> for V {
    fn from(v: i64) -> V {
        V::I(v)
    }
}
impl From<Option<i64>> for V {
    fn from(v: Option<i64>) -> V {
        V::N(v)
    }
}
impl From<String> for V {
    fn from(v: String) -> V {
        V::S(v)
    }
}
impl From<&str> for V {
    fn from(v: &str) -> V {
        V::S(v.to_string())
    }
}
impl From<Option<String>> for V {
    fn from(v: Option<String>) -> V {
        V::O(v)
    }
}
impl From<bool> for V {
    fn from(v: bool) -> V {
        V::B(v)
    }
}

/// Builds a row of [`V`]s from expressions of the bindable types.
macro_rules! row {
    ($($e:expr),* $(,)?) => { vec![$($crate::db::bulk::V::from($e)),*] };
}
pub(crate) use row;

struct Table {
    name: &'static str,
    cols: &'static [&'static str],
    values: Vec<V>,
    written: u64,
}

/// Bind parameters per statement. PostgreSQL takes up to 65,535 and SQLite 32,766, but
/// sqlx's SQLite driver looks every parameter up by its name, at a cost that grows with the
/// statement's parameter count: there, about 250 per statement is fastest (measured: six times
/// faster than 12,000).
fn max_params(engine: Engine) -> usize {
    match engine {
        Engine::Sqlite => 250,
        Engine::Postgres => 8_000,
    }
}

/// Rows per statement, at most.
const MAX_ROWS: usize = 1_000;
/// Buffered values across all tables before [`Bulk::maybe_flush`] writes them.
const FLUSH_AT: usize = 400_000;

pub struct Bulk {
    engine: Engine,
    tables: Vec<Table>,
    sql: HashMap<(usize, usize), std::sync::Arc<str>>,
    buffered: usize,
}

impl Bulk {
    pub fn new(engine: Engine) -> Bulk {
        Bulk { engine, tables: Vec::new(), sql: HashMap::new(), buffered: 0 }
    }

    /// Declares a table; returns its handle. Declare parents before children.
    pub fn table(&mut self, name: &'static str, cols: &'static [&'static str]) -> usize {
        self.tables.push(Table { name, cols, values: Vec::new(), written: 0 });
        self.tables.len() - 1
    }

    pub fn push(&mut self, t: usize, row: Vec<V>) {
        let table = &mut self.tables[t];
        debug_assert_eq!(row.len(), table.cols.len(), "{}", table.name);
        self.buffered += row.len();
        table.values.extend(row);
    }

    /// Writes everything when enough is buffered.
    pub async fn maybe_flush(&mut self, tx: &mut Tx) -> anyhow::Result<()> {
        if self.buffered >= FLUSH_AT {
            self.flush(tx).await?;
        }
        Ok(())
    }

    /// Writes every buffered row, table by table in declaration order.
    pub async fn flush(&mut self, tx: &mut Tx) -> anyhow::Result<()> {
        for t in 0..self.tables.len() {
            let ncols = self.tables[t].cols.len();
            let per_stmt = (max_params(self.engine) / ncols).clamp(1, MAX_ROWS);
            let values = std::mem::take(&mut self.tables[t].values);
            let total_rows = values.len() / ncols;
            let mut it = values.into_iter();
            let mut left = total_rows;
            while left > 0 {
                let n = left.min(per_stmt);
                let sql = self.sql_for(t, n);
                let mut q = sqlx::query(&sql);
                for v in it.by_ref().take(n * ncols) {
                    q = match v {
                        V::I(x) => q.bind(x),
                        V::N(x) => q.bind(x),
                        V::S(x) => q.bind(x),
                        V::O(x) => q.bind(x),
                        V::B(x) => q.bind(x),
                    };
                }
                q.execute(&mut **tx)
                    .await
                    .map_err(|e| anyhow::anyhow!("inserting into {}: {e}", self.tables[t].name))?;
                left -= n;
                self.tables[t].written += n as u64;
            }
        }
        self.buffered = 0;
        Ok(())
    }

    fn sql_for(&mut self, t: usize, rows: usize) -> std::sync::Arc<str> {
        let table = &self.tables[t];
        self.sql
            .entry((t, rows))
            .or_insert_with(|| {
                let ncols = table.cols.len();
                let mut s = format!("INSERT INTO {} ({}) VALUES ", table.name, table.cols.join(", "));
                let mut p = 1;
                for r in 0..rows {
                    if r > 0 {
                        s.push_str(", ");
                    }
                    s.push('(');
                    for c in 0..ncols {
                        if c > 0 {
                            s.push_str(", ");
                        }
                        s.push('$');
                        s.push_str(&p.to_string());
                        p += 1;
                    }
                    s.push(')');
                }
                s.into()
            })
            .clone()
    }

    /// Rows written per table so far.
    pub fn counts(&self) -> Vec<(&'static str, u64)> {
        self.tables.iter().map(|t| (t.name, t.written)).collect()
    }
}

fn bind<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    v: &V,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    match v {
        V::I(x) => q.bind(*x),
        V::N(x) => q.bind(*x),
        V::S(x) => q.bind(x.clone()),
        V::O(x) => q.bind(x.clone()),
        V::B(x) => q.bind(*x),
    }
}

/// Runs `sql` once per chunk of `rows`, its `{values}` replaced by the chunk as a `VALUES (…),
/// (…)` list of placeholders, after the `fixed` parameters (`$1`…, the same for every chunk).
/// `casts` gives, per column, a type to `CAST` the placeholder to, or `""`: PostgreSQL needs
/// no cast for a bound integer, but the cast keeps a column of NULLs typed.
///
/// The columns of a `VALUES` list are `column1`, `column2`, … on both engines, so
/// `UPDATE t SET a = v.column2 FROM (VALUES {values}) AS v WHERE t.id = v.column1` and
/// `… WHERE id IN (VALUES {values})` read the same on SQLite and PostgreSQL. Returns the rows
/// affected.
pub async fn chunked(
    tx: &mut Tx,
    engine: Engine,
    sql: &str,
    fixed: &[V],
    casts: &[&str],
    rows: &[Vec<V>],
) -> anyhow::Result<u64> {
    let ncols = casts.len().max(1);
    let per_stmt = ((max_params(engine).saturating_sub(fixed.len())) / ncols).clamp(1, MAX_ROWS);
    let mut cache: HashMap<usize, String> = HashMap::new();
    let mut affected = 0;
    for chunk in rows.chunks(per_stmt) {
        let text = cache.entry(chunk.len()).or_insert_with(|| {
            let mut list = String::new();
            let mut p = fixed.len() + 1;
            for r in 0..chunk.len() {
                if r > 0 {
                    list.push_str(", ");
                }
                list.push('(');
                for (c, cast) in casts.iter().enumerate() {
                    if c > 0 {
                        list.push_str(", ");
                    }
                    if cast.is_empty() {
                        list.push_str(&format!("${p}"));
                    } else {
                        list.push_str(&format!("CAST(${p} AS {cast})"));
                    }
                    p += 1;
                }
                list.push(')');
            }
            sql.replace("{values}", &list)
        });
        let mut q = sqlx::query(text.as_str());
        for v in fixed {
            q = bind(q, v);
        }
        for row in chunk {
            debug_assert_eq!(row.len(), casts.len());
            for v in row {
                q = bind(q, v);
            }
        }
        affected += q.execute(&mut **tx).await.map_err(|e| anyhow::anyhow!("{e}: {}", sql))?.rows_affected();
    }
    Ok(affected)
}
