package dev.stagegate.migration.source;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.MigrationCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a migrations input: a folder of {@code 001_name.sql} (+ {@code 001_name.rollback.sql}) or
 * Flyway {@code V3__name.sql} (+ {@code U3__name.sql}) files, a folder in another tool's layout
 * ({@link FolderLayouts}: golang-migrate, diesel, graphile-migrate, Supabase, dbmate; {@link SqitchPlan}: Sqitch), or a Liquibase changelog
 * file (XML, YAML, or formatted SQL starting with {@code --liquibase formatted sql}). The layout is
 * detected from the folder; a folder from which nothing is read is an error, never an empty set.
 */
public final class MigrationSource {

    // the version is the leading number (1, 001, 1.10, 20240101120000) only: in 0002_2019_02_26_x.sql the
    // digit groups after the first underscore are the name's, as every tool that writes such names means them
    private static final Pattern NUMBERED = Pattern.compile("(\\d+(?:\\.\\d+)*)_(.+?)\\.sql");
    private static final Pattern NUMBERED_ROLLBACK = Pattern.compile("(\\d+(?:\\.\\d+)*)_(.+?)\\.(?:rollback|down)\\.sql");
    private static final Pattern FLYWAY = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
    private static final Pattern FLYWAY_UNDO = Pattern.compile("U(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
    private static final Set<String> CHANGELOG_ENDINGS = Set.of(".xml", ".yaml", ".yml", ".json");

    private MigrationSource() {
    }

    public static MigrationSet read(Path input) {
        if (Files.isRegularFile(input) && SqitchPlan.root(input) == null) {
            return changelog(input);
        }
        Path sqitchPlan = SqitchPlan.root(input);
        if (sqitchPlan != null) {
            return nonEmpty(sqitchPlan, SqitchPlan.read(sqitchPlan));
        }
        if (!Files.isDirectory(input)) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "migrations folder " + input
                    + " does not exist; pass the folder of NNN_name.sql files or a Liquibase changelog");
        }
        Path supabase = FolderLayouts.supabase(input);
        if (supabase != null && !supabase.equals(input)) {
            return read(supabase);
        }
        Path committed = FolderLayouts.graphileCommitted(input);
        List<Path> entries = FolderLayouts.list(input);
        if (committed != null) {
            // numbered files beside committed/ would be silently left out: the folder is one layout or it is refused
            return nonEmpty(committed, FolderLayouts.graphile(committed).withProblems(FolderLayouts.besides(entries, "graphile-migrate's committed/",
                    n -> !n.equals("current.sql"))));
        }
        if (FolderLayouts.isDiesel(entries)) {
            return nonEmpty(input, FolderLayouts.diesel(input, entries));
        }
        return flat(input, entries, null, supabase != null);
    }

    /**
     * Reads {@code input} in the layout {@code layout} names ({@link MigrationSet.Style#word()}), not the one detected:
     * {@code --layout}. Null or {@code auto} detects.
     */
    public static MigrationSet read(Path input, String layout) {
        if (layout == null || layout.equals("auto")) {
            return read(input);
        }
        MigrationSet.Style want = java.util.Arrays.stream(MigrationSet.Style.values()).filter(x -> x.word().equals(layout)).findFirst()
                .orElseThrow(() -> new StagegateException(ErrorCode.USAGE, "--layout " + layout + " is not a layout; give auto (the default) or one of "
                        + String.join(", ", java.util.Arrays.stream(MigrationSet.Style.values()).map(MigrationSet.Style::word).toList())));
        if (want == MigrationSet.Style.SQITCH && SqitchPlan.root(input) != null) {
            return nonEmpty(SqitchPlan.root(input), SqitchPlan.read(SqitchPlan.root(input)));
        }
        if (want == MigrationSet.Style.LIQUIBASE_CHANGELOG || Files.isRegularFile(input)) {
            if (want != MigrationSet.Style.LIQUIBASE_CHANGELOG || !Files.isRegularFile(input)) {
                throw new StagegateException(ErrorCode.USAGE, "--layout " + layout + " takes " + (want == MigrationSet.Style.LIQUIBASE_CHANGELOG
                        ? "a changelog file" : "a folder") + ", and " + input + " is " + (Files.isRegularFile(input) ? "a file" : "not one")
                        + "; pass the " + (want == MigrationSet.Style.LIQUIBASE_CHANGELOG ? "changelog" : "folder") + " or --layout auto");
            }
            return changelog(input);
        }
        if (!Files.isDirectory(input)) {
            return read(input);
        }
        switch (want) {
            case SQITCH -> {
                if (SqitchPlan.root(input) == null) {
                    throw new StagegateException(ErrorCode.INPUT_INVALID, "--layout sqitch needs " + SqitchPlan.PLAN + " in " + input
                            + "; pass the Sqitch project's folder");
                }
                return nonEmpty(input, SqitchPlan.read(SqitchPlan.root(input)));
            }
            case GRAPHILE_MIGRATE -> {
                Path c = FolderLayouts.graphileCommitted(input);
                return nonEmpty(c == null ? input : c, FolderLayouts.graphile(c == null ? input : c));
            }
            case DIESEL -> {
                return nonEmpty(input, FolderLayouts.diesel(input, FolderLayouts.list(input)));
            }
            case SUPABASE -> {
                Path s = FolderLayouts.supabase(input);
                Path dir = s == null ? input : s;
                return flat(dir, FolderLayouts.list(dir), MigrationSet.Style.NUMBERED, true);
            }
            default -> {
                return flat(input, FolderLayouts.list(input), want, false);
            }
        }
    }

    /** A folder of migration files side by side: numbered, Flyway or golang-migrate; {@code forced} null detects which. */
    private static MigrationSet flat(Path input, List<Path> entries, MigrationSet.Style forced, boolean supabase) {
        List<Finding> structure = new ArrayList<>();
        List<Path> sql = new ArrayList<>();
        for (Path e : entries) {
            String name = e.getFileName().toString();
            boolean sqlLike = name.toLowerCase(java.util.Locale.ROOT).endsWith(".sql");
            // hidden files (an editor's .#001_x.sql lock link, .DS_Store) are no one's migrations
            if (!sqlLike || name.startsWith(".")) {
                continue;
            }
            // Decided before anything runs: a link could point anywhere (/etc/passwd), a folder is not a file,
            // and "004_x.SQL" would be skipped while its neighbours ran.
            if (Files.isSymbolicLink(e) || !Files.isRegularFile(e, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                structure.add(Finding.of(MigrationCode.MIGRATION_NOT_A_FILE, Severity.ERROR, name, name + " is "
                        + (Files.isSymbolicLink(e) ? "a symbolic link" : "a folder or special file") + "; put the migration itself there"));
            } else if (!name.endsWith(".sql")) {
                structure.add(Finding.of(MigrationCode.MIGRATION_EXTENSION_CASE, Severity.ERROR, name, name
                        + " would be skipped; rename it to end in .sql"));
            } else {
                sql.add(e);
            }
        }
        if (sql.isEmpty() && structure.isEmpty()) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "no migrations in " + input
                    + "; expected files such as 001_initial_schema.sql, V1__initial_schema.sql, 000001_initial.up.sql, diesel's "
                    + "<version>_<name>/up.sql, dbmate's <version>_name.sql with -- migrate:up, a Sqitch sqitch.plan, graphile-migrate's "
                    + "committed/000001.sql or supabase/migrations/<timestamp>_name.sql");
        }
        List<String> flywayNames = sql.stream().map(f -> f.getFileName().toString())
                .filter(n -> FLYWAY.matcher(n).matches() || FLYWAY_UNDO.matcher(n).matches()).toList();
        List<String> numberedNames = sql.stream().map(f -> f.getFileName().toString())
                .filter(n -> NUMBERED.matcher(n).matches()).toList();
        boolean flyway = forced == null ? !flywayNames.isEmpty() && flywayNames.size() >= numberedNames.size() : forced == MigrationSet.Style.FLYWAY;
        if (!flywayNames.isEmpty() && !numberedNames.isEmpty() && forced == null) {
            // One V3__x.sql among 001_..., 002_... once made migrate run V3 alone: the layout is the folder's.
            List<String> odd = flyway ? numberedNames : flywayNames;
            for (String name : odd) {
                structure.add(Finding.of(MigrationCode.MIGRATION_LAYOUT_MIXED, Severity.ERROR, name, name + " is a "
                        + (flyway ? "numbered" : "Flyway") + " migration in a " + (flyway ? "Flyway" : "numbered")
                        + " folder; rename it to the folder's layout or move it out"));
            }
        }
        for (Path f : List.copyOf(sql)) {
            java.util.regex.Matcher v = (flyway ? FLYWAY : NUMBERED).matcher(f.getFileName().toString());
            if (v.matches() && !fits(v.group(1))) {
                structure.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.ERROR, f.getFileName().toString(),
                        f.getFileName() + " has a version part of more than 18 digits, which cannot be ordered as a number; shorten it"));
                sql.remove(f);
            }
        }
        boolean golang = forced == null ? FolderLayouts.isGolang(sql.stream().map(f -> f.getFileName().toString()).toList())
                : forced == MigrationSet.Style.GOLANG_MIGRATE;
        boolean dbmate = forced == null ? !flyway && !golang && FolderLayouts.isDbmate(sql) : forced == MigrationSet.Style.DBMATE;
        MigrationSet set = flyway ? flyway(input, sql) : golang ? FolderLayouts.golang(input, sql) : dbmate ? FolderLayouts.dbmate(input, sql)
                : numbered(input, sql);
        if (supabase) {
            set = new MigrationSet(set.root(), MigrationSet.Style.SUPABASE, set.migrations(), null, set.problems())
                    .withProblems(FolderLayouts.forwardOnly(set, "the Supabase CLI"));
        }
        set = structure.isEmpty() ? set : set.withProblems(structure);
        return structure.isEmpty() ? nonEmpty(input, set) : set;
    }

    /**
     * A folder from which no migration was read is an error naming what is there: graphile-migrate's
     * {@code current.sql} alone once made validate and lint exit 0 having checked nothing.
     */
    private static MigrationSet nonEmpty(Path input, MigrationSet set) {
        if (!set.migrations().isEmpty() || set.problems().stream().anyMatch(Finding::fails)) {
            return set;
        }
        List<String> seen = set.problems().stream().map(Finding::object).limit(5).toList();
        throw new StagegateException(ErrorCode.INPUT_INVALID, "no migration read from " + input + (seen.isEmpty() ? "" : " (ignored: "
                + String.join(", ", seen) + ")") + "; stagegate reads NNN_name.sql, V1__name.sql, NNN_name.up.sql, diesel's "
                + "<version>_<name>/up.sql, dbmate's -- migrate:up files, a Sqitch sqitch.plan, graphile-migrate's committed/, "
                + "supabase/migrations/ or a Liquibase changelog; "
                + "rename the files or pass the folder that holds them");
    }

    private static boolean fits(String version) {
        try {
            new Version(version);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static MigrationSet numbered(Path root, List<Path> files) {
        List<Finding> problems = new ArrayList<>();
        Map<String, Path> rollbacks = new HashMap<>();
        List<Path> forward = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Matcher rb = NUMBERED_ROLLBACK.matcher(name);
            if (rb.matches()) {
                rollbacks.put(rb.group(1) + "_" + rb.group(2), f);
            } else if (NUMBERED.matcher(name).matches()) {
                forward.add(f);
            } else {
                problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.WARNING, name, name
                        + " does not look like a migration (NNN_name.sql) and is ignored; rename it or move it out"));
            }
        }
        List<Migration> migrations = new ArrayList<>();
        for (Path f : forward) {
            Matcher m = NUMBERED.matcher(f.getFileName().toString());
            m.matches();
            String key = m.group(1) + "_" + m.group(2);
            migrations.add(new Migration(new Version(m.group(1)), m.group(2), f, rollbacks.remove(key)));
        }
        rollbacks.forEach((key, f) -> problems.add(Finding.of(MigrationCode.ROLLBACK_ORPHAN, Severity.WARNING,
                f.getFileName().toString(), "rollback file " + f.getFileName() + " has no forward migration " + key + ".sql")));
        return finish(root, MigrationSet.Style.NUMBERED, migrations, problems);
    }

    private static MigrationSet flyway(Path root, List<Path> files) {
        List<Finding> problems = new ArrayList<>();
        Map<String, Path> undo = new HashMap<>();
        List<Migration> migrations = new ArrayList<>();
        for (Path f : files) {
            Matcher u = FLYWAY_UNDO.matcher(f.getFileName().toString());
            if (u.matches()) {
                undo.put(new Version(u.group(1)).canonical(), f);
            }
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            Matcher v = FLYWAY.matcher(name);
            if (v.matches()) {
                Version version = new Version(v.group(1));
                migrations.add(new Migration(version, v.group(2), f, undo.remove(version.canonical())));
            } else if (name.startsWith("R__")) {
                problems.add(Finding.of(MigrationCode.MIGRATION_REPEATABLE, Severity.ERROR, name, "repeatable migration " + name
                        + " is not supported; fold it into a versioned V<n>__ file"));
            } else if (!FLYWAY_UNDO.matcher(name).matches()) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.WARNING, name, name
                        + " does not look like a Flyway migration (V<n>__name.sql) and is ignored"));
            }
        }
        undo.forEach((version, f) -> problems.add(Finding.of(MigrationCode.ROLLBACK_ORPHAN, Severity.WARNING,
                f.getFileName().toString(), "undo file " + f.getFileName() + " has no V" + version + "__ migration")));
        return finish(root, MigrationSet.Style.FLYWAY, migrations, problems);
    }

    static MigrationSet finish(Path root, MigrationSet.Style style, List<Migration> migrations, List<Finding> problems) {
        List<Migration> sorted = new ArrayList<>(migrations);
        sorted.sort(Comparator.comparing(Migration::version).thenComparing(Migration::fileName));
        Map<String, List<Migration>> byVersion = new TreeMap<>();
        sorted.forEach(m -> byVersion.computeIfAbsent(m.version().canonical(), k -> new ArrayList<>()).add(m));
        byVersion.values().stream().filter(l -> l.size() > 1).forEach(l -> problems.add(Finding.of(MigrationCode.MIGRATION_DUPLICATE_VERSION,
                Severity.ERROR, l.get(0).version().text(), "version " + l.get(0).version() + " is used by "
                        + l.stream().map(Migration::fileName).toList() + "; give each migration its own version")));
        return new MigrationSet(root, style, sorted, null, problems);
    }

    private static MigrationSet changelog(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean known = CHANGELOG_ENDINGS.stream().anyMatch(name::endsWith);
        if (name.endsWith(".sql")) {
            try {
                known = Files.readString(file).stripLeading().toLowerCase(java.util.Locale.ROOT)
                        .startsWith("--liquibase formatted sql");
            } catch (IOException e) {
                throw new StagegateException(ErrorCode.IO_FAILED, "cannot read " + file + ": " + e.getMessage(), e);
            }
            if (!known) {
                throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is a plain SQL file; pass its folder "
                        + "(numbered migrations) or start it with `--liquibase formatted sql` to use it as a changelog");
            }
        }
        if (!known) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, file + " is not a Liquibase changelog (.xml, .yaml, "
                    + ".yml, .json or formatted .sql) nor a migrations folder");
        }
        return new MigrationSet(file.getParent(), MigrationSet.Style.LIQUIBASE_CHANGELOG, List.of(), file, List.of());
    }
}
