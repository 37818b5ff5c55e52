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
 * ({@link MigrationText#unwrap}) so each change runs whole in stagegate's own transaction, and its verify
 * script runs last in that transaction, as {@code sqitch deploy --verify} runs it: a verify that fails undoes the change.
 */
public final class SqitchPlan {

    static final String PLAN = "sqitch.plan";
    // [+]name [deps] 2013-12-30T23:19:17Z Planner <email> # note   (a "-" change reverts an earlier one: not supported)
    private static final Pattern CHANGE = Pattern.compile("^([+-]?)([^\\s\\[@#:]+)(?:\\s+\\[([^\\]]*)\\])?\\s+(\\d{4}-\\d\\d-\\d\\dT\\S+)(?:\\s.*)?$");
    private static final Pattern TAG = Pattern.compile("^@(\\S+)\\s.*$");
    private static final Pattern TOP_DIR = Pattern.compile("^\\s*top_dir\\s*=\\s*\"?([^\"#;]+?)\"?\\s*(?:[#;].*)?$");
    // %project=flipr, %project = flipr, %project=flipr # a note
    private static final Pattern PROJECT = Pattern.compile("^%project\\s*=\\s*([^\\s#]+).*$");

    /** @param tagsAfter the tags that follow it in the plan, in order (a reworked change's scripts are name@one-of-them) */
    private record Entry(String name, List<String> requires, int line, List<String> tagsAfter) {
    }

    private SqitchPlan() {
    }

    /** The folder holding {@code sqitch.plan} for {@code input} (the folder or the plan itself), or null. */
    static Path root(Path input) {
        if (Files.isRegularFile(input) && input.getFileName() != null && input.getFileName().toString().equals(PLAN)) {
            return input.toAbsolutePath().getParent();
        }
        if (Files.isRegularFile(input.resolve(PLAN), LinkOption.NOFOLLOW_LINKS)) {
            return input;
        }
        // sqitch.conf's top_dir: the plan and the script folders live there (sqitch init --top-dir db)
        Path conf = input.resolve("sqitch.conf");
        if (Files.isRegularFile(conf, LinkOption.NOFOLLOW_LINKS)) {
            try {
                for (String line : Files.readAllLines(conf)) {
                    Matcher m = TOP_DIR.matcher(line);
                    if (m.matches() && Files.isRegularFile(input.resolve(m.group(1).strip()).resolve(PLAN))) {
                        return input.resolve(m.group(1).strip());
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                return null;
            }
        }
        return null;
    }

    static MigrationSet read(Path root) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(root.resolve(PLAN)));
            if (!lines.isEmpty()) {
                lines.set(0, MigrationShape.withoutBom(lines.get(0)));
            }
        } catch (IOException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "cannot read " + root.resolve(PLAN) + " (" + e.getClass().getSimpleName()
                    + "); fix its permissions or encoding (UTF-8)");
        }
        List<Finding> problems = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Set<String> sinceTag = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("%")) {
                continue;
            }
            Matcher tag = TAG.matcher(line);
            if (tag.matches()) {
                // every change before a tag may keep its scripts as name@tag once it is reworked after it
                entries.forEach(x -> x.tagsAfter().add(tag.group(1)));
                sinceTag.clear();
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
            if (!sinceTag.add(c.group(2))) {
                // Sqitch refuses it too: a change is reworked after a tag, or its two scripts would be one file run twice
                problems.add(Finding.of(MigrationCode.MIGRATION_DUPLICATE_VERSION, Severity.ERROR, PLAN + ":" + (i + 1), PLAN + " line " + (i + 1)
                        + " names " + c.group(2) + " again with no tag since it; rework a change after a tag (sqitch rework), or rename it"));
                continue;
            }
            entries.add(new Entry(c.group(2), requires.stream().filter(r -> !r.isEmpty()).toList(), i + 1, new ArrayList<>()));
        }
        List<Migration> migrations = new ArrayList<>();
        Set<String> deployed = new HashSet<>();
        Set<Path> used = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            boolean reworkedLater = entries.subList(i + 1, entries.size()).stream().anyMatch(x -> x.name().equals(e.name()));
            // as Sqitch looks for it: name@tag for the first tag after it whose script exists (rework names it after the latest)
            String file = e.name() + ".sql";
            if (reworkedLater && !e.tagsAfter().isEmpty()) {
                file = e.tagsAfter().stream().map(t -> e.name() + "@" + t + ".sql").filter(f -> Files.isRegularFile(root.resolve("deploy").resolve(f)))
                        .findFirst().orElse(e.name() + "@" + e.tagsAfter().get(0) + ".sql");
            }
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
            // change names may hold folders (app/schema is deploy/app/schema.sql): every file below is looked at
            try (java.util.stream.Stream<Path> walk = Files.walk(d)) {
                for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = d.relativize(f).toString().replace('\\', '/');
                    if (!f.getFileName().toString().startsWith(".") && !used.contains(f)) {
                        problems.add(Finding.of(MigrationCode.MIGRATION_NAME_UNKNOWN, Severity.WARNING, dir + "/" + name, dir + "/" + name
                                + " is not a change of " + PLAN + " and is ignored; add the change to the plan or remove the file"));
                    }
                }
            } catch (IOException e) {
                throw new StagegateException(ErrorCode.IO_FAILED, "cannot list " + d + ": " + e.getMessage(), e);
            }
        }
        return MigrationSource.finish(root, MigrationSet.Style.SQITCH, migrations, problems);
    }

    /** The plan's {@code %project=} name, or null: Sqitch's registry holds the changes of every project deployed there. */
    public static String project(Path root) {
        try {
            for (String line : Files.readAllLines(root.resolve(PLAN))) {
                Matcher m = PROJECT.matcher(MigrationShape.withoutBom(line).strip());
                if (m.matches()) {
                    return m.group(1);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
        return null;
    }
}
