package dev.stagegate.migration.engine;

/**
 * An applied migration whose source changed since it ran.
 *
 * @param version         the changeset id (the migration's version for a folder, the id for a changelog)
 * @param file            the migration's file name, or the changeset id when it has no file of its own
 * @param storedChecksum  the checksum recorded when it ran, e.g. {@code 9:3413...}
 * @param currentChecksum the checksum of the file now, computed with the stored checksum's algorithm version
 */
public record Drift(String version, String file, String storedChecksum, String currentChecksum) {

    /** The line users read: {@code 003_foreign_keys.sql (checksum was 9:a, is now 9:b)}. */
    @Override
    public String toString() {
        return file + " (checksum was " + storedChecksum + ", is now " + currentChecksum + ")";
    }
}
