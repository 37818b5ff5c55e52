package dev.stagegate.core.snapshot;

/**
 * A view or materialized view.
 *
 * @param securityInvoker true when the view checks the caller's rights (PG 15+ {@code security_invoker})
 * @param sources         the tables and views it reads, qualified
 */
public record View(String schema, String name, String owner, boolean materialized, boolean securityInvoker,
                   String definition, java.util.List<String> sources) {

    public View {
        sources = sources == null ? java.util.List.of() : java.util.List.copyOf(sources);
    }

    public String qualified() {
        return Models.qualify(schema, name);
    }
}
