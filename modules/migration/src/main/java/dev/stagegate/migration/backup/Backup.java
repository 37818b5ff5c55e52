package dev.stagegate.migration.backup;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.evidence.Json;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import dev.stagegate.core.target.ServerInfo;
import dev.stagegate.core.target.Target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CE-20 / CE-22: a backup with the real pg_dump ({@code -Fc}), written under a name that says it is
 * not done ({@code .partial}) until pg_dump succeeded and the file was read back whole: its table
 * of contents ({@code pg_restore --list}) and every byte ({@code pg_restore -f /dev/null}, since
 * {@code --list} alone accepts a truncated file). Only then is it renamed to
 * {@code <label>_YYYYMMDD_HHMMSS.dump} beside its {@code .dump.metadata}. A failed dump leaves
 * nothing that looks complete.
 */
public final class Backup {

    /** What a finished backup is; written as the {@code .dump.metadata} JSON. */
    public record Result(Path file, String label, long bytes, String sha256, String serverVersion, String pgDumpVersion,
                         long millis, Map<String, Long> objects, RestoreCheck.Result restore) {
        public Result(Path file, String label, long bytes, String sha256, String serverVersion, String pgDumpVersion, long millis,
                      Map<String, Long> objects) {
            this(file, label, bytes, sha256, serverVersion, pgDumpVersion, millis, objects, null);
        }
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    private Backup() {
    }

    /**
     * @param live     the target as connected (host, port, user, password)
     * @param snapshot the schema as read just before (its counts go in the metadata)
     */
    public static Result run(Target live, ServerInfo server, SchemaSnapshot snapshot, Path dir, String label, PgTools tools) {
        return run(live, server, snapshot, dir, label, tools, null);
    }

    /**
     * @param restoreFrom a connection to the source: the dump is then restored into a scratch database
     *                    and compared before it is named done (the restore reads every byte, so the
     *                    separate full read is skipped); null to only read it back
     */
    public static Result run(Target live, ServerInfo server, SchemaSnapshot snapshot, Path dir, String label, PgTools tools,
                             java.sql.Connection restoreFrom) {
        if (!label.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            throw new StagegateException(ErrorCode.USAGE, "backup label '" + label.replaceAll("\\p{Cntrl}", "?")
                    + "' is not a file name; use at most 64 letters, digits, '_', '-' and '.', e.g. pre_migration");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StagegateException(ErrorCode.USAGE, "--dir " + dir + " is a file; give a folder for the backups");
        }
        Path file;
        Path partial;
        try {
            Files.createDirectories(dir);
            file = claim(dir, label + "_" + LocalDateTime.now().format(STAMP));
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "the backup folder " + dir + " cannot be written ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); no backup was written");
        }
        partial = dir.resolve(file.getFileName() + ".partial");
        Path metaPartial = dir.resolve(file.getFileName() + ".metadata.partial");
        long start = System.nanoTime();
        try {
            // with a restore test, the source is compared as the dump saw it: one exported snapshot for both
            java.sql.Connection asDumped = restoreFrom == null ? null : exportSnapshot(live);
            String snapshotId = asDumped == null ? null : snapshotIdOf(asDumped);
            PgProcess.Outcome dump;
            try {
                dump = snapshotId == null
                        ? PgProcess.run(live, live.database(), tools.pgDump(), "-Fc", "--no-password", "-f", partial.toString())
                        : PgProcess.run(live, live.database(), tools.pgDump(), "-Fc", "--no-password", "--snapshot=" + snapshotId, "-f",
                        partial.toString());
            } catch (IOException | RuntimeException e) {
                closeQuietly(asDumped);
                throw e;
            }
            if (!dump.ok()) {
                closeQuietly(asDumped);
            }
            if (!dump.ok()) {
                throw new StagegateException(ErrorCode.BACKUP_FAILED, "pg_dump failed: " + dump.firstLine() + "; no backup was written");
            }
            long millis;
            RestoreCheck.Result restore = null;
            if (restoreFrom == null) {
                verify(live, partial, tools);
                millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            } else {
                list(live, partial, tools);
                millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                try {
                    restore = RestoreCheck.run(restoreFrom, asDumped, live, partial, tools);
                } catch (java.sql.SQLException e) {
                    restore = RestoreCheck.Result.notRun("the restore test could not run: " + e.getMessage().lines().findFirst().orElse("")
                            + " (it needs CREATEDB to make its scratch database)");
                }
                closeQuietly(asDumped);
                if (!restore.loaded()) {
                    // whether the dump or the restore is at fault: a dump that reads whole is kept, and the result says why it did not load
                    verify(live, partial, tools);
                }
            }
            Result r = new Result(file, label, Files.size(partial), sha256(partial), server.version(), tools.version(), millis, snapshot.counts(),
                    restore);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("file", file.getFileName().toString());
            meta.put("label", label);
            meta.put("bytes", r.bytes());
            meta.put("sha256", r.sha256());
            meta.put("database", live.database());
            meta.put("server_version", r.serverVersion());
            meta.put("pg_dump_version", r.pgDumpVersion());
            meta.put("duration_ms", r.millis());
            meta.put("objects", r.objects());
            meta.put("verified", restore == null ? "pg_restore --list and a full read (pg_restore -f /dev/null)"
                    : "pg_restore --list and a restore into a scratch database, compared with the source: " + (restore.equal() ? "equal" : "DIFFERENT")
                    + " (not compared: " + RestoreCheck.NOT_COMPARED + ")");
            // the metadata is written whole before either file takes its final name (a full disk leaves nothing named done)
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(metaPartial.toFile(), meta);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            Files.move(metaPartial, dir.resolve(file.getFileName() + ".metadata"), StandardCopyOption.ATOMIC_MOVE);
            return r;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // nothing more can be undone
            }
            throw new StagegateException(ErrorCode.IO_FAILED, "the backup could not be written to " + dir + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); no backup was written");
        } finally {
            try {
                Files.deleteIfExists(metaPartial);
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a partial file that cannot be removed still says .partial
            }
        }
    }

    /** A read-only repeatable-read transaction held open while pg_dump runs with its exported snapshot; null when it cannot be had. */
    private static java.sql.Connection exportSnapshot(Target live) {
        try {
            java.sql.Connection c = dev.stagegate.core.target.Connector.open(live);
            c.setAutoCommit(false);
            c.setTransactionIsolation(java.sql.Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            return c;
        } catch (RuntimeException | java.sql.SQLException e) {
            return null;
        }
    }

    private static String snapshotIdOf(java.sql.Connection c) {
        try (java.sql.Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("SELECT pg_export_snapshot()")) {
            rs.next();
            return rs.getString(1);
        } catch (java.sql.SQLException e) {
            return null;
        }
    }

    private static void closeQuietly(java.sql.Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
            c.close();
        } catch (java.sql.SQLException ignored) {
            // a snapshot holder that cannot close holds nothing we need
        }
    }

    /**
     * A name no backup has: its {@code .partial} is created exclusively, so two backups in one second,
     * even at once, never share a file.
     */
    private static Path claim(Path dir, String stem) throws IOException {
        for (int n = 1; ; n++) {
            Path file = dir.resolve(stem + (n == 1 ? "" : "_" + n) + ".dump");
            if (Files.exists(file)) {
                continue;
            }
            try {
                Files.createFile(dir.resolve(file.getFileName() + ".partial"));
                return file;
            } catch (java.nio.file.FileAlreadyExistsException taken) {
                // another backup took it a moment ago
            }
        }
    }

    /** Reads the dump back whole: its table of contents, then every byte of every entry. */
    public static void verify(Target live, Path dump, PgTools tools) throws IOException {
        list(live, dump, tools);
        PgProcess.Outcome read = PgProcess.run(live, live.database(), tools.pgRestore(), "-f", "/dev/null", dump.toString());
        if (!read.ok()) {
            throw new StagegateException(ErrorCode.BACKUP_FAILED, "the dump is incomplete (pg_restore read: " + read.firstLine()
                    + "); no backup was written");
        }
    }

    private static void list(Target live, Path dump, PgTools tools) throws IOException {
        PgProcess.Outcome list = PgProcess.run(live, live.database(), tools.pgRestore(), "--list", dump.toString());
        if (!list.ok()) {
            throw new StagegateException(ErrorCode.BACKUP_FAILED, "the dump does not read back (pg_restore --list: " + list.firstLine()
                    + "); no backup was written");
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
