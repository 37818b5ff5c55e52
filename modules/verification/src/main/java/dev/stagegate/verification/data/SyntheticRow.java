package dev.stagegate.verification.data;

import java.util.List;

/**
 * A row the factory inserted, found again by {@link #where}: its primary key (or ctid when the
 * table has none) as a SQL predicate with literal values, safe to reuse in later statements.
 */
public record SyntheticRow(String table, String where, List<String> keyValues) {
}
