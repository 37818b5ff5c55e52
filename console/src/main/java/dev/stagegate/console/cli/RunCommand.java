package dev.stagegate.console.cli;

import dev.stagegate.console.gate.GateSession;
import dev.stagegate.console.gate.ScriptRunner;
import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.StagegateException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a saved gate script (Groovy, the console's language) with no terminal, stopping at the first error.",
                "Exit 0 GO, 1 NO-GO, 2 a broken script or bad input, 3 environment, 4 runtime. With no target given,",
                "examples build on the embedded PostgreSQL. Parameters: -P name=value (never put secrets in scripts)."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCRIPT", description = "The gate script, e.g. scripts/c2pro/gate.groovy.")
    Path script;

    @Mixin
    TargetOptions target;

    @Option(names = "-P", paramLabel = "NAME=VALUE", description = "A variable the script can read.")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Mixin
    OutputOptions output;

    @Option(names = "--disk-free", paramLabel = "SIZE", description = "Free disk on the server's data volume (e.g. 40GB), for the "
            + "environment check where it cannot be measured from here; otherwise that check is INCOMPLETE.")
    String diskFree;

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(script)) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "script " + script + " is a folder; name the .groovy file to run");
        }
        if (!Files.isRegularFile(script)) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "script " + script + " does not exist");
        }
        String source;
        try {
            source = Files.readString(script);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new StagegateException(ErrorCode.INPUT_INVALID, "script " + script + " is not UTF-8 text; a gate script is Groovy source");
        }
        try (GateSession session = new GateSession(new CliTargets(target), spec.commandLine().getOut(), output.evidenceRoot)) {
            session.statedDiskFree(diskFree);
            ScriptRunner runner = new ScriptRunner(session, new LinkedHashMap<>(parameters));
            return runner.runScript(source, script.getFileName().toString(), spec.commandLine().getErr(), output.debug);
        }
    }
}
