package dev.stagegate.migration.backup;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The real pg_dump and pg_restore, of the server's major version or newer (pg_dump refuses a newer
 * server): looked for on PATH and under {@code /usr/lib/postgresql/<major>/bin}; the oldest that
 * fits wins, so the dump is what that server's own tools would write.
 *
 * @param major   the tools' major version
 * @param version what {@code pg_dump --version} printed
 */
public record PgTools(Path pgDump, Path pgRestore, int major, String version) {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

    /** Finds tools for a server of {@code serverMajor}, or says in one line what to install (exit 3). */
    public static PgTools find(int serverMajor) {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> majors = Files.list(debian)) {
                majors.map(m -> m.resolve("bin")).forEach(dirs::add);
            } catch (IOException ignored) {
                // an unreadable folder holds no tools we can run
            }
        }
        return find(serverMajor, dirs);
    }

    /** Among {@code dirs} (a test seam: an empty list finds nothing). */
    public static PgTools find(int serverMajor, List<Path> dirs) {
        List<PgTools> found = new ArrayList<>();
        for (Path d : dirs) {
            Path dump = d.resolve("pg_dump");
            Path restore = d.resolve("pg_restore");
            if (Files.isExecutable(dump) && Files.isExecutable(restore)) {
                versionOf(dump).ifPresent(v -> found.add(new PgTools(dump, restore, v.major, v.text)));
            }
        }
        return found.stream().filter(t -> t.major() >= serverMajor).min(Comparator.comparingInt(PgTools::major))
                .orElseThrow(() -> new StagegateException(ErrorCode.PG_TOOLS_MISSING, "no pg_dump of PostgreSQL " + serverMajor
                        + " or newer was found" + (found.isEmpty() ? "" : " (found: " + String.join(", ", found.stream()
                        .map(t -> t.pgDump() + " " + t.major()).toList()) + ")") + "; install postgresql-client-" + serverMajor
                        + " (Debian/Ubuntu: apt-get install postgresql-client-" + serverMajor + ")"));
    }

    private record Version(int major, String text) {
    }

    private static Optional<Version> versionOf(Path tool) {
        try {
            Process p = new ProcessBuilder(tool.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.empty();
            }
            Matcher m = VERSION.matcher(out);
            return m.find() ? Optional.of(new Version(Integer.parseInt(m.group(1)), out)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
