package dev.stagegate.core.result;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Accepted findings, by stable id ({@code CODE:object}), each with the reason someone gave.
 * A finding whose id is listed keeps its place in the report, marked suppressed, and no longer
 * fails its step. An id may end in {@code *} to accept every object under a prefix.
 *
 * <p>A suppressions file holds one {@code CODE:object = reason} per line ({@code #} starts a
 * comment). It is read by hand, not with {@code java.util.Properties}, which would split every id
 * at its colon and silently ignore them all.
 */
public final class Suppressions {

    private final Map<String, String> reasons = new LinkedHashMap<>();

    public static Suppressions none() {
        return new Suppressions();
    }

    /** Reads a suppressions file; a line without {@code =} or without a reason is a usage error naming the line. */
    public static Suppressions read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "suppressions file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read suppressions file " + file + " ("
                    + e.getClass().getSimpleName() + "); check the path and its permissions", e);
        }
        Suppressions s = new Suppressions();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String id = eq < 0 ? line : line.substring(0, eq).strip();
            String reason = eq < 0 ? "" : line.substring(eq + 1).strip();
            if (id.isEmpty() || !id.contains(":") || reason.isEmpty()) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, file.getFileName() + " line " + (i + 1)
                        + ": write `CODE:object = why it is accepted` (an id and a reason)");
            }
            s.accept(id, reason);
        }
        return s;
    }

    public Suppressions accept(String findingId, String reason) {
        Objects.requireNonNull(findingId, "findingId");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a suppression of " + findingId + " needs a reason");
        }
        reasons.put(findingId, reason.trim());
        return this;
    }

    /** Both sets of accepted ids; the given one wins where both name the same id. */
    public Suppressions and(Suppressions other) {
        Suppressions s = new Suppressions();
        s.reasons.putAll(reasons);
        s.reasons.putAll(other.reasons);
        return s;
    }

    public boolean isEmpty() {
        return reasons.isEmpty();
    }

    public List<Finding> apply(List<Finding> findings) {
        return findings.stream().map(f -> {
            String reason = reasonFor(f.id());
            return reason == null || f.suppressed() ? f : f.suppressedBecause(reason);
        }).toList();
    }

    /** The ids that matched none of these findings: a typo, or a finding that is gone. Reported, never silent. */
    public List<String> unusedAmong(List<Finding> findings) {
        List<String> unused = new ArrayList<>();
        for (String id : reasons.keySet()) {
            boolean used = findings.stream().anyMatch(f -> matches(id, f.id()));
            if (!used) {
                unused.add(id);
            }
        }
        return unused;
    }

    private String reasonFor(String id) {
        String exact = reasons.get(id);
        if (exact != null) {
            return exact;
        }
        return reasons.entrySet().stream().filter(e -> matches(e.getKey(), id)).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static boolean matches(String pattern, String id) {
        return pattern.endsWith("*") ? id.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(id);
    }
}
