package dev.stagegate.benchmark.run;

import dev.stagegate.benchmark.suite.QuerySuite;
import dev.stagegate.benchmark.suite.SuiteQuery;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Target;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * The arm file a fork reads ({@link ArmConnection#open}): the database, the suite's SQL, the picked values, the
 * suite's role and settings, written for this user only and removed at exit.
 */
final class ArmFile {

    private ArmFile() {
    }

    /** What a fork needs to connect, in a file only this user reads: no password on a command line. */
    static Path write(Path dir, String name, Target t, QuerySuite suite, Map<String, Object> params, String application,
                                int cpu, Path pinStatus) {
        Properties p = new Properties();
        if (cpu >= 0) {
            p.setProperty("pin.cpu", String.valueOf(cpu));
            p.setProperty("pin.status", pinStatus.toString());
        }
        p.setProperty("url", t.jdbcUrl());
        p.setProperty("user", t.user());
        t.secrets().stream().findFirst().ifPresent(pw -> p.setProperty("password", pw));
        // the SQL itself, not the suite's path: an edit to the file during a run cannot change what later rounds time
        for (SuiteQuery q : suite.queries()) {
            p.setProperty("query." + q.id() + ".sql", q.sql());
            p.setProperty("query." + q.id() + ".params", String.join(",", q.parameters()));
        }
        p.setProperty("application", application);
        params.forEach((k, v) -> {
            if (k.startsWith("@")) {
                p.setProperty("setting." + k.substring(1), String.valueOf(v));
            } else {
                p.setProperty("param." + k, String.valueOf(v));
            }
        });
        if (suite.role() != null) {
            p.setProperty("role", suite.role());
        }
        Path f = dir.resolve(name + ".properties");
        try {
            Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            // removed at the end of the run, and at exit if the run is interrupted (a password may be in it)
            f.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            try (OutputStream o = Files.newOutputStream(f)) {
                p.store(o, null);
            }
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot write the benchmark's connection file: " + e.getMessage());
        }
        return f;
    }
}
