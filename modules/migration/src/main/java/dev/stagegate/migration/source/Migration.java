package dev.stagegate.migration.source;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One forward migration and its rollback, if any: two files, or (dbmate) two sections of one file.
 *
 * @param description the name part after the version ({@code initial_schema})
 * @param name        the file as its folder names it, relative to the migrations root: {@code 002_rls.sql}, or
 *                    {@code 2024-01-01-120000_users/up.sql} in a layout of one folder per migration (diesel)
 * @param parts       how a layout that is not one plain file per direction keeps it (dbmate, Sqitch), or null
 */
public record Migration(Version version, String description, Path file, Path rollbackFile, String name, Parts parts) {

    /**
     * What a layout keeps beyond two plain files. Its texts are read by {@link MigrationText}, which keeps every
     * statement on the line it has in the file, so failures and findings name the file's own lines.
     *
     * @param rollbackName the rollback as users name it ({@code revert/users.sql}, {@code 001_x.sql (migrate:down)})
     * @param verifyFile   a script run after the migration, inside its transaction, that fails it when the change
     *                     is not there (Sqitch's {@code verify/}), or null
     * @param sections     forward and rollback are dbmate's {@code -- migrate:up} and {@code -- migrate:down} sections of one file
     * @param unwrap       the files wrap themselves in {@code BEGIN; ... COMMIT;} (Sqitch): stagegate drops those two
     *                     statements and runs the rest in its own transaction, with the history row
     */
    public record Parts(String rollbackName, Path verifyFile, boolean sections, boolean unwrap) {
    }

    /** A migration whose file sits in the migrations root itself. */
    public Migration(Version version, String description, Path file, Path rollbackFile) {
        this(version, description, file, rollbackFile, file.getFileName().toString(), null);
    }

    public Migration(Version version, String description, Path file, Path rollbackFile, String name) {
        this(version, description, file, rollbackFile, name, null);
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
        if (parts != null && parts.rollbackName() != null) {
            return parts.rollbackName();
        }
        int slash = name.lastIndexOf('/');
        return (slash < 0 ? "" : name.substring(0, slash + 1)) + rollbackFile.getFileName();
    }

    public Optional<Path> rollback() {
        return Optional.ofNullable(rollbackFile);
    }

    /** The verify script relative to the migrations root ({@code verify/users.sql}), or null. */
    public String verifyName() {
        return verify().isEmpty() ? null : name.replaceFirst("^deploy/", "verify/");
    }

    /** A verify script to run after the migration (Sqitch), if any. */
    public Optional<Path> verify() {
        return parts == null ? Optional.empty() : Optional.ofNullable(parts.verifyFile());
    }

    /**
     * True when what runs is not the file as it is (a section of it, or without its own BEGIN/COMMIT), so the
     * changelog carries the text itself rather than pointing Liquibase at the file.
     */
    public boolean rewritten() {
        return parts != null && (parts.sections() || parts.unwrap() || parts.verifyFile() != null);
    }

    /** Label used in logs and reports: {@code 002_rls_policies.sql}. */
    public String label() {
        return fileName();
    }
}
