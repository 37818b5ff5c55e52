package dev.stagegate.migration.source;

import dev.stagegate.core.result.Finding;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a migrations input holds: a folder of SQL files (numbered or Flyway-named), or a Liquibase
 * changelog that stagegate runs as it is.
 *
 * @param problems  naming problems found while reading (duplicates, unknown names...), for validate
 */
public record MigrationSet(Path root, Style style, List<Migration> migrations, Path changelog, List<Finding> problems,
                           Map<String, Migration> byCanonicalVersion) {

    public enum Style { NUMBERED, FLYWAY, LIQUIBASE_CHANGELOG }

    public MigrationSet(Path root, Style style, List<Migration> migrations, Path changelog, List<Finding> problems) {
        this(root, style, migrations, changelog, problems, index(migrations));
    }

    public MigrationSet {
        migrations = List.copyOf(migrations);
        problems = List.copyOf(problems);
        byCanonicalVersion = Map.copyOf(byCanonicalVersion);
    }

    /** Looked up on every history row and event; a map keeps a status read linear in the set's size. */
    private static Map<String, Migration> index(List<Migration> migrations) {
        Map<String, Migration> map = new HashMap<>();
        migrations.forEach(m -> map.putIfAbsent(m.version().canonical(), m));
        return map;
    }

    public boolean isChangelog() {
        return style == Style.LIQUIBASE_CHANGELOG;
    }

    public Optional<Migration> find(String version) {
        if (!Version.isVersion(version)) {
            return Optional.empty();
        }
        return Optional.ofNullable(byCanonicalVersion.get(new Version(version).canonical()));
    }

    public Optional<Migration> latest() {
        return migrations.isEmpty() ? Optional.empty() : Optional.of(migrations.get(migrations.size() - 1));
    }
}
