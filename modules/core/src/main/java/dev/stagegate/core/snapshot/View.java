package dev.stagegate.core.snapshot;

/**
 * A view or materialized view.
 *
 * @param securityInvoker true when the view checks the caller's rights (PG 15+ {@code security_invoker})
 */
public record View(String schema, String name, String owner, boolean materialized, boolean securityInvoker,
                   String definition) {

    public String qualified() {
        return Models.qualify(schema, name);
    }
}
