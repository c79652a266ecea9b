"""A store read comes back through Arrow (``io.store_read._frame``) with exactly the frame
DuckDB's ``.df()`` gives: the same values, dtypes and missing values, column by column."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tradewinds.io.store_read import _frame

TABLE = """
CREATE TABLE t AS SELECT * FROM (VALUES
  (1::INTEGER, NULL::INTEGER, NULL::VARCHAR, 'a', 2::BIGINT, 1.5::DOUBLE, true, NULL::BOOLEAN,
   NULL::DOUBLE, 7::BIGINT, DATE '2020-01-01', 1.25::DECIMAL(9, 2)),
  (2, 3, NULL, NULL, NULL, NULL, false, NULL, NULL, 8, NULL, NULL),
  (3, NULL, NULL, 'c', 4, -0.0, true, true, NULL, 9, DATE '2021-06-30', 2.50)
) v(i, i_null, s_all_null, s_some_null, b_null, d, bo, bo_null, d_all_null, b, dt, dec)
"""

QUERIES = [
    "SELECT * EXCLUDE (dt, dec) FROM t",  # the Arrow path
    "SELECT * FROM t",  # a date and a decimal: .df() itself
    "SELECT i, s_some_null FROM t WHERE i > ?",  # parameters
    "SELECT * EXCLUDE (dt, dec) FROM t WHERE i > 99",  # empty: .df() itself
    "SELECT s_some_null, count(*) AS n FROM t GROUP BY ALL ORDER BY ALL",
]


@pytest.mark.parametrize("sql", QUERIES)
def test_a_read_is_the_frame_duckdb_gives(sql: str) -> None:
    con = duckdb.connect()
    con.execute(TABLE)
    params = [1] if "?" in sql else []
    want = con.execute(sql, params).df()
    got = _frame(con.cursor(), sql, params)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got.dtypes) == list(want.dtypes)


def test_the_masked_and_all_missing_columns_keep_their_kind() -> None:
    con = duckdb.connect()
    con.execute(TABLE)
    got = _frame(con.cursor(), QUERIES[0], [])
    assert str(got["i_null"].dtype) == "Int32" and got["i_null"].isna().sum() == 2
    assert str(got["b_null"].dtype) == "Int64" and str(got["bo_null"].dtype) == "boolean"
    assert got["s_all_null"].dtype == object and got["s_all_null"].isna().all()
    assert str(got["b"].dtype) == "int64" and got["b"].tolist() == [7, 8, 9]
