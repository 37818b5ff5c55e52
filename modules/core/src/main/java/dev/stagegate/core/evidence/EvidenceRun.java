package dev.stagegate.core.evidence;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run's evidence folder, {@code evidence/<run-id>/}, that every step writes into.
 *
 * <p>Everything written through it passes {@link Secrets#mask}, with the run's known secrets, so
 * a password cannot reach a report even if a step forgot to mask it.
 */
public final class EvidenceRun {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final String runId;
    private final Path folder;
    private final Set<String> secrets = new CopyOnWriteArraySet<>();
    private final List<Path> written = new ArrayList<>();

    private EvidenceRun(String runId, Path folder) {
        this.runId = runId;
        this.folder = folder;
    }

    /** Creates {@code root/<run-id>/}; the id sorts by time and never collides within a second. */
    public static EvidenceRun create(Path root) {
        String id = LocalDateTime.now().format(RUN_ID) + "-" + String.format("%04x",
                ThreadLocalRandom.current().nextInt(0x10000));
        return open(root, id);
    }

    public static EvidenceRun open(Path root, String runId) {
        Path folder = root.resolve(runId);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot create the evidence folder " + folder
                    + ": " + e.getMessage() + " (pass --evidence DIR with a writable folder)", e);
        }
        return new EvidenceRun(runId, folder);
    }

    public String runId() {
        return runId;
    }

    public Path folder() {
        return folder;
    }

    /** Adds secrets that must never appear in any file of this run. */
    public void addSecrets(Collection<String> values) {
        values.stream().filter(v -> v != null && !v.isEmpty()).forEach(secrets::add);
    }

    public Path write(String relative, String content) {
        Path file = resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Secrets.mask(content, secrets), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot write evidence file " + file + ": "
                    + e.getMessage(), e);
        }
        synchronized (written) {
            if (!written.contains(file)) {
                written.add(file);
            }
        }
        return file;
    }

    public Path writeJson(String relative, Object value) {
        try {
            return write(relative, Json.mapper().writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files written so far, in order. */
    public List<Path> files() {
        synchronized (written) {
            return List.copyOf(written);
        }
    }

    private Path resolve(String relative) {
        Path file = folder.resolve(relative).normalize();
        if (!file.startsWith(folder)) {
            throw new IllegalArgumentException("evidence path escapes the run folder: " + relative);
        }
        return file;
    }
}
