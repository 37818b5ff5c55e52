package dev.stagegate.console.cli;

import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.example.Example;
import dev.stagegate.migration.example.ExampleBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.concurrent.Callable;

@Command(name = "example", mixinStandardHelpOptions = true,
        description = {"Builds an example (scripts/NAME) from scratch: its migrations up to --to VERSION and generated data.",
                "On the embedded server its database (named after the example) is dropped and built again;",
                "any other target must be an empty database."})
final class ExampleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Example name, e.g. c2pro.")
    String name;

    @Mixin
    TargetOptions target;

    @Option(names = "--to", paramLabel = "VERSION", description = "Build up to this version (default: all).")
    String to;

    @Option(names = "--scale", defaultValue = "1", paramLabel = "N", description = "Data scale (default: ${DEFAULT-VALUE}; 0 = no data).")
    int scale;

    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        Example example = Example.locate(name);
        dev.stagegate.console.config.ExampleArguments.check(example, to, scale);
        try (Session session = Session.openEmpty(target, example, spec.commandLine().getErr())) {
            out.println("[INFO] Building example " + name + " in " + session.target().describe());
            new ExampleBuilder(session.connection(), line -> {
                out.println(line);
                out.flush();
            }).build(example, to, scale);
            out.println("[SUCCESS] Example " + name + " is ready; next: stagegate migrate --example " + name);
            return ExitCode.GO.code();
        }
    }
}
