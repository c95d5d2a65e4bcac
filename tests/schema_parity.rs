//! The two engines' migrations describe one schema: after migrating a fresh SQLite and a fresh
//! PostgreSQL database, both have the same tables, the same columns with the same nullability,
//! and the same indexes (name, table, columns in order, unique or not) and unique constraints.
//! A column or index added to one engine's migration only fails here, not in production.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use hartslag::db::{Db, Row};

/// table → column → nullable
type Columns = BTreeMap<String, BTreeMap<String, bool>>;
/// (table, columns in order, unique): explicit indexes by name, and the unnamed unique
/// constraints (whose index names differ per engine) as a set.
struct Indexes {
    named: BTreeMap<String, (String, Vec<String>, bool)>,
    constraints: BTreeSet<(String, Vec<String>)>,
}

async fn sqlite_schema(db: &Db) -> (Columns, Indexes) {
    let tables: Vec<String> =
        sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get("name"))
            .collect();
    let mut columns = Columns::new();
    let mut idx = Indexes { named: BTreeMap::new(), constraints: BTreeSet::new() };
    for t in &tables {
        let rows = sqlx::query(&format!("SELECT name, \"notnull\" AS nn, pk FROM pragma_table_info('{t}')"))
            .fetch_all(&db.pool)
            .await
            .unwrap();
        let cols = columns.entry(t.clone()).or_default();
        for r in rows {
            // A primary key column is never null, whatever SQLite's flag says.
            let not_null = r.get::<i64, _>("nn") == 1 || r.get::<i64, _>("pk") > 0;
            cols.insert(r.get::<String, _>("name").to_lowercase(), !not_null);
        }
        let list = sqlx::query(&format!("SELECT name, \"unique\" AS u, origin FROM pragma_index_list('{t}')"))
            .fetch_all(&db.pool)
            .await
            .unwrap();
        for r in list {
            let name: String = r.get("name");
            let origin: String = r.get("origin");
            if origin == "pk" {
                continue;
            }
            let cols: Vec<String> =
                sqlx::query(&format!("SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"))
                    .fetch_all(&db.pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|c| c.get::<String, _>("name").to_lowercase())
                    .collect();
            if origin == "u" {
                idx.constraints.insert((t.clone(), cols));
            } else {
                idx.named.insert(name, (t.clone(), cols, r.get::<i64, _>("u") == 1));
            }
        }
    }
    (columns, idx)
}

async fn postgres_schema(db: &Db) -> (Columns, Indexes) {
    let mut columns = Columns::new();
    for r in sqlx::query(
        "SELECT table_name::text AS t, column_name::text AS c, is_nullable::text AS n FROM information_schema.columns \
         WHERE table_schema = current_schema()",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    {
        columns
            .entry(r.get("t"))
            .or_default()
            .insert(r.get::<String, _>("c").to_lowercase(), r.get::<String, _>("n") == "YES");
    }
    let mut idx = Indexes { named: BTreeMap::new(), constraints: BTreeSet::new() };
    // Every index with its columns in order; whether a constraint made it (then its name is the
    // engine's own).
    for r in sqlx::query(
        "SELECT i.relname::text AS name, t.relname::text AS tbl, x.indisunique AS u, x.indisprimary AS pk, \
         (SELECT COUNT(*) FROM pg_constraint c WHERE c.conindid = x.indexrelid) AS by_constraint, \
         (SELECT string_agg(a.attname::text, ',' ORDER BY k.n) FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, n) \
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS cols \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE ns.nspname = current_schema()",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    {
        if r.get::<bool, _>("pk") {
            continue;
        }
        let cols: Vec<String> = r.get::<String, _>("cols").split(',').map(|c| c.to_lowercase()).collect();
        if r.get::<i64, _>("by_constraint") > 0 {
            idx.constraints.insert((r.get("tbl"), cols));
        } else {
            idx.named.insert(r.get("name"), (r.get("tbl"), cols, r.get::<bool, _>("u")));
        }
    }
    (columns, idx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_migrate_to_the_same_schema() {
    let Some((sqlite, _dir)) = common::fresh_db(common::Backend::Sqlite).await else { return };
    let Some((postgres, _)) = common::fresh_db(common::Backend::Postgres).await else { return };
    let (s_cols, s_idx) = sqlite_schema(&sqlite).await;
    let (p_cols, p_idx) = postgres_schema(&postgres).await;
    assert!(s_cols.len() > 40, "expected the whole schema, found {} tables", s_cols.len());
    assert!(
        s_idx.named.len() > 30 && p_idx.named.len() > 30,
        "{} and {} indexes",
        s_idx.named.len(),
        p_idx.named.len()
    );
    assert!(!s_idx.constraints.is_empty(), "unique constraints are read too");

    let s_tables: BTreeSet<&String> = s_cols.keys().collect();
    let p_tables: BTreeSet<&String> = p_cols.keys().collect();
    assert_eq!(s_tables, p_tables, "the same tables");
    let mut differences = Vec::new();
    for (table, cols) in &s_cols {
        let other = &p_cols[table];
        for (c, nullable) in cols {
            match other.get(c) {
                None => differences.push(format!("{table}.{c}: only in SQLite")),
                Some(n) if n != nullable => {
                    differences.push(format!("{table}.{c}: nullable in SQLite {nullable}, in PostgreSQL {n}"))
                }
                _ => {}
            }
        }
        for c in other.keys().filter(|c| !cols.contains_key(*c)) {
            differences.push(format!("{table}.{c}: only in PostgreSQL"));
        }
    }
    for (name, def) in &s_idx.named {
        match p_idx.named.get(name) {
            None => differences.push(format!("index {name}: only in SQLite")),
            Some(p) if p != def => differences.push(format!("index {name}: SQLite {def:?}, PostgreSQL {p:?}")),
            _ => {}
        }
    }
    for name in p_idx.named.keys().filter(|n| !s_idx.named.contains_key(*n)) {
        differences.push(format!("index {name}: only in PostgreSQL"));
    }
    for c in s_idx.constraints.symmetric_difference(&p_idx.constraints) {
        let side = if s_idx.constraints.contains(c) { "SQLite" } else { "PostgreSQL" };
        differences.push(format!("unique constraint {c:?}: only in {side}"));
    }
    assert!(differences.is_empty(), "the schemas differ:\n{}", differences.join("\n"));
}
