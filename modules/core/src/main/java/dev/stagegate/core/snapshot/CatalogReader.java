package dev.stagegate.core.snapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@link SchemaSnapshot} from the catalog in a fixed number of queries whatever the
 * schema's size: one per object kind, each covering every schema read (plus one when exact row
 * counts are asked for). Objects that belong to extensions are left out: they are not the
 * migration's.
 */
public final class CatalogReader {

    /** Catalog queries {@link #read} runs without exact counts, whatever the schema's size. */
    public static final int CATALOG_QUERIES = 11;

    /**
     * Statements {@link #read} adds around the catalog queries on an autocommit connection:
     * {@code BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY} and {@code COMMIT}. None inside a
     * caller's transaction.
     */
    public static final int TRANSACTION_STATEMENTS = 2;

    /**
     * Statements {@link #read} issues on an autocommit connection without exact counts (a test holds
     * it to this): the catalog queries plus the transaction around them. Inside a caller's transaction
     * it is {@link #CATALOG_QUERIES}; exact counts add one.
     */
    public static final int QUERIES = CATALOG_QUERIES + TRANSACTION_STATEMENTS;

    /** The schemas read unless the caller names some: every schema but the system ones. */
    private static final String SCHEMA_FILTER = "(CASE WHEN cardinality(?::text[]) = 0 "
            + "THEN n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            + "AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%' "
            + "ELSE n.nspname = ANY(?::text[]) END)";

    private static final int PARAMS_PER_FILTER = (int) SCHEMA_FILTER.chars().filter(ch -> ch == '?').count();

    /**
     * Migration tools' own bookkeeping (Liquibase, Flyway, Alembic) is not the application's
     * schema: left out of snapshots so counts mean what the seeds mean (14 tables, not 16).
     */
    static final String NOT_HISTORY = " NOT IN ('databasechangelog', 'databasechangeloglock', 'flyway_schema_history', "
            + "'alembic_version')";

    private static final String NOT_FROM_EXTENSION = "NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = %s "
            + "AND d.deptype = 'e')";

    private final Connection connection;

    public CatalogReader(Connection connection) {
        this.connection = connection;
    }

    /** Reads every non-system schema. */
    public SchemaSnapshot read(boolean exactCounts) throws SQLException {
        return read(List.of(), exactCounts);
    }

    /**
     * Reads the named schemas (every non-system one when empty) as one consistent picture.
     *
     * <p>On a connection in autocommit mode the queries run in one {@code REPEATABLE READ READ ONLY}
     * transaction that this method opens with {@code BEGIN} and ends with {@code COMMIT} (or
     * {@code ROLLBACK} on failure): {@value #TRANSACTION_STATEMENTS} statements more than
     * {@link #CATALOG_QUERIES}. Because that is done in SQL, the connection's autocommit, isolation and
     * read-only settings are never changed, so there is nothing to restore. Under concurrent DDL the
     * foreign keys therefore never name a table missing from the table list.
     *
     * <p>When the caller is already inside a transaction ({@code autoCommit == false}) the queries run in
     * that transaction, unchanged: it is neither ended nor made read-only, so the caller's work goes on.
     * How consistent the picture is then is the caller's isolation level's: only REPEATABLE READ or
     * SERIALIZABLE gives one snapshot.
     */
    public SchemaSnapshot read(List<String> schemas, boolean exactCounts) throws SQLException {
        if (!connection.getAutoCommit()) {
            return readInCurrentTransaction(schemas, exactCounts);
        }
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
            boolean done = false;
            try {
                SchemaSnapshot snapshot = readInCurrentTransaction(schemas, exactCounts);
                st.execute("COMMIT");
                done = true;
                return snapshot;
            } finally {
                if (!done) {
                    rollbackQuietly(st);
                }
            }
        }
    }

    private static void rollbackQuietly(Statement st) {
        try {
            st.execute("ROLLBACK");
        } catch (SQLException | RuntimeException e) {
            // The original failure is what the caller needs; a broken connection cannot roll back anyway.
        }
    }

    private SchemaSnapshot readInCurrentTransaction(List<String> schemas, boolean exactCounts) throws SQLException {
        String[] filter = schemas.toArray(String[]::new);
        String database;
        int version;
        String capturedAt;
        List<String> schemaNames;
        try (PreparedStatement ps = prepare("SELECT current_database(), current_setting('server_version_num')::int, "
                + "now(), (SELECT coalesce(array_agg(n.nspname ORDER BY n.nspname), '{}') FROM pg_namespace n WHERE "
                + SCHEMA_FILTER + " AND " + String.format(NOT_FROM_EXTENSION, "n.oid") + ")", filter);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            database = rs.getString(1);
            version = rs.getInt(2);
            capturedAt = rs.getTimestamp(3).toInstant().toString();
            schemaNames = CatalogValues.strings(rs.getArray(4));
        }
        Map<String, List<Column>> columns = readColumns(filter);
        List<Table> tables = readTables(filter, columns);
        if (exactCounts) {
            tables = countRows(tables, filter);
        }
        return new SchemaSnapshot(capturedAt, database, version, schemaNames, exactCounts, tables,
                readForeignKeys(filter), readConstraints(filter), readIndexes(filter), readPolicies(filter),
                readViews(filter), readFunctions(filter), readTriggers(filter), readExtensions());
    }

    private Map<String, List<Column>> readColumns(String[] filter) throws SQLException {
        Map<String, List<Column>> byTable = new HashMap<>();
        String sql = "SELECT n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull, "
                + "pg_get_expr(ad.adbin, ad.adrelid), nullif(a.attidentity, ''), nullif(a.attgenerated, '') "
                + "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
                + "WHERE a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relname" + NOT_HISTORY + " AND "
                + SCHEMA_FILTER + " ORDER BY n.nspname, c.relname, a.attnum";
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byTable.computeIfAbsent(Models.qualify(rs.getString(1), rs.getString(2)), k -> new ArrayList<>())
                        .add(new Column(rs.getString(3), rs.getString(4), rs.getBoolean(5), rs.getString(6),
                                CatalogValues.identity(rs.getString(7)), rs.getString(8) == null ? null : "STORED"));
            }
        }
        return byTable;
    }

    private List<Table> readTables(String[] filter, Map<String, List<Column>> columns) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner), c.relkind = 'p', "
                + "(SELECT pn.nspname || '.' || pc.relname FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent "
                + "  JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid AND c.relispartition LIMIT 1), "
                + "c.relrowsecurity, c.relforcerowsecurity, c.reltuples::bigint, pg_total_relation_size(c.oid), "
                + "(SELECT coalesce(array_agg(a.attname ORDER BY k.ord), '{}') FROM pg_constraint pk "
                + "  CROSS JOIN LATERAL unnest(pk.conkey) WITH ORDINALITY k(attnum, ord) "
                + "  JOIN pg_attribute a ON a.attrelid = pk.conrelid AND a.attnum = k.attnum "
                + "  WHERE pk.conrelid = c.oid AND pk.contype = 'p') "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE c.relkind IN ('r', 'p') AND c.relname" + NOT_HISTORY + " AND " + SCHEMA_FILTER + " AND "
                + String.format(NOT_FROM_EXTENSION, "c.oid") + " ORDER BY n.nspname, c.relname";
        List<Table> tables = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String key = Models.qualify(rs.getString(1), rs.getString(2));
                tables.add(new Table(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getBoolean(6), rs.getBoolean(7), rs.getLong(8), null, rs.getLong(9),
                        CatalogValues.strings(rs.getArray(10)), columns.getOrDefault(key, List.of())));
            }
        }
        return tables;
    }

    /**
     * Exact counts for every table in one statement: {@code query_to_xml} runs a
     * {@code count(*)} per table server-side, so the round trips stay fixed.
     */
    private List<Table> countRows(List<Table> tables, String[] filter) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        String sql = "SELECT n.nspname, c.relname, (xpath('/row/n/text()', query_to_xml(format("
                + "'SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND c.relname"
                + NOT_HISTORY + " AND " + SCHEMA_FILTER + " AND " + String.format(NOT_FROM_EXTENSION, "c.oid");
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(Models.qualify(rs.getString(1), rs.getString(2)), rs.getLong(3));
            }
        }
        return tables.stream().map(t -> t.withExactRows(counts.get(t.qualified()))).toList();
    }

    private List<ForeignKey> readForeignKeys(String[] filter) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, con.conname, "
                + "(SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) "
                + "  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum), "
                + "rn.nspname, rc.relname, "
                + "(SELECT array_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord) "
                + "  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum), "
                + "con.confdeltype, con.confupdtype, con.convalidated, con.condeferrable "
                + "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "JOIN pg_class rc ON rc.oid = con.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
                + "WHERE con.contype = 'f' AND con.conparentid = 0 AND " + SCHEMA_FILTER
                + " ORDER BY n.nspname, c.relname, con.conname";
        List<ForeignKey> fks = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                fks.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), CatalogValues.strings(rs.getArray(4)),
                        rs.getString(5), rs.getString(6), CatalogValues.strings(rs.getArray(7)), CatalogValues.action(rs.getString(8)),
                        CatalogValues.action(rs.getString(9)), rs.getBoolean(10), rs.getBoolean(11)));
            }
        }
        return fks;
    }

    private List<Constraint> readConstraints(String[] filter) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, con.conname, con.contype, pg_get_constraintdef(con.oid, true), "
                + "con.convalidated FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE con.contype IN ('c', 'u', 'x') AND con.conparentid = 0 AND c.relname" + NOT_HISTORY + " AND " + SCHEMA_FILTER
                + " ORDER BY n.nspname, c.relname, con.conname";
        List<Constraint> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String kind = switch (rs.getString(4)) {
                    case "c" -> "CHECK";
                    case "u" -> "UNIQUE";
                    default -> "EXCLUDE";
                };
                out.add(new Constraint(rs.getString(1), rs.getString(2), rs.getString(3), kind, rs.getString(5),
                        rs.getBoolean(6)));
            }
        }
        return out;
    }

    private List<Index> readIndexes(String[] filter) throws SQLException {
        String sql = "SELECT n.nspname, t.relname, ic.relname, "
                + "(SELECT array_agg(pg_get_indexdef(x.indexrelid, k, true) ORDER BY k) "
                + "  FROM generate_series(1, x.indnkeyatts) k), "
                + "x.indisunique, x.indisprimary, x.indisvalid, x.indpred IS NOT NULL, "
                + "pg_get_indexdef(x.indexrelid), pg_relation_size(x.indexrelid) "
                + "FROM pg_index x JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                + "JOIN pg_namespace n ON n.oid = t.relnamespace WHERE t.relkind IN ('r', 'p', 'm') AND t.relname" + NOT_HISTORY + " AND "
                + SCHEMA_FILTER + " AND " + String.format(NOT_FROM_EXTENSION, "t.oid")
                + " ORDER BY n.nspname, t.relname, ic.relname";
        List<Index> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Index(rs.getString(1), rs.getString(2), rs.getString(3), CatalogValues.strings(rs.getArray(4)),
                        rs.getBoolean(5), rs.getBoolean(6), rs.getBoolean(7), rs.getBoolean(8), rs.getString(9),
                        rs.getLong(10)));
            }
        }
        return out;
    }

    private List<Policy> readPolicies(String[] filter) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, p.polname, p.polcmd, "
                + "CASE WHEN p.polroles = '{0}' THEN ARRAY['public']::text[] ELSE "
                + "  (SELECT array_agg(r.rolname::text ORDER BY r.rolname) FROM pg_roles r WHERE r.oid = ANY(p.polroles)) END, "
                + "p.polpermissive, pg_get_expr(p.polqual, p.polrelid), pg_get_expr(p.polwithcheck, p.polrelid) "
                + "FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE " + SCHEMA_FILTER + " ORDER BY n.nspname, c.relname, p.polname";
        List<Policy> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String command = switch (rs.getString(4)) {
                    case "r" -> "SELECT";
                    case "a" -> "INSERT";
                    case "w" -> "UPDATE";
                    case "d" -> "DELETE";
                    default -> "ALL";
                };
                out.add(new Policy(rs.getString(1), rs.getString(2), rs.getString(3), command, CatalogValues.strings(rs.getArray(5)),
                        rs.getBoolean(6), rs.getString(7), rs.getString(8)));
            }
        }
        return out;
    }

    private List<View> readViews(String[] filter) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner), c.relkind = 'm', "
                + "coalesce(EXISTS (SELECT 1 FROM unnest(c.reloptions) o WHERE lower(o) IN "
                + "  ('security_invoker=true', 'security_invoker=on', 'security_invoker=1', 'security_invoker=yes')), false), "
                + "pg_get_viewdef(c.oid, true), "
                + "(SELECT coalesce(array_agg(DISTINCT sn.nspname || '.' || src.relname), '{}') FROM pg_rewrite rw "
                + "  JOIN pg_depend d ON d.objid = rw.oid AND d.classid = 'pg_rewrite'::regclass AND d.refclassid = 'pg_class'::regclass "
                + "  JOIN pg_class src ON src.oid = d.refobjid JOIN pg_namespace sn ON sn.oid = src.relnamespace "
                + "  WHERE rw.ev_class = c.oid AND src.oid <> c.oid) "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND "
                + SCHEMA_FILTER + " AND " + String.format(NOT_FROM_EXTENSION, "c.oid")
                + " ORDER BY n.nspname, c.relname";
        List<View> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new View(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getBoolean(5),
                        rs.getString(6), CatalogValues.strings(rs.getArray(7))));
            }
        }
        return out;
    }

    private List<Function> readFunctions(String[] filter) throws SQLException {
        String sql = "SELECT n.nspname, p.proname, pg_get_function_identity_arguments(p.oid), "
                + "coalesce(pg_get_function_result(p.oid), ''), l.lanname, "
                + "CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window' ELSE 'function' END, "
                + "p.prosecdef, coalesce(EXISTS (SELECT 1 FROM unnest(p.proconfig) cfg WHERE cfg LIKE 'search\\_path=%'), false), "
                + "CASE p.provolatile WHEN 'i' THEN 'IMMUTABLE' WHEN 's' THEN 'STABLE' ELSE 'VOLATILE' END, "
                + "pg_get_userbyid(p.proowner), md5(coalesce(p.prosrc, '')) "
                + "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang "
                + "WHERE p.prokind IN ('f', 'p') AND " + SCHEMA_FILTER + " AND " + String.format(NOT_FROM_EXTENSION, "p.oid")
                + " ORDER BY n.nspname, p.proname, 3";
        List<Function> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Function(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getBoolean(7), rs.getBoolean(8), rs.getString(9), rs.getString(10),
                        rs.getString(11)));
            }
        }
        return out;
    }

    private List<Trigger> readTriggers(String[] filter) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, tg.tgname, fn.nspname || '.' || f.proname, "
                + "pg_get_triggerdef(tg.oid, true), tg.tgenabled <> 'D' "
                + "FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "JOIN pg_proc f ON f.oid = tg.tgfoid JOIN pg_namespace fn ON fn.oid = f.pronamespace "
                + "WHERE NOT tg.tgisinternal AND " + SCHEMA_FILTER + " ORDER BY n.nspname, c.relname, tg.tgname";
        List<Trigger> out = new ArrayList<>();
        try (PreparedStatement ps = prepare(sql, filter); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Trigger(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getBoolean(6)));
            }
        }
        return out;
    }

    private List<Extension> readExtensions() throws SQLException {
        List<Extension> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT e.extname, e.extversion, n.nspname "
                + "FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace ORDER BY e.extname");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Extension(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    /**
     * Prepares {@code sql} and binds {@code filter} to each of its {@link #SCHEMA_FILTER} fragments'
     * two parameters. The parameters are counted from the fragments, not from {@code ?} characters, and
     * the statement is closed when binding fails.
     */
    private PreparedStatement prepare(String sql, String[] filter) throws SQLException {
        int params = PARAMS_PER_FILTER * CatalogValues.occurrences(sql, SCHEMA_FILTER);
        PreparedStatement ps = connection.prepareStatement(sql);
        try {
            for (int i = 1; i <= params; i++) {
                ps.setObject(i, filter, Types.ARRAY);
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            try {
                ps.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
