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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sqitch project: {@code sqitch.plan} names the changes in the order they deploy, each with
 * {@code deploy/<change>.sql}, {@code revert/<change>.sql} and {@code verify/<change>.sql}. The plan's order is the
 * version: the first change is version 1. A change reworked after a tag keeps its older scripts as
 * {@code <change>@<tag>.sql}, as Sqitch writes them. The scripts' own {@code BEGIN; ... COMMIT;} is dropped
 * ({@link MigrationText#unwrap}) so each change runs in stagegate's transaction with its history row, and its verify
 * script runs last in that transaction, as {@code sqitch deploy --verify} runs it: a verify that fails undoes the change.
 */
final class SqitchPlan {

    static final String PLAN = "sqitch.plan";
    // [+]name [deps] 2013-12-30T23:19:17Z Planner <email> # note   (a "-" change reverts an earlier one: not supported)
    private static final Pattern CHANGE = Pattern.compile("^([+-]?)([^\\s\\[@#:]+)(?:\\s+\\[([^\\]]*)\\])?\\s+(\\d{4}-\\d\\d-\\d\\dT\\S+)(?:\\s.*)?$");
    private static final Pattern TAG = Pattern.compile("^@(\\S+)\\s.*$");

    private record Entry(String name, List<String> requires, int line, String tagAfter) {
    }

    private SqitchPlan() {
    }

    /** The folder holding {@code sqitch.plan} for {@code input} (the folder or the plan itself), or null. */
    static Path root(Path input) {
        if (Files.isRegularFile(input) && input.getFileName() != null && input.getFileName().toString().equals(PLAN)) {
            return input.toAbsolutePath().getParent();
        }
        return Files.isRegularFile(input.resolve(PLAN), LinkOption.NOFOLLOW_LINKS) ? input : null;
    }

    static MigrationSet read(Path root) {
        List<String> lines;
        try {
            lines = Files.readAllLines(root.resolve(PLAN));
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read " + root.resolve(PLAN) + " (" + e.getClass().getSimpleName()
                    + "); fix its permissions or encoding (UTF-8)");
        }
        List<Finding> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<Integer> untagged = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("%")) {
                continue;
            }
            Matcher tag = TAG.matcher(line);
            if (tag.matches()) {
                // a tag closes the changes before it that were not tagged yet: reworked ones keep their scripts as name@tag
                for (int e : untagged) {
                    Entry x = entries.get(e);
                    entries.set(e, new Entry(x.name(), x.requires(), x.line(), tag.group(1)));
                }
                untagged.clear();
                continue;
            }
            Matcher c = CHANGE.matcher(line);
            if (!c.matches()) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.ERROR, PLAN + ":" + (i + 1), PLAN + " line " + (i + 1)
                        + " is neither a change (name [requires] timestamp planner <email>) nor a tag (@name ...); fix the line"));
                continue;
            }
            if (c.group(1).equals("-")) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.ERROR, PLAN + ":" + (i + 1), PLAN + " line " + (i + 1)
                        + " reverts " + c.group(2) + " in the plan (-" + c.group(2) + "), which stagegate does not run; rework the change instead"));
                continue;
            }
            List<String> requires = c.group(3) == null ? List.of() : List.of(c.group(3).strip().split("\\s+"));
            untagged.add(entries.size());
            entries.add(new Entry(c.group(2), requires.stream().filter(r -> !r.isEmpty()).toList(), i + 1, null));
        }
        List<Migration> migrations = new ArrayList<>();
        Set<String> deployed = new HashSet<>();
        Set<Path> used = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            boolean reworkedLater = entries.subList(i + 1, entries.size()).stream().anyMatch(x -> x.name().equals(e.name()));
            String file = reworkedLater && e.tagAfter() != null ? e.name() + "@" + e.tagAfter() + ".sql" : e.name() + ".sql";
            for (String r : e.requires()) {
                // "!x" is a conflict, "project:x" another project's: Sqitch checks those against its registry, not the plan
                String need = r.replaceFirst("@.*$", "");
                if (!r.startsWith("!") && !r.contains(":") && !deployed.contains(need)) {
                    problems.add(Finding.of(MigrationCode.MIGRATION_ORDER, Severity.ERROR, "deploy/" + file, e.name() + " (" + PLAN + " line "
                            + e.line() + ") requires " + r + ", which the plan does not deploy before it; move it after " + need));
                }
            }
            deployed.add(e.name());
            Path deploy = root.resolve("deploy").resolve(file);
            if (!Files.isRegularFile(deploy, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(Finding.of(MigrationCode.MIGRATION_NOT_A_FILE, Severity.ERROR, "deploy/" + file, e.name() + " (" + PLAN + " line "
                        + e.line() + ") has no deploy/" + file + "; write it, or take the change out of the plan"));
                continue;
            }
            Path revert = root.resolve("revert").resolve(file);
            Path verify = root.resolve("verify").resolve(file);
            boolean hasRevert = Files.isRegularFile(revert, LinkOption.NOFOLLOW_LINKS);
            boolean hasVerify = Files.isRegularFile(verify, LinkOption.NOFOLLOW_LINKS);
            used.add(deploy);
            used.add(revert);
            used.add(verify);
            migrations.add(new Migration(new Version(Integer.toString(migrations.size() + 1)), e.name(), deploy, hasRevert ? revert : null,
                    "deploy/" + file, new Migration.Parts("revert/" + file, hasVerify ? verify : null, false, true)));
        }
        for (String dir : List.of("deploy", "revert", "verify")) {
            Path d = root.resolve(dir);
            if (!Files.isDirectory(d)) {
                continue;
            }
            for (Path f : FolderLayouts.list(d)) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && !used.contains(f)) {
                    problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.WARNING, dir + "/" + name, dir + "/" + name
                            + " is not a change of " + PLAN + " and is ignored; add the change to the plan or remove the file"));
                }
            }
        }
        return MigrationSource.finish(root, MigrationSet.Style.SQITCH, migrations, problems);
    }

    /** The plan's change names in deploy order: version {@code i + 1} is change {@code i}. */
    static List<String> changes(MigrationSet set) {
        return set.migrations().stream().map(Migration::description).toList();
    }
}
