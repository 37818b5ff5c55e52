package dev.stagegate.core.snapshot;

/** An installed extension. */
public record Extension(String name, String version, String schema) {
}
