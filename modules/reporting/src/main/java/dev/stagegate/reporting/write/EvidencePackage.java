package dev.stagegate.reporting.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The seeds' evidence package (CE-28): {@code staging_migration_YYYYMMDD/} inside the run folder, in
 * the seeds' layout: {@code docs/} (reports and documents), {@code logs/} (logs, JSON results,
 * SQL, JUnit, CSV, JMH's JSON), {@code backups/} (each dump's {@code .dump.metadata}, not the dump),
 * and its own {@code manifest-sha256.txt}. Copies go through the run's writer, so they are masked
 * like every other file. Inside the run folder, so a second run on the same day never overwrites one.
 */
public final class EvidencePackage {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private EvidencePackage() {
    }

    /** {@code staging_migration_20261202} for a run id {@code 20261202-...}; today's date for another name. */
    public static String name(String runId) {
        String day = runId.length() >= 8 && runId.substring(0, 8).chars().allMatch(Character::isDigit) ? runId.substring(0, 8)
                : LocalDate.now().format(DAY);
        return "staging_migration_" + day;
    }

    private static void clear(Path dir) {
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the evidence package " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Where a run file goes in the package, or null when it stays out (a dump, a screenshot, the package itself). */
    static String place(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        if (relative.startsWith("staging_migration_") || name.equals(Manifest.FILE)) {
            return null;
        }
        if (relative.startsWith("backups/")) {
            return name.endsWith(".dump.metadata") ? "backups/" + name : null;
        }
        if (name.endsWith(".md") || name.endsWith(".html") || name.endsWith(".svg") || name.contains(".md.edited-")) {
            return "docs/" + relative;
        }
        if (name.endsWith(".log") || name.endsWith(".json") || name.endsWith(".sql") || name.endsWith(".xml") || name.endsWith(".csv")
                || name.endsWith(".txt")) {
            return "logs/" + relative;
        }
        return null;
    }

    /** Copies the run's text evidence into the package and writes the package's manifest; returns the package folder. */
    public static Path write(Path folder, String runId, BiFunction<String, String, Path> sink) {
        String pkg = name(runId);
        Path target = folder.resolve(pkg);
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.INPUT_INVALID, target
                    + " is not the evidence package's folder (a file or link of that name is in the run folder): move it away and run again");
        }
        // the package is copies made from the run folder: made again whole, so nothing stale stays in it or its manifest
        clear(target);
        List<Path> files = new ArrayList<>();
        try (Stream<Path> all = Files.walk(folder)) {
            // a link in the run folder may point anywhere: only the run's own files go into the package
            all.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            String relative = folder.relativize(f).toString().replace('\\', '/');
            String to = place(relative);
            if (to != null) {
                try {
                    // a log need not be UTF-8 (a server's message in Latin-1): undecodable bytes become U+FFFD in the copy
                    sink.apply(pkg + "/" + to, StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE).decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f)))
                            .toString());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy " + f + " into the evidence package: " + e.getMessage(), e);
                }
            }
        }
        Path dir = folder.resolve(pkg);
        sink.apply(pkg + "/" + Manifest.FILE, Manifest.of(dir));
        return dir;
    }
}
