package dev.stagegate.migration.backup;

import dev.stagegate.core.target.Secrets;
import dev.stagegate.core.target.Target;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a PostgreSQL client tool against a target: the connection goes in libpq's environment
 * (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSSLMODE), never on the command line where
 * {@code ps} would show a password; libpq's own password file is switched off, as stagegate is its
 * only reader. What the tool prints is kept, masked, for the one-line error.
 */
final class PgProcess {

    record Outcome(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }

        /** The tool's first meaningful line, for a one-line error. */
        String firstLine() {
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("exit code " + exit);
        }
    }

    private PgProcess() {
    }

    static Outcome run(Target target, String database, Path tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PG"));
        env.put("PGHOST", target.host());
        env.put("PGPORT", Integer.toString(target.port()));
        env.put("PGDATABASE", database);
        if (target.user() != null) {
            env.put("PGUSER", target.user());
        }
        String password = target.connectionProperties().getProperty("password");
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        env.put("PGPASSFILE", "/nonexistent/stagegate-reads-pgpass-itself");
        env.put("PGCONNECT_TIMEOUT", target.parameters().getOrDefault("connectTimeout", "10"));
        String sslmode = target.parameters().get("sslmode");
        if (sslmode != null) {
            env.put("PGSSLMODE", sslmode);
        }
        env.put("PGAPPNAME", "stagegate");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            int exit = p.waitFor();
            return new Outcome(exit, Secrets.mask(out, target.secrets()));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + tool.getFileName() + " ran", e);
        }
    }
}
