package dev.stagegate.core.snapshot;

/**
 * A CHECK, UNIQUE or EXCLUDE constraint (primary and foreign keys have their own records).
 *
 * @param kind {@code CHECK}, {@code UNIQUE} or {@code EXCLUDE}
 */
public record Constraint(String schema, String table, String name, String kind, String definition,
                         boolean validated) {
}
