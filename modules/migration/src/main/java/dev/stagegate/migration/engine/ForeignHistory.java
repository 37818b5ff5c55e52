package dev.stagegate.migration.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history another migration tool left in a database, read as that tool writes it, so a database it
 * migrated can be adopted at the version it reached instead of being migrated again from 001:
 * diesel's {@code __diesel_schema_migrations}, golang-migrate's {@code schema_migrations} (one row, with
 * {@code dirty}), dbmate's {@code schema_migrations} (a row per version), graphile-migrate's
 * {@code graphile_migrate.migrations}, Flyway's {@code flyway_schema_history}. Sqitch's registry and
 * Alembic's {@code alembic_version} are recognised but name no version stagegate's files carry.
 *
 * @param tool     the tool, as users name it
 * @param table    where its history is
 * @param versions the versions it applied, as it wrote them (golang-migrate: only the one it reached)
 * @param upTo     true when the tool records only the version it reached (golang-migrate), not each one
 * @param dirty    the tool marked its last migration failed (golang-migrate's dirty flag)
 * @param comparable false when the tool's history names no versions of the files (Sqitch, Alembic)
 */
record ForeignHistory(String tool, String table, List<String> versions, boolean upTo, boolean dirty, boolean comparable) {

    static Optional<ForeignHistory> read(Connection c) throws SQLException {
        if (exists(c, "public.__diesel_schema_migrations")) {
            return Optional.of(new ForeignHistory("diesel", "__diesel_schema_migrations",
                    strings(c, "SELECT version FROM public.__diesel_schema_migrations ORDER BY version"), false, false, true));
        }
        if (exists(c, "public.schema_migrations")) {
            if (hasColumn(c, "schema_migrations", "dirty")) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version, dirty FROM public.schema_migrations")) {
                    List<String> v = new ArrayList<>();
                    boolean dirty = false;
                    while (rs.next()) {
                        v.add(rs.getString(1));
                        dirty |= rs.getBoolean(2);
                    }
                    return Optional.of(new ForeignHistory("golang-migrate", "schema_migrations", v, true, dirty, true));
                }
            }
            return Optional.of(new ForeignHistory("dbmate", "schema_migrations",
                    strings(c, "SELECT version::text FROM public.schema_migrations ORDER BY version"), false, false, true));
        }
        if (exists(c, "graphile_migrate.migrations")) {
            List<String> v = new ArrayList<>();
            for (String file : strings(c, "SELECT filename FROM graphile_migrate.migrations ORDER BY filename")) {
                v.add(file.replaceFirst("^(\\d+).*$", "$1"));
            }
            return Optional.of(new ForeignHistory("graphile-migrate", "graphile_migrate.migrations", v, false, false, true));
        }
        if (exists(c, "public.flyway_schema_history")) {
            return Optional.of(new ForeignHistory("Flyway", "flyway_schema_history", strings(c, "SELECT version FROM public.flyway_schema_history "
                    + "WHERE success AND version IS NOT NULL ORDER BY installed_rank"), false, false, true));
        }
        if (exists(c, "sqitch.changes")) {
            // project:change, so the plan's own project is told from the others sharing the registry
            return Optional.of(new ForeignHistory("Sqitch", "sqitch.changes", strings(c, "SELECT project || ':' || change FROM sqitch.changes "
                    + "ORDER BY committed_at"), false, false, false));
        }
        if (exists(c, "public.alembic_version")) {
            return Optional.of(new ForeignHistory("Alembic", "alembic_version", strings(c, "SELECT version_num FROM public.alembic_version"),
                    true, false, false));
        }
        return Optional.empty();
    }

    /** "diesel (__diesel_schema_migrations) with 12 migration(s) up to 20240101120000", "Alembic (alembic_version) at version 002". */
    String describe() {
        String last = versions.isEmpty() ? "none" : versions.get(versions.size() - 1);
        return tool + " (" + table + ")" + (upTo || versions.isEmpty() ? " at version " + last : " with " + versions.size()
                + " migration(s) up to " + last) + (dirty ? ", marked dirty" : "");
    }

    private static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Whether the relation {@code name} exists (as {@code to_regclass} resolves it). */
    static boolean exists(Connection c, String name) throws SQLException {
        try (var ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean hasColumn(Connection c, String table, String column) throws SQLException {
        try (var ps = c.prepareStatement("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass(?) AND attname = ? AND NOT attisdropped")) {
            ps.setString(1, "public." + table);
            ps.setString(2, column);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
