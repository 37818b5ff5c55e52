package dev.stagegate.verification.preserve;

import java.util.Map;

/**
 * A table's row count and order-independent digests of its content: of whole rows (column order
 * does not matter: rows are read as jsonb) and, in CONTENT mode, of each column on its own.
 *
 * @param table   the qualified name, the capture's key
 * @param digest  null in COUNTS mode
 * @param columns column name to digest of its values alone; empty in COUNTS mode
 * @param key     the primary key's columns when the capture was taken (empty without one)
 * @param keyed   column name to digest of (key, value) pairs: a value moved to another row changes it,
 *                which a digest of values alone cannot see; empty without a key
 */
public record TableFingerprint(String schema, String name, String table, long rows, String digest, Map<String, String> columns,
                               java.util.List<String> key, Map<String, String> keyed) {

    public TableFingerprint {
        columns = Map.copyOf(columns);
        key = key == null ? java.util.List.of() : java.util.List.copyOf(key);
        keyed = keyed == null ? Map.of() : Map.copyOf(keyed);
    }
}
