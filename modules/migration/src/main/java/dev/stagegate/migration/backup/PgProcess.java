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
 * (PGHOST, PGPORT, PGUSER, PGDATABASE, PGSSLMODE), never on the command line where {@code ps} would
 * show it; the password goes in a private (0600) password file made for this one run and deleted
 * after it, so it is in neither the command line nor the environment. What the tool prints is kept,
 * masked, for the one-line error.
 */
public final class PgProcess {

    public record Outcome(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }

        /** The tool's first meaningful line, for a one-line error. */
        public String firstLine() {
            return output.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("exit code " + exit);
        }
    }

    private PgProcess() {
    }

    public static Outcome run(Target target, String database, Path tool, String... args) throws IOException {
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
        if (password == null) {
            password = target.parameters().get("password");
        }
        // the password in a private file for this one run, not in the environment (/proc/PID/environ)
        Path passfile = java.nio.file.Files.createTempFile("sg-pgpass", "",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        if (password != null) {
            java.nio.file.Files.writeString(passfile, "*:*:*:*:" + password.replace("\\", "\\\\").replace(":", "\\:") + "\n");
        }
        env.put("PGPASSFILE", passfile.toString());
        env.put("PGCONNECT_TIMEOUT", target.parameters().getOrDefault("connectTimeout", "10"));
        String sslmode = target.parameters().get("sslmode");
        if (sslmode != null) {
            env.put("PGSSLMODE", sslmode);
        }
        env.put("PGAPPNAME", "stagegate");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            java.nio.file.Files.deleteIfExists(passfile);
            throw e;
        }
        // a killed stagegate takes its pg_dump with it, rather than leave it writing
        Thread reaper = new Thread(p::destroyForcibly, "sg-pg-tool-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = p.waitFor();
            return new Outcome(exit, Secrets.mask(out, target.secrets()));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + tool.getFileName() + " ran", e);
        } finally {
            java.nio.file.Files.deleteIfExists(passfile);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is about to end the tool anyway
            }
        }
    }
}
