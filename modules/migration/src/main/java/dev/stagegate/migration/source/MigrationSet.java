package dev.stagegate.migration.source;

import dev.stagegate.core.result.Finding;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a migrations input holds: a folder of SQL files (numbered or Flyway-named), or a Liquibase
 * changelog that stagegate runs as it is.
 *
 * @param problems  naming problems found while reading (duplicates, unknown names...), for validate
 */
public record MigrationSet(Path root, Style style, List<Migration> migrations, Path changelog, List<Finding> problems) {

    public enum Style { NUMBERED, FLYWAY, LIQUIBASE_CHANGELOG }

    public MigrationSet {
        migrations = List.copyOf(migrations);
        problems = List.copyOf(problems);
    }

    public boolean isChangelog() {
        return style == Style.LIQUIBASE_CHANGELOG;
    }

    public Optional<Migration> find(String version) {
        if (!Version.isVersion(version)) {
            return Optional.empty();
        }
        Version v = new Version(version);
        return migrations.stream().filter(m -> m.version().sameAs(v)).findFirst();
    }

    public Optional<Migration> latest() {
        return migrations.isEmpty() ? Optional.empty() : Optional.of(migrations.get(migrations.size() - 1));
    }
}
