package dev.stagegate.console.cli;

import dev.stagegate.console.gate.GateSession;
import dev.stagegate.console.repl.Repl;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "console", mixinStandardHelpOptions = true,
        description = {"The interactive console: Groovy with the gate's words, SQL, psql's \\d; /save writes a script `stagegate run` replays."})
final class ConsoleCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Mixin
    OutputOptions output;

    @Option(names = "--disk-free", paramLabel = "SIZE", description = "Free disk on the server's data volume (e.g. 40GB), for the "
            + "environment check where it cannot be measured from here; otherwise that check is INCOMPLETE.")
    String diskFree;

    @Override
    public Integer call() throws IOException {
        // $HOME as the shell sees it (as for ~/.pgpass), not the account's passwd entry
        Path home = dev.stagegate.core.target.Environment.system().home().resolve(".stagegate");
        Files.createDirectories(home);
        try (Terminal terminal = TerminalBuilder.builder().name("stagegate").system(true).build();
             GateSession session = new GateSession(new CliTargets(target), terminal.writer(), output.evidenceRoot)) {
            session.statedDiskFree(diskFree);
            return new Repl(terminal, session, home.resolve("history")).run();
        }
    }
}
