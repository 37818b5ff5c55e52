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

    public enum Style {
        NUMBERED("numbered"), FLYWAY("flyway"), GOLANG_MIGRATE("golang-migrate"), DIESEL("diesel"), GRAPHILE_MIGRATE("graphile-migrate"),
        SUPABASE("supabase"), DBMATE("dbmate"), SQITCH("sqitch"),
        LIQUIBASE_CHANGELOG("liquibase");

        private final String word;

        Style(String word) {
            this.word = word;
        }

        /** How the layout is named to users (and given to {@code --layout}). */
        public String word() {
            return word;
        }
    }

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

    /** The same set with more problems found while reading, listed first. */
    public MigrationSet withProblems(List<Finding> more) {
        List<Finding> all = new java.util.ArrayList<>(more);
        all.addAll(problems);
        return new MigrationSet(root, style, migrations, changelog, all, byCanonicalVersion);
    }

    /**
     * Refuses to run a set whose files are not what they seem (duplicate versions, mixed layouts,
     * links, folders, misspelt extensions): before anything runs, naming each file (exit 2).
     */
    public void requireRunnable() {
        List<Finding> blocking = problems.stream().filter(Finding::fails).toList();
        if (!blocking.isEmpty()) {
            throw new dev.stagegate.core.error.StagegateException(dev.stagegate.core.error.ErrorCode.INPUT_INVALID,
                    "the migrations in " + root + " cannot run as they are: " + String.join("; ", blocking.stream()
                            .map(Finding::message).toList()) + "; nothing was changed");
        }
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
