package dev.stagegate.migration.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the migration history: Liquibase's DATABASECHANGELOG, and the traces other tools leave
 * (Flyway's {@code flyway_schema_history}, Alembic's {@code alembic_version}) so an existing
 * database can be adopted instead of migrated from scratch.
 */
public final class History {

    private final Connection connection;

    public History(Connection connection) {
        this.connection = connection;
    }

    public boolean exists() throws SQLException {
        return tableExists("databasechangelog");
    }

    public List<AppliedMigration> applied() throws SQLException {
        List<AppliedMigration> out = new ArrayList<>();
        if (!exists()) {
            return out;
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, author, filename, dateexecuted, orderexecuted, exectype, md5sum, tag, "
                     + "description FROM databasechangelog ORDER BY orderexecuted, dateexecuted")) {
            while (rs.next()) {
                out.add(new AppliedMigration(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getInt(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9)));
            }
        }
        return out;
    }

    /**
     * Sets each stagegate row's TAG to its version, so Liquibase tools see the versions too. One
     * statement per run; it also heals rows a killed runner committed but did not tag.
     */
    public void tagVersions(String author, String file) throws SQLException {
        if (!exists()) {
            return;
        }
        try (var ps = connection.prepareStatement("UPDATE databasechangelog SET tag = id WHERE author = ? AND filename = ? "
                + "AND tag IS DISTINCT FROM id")) {
            ps.setString(1, author);
            ps.setString(2, file);
            ps.executeUpdate();
        }
    }

    /** The last version tag applied: "the schema version". */
    public Optional<String> currentTag() throws SQLException {
        List<AppliedMigration> rows = applied();
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).tag() != null) {
                return Optional.of(rows.get(i).tag());
            }
        }
        return Optional.empty();
    }

    /** Another tool's history, if the database has one: {@code flyway 3}, {@code alembic 003}. */
    public Optional<String> foreignHistory() throws SQLException {
        if (tableExists("flyway_schema_history")) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL "
                         + "ORDER BY installed_rank DESC LIMIT 1")) {
                return Optional.of("Flyway (flyway_schema_history) at version " + (rs.next() ? rs.getString(1) : "none"));
            }
        }
        if (tableExists("alembic_version")) {
            try (Statement st = connection.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version LIMIT 1")) {
                return Optional.of("Alembic (alembic_version) at version " + (rs.next() ? rs.getString(1) : "none"));
            }
        }
        return Optional.empty();
    }

    /** Another migration tool's history, when there is one ({@link ForeignHistory}). */
    Optional<ForeignHistory> foreign() throws SQLException {
        return ForeignHistory.read(connection);
    }

    /** User tables outside the history tables: a database "migrated by hand" has some. */
    public long userTables() throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                     + "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                     + "AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname NOT IN ('graphile_migrate', 'sqitch') "
                     + "AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock', "
                     + "'flyway_schema_history', 'alembic_version', '__diesel_schema_migrations', 'schema_migrations')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private boolean tableExists(String name) throws SQLException {
        return ForeignHistory.exists(connection, name);
    }
}
