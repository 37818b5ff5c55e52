package dev.stagegate.console.repl;

import dev.stagegate.console.gate.GateSession;
import dev.stagegate.console.gate.ScriptRunner;
import dev.stagegate.console.gate.TablePrinter;
import dev.stagegate.core.snapshot.CatalogReader;
import dev.stagegate.core.snapshot.SchemaSnapshot;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The interactive console: JShell-style Groovy over the gate's words, psql's habits, a transcript
 * that saves as a script CI replays unchanged. Inputs run on the calling thread; Ctrl-C cancels
 * the running statement and interrupts a running loop, and returns to the prompt.
 */
public final class Repl {

    static final Set<String> WORDS = Set.of("connect", "example", "migrations", "environment", "snapshot", "backup", "rehearse", "rollbackCycle", "diff", "validate", "lint",
            "migrate", "rollback", "status", "verify", "expect", "sql", "verdict", "table", "column", "count", "atLeast", "mustFail",
            "mustSucceed", "noRows", "rows", "callable", "triggerFires", "function", "trigger", "policy", "index", "view", "to");
    static final List<String> META = List.of("/help", "/vars", "/list", "/history", "/save", "/open", "/reload", "/reset", "/exit",
            "\\d", "\\dt", "\\d+", "\\x", "\\timing");

    private final Terminal terminal;
    private final GateSession gate;
    private final PrintWriter out;
    private final Path historyFile;
    private java.util.concurrent.CompletableFuture<ScriptRunner> runnerReady;
    private final Transcript transcript = new Transcript();
    private LineReader reader;
    private boolean expanded;
    private boolean timing;
    private int rowLimit = 100;
    private SchemaSnapshot catalog;
    private volatile Thread evaluating;

    public Repl(Terminal terminal, GateSession gate, Path historyFile) {
        this.terminal = terminal;
        this.gate = gate;
        this.out = terminal.writer();
        this.historyFile = historyFile;
        // Groovy's start-up is the slowest part of launch: warm it while the prompt comes up.
        this.runnerReady = java.util.concurrent.CompletableFuture.supplyAsync(() -> new ScriptRunner(gate, Map.of(), true));
    }

    private ScriptRunner runner() {
        return runnerReady.join();
    }

    /** Reads and runs inputs until /exit or end of input; returns the exit code. */
    public int run() {
        SecretFilteringHistory.secure(historyFile);
        reader = LineReaderBuilder.builder().terminal(terminal).appName("stagegate")
                .parser(new GroovyAwareParser(this::compiles))
                .completer(new AggregateCompleter(new StringsCompleter(this::words)))
                .highlighter(new ConsoleHighlighter(WORDS))
                .history(new SecretFilteringHistory())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, "....> ")
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .build();
        Thread main = Thread.currentThread();
        terminal.handle(Terminal.Signal.INT, signal -> {
            gate.cancel();
            Thread t = evaluating;
            if (t != null) {
                t.interrupt();
            }
        });
        out.println("stagegate console: Groovy with the gate's words, SQL and psql's \\d. /help lists them, /exit leaves.");
        while (true) {
            String input;
            try {
                input = reader.readLine("stagegate" + gate.transactionMark() + "> ");
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            if (input == null) {
                break;
            }
            if (input.isBlank()) {
                continue;
            }
            if (input.strip().equals("/exit")) {
                break;
            }
            accept(input, main);
        }
        saveHistory();
        if (!gate.steps().isEmpty()) {
            gate.finish();
        }
        return 0;
    }

    /** One input: a /command, a \command, SQL, or Groovy. Errors are one line; the console goes on. */
    void accept(String input, Thread self) {
        String t = input.strip();
        transcript.typed(input);
        long start = System.nanoTime();
        evaluating = self;
        try {
            if (t.startsWith("/")) {
                meta(t);
                return;
            }
            if (t.startsWith("\\")) {
                psql(t);
                return;
            }
            if (Completeness.isSql(t)) {
                String sql = t.endsWith(";") ? t.substring(0, t.length() - 1) : t;
                page(w -> TablePrinter.print(w, gate.sql(sql), expanded, rowLimit));
            } else {
                Object result = runner().evaluate(input, "console");
                if (SecretFilteringHistory.holdsSecret(input) && result != null) {
                    // The value of an input that holds a secret is the secret itself, often: not echoed.
                    out.println("===> (not shown: the input holds a secret)");
                } else {
                    show(result);
                }
            }
            transcript.succeeded(input);
            if (t.startsWith("migrate") || t.startsWith("rollback") || t.startsWith("example") || t.startsWith("connect")) {
                catalog = null;
            }
        } catch (Exception e) {
            if (Thread.interrupted() || e instanceof InterruptedException || String.valueOf(e.getMessage()).contains("canceling statement")) {
                out.println("cancelled");
            } else {
                ScriptRunner.Failure f = ScriptRunner.describe(e, "console");
                out.println("error " + f.code().id() + ": " + f.message().replaceFirst("^console(: | line \\d+: )", ""));
            }
        } finally {
            evaluating = null;
            Thread.interrupted();
            if (timing) {
                out.printf("Time: %.3f ms%n", (System.nanoTime() - start) / 1e6);
            }
            out.flush();
        }
    }

    private interface Output {
        void write(PrintWriter w) throws Exception;
    }

    /** Renders into a buffer, then shows it through the pager. */
    private void page(Output output) throws Exception {
        java.io.StringWriter buffer = new java.io.StringWriter();
        PrintWriter w = new PrintWriter(buffer);
        output.write(w);
        w.flush();
        Pager.show(terminal, buffer.toString());
    }

    private void show(Object result) throws Exception {
        if (result == null || result instanceof dev.stagegate.core.result.StepResult) {
            return;
        }
        if (result instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) list;
            page(w -> TablePrinter.print(w, rows, expanded, rowLimit));
        } else if (result instanceof SchemaSnapshot s) {
            out.println("===> snapshot: " + s.counts());
        } else {
            out.println("===> " + result);
        }
    }

    private void meta(String t) throws Exception {
        String[] parts = t.split("\\s+");
        switch (parts[0]) {
            case "/help" -> help();
            case "/vars" -> runner().binding().getVariables().forEach((k, v) -> {
                if (!"gate".equals(k)) {
                    out.println("  " + k + " = " + abbreviate(String.valueOf(v)));
                }
            });
            case "/list" -> numbered(transcript.succeeded());
            case "/history" -> numbered(transcript.typed());
            case "/save" -> {
                // -history: everything typed; -all: every successful input; plain: without hand-typed DML/DDL
                boolean history = parts.length > 2 && parts[1].equals("-history");
                boolean all = parts.length > 2 && parts[1].equals("-all");
                Path file = Path.of(parts[parts.length - 1]);
                if (parts.length < 2 || parts[parts.length - 1].startsWith("-") || (parts.length > 2 && !history && !all)) {
                    out.println("usage: /save [-all | -history] FILE");
                    return;
                }
                List<String> kept = history ? transcript.typed() : Transcript.forSave(transcript.succeeded(), all);
                Files.writeString(file, Transcript.asScript(kept));
                out.println("saved " + kept.size() + " input(s) to " + file);
                List<String> left = history || all ? List.of() : Transcript.writes(transcript.succeeded());
                if (!left.isEmpty()) {
                    out.println("left out " + left.size() + " SQL input(s) typed by hand that write (e.g. "
                            + abbreviate(left.get(0).strip()) + "); /save -all " + file + " keeps them");
                }
            }
            case "/open" -> {
                Path file = Path.of(parts[1]);
                Object result = runner().evaluate(Files.readString(file), file.getFileName().toString());
                show(result);
            }
            case "/reload" -> {
                List<String> replay = transcript.succeeded();
                reset();
                out.println("replaying " + replay.size() + " input(s)");
                replay.forEach(in -> accept(in, Thread.currentThread()));
            }
            case "/reset" -> {
                reset();
                out.println("variables and transcript cleared");
            }
            default -> out.println("unknown command " + parts[0] + "; /help lists the commands");
        }
    }

    private void reset() {
        transcript.clear();
        runnerReady = java.util.concurrent.CompletableFuture.completedFuture(new ScriptRunner(gate, Map.of(), true));
        catalog = null;
    }

    private void psql(String t) throws Exception {
        String[] parts = t.split("\\s+", 2);
        String args = parts.length > 1 ? parts[1] : "";
        switch (parts[0]) {
            case "\\x" -> {
                expanded = !expanded;
                out.println("Expanded display is " + (expanded ? "on." : "off."));
            }
            case "\\timing" -> {
                timing = !timing;
                out.println("Timing is " + (timing ? "on." : "off."));
            }
            case "\\d", "\\dt", "\\d+" -> {
                SchemaSnapshot s = catalog();
                page(w -> PsqlCommands.describe(w, s, parts[0].equals("\\dt") ? "" : args, parts[0].equals("\\d+"), expanded, rowLimit));
            }
            default -> out.println("unknown command " + parts[0] + "; try \\d, \\dt, \\d+ TABLE, \\x, \\timing");
        }
    }

    private SchemaSnapshot catalog() throws Exception {
        if (catalog == null) {
            catalog = new CatalogReader(gate.connection()).read(false);
        }
        return catalog;
    }

    private List<String> words() {
        Set<String> all = new LinkedHashSet<>(WORDS);
        all.addAll(META);
        runner().binding().getVariables().keySet().forEach(k -> all.add(k.toString()));
        if (gate.connected()) {
            try {
                catalog().tables().forEach(tb -> {
                    all.add(tb.name());
                    tb.columns().forEach(c -> all.add(c.name()));
                });
            } catch (Exception ignored) {
                // no completion from the catalog while the connection is down
            }
        }
        return new ArrayList<>(all);
    }

    private boolean compiles(String source) {
        try {
            runner().parse(source, "console");
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void help() {
        out.println("""
                The gate:   example 'c2pro', to: '001'   connect 'staging'   environment()   snapshot 'label'
                            backup 'pre_migration', restoreTest: true   validate()   lint()   migrate to: '005'
                            rehearse to: '005'   rollbackCycle to: '003'   (both on a copy; the target is only read)
                            rollback to: '003'   status()   verify()
                            expect { table 'x'; count 'tables', 14; mustFail 'label', "INSERT ...", '23514' }
                            sql 'SELECT ...'   verdict()     (results stay bound: x = snapshot 'now')
                SQL:        type it directly, end with ;   \\d  \\dt  \\d+ TABLE  \\x (expanded)  \\timing
                Session:    /vars  /list  /history  /save FILE (no hand-typed DML/DDL)  /save -all FILE  /save -history FILE  /open FILE  /reload  /reset  /exit
                Ctrl-C cancels the running statement or loop. Variables set without `def` persist between inputs.""");
    }

    private void numbered(List<String> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            out.printf("%4d  %s%n", i + 1, inputs.get(i).replace("\n", "\n      "));
        }
    }

    private void saveHistory() {
        try {
            reader.getHistory().save();
        } catch (IOException ignored) {
            // a history that cannot be written is not worth failing the session for
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
