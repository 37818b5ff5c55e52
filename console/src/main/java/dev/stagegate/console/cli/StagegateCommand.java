package dev.stagegate.console.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

@Command(name = "stagegate", mixinStandardHelpOptions = true, versionProvider = StagegateCommand.Version.class,
        description = "Decides, with evidence, whether a set of PostgreSQL migrations is safe to take to production.",
        subcommands = {ConsoleCommand.class, RunCommand.class, ExampleCommand.class, SnapshotCommand.class, ValidateCommand.class, LintCommand.class, PreviewCommand.class,
                MigrateCommand.class, RollbackCommand.class, StatusCommand.class, HistoryCommand.class, VerifyCommand.class, BackupCommand.class, RehearseCommand.class, RollbackCycleCommand.class, BenchCommand.class, ReportCommand.class,
                picocli.CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  GO: everything that ran passed",
                "  1  NO-GO: the gate ran and a check failed",
                "  2  usage or configuration error (bad option, URL, profile, config file, input)",
                "  3  environment error (target unreachable, refused, wrong password, missing database or tool)",
                "  4  runtime error (SQL failure, internal error)"})
final class StagegateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = StagegateCommand.class.getResourceAsStream("/stagegate-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[]{"stagegate " + p.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + ", embedded PostgreSQL "
                            + dev.stagegate.embedded.EmbeddedPostgresServer.MAJOR_VERSION};
        }
    }
}
