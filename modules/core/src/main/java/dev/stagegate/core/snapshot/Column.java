package dev.stagegate.core.snapshot;

/** A table or view column as the catalog describes it. */
public record Column(String name, String type, boolean nullable, String defaultExpression, String identity,
                     String generated) {
}
