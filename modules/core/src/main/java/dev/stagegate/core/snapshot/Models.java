package dev.stagegate.core.snapshot;

/** Namespace holder so the snapshot's small records read as one vocabulary. */
final class Models {
    private Models() {
    }

    static String qualify(String schema, String name) {
        return schema + "." + name;
    }
}
