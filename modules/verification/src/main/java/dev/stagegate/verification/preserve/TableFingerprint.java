package dev.stagegate.verification.preserve;

import java.util.Map;

/**
 * A table's row count and order-independent digests of its content: of whole rows (column order
 * does not matter: rows are read as jsonb) and, in CONTENT mode, of each column on its own.
 *
 * @param table   the qualified name, the capture's key
 * @param digest  null in COUNTS mode
 * @param columns column name to digest; empty in COUNTS mode
 */
public record TableFingerprint(String schema, String name, String table, long rows, String digest, Map<String, String> columns) {

    public TableFingerprint {
        columns = Map.copyOf(columns);
    }
}
