package dev.stagegate.migration.source;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One forward migration file and its rollback file, if any.
 *
 * @param description the name part after the version ({@code initial_schema})
 */
public record Migration(Version version, String description, Path file, Path rollbackFile) {

    public String fileName() {
        return file.getFileName().toString();
    }

    public Optional<Path> rollback() {
        return Optional.ofNullable(rollbackFile);
    }

    /** Label used in logs and reports: {@code 002_rls_policies.sql}. */
    public String label() {
        return fileName();
    }
}
