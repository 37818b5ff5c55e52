package dev.stagegate.console.codes;

import dev.stagegate.console.gate.GateCode;
import dev.stagegate.core.result.FindingCode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every finding code stagegate can raise, from the modules' registries (one enum each), in the
 * order the docs list them. {@code docs/finding-codes.md} is generated from here, and a test fails
 * when the page is stale or a code has no test that raises it.
 */
public final class FindingCatalog {

    /** A module's registry: where its codes come from, for the docs' headings. */
    public record Family(String title, List<FindingCode> codes) {
    }

    private FindingCatalog() {
    }

    public static List<Family> families() {
        List<Family> out = new ArrayList<>();
        out.add(family("Gate", GateCode.values()));
        out.add(family("Environment (`environment`)", dev.stagegate.migration.env.EnvironmentCode.values()));
        out.add(family("Migrations (`validate`, `migrate`, `rollback`)", dev.stagegate.migration.MigrationCode.values()));
        out.add(family("Lint rules (`lint`)", dev.stagegate.migration.lint.LintRule.values()));
        out.add(family("Verification (`verify`, `expect`, preservation)", dev.stagegate.verification.result.VerificationCode.values()));
        out.add(family("Query benchmarks (`bench`)", dev.stagegate.benchmark.BenchmarkCode.values()));
        return out;
    }

    public static List<FindingCode> all() {
        return families().stream().flatMap(f -> f.codes().stream()).toList();
    }

    public static Optional<FindingCode> byName(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The generated page: one table per family. */
    public static String markdown() {
        StringBuilder md = new StringBuilder("# Finding codes\n\n")
                .append("Generated from the code registries (`FindingCatalog`); do not edit by hand. Every code is\n")
                .append("stable once released, and every one is raised by a test. Suppress one by its id,\n")
                .append("`CODE:object = reason`.\n");
        for (Family f : families()) {
            md.append("\n## ").append(f.title()).append("\n\n| code | meaning |\n|---|---|\n");
            for (FindingCode c : f.codes()) {
                md.append("| `").append(c.name()).append("` | ").append(c.meaning().replace("|", "\\|")).append(" |\n");
            }
        }
        return md.toString();
    }

    private static Family family(String title, FindingCode[] codes) {
        return new Family(title, Arrays.asList(codes));
    }
}
