package dev.stagegate.core.snapshot;

/**
 * A function or procedure.
 *
 * @param searchPathFixed true when the function sets {@code search_path} in its own configuration
 * @param bodyHash        md5 of the source text, so a diff notices a changed body
 */
public record Function(String schema, String name, String arguments, String returns, String language,
                       String kind, boolean securityDefiner, boolean searchPathFixed, String volatility,
                       String owner, String bodyHash) {

    public String signature() {
        return Models.qualify(schema, name) + "(" + arguments + ")";
    }
}
