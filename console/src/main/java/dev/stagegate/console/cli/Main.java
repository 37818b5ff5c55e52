package dev.stagegate.console.cli;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Secrets;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Entry point of the {@code stagegate} command. Every failure ends as one line on stderr and a
 * documented exit code (see {@link ExitCode}); {@code --debug} adds the stack trace.
 */
public final class Main {

    /**
     * Libraries' java.util.logging (pgjdbc's URL warnings, Liquibase's SEVERE dumps with the whole
     * failing SQL) never reach the terminal: every failure is our one line. {@code --debug} turns them
     * back on. Held in fields: JUL keeps loggers weakly, and a collected logger forgets its level.
     */
    private static final java.util.logging.Logger[] QUIET = {
        java.util.logging.Logger.getLogger("org.postgresql"), java.util.logging.Logger.getLogger("liquibase")};

    private Main() {
    }

    static void libraryLogging(boolean debug) {
        for (java.util.logging.Logger l : QUIET) {
            l.setLevel(debug ? java.util.logging.Level.INFO : java.util.logging.Level.OFF);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. Tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        libraryLogging(java.util.Arrays.asList(args).contains("--debug"));
        CommandLine cli = commandLine(out, err);
        return cli.execute(args);
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new StagegateCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || parseResult.subcommands().stream().anyMatch(p -> p.hasMatchedOption("--debug"));
            return report(e, commandLine.getErr(), debug);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter w = e.getCommandLine().getErr();
            w.println("error " + ErrorCode.USAGE.id() + ": " + Secrets.mask(e.getMessage())
                    + " (see `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help`)");
            return ExitCode.USAGE.code();
        });
        return cli;
    }

    static int report(Exception e, PrintWriter err, boolean debug) {
        if (e instanceof StagegateException se) {
            err.println(se.oneLine());
            if (debug) {
                err.print(Secrets.maskTrace(e, java.util.List.of()));
            }
            return se.exitCode().code();
        }
        err.println("error " + ErrorCode.INTERNAL.id() + ": " + e.getClass().getSimpleName() + ": "
                + Secrets.mask(String.valueOf(e.getMessage())) + (debug ? "" : " (run again with --debug for the stack trace)"));
        if (debug) {
            err.print(Secrets.maskTrace(e, java.util.List.of()));
        }
        return ErrorCode.INTERNAL.exitCode().code();
    }
}
