package dev.stagegate.migration.source;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One forward migration file and its rollback file, if any.
 *
 * @param description the name part after the version ({@code initial_schema})
 * @param name        the file as its folder names it, relative to the migrations root: {@code 002_rls.sql}, or
 *                    {@code 2024-01-01-120000_users/up.sql} in a layout of one folder per migration (diesel)
 */
public record Migration(Version version, String description, Path file, Path rollbackFile, String name) {

    /** A migration whose file sits in the migrations root itself. */
    public Migration(Version version, String description, Path file, Path rollbackFile) {
        this(version, description, file, rollbackFile, file.getFileName().toString());
    }

    /** The file relative to the migrations root: what logs, findings and the generated changelog name it by. */
    public String fileName() {
        return name;
    }

    /** The rollback file relative to the migrations root (it sits beside the forward file), or null. */
    public String rollbackName() {
        if (rollbackFile == null) {
            return null;
        }
        int slash = name.lastIndexOf('/');
        return (slash < 0 ? "" : name.substring(0, slash + 1)) + rollbackFile.getFileName();
    }

    public Optional<Path> rollback() {
        return Optional.ofNullable(rollbackFile);
    }

    /** Label used in logs and reports: {@code 002_rls_policies.sql}. */
    public String label() {
        return fileName();
    }
}
