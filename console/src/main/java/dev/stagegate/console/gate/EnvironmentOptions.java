package dev.stagegate.console.gate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.migration.env.EnvironmentCheck;
import dev.stagegate.migration.env.EnvironmentThresholds;

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
                t = t.withMaxTransactionAge(dev.stagegate.console.config.DurationText.parse("environment maxTransactionAge", options.get("maxTransactionAge").toString()));
            }
            if (options.containsKey("maxReplicationLag")) {
                t = t.withMaxReplicationLag(dev.stagegate.console.config.DurationText.parse("environment maxReplicationLag", options.get("maxReplicationLag").toString()));
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
}
