package dev.stagegate.console.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a command's evidence goes and how its errors are shown: shared by every command that writes evidence. */
final class OutputOptions {

    @Option(names = "--evidence", defaultValue = "evidence", paramLabel = "DIR", description = "Evidence root folder (default: ${DEFAULT-VALUE}).")
    Path evidenceRoot;

    /** {@link Main} reads it from the parse result, so errors raised before a command runs honour it too. */
    @Option(names = "--debug", description = "Print stack traces of errors.")
    boolean debug;
}
