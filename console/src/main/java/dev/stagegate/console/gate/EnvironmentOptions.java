package dev.stagegate.console.gate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.env.EnvironmentCheck;
import dev.stagegate.migration.env.EnvironmentThresholds;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of the gate's {@code environment} word: {@code environment diskFree: '40GB',
 * maxTransactionAge: '10m', maxOtherActiveSessions: 2}. Every threshold of
 * {@link EnvironmentThresholds} can be set; an unknown key is a usage error.
 */
record EnvironmentOptions(EnvironmentThresholds thresholds, Optional<Long> diskFreeBytes) {

    static final Set<String> KEYS = new TreeSet<>(Set.of("diskFree", "minServerMajor", "maxOtherActiveSessions", "maxIdleInTransaction",
            "maxTransactionAge", "maxReplicationLag", "maxLockTableShare", "diskHeadroomRatio"));

    /** @param statedElsewhere {@code --disk-free} or the profile's {@code diskFree}, used when the script gives none */
    static EnvironmentOptions from(Map<String, Object> options, Optional<String> statedElsewhere) {
        for (String key : options.keySet()) {
            if (!KEYS.contains(key)) {
                throw new StagegateException(ErrorCode.USAGE, "environment: unknown option '" + key + "'; known: " + String.join(", ", KEYS));
            }
        }
        try {
            EnvironmentThresholds t = EnvironmentThresholds.defaults();
            if (options.containsKey("minServerMajor")) {
                t = t.withMinServerMajor(Integer.parseInt(options.get("minServerMajor").toString()));
            }
            if (options.containsKey("maxOtherActiveSessions")) {
                t = t.withMaxOtherActiveSessions(Integer.parseInt(options.get("maxOtherActiveSessions").toString()));
            }
            if (options.containsKey("maxIdleInTransaction")) {
                t = t.withMaxIdleInTransaction(Integer.parseInt(options.get("maxIdleInTransaction").toString()));
            }
            if (options.containsKey("maxTransactionAge")) {
                t = t.withMaxTransactionAge(duration(options.get("maxTransactionAge").toString()));
            }
            if (options.containsKey("maxReplicationLag")) {
                t = t.withMaxReplicationLag(duration(options.get("maxReplicationLag").toString()));
            }
            if (options.containsKey("maxLockTableShare")) {
                t = t.withMaxLockTableShare(Double.parseDouble(options.get("maxLockTableShare").toString()));
            }
            if (options.containsKey("diskHeadroomRatio")) {
                t = t.withDiskHeadroomRatio(Double.parseDouble(options.get("diskHeadroomRatio").toString()));
            }
            Optional<String> disk = options.containsKey("diskFree") ? Optional.of(options.get("diskFree").toString()) : statedElsewhere;
            return new EnvironmentOptions(t, disk.map(EnvironmentCheck::parseBytes));
        } catch (IllegalArgumentException e) {
            throw new StagegateException(ErrorCode.USAGE, "environment: " + e.getMessage());
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}; a bare number is seconds. */
    static Duration duration(String text) {
        var m = java.util.regex.Pattern.compile("\\s*(\\d+)\\s*(ms|s|m|h)?\\s*").matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 30s, 10m");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
