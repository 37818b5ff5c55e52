package dev.stagegate.migration.source;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.migration.MigrationCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layouts other migration tools keep their files in, beside stagegate's own numbered one and
 * Flyway's ({@link MigrationSource}), each read as the tool itself reads it:
 * <ul>
 *   <li>golang-migrate: {@code 000001_name.up.sql} + {@code 000001_name.down.sql};</li>
 *   <li>diesel: a folder per migration, {@code 2024-01-01-120000_name/up.sql} + {@code down.sql} (the version is the
 *       folder's digits: {@code 20240101120000});</li>
 *   <li>graphile-migrate: {@code committed/000001.sql} (or {@code 000001-message.sql}), forward only;</li>
 *   <li>Supabase CLI: {@code supabase/migrations/20240101120000_name.sql}, forward only;</li>
 *   <li>dbmate: {@code 20240101120000_name.sql} holding a {@code -- migrate:up} and a {@code -- migrate:down} section;</li>
 *   <li>Sqitch: {@code sqitch.plan} with {@code deploy/}, {@code revert/}, {@code verify/} ({@link SqitchPlan}).</li>
 * </ul>
 */
final class FolderLayouts {

    static final Pattern GOLANG = Pattern.compile("(\\d+)_(.+)\\.(up|down)\\.sql");
    static final Pattern DIESEL_DIR = Pattern.compile("(\\d(?:[\\d-]*\\d)?)_(.+)");
    static final Pattern GRAPHILE = Pattern.compile("(\\d+)(?:-(.+))?\\.sql");

    private FolderLayouts() {
    }

    /** Where graphile-migrate keeps its committed migrations under {@code input}, or null. */
    static Path graphileCommitted(Path input) {
        for (Path c : List.of(input.resolve("committed"), input.resolve("migrations").resolve("committed"))) {
            if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                return c;
            }
        }
        return input.getFileName() != null && input.getFileName().toString().equals("committed") ? input : null;
    }

    /** The Supabase CLI's migrations folder under {@code input} (a project root), or {@code input} itself, or null. */
    static Path supabase(Path input) {
        Path inside = input.resolve("supabase").resolve("migrations");
        if (Files.isDirectory(inside, LinkOption.NOFOLLOW_LINKS)) {
            return inside;
        }
        Path abs = input.toAbsolutePath().normalize();
        return abs.getFileName() != null && abs.getFileName().toString().equals("migrations") && abs.getParent() != null
                && abs.getParent().getFileName() != null && abs.getParent().getFileName().toString().equals("supabase") ? input : null;
    }

    /** True when {@code dir} holds at least one diesel migration folder ({@code <version>_<name>/up.sql}). */
    static boolean isDiesel(List<Path> entries) {
        return entries.stream().anyMatch(e -> Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)
                && DIESEL_DIR.matcher(e.getFileName().toString()).matches() && Files.exists(e.resolve("up.sql")));
    }

    static boolean isGolang(List<String> sqlNames) {
        long golang = sqlNames.stream().filter(n -> GOLANG.matcher(n).matches()).count();
        return golang > 0 && golang * 2 >= sqlNames.size();
    }

    static MigrationSet golang(Path root, List<Path> files) {
        List<Finding> problems = new ArrayList<>();
        Map<String, Path> down = new HashMap<>();
        List<Path> up = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            Matcher m = GOLANG.matcher(name);
            if (!m.matches()) {
                problems.add(Finding.of(MigrationCode.MIGRATION_LAYOUT_MIXED, Severity.ERROR, name, name
                        + " is not a golang-migrate migration (NNN_name.up.sql / .down.sql) in a golang-migrate folder and would not run; "
                        + "rename it or move it out"));
            } else if (m.group(3).equals("down")) {
                down.put(m.group(1) + "_" + m.group(2), f);
            } else {
                up.add(f);
            }
        }
        List<Migration> migrations = new ArrayList<>();
        for (Path f : up) {
            Matcher m = GOLANG.matcher(f.getFileName().toString());
            m.matches();
            migrations.add(new Migration(new Version(m.group(1)), m.group(2), f, down.remove(m.group(1) + "_" + m.group(2))));
        }
        down.forEach((key, f) -> problems.add(Finding.of(MigrationCode.ROLLBACK_ORPHAN, Severity.WARNING, f.getFileName().toString(),
                "down file " + f.getFileName() + " has no up migration " + key + ".up.sql")));
        return MigrationSource.finish(root, MigrationSet.Style.GOLANG_MIGRATE, migrations, problems);
    }

    /**
     * SQL files beside another layout's migrations ({@code what}): each an error, since running the layout would leave
     * them out (a numbered 001_x.sql beside one diesel folder was silently dropped).
     */
    static List<Finding> besides(List<Path> entries, String what, java.util.function.Predicate<String> counts) {
        List<Finding> out = new ArrayList<>();
        for (Path e : entries) {
            String name = e.getFileName().toString();
            if (!name.startsWith(".") && lower(name).endsWith(".sql") && !Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS) && counts.test(name)) {
                out.add(Finding.of(MigrationCode.MIGRATION_LAYOUT_MIXED, Severity.ERROR, name, name + " sits beside " + what
                        + " and would not run; move it into that layout or out of the folder (or give --layout)"));
            }
        }
        return out;
    }

    static MigrationSet diesel(Path root, List<Path> entries) {
        List<Finding> problems = new ArrayList<>(besides(entries, "diesel's migration folders", n -> true));
        List<Migration> migrations = new ArrayList<>();
        for (Path e : entries) {
            String name = e.getFileName().toString();
            Matcher m = DIESEL_DIR.matcher(name);
            if (name.startsWith(".")) {
                continue;
            }
            if (Files.isSymbolicLink(e)) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NOT_A_FILE, Severity.ERROR, name, name + " is a symbolic link, which stagegate "
                        + "will not follow; put the migration folder itself there"));
                continue;
            }
            if (!Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                if (!lower(name).endsWith(".sql")) {
                    problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.WARNING, name, name + " is a file beside diesel's "
                            + "migration folders (<version>_<name>/up.sql) and is ignored; move it out"));
                }
                continue;
            }
            if (!m.matches()) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.WARNING, name, name + "/ does not look like a diesel "
                        + "migration folder (<version>_<name>, e.g. 2024-01-01-120000_create_users) and is ignored"));
                continue;
            }
            Path up = e.resolve("up.sql");
            Path down = e.resolve("down.sql");
            if (!Files.isRegularFile(up, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NOT_A_FILE, Severity.ERROR, name, name + "/ has no up.sql file (or it is a link "
                        + "or a folder); write the migration in " + name + "/up.sql"));
                continue;
            }
            for (Path inside : list(e)) {
                String f = inside.getFileName().toString();
                if (!f.equals("up.sql") && !f.equals("down.sql") && !f.equals("metadata.toml") && !f.startsWith(".")) {
                    problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.WARNING, name + "/" + f, name + "/" + f
                            + " is neither up.sql nor down.sql and is ignored"));
                }
            }
            String digits = m.group(1).replace("-", "");
            if (digits.replaceFirst("^0+(?=.)", "").length() > 18) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.ERROR, name, name + " has a version of more than 18 digits, "
                        + "which cannot be ordered as a number; shorten it"));
                continue;
            }
            boolean hasDown = Files.isRegularFile(down, LinkOption.NOFOLLOW_LINKS);
            migrations.add(new Migration(new Version(digits), m.group(2), up, hasDown ? down : null, name + "/up.sql"));
        }
        return MigrationSource.finish(root, MigrationSet.Style.DIESEL, migrations, problems);
    }

    static MigrationSet graphile(Path committed) {
        List<Finding> problems = new ArrayList<>();
        List<Migration> migrations = new ArrayList<>();
        for (Path f : list(committed)) {
            String name = f.getFileName().toString();
            Matcher m = GRAPHILE.matcher(name);
            if (name.startsWith(".")) {
                continue;
            }
            if (lower(name).matches(".*\\.(rollback|down|undo)\\.sql")) {
                problems.add(Finding.of(MigrationCode.MIGRATION_FORWARD_ONLY, Severity.WARNING, name, name + " looks like a rollback file, but "
                        + "graphile-migrate has no rollbacks and stagegate reads none in committed/: it is ignored"));
                continue;
            }
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || !m.matches()) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.WARNING, name, name + " in " + committed.getFileName()
                        + "/ is not a committed graphile-migrate migration (000001.sql) and is ignored"));
                continue;
            }
            migrations.add(new Migration(new Version(m.group(1)), m.group(2) == null ? message(f) : m.group(2), f, null));
        }
        return MigrationSource.finish(committed, MigrationSet.Style.GRAPHILE_MIGRATE, migrations, problems);
    }

    /** True when most of the numbered files hold dbmate's {@code -- migrate:up} marker (an unreadable file counts against). */
    static boolean isDbmate(List<Path> sql) {
        long marked = sql.stream().filter(f -> {
            try {
                return MigrationText.hasUp(MigrationText.read(f));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }).count();
        return marked > 0 && marked * 2 >= sql.size();
    }

    /**
     * dbmate's files: {@code <version>_name.sql}, the forward SQL under {@code -- migrate:up}, the rollback under
     * {@code -- migrate:down} (no rollback when that section is missing or holds no statement). A file without the up
     * marker is refused as dbmate refuses it, and a separate rollback file is not dbmate's.
     */
    static MigrationSet dbmate(Path root, List<Path> files) {
        List<Finding> problems = new ArrayList<>();
        List<Migration> migrations = new ArrayList<>();
        Pattern numbered = Pattern.compile("(\\d+)_(.+?)\\.sql");
        for (Path f : files) {
            String name = f.getFileName().toString();
            Matcher m = numbered.matcher(name);
            if (!m.matches() || lower(name).matches(".*\\.(rollback|down|up)\\.sql")) {
                problems.add(Finding.of(MigrationCode.MIGRATION_LAYOUT_MIXED, Severity.ERROR, name, name + " is not a dbmate migration "
                        + "(<version>_name.sql with -- migrate:up and -- migrate:down sections) in a dbmate folder and would not run; "
                        + "move its SQL into a section of its migration, or move it out"));
                continue;
            }
            String text;
            try {
                text = MigrationText.read(f);
            } catch (IOException e) {
                // the file is named by validate's unreadable-file check; it stays in the set so nothing runs around it
                migrations.add(new Migration(new Version(m.group(1)), m.group(2), f, f, name, new Migration.Parts(name + " (migrate:down)", null,
                        true, false)));
                continue;
            }
            if (!MigrationText.hasUp(text)) {
                problems.add(Finding.of(MigrationCode.MIGRATION_LAYOUT_MIXED, Severity.ERROR, name, name + " has no `-- migrate:up` line, "
                        + "which dbmate needs to know what to run; put it above the migration's SQL"));
                continue;
            }
            List<String> wrong = MigrationText.sectionProblems(text);
            if (!wrong.isEmpty()) {
                problems.add(Finding.of(MigrationCode.MIGRATION_SECTIONS, Severity.ERROR, name, name + " " + String.join("; it ", wrong)));
                continue;
            }
            boolean down = MigrationText.hasDown(text);
            migrations.add(new Migration(new Version(m.group(1)), m.group(2), f, down ? f : null, name,
                    new Migration.Parts(name + " (migrate:down)", null, true, false)));
        }
        return MigrationSource.finish(root, MigrationSet.Style.DBMATE, migrations, problems);
    }

    /** Supabase's CLI names files {@code <timestamp>_name.sql} and has no down migrations. */
    static List<Finding> forwardOnly(MigrationSet set, String tool) {
        List<Finding> out = new ArrayList<>();
        for (Migration m : set.migrations()) {
            if (m.rollbackFile() != null) {
                out.add(Finding.of(MigrationCode.MIGRATION_FORWARD_ONLY, Severity.WARNING, m.rollbackName(), m.rollbackName() + " is a rollback file, "
                        + "but " + tool + " has no rollbacks: stagegate reads it as " + m.fileName() + "'s rollback; "
                        + tool + " itself never runs it"));
            }
        }
        return out;
    }

    /** graphile-migrate's {@code --! Message:} header, or the file's number. */
    private static String message(Path f) {
        try (Stream<String> lines = Files.lines(f)) {
            return lines.limit(20).filter(l -> l.startsWith("--! Message:")).map(l -> l.substring("--! Message:".length()).strip())
                    .findFirst().orElse("committed");
        } catch (IOException | java.io.UncheckedIOException e) {
            return "committed";
        }
    }

    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.IO_FAILED, "cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
