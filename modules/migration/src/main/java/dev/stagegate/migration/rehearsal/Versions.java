package dev.stagegate.migration.rehearsal;

import dev.stagegate.migration.source.Migration;
import dev.stagegate.migration.source.MigrationSet;

/** Where a migration stands against a version of its set: what a rehearsal will run. */
final class Versions {

    private Versions() {
    }

    /** True when {@code m} comes after {@code version} (every migration does after no version, or one the set does not know). */
    static boolean after(MigrationSet set, Migration m, String version) {
        return version == null || set.find(version).map(v -> m.version().compareTo(v.version()) > 0).orElse(true);
    }

    /** True when {@code m} is {@code version} or before it (every migration is, up to no version: the latest). */
    static boolean upTo(MigrationSet set, Migration m, String version) {
        return version == null || set.find(version).map(v -> m.version().compareTo(v.version()) <= 0).orElse(true);
    }
}
