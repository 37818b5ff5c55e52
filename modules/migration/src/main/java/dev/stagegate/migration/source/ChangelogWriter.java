package dev.stagegate.migration.source;

import dev.stagegate.migration.sql.SqlScript;
import dev.stagegate.migration.sql.SqlStatement;

import java.util.List;

/**
 * Turns a folder of SQL migrations into the Liquibase XML changelog stagegate runs: one changeset
 * per file, id = its version (the whole file sent as one script, so dollar-quoted bodies
 * survive), its rollback file as the rollback. The engine tags each history row with its version,
 * so "schema version 003" and "roll back to 003" mean what the seeds mean; a separate
 * {@code tagDatabase} changeset per migration would double Liquibase's work for nothing.
 *
 * <p>A file whose statement cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY} and
 * friends) becomes a changeset with {@code runInTransaction="false"}.
 */
public final class ChangelogWriter {

    /** The changeset author, also how stagegate recognises its own history rows. */
    public static final String AUTHOR = "stagegate";
    /** The savepoint a verify script runs after (and is rolled back to): how a failure tells the verify from the change. */
    public static final String VERIFY_SAVEPOINT = "stagegate_verify";
    /** Logical file name recorded in DATABASECHANGELOG; stable so history survives moving the folder. */
    public static final String LOGICAL_PATH = "stagegate-changelog.xml";

    /**
     * From this size (about 18,000 short statements) a file runs statement by statement; below it, as one
     * script through Liquibase's sqlFile, whose checksums every history written so far holds.
     */
    static final int BIG_FILE_CHARS = 1 << 20;

    private ChangelogWriter() {
    }

    private static String param(String name, String value) {
        return "      <param name=\"" + name + "\" value=\"" + esc(value) + "\"/>\n";
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String write(MigrationSet set) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
                """);
        for (Migration m : set.migrations()) {
            String sql = read(m);
            boolean transactional = !needsNoTransaction(sql);
            xml.append("  <changeSet id=\"").append(esc(m.version().text())).append("\" author=\"").append(AUTHOR)
                    .append("\" runInTransaction=\"").append(transactional).append("\">\n")
                    .append("    <comment>").append(esc(m.description())).append("</comment>\n");
            if (m.rewritten()) {
                // dbmate's sections, Sqitch's unwrapped scripts and its verify: the text as stagegate reads it, so the
                // lines Liquibase reports are the file's; verify runs after the change in its transaction, and its
                // own changes (a verify script rolls back) are undone at a savepoint
                xml.append("    ").append(inlineSql(sql)).append('\n');
                String verify = verify(m);
                if (!verify.isBlank()) {
                    // outside a transaction (CONCURRENTLY) there is no savepoint: the script runs as written, in its own
                    xml.append("    ").append(inlineSql(transactional ? "SAVEPOINT " + VERIFY_SAVEPOINT + ";\n" + verify
                            + "\n;ROLLBACK TO SAVEPOINT " + VERIFY_SAVEPOINT : "-- " + VERIFY_SAVEPOINT + "\n" + MigrationShape.read(m.verify().get()))).append('\n');
                }
                if (m.rollbackFile() != null) {
                    xml.append("    <rollback>").append(inlineSql(MigrationShape.text(m, true))).append("</rollback>\n");
                }
            } else if (sql.length() >= BIG_FILE_CHARS) {
                // Big files run statement by statement (see StatementRunner); the sha256 keeps drift visible.
                xml.append("    <customChange class=\"dev.stagegate.migration.engine.StatementRunner\">\n")
                        .append(param("file", m.file().toAbsolutePath().toString())).append(param("sha256", sha256(sql)));
                if (m.rollbackFile() != null) {
                    xml.append(param("rollbackFile", m.rollbackFile().toAbsolutePath().toString()));
                }
                xml.append("    </customChange>\n");
            } else {
                xml.append("    ").append(sqlFile(m.fileName())).append('\n');
                if (m.rollbackFile() != null) {
                    xml.append("    <rollback>").append(sqlFile(m.rollbackName())).append("</rollback>\n");
                }
            }
            xml.append("  </changeSet>\n");
        }
        return xml.append("</databaseChangeLog>\n").toString();
    }

    /** True when a statement of the file refuses to run inside a transaction block. */
    public static boolean needsNoTransaction(String sql) {
        List<SqlStatement> statements = SqlScript.split(sql);
        return statements.stream().anyMatch(s -> nonTransactional(s.code()));
    }

    public static boolean nonTransactional(String code) {
        return code.matches("^(CREATE (UNIQUE )?INDEX CONCURRENTLY|DROP INDEX CONCURRENTLY|REINDEX .*CONCURRENTLY"
                + "|VACUUM|CREATE DATABASE|DROP DATABASE|ALTER SYSTEM|CREATE TABLESPACE|DROP TABLESPACE).*");
    }

    /** A file that cannot be read as UTF-8 is a usage error naming it, before Liquibase is involved. */
    static String read(Migration m) {
        return MigrationShape.text(m, false);
    }

    private static String verify(Migration m) {
        try {
            return MigrationText.verify(m);
        } catch (java.io.IOException e) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.INPUT_INVALID, "cannot read "
                    + m.verify().orElse(null) + " (" + e.getClass().getSimpleName() + "); fix its permissions");
        }
    }

    /** SQL carried in the changelog itself, sent as one script; a {@code ]]>} in it is split across two CDATA sections. */
    private static String inlineSql(String sql) {
        return "<sql splitStatements=\"false\" stripComments=\"false\"><![CDATA[" + sql.replace("]]>", "]]]]><![CDATA[>") + "]]></sql>";
    }

    private static String sqlFile(String path) {
        // splitStatements=false: the driver runs the file as one script, as psql -1 -f would.
        return "<sqlFile path=\"" + esc(path) + "\" relativeToChangelogFile=\"false\" splitStatements=\"false\" "
                + "stripComments=\"false\" encoding=\"UTF-8\"/>";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
