//! Writing many records of one table at a time, with their ids (an import
//! into an empty book): one `INSERT ... VALUES (...), (...), ...` of a few
//! hundred rows instead of a statement (and, on a server, a round trip)
//! per row. The statement text is the same on both engines. A batch the
//! engine refuses (a unique key, a check) is undone to a savepoint and
//! written again row by row, so the error still names the record.

use super::records::Insert;
use super::sql::Param;
use super::{conn, StoreError, Tx};

/// Rows per statement at most.
const ROWS: usize = 500;
/// Parameters per statement at most (SQLite's bundled build allows 32766,
/// PostgreSQL 65535).
const PARAMS: usize = 30_000;

/// A write refused: the position (in the caller's numbering) of the record
/// that the engine refused, when it is known, and why.
#[derive(Debug)]
pub struct Refused {
    pub table: &'static str,
    pub at: Option<usize>,
    pub error: StoreError,
}

/// Records of one table waiting to be written, each with its position.
pub struct Batch<'t, 'c, R: Insert> {
    tx: &'t Tx<'c>,
    per: usize,
    rows: Vec<(usize, R)>,
    /// The statement of a full batch, made once.
    full: Option<String>,
}

/// `INSERT INTO table (columns) VALUES (?1, ...), ...` for `n` rows.
pub(super) fn statement(table: &str, columns: &str, n: usize) -> String {
    let cols: Vec<&str> = columns.split(", ").map(|c| c.split_once('.').map_or(c, |(_, n)| n)).collect();
    let w = cols.len();
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", cols.join(", "));
    for row in 0..n {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for c in 0..w {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('?');
            sql.push_str(&(row * w + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

impl<'t, 'c, R: Insert> Batch<'t, 'c, R> {
    pub fn new(tx: &'t Tx<'c>) -> Self {
        let width = R::INSERT_COLUMNS.split(", ").count();
        Batch { tx, per: (PARAMS / width).clamp(1, ROWS), rows: Vec::new(), full: None }
    }

    /// Adds record `at` (its position, for an error); writes the batch once
    /// it is full.
    pub fn push(&mut self, at: usize, record: R) -> Result<(), Refused> {
        self.rows.push((at, record));
        if self.rows.len() >= self.per {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes what is left.
    pub fn finish(mut self) -> Result<(), Refused> {
        self.flush()
    }

    fn flush(&mut self) -> Result<(), Refused> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let refused = |at: Option<usize>, error: StoreError| Refused { table: R::TABLE, at, error };
        let db = conn(self.tx);
        let n = self.rows.len();
        let sql = if n == self.per {
            self.full.get_or_insert_with(|| statement(R::TABLE, R::INSERT_COLUMNS, n)).clone()
        } else {
            statement(R::TABLE, R::INSERT_COLUMNS, n)
        };
        let values: Vec<Param<'_>> = self.rows.iter().flat_map(|(_, r)| r.values()).collect();
        db.batch("SAVEPOINT expect_batch").map_err(|e| refused(None, e))?;
        let written = db.execute_inferred(&sql, &values);
        drop(values);
        match written {
            Ok(_) => {}
            Err(StoreError::Duplicate(_) | StoreError::Constraint(_)) => {
                // Undone; row by row, the first one refused is named.
                db.batch("ROLLBACK TO SAVEPOINT expect_batch").map_err(|e| refused(None, e))?;
                let one = statement(R::TABLE, R::INSERT_COLUMNS, 1);
                for (at, r) in &self.rows {
                    db.execute_inferred(&one, &r.values()).map_err(|e| refused(Some(*at), e))?;
                }
            }
            Err(e) => return Err(refused(None, e)),
        }
        db.batch("RELEASE SAVEPOINT expect_batch").map_err(|e| refused(None, e))?;
        self.rows.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_statement_numbers_its_parameters_row_after_row() {
        assert_eq!(super::statement("t", "x.id, x.a", 2), "INSERT INTO t (id, a) VALUES (?1, ?2), (?3, ?4)");
    }
}
