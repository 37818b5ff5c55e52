package dev.stagegate.console.gate;

import dev.stagegate.core.error.ErrorCode;
import dev.stagegate.core.error.ExitCode;
import dev.stagegate.core.error.StagegateException;
import dev.stagegate.core.target.Secrets;
import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.lang.Script;
import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Map;

/**
 * Runs gate scripts: compiled against {@link GateScript}, stopping at the first error. Every
 * failure becomes one line naming the script line and an exit code (see {@link ExitCode}); a
 * script that runs to the end exits GO or NO-GO by its steps' verdict.
 */
public final class ScriptRunner {

    private final GateSession session;
    private final Binding binding;
    private final GroovyShell shell;

    public ScriptRunner(GateSession session, Map<String, Object> parameters) {
        this(session, parameters, false);
    }

    /** @param interruptible compile loops to honour Ctrl-C (the console); batch replay skips the cost */
    public ScriptRunner(GateSession session, Map<String, Object> parameters, boolean interruptible) {
        this.session = session;
        this.binding = new Binding();
        binding.setVariable("gate", session);
        parameters.forEach(binding::setVariable);
        CompilerConfiguration config = new CompilerConfiguration();
        config.setScriptBaseClass(GateScript.class.getName());
        config.addCompilationCustomizers(new AnnotationGuard("a gate script"), ScriptGuard.customizer());
        if (interruptible) {
            // Loops check the thread's interrupt flag, so Ctrl-C at the console can stop them.
            config.addCompilationCustomizers(new org.codehaus.groovy.control.customizers.ASTTransformationCustomizer(
                    groovy.transform.ThreadInterrupt.class));
        }
        this.shell = new GroovyShell(ScriptRunner.class.getClassLoader(), binding, config);
    }

    public Binding binding() {
        return binding;
    }

    /** Parses without running: for the console's multi-line detection and for /open checks. */
    public Script parse(String source, String name) {
        return shell.parse(source, internal(name));
    }

    /**
     * The class name a script compiles to. Never the file's own name: Groovy would make
     * {@code answer.groovy} a class {@code answer} and break a variable called {@code answer}.
     */
    static String internal(String name) {
        return "StagegateScript_" + name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The runner of the script running on this thread: {@code evaluate} in a script compiles through it, guard included. */
    static final ThreadLocal<ScriptRunner> CURRENT = new ThreadLocal<>();

    public Object evaluate(String source, String name) {
        ScriptRunner outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return parse(source, name).run();
        } finally {
            CURRENT.set(outer);
        }
    }

    /** Runs a whole script; returns the process exit code after printing at most one error line. */
    public int runScript(String source, String name, PrintWriter err, boolean debug) {
        // Whatever ends the JVM while the script runs (reflection round ScriptGuard, a signal), the
        // exit code must not say GO: report it and end with RUNTIME instead.
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread guard = new Thread(() -> {
            if (running.get()) {
                err.println("error " + ErrorCode.SCRIPT_FAILED.id() + ": " + name + " was ended before its verdict (System.exit "
                        + "from the script, or a signal); there is no verdict");
                err.flush();
                Runtime.getRuntime().halt(ExitCode.RUNTIME.code());
            }
        }, "stagegate-verdict-guard");
        Runtime.getRuntime().addShutdownHook(guard);
        try {
            return run(source, name, err, debug);
        } finally {
            running.set(false);
            try {
                Runtime.getRuntime().removeShutdownHook(guard);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already ending: the guard has decided
            }
        }
    }

    private int run(String source, String name, PrintWriter err, boolean debug) {
        try {
            evaluate(source, name);
            int code = session.finish().decision().exitCode().code();
            verdictWritten(code);
            return code;
        } catch (GateStop e) {
            session.finish();
            err.println("gate stopped at " + where(e, name) + ": " + Secrets.mask(e.getMessage()));
            verdictWritten(ExitCode.NO_GO.code());
            return ExitCode.NO_GO.code();
        } catch (Exception e) {
            // Groovy rethrows checked exceptions (a PSQLException) without declaring them.
            Failure f = describe(e, name);
            err.println("error " + f.code().id() + ": " + f.message());
            if (debug) {
                err.print(Secrets.maskTrace(e, java.util.List.of()));
            }
            try {
                session.finishAfterError(f.code().id(), f.message(), f.code().exitCode().code());
            } catch (RuntimeException ignored) {
                // the evidence folder itself may be what failed; the error line above is the record then
            }
            verdictWritten(f.code().exitCode().code());
            return f.code().exitCode().code();
        }
    }

    /**
     * Tells the launcher the exit code this run decided ({@code -Dstagegate.exit.file}): a JVM that ends
     * with 0 some other way ({@code Runtime.halt} by reflection) wrote nothing, and the launcher refuses it.
     */
    private static void verdictWritten(int code) {
        String file = System.getProperty("stagegate.exit.file");
        if (file != null) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(file), Integer.toString(code));
            } catch (java.io.IOException e) {
                // the launcher then reports a run without a verdict, which is true enough
            }
        }
    }

    /** An error as users should see it: the code, where in the script, what happened. */
    public record Failure(ErrorCode code, String message) {
    }

    public static Failure describe(Throwable e, String name) {
        if (e instanceof MultipleCompilationErrorsException m && m.getErrorCollector().getErrorCount() > 0
                && m.getErrorCollector().getError(0) instanceof SyntaxErrorMessage syntax) {
            var cause = syntax.getCause();
            return new Failure(ErrorCode.SCRIPT_INVALID, name + " line " + cause.getLine() + ", column " + cause.getStartColumn() + ": "
                    + cause.getOriginalMessage() + "; fix the script");
        }
        if (e instanceof MultipleCompilationErrorsException m && m.getErrorCollector().getErrorCount() > 0
                && m.getErrorCollector().getError(0) instanceof org.codehaus.groovy.control.messages.ExceptionMessage em) {
            Throwable cause = em.getCause();
            if (cause instanceof SecurityException se && se.getMessage() != null && se.getMessage().contains("cannot use annotations")) {
                return new Failure(ErrorCode.SCRIPT_INVALID, name + ": " + se.getMessage() + "; remove the annotation");
            }
            if (cause instanceof SecurityException) {
                return new Failure(ErrorCode.SCRIPT_INVALID, name + ": a gate script cannot end the JVM (System.exit, Runtime.halt) "
                        + "nor reach the gate's session (gate, binding.gate, .@): the verdict decides the exit code; use the gate's words");
            }
            if (cause != null && cause.getClass().getSimpleName().equals("MethodTooLargeException")) {
                return new Failure(ErrorCode.SCRIPT_INVALID, name + ": the script is too large for one Groovy method (about 3,000 "
                        + "lines); split it into files and run them with evaluate(new File('part.groovy'))");
            }
        }
        if (e instanceof CompilationFailedException) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            if (msg.contains("MethodTooLargeException") || msg.contains("Method too large")) {
                return new Failure(ErrorCode.SCRIPT_INVALID, name + ": the script is too large for one Groovy method (about 3,000 "
                        + "lines); split it into smaller scripts");
            }
            if (msg.contains("not allowed")) {
                return new Failure(ErrorCode.SCRIPT_INVALID, name + " " + compileLine(msg) + ": a gate script cannot end the JVM "
                        + "(System.exit, Runtime.halt) nor reach the gate's session (gate, binding.gate, .@): the verdict decides "
                        + "the exit code; use the gate's words");
            }
            return new Failure(ErrorCode.SCRIPT_INVALID, name + ": " + firstMeaningfulLine(msg));
        }
        if (e instanceof StagegateException s) {
            return new Failure(s.code(), where(e, name) + ": " + s.getMessage());
        }
        if (e instanceof MissingMethodException mm && !mm.isStatic()) {
            return new Failure(ErrorCode.SCRIPT_INVALID, where(e, name) + ": unknown command '" + mm.getMethod() + "'"
                    + " with " + mm.getArguments().length + " argument(s); see /help for the gate's words");
        }
        if (e instanceof MissingPropertyException mp) {
            return new Failure(ErrorCode.SCRIPT_INVALID, where(e, name) + ": unknown name '" + mp.getProperty()
                    + "' (variables declared with def vanish between console inputs; assign without def to keep them)");
        }
        Throwable sql = e;
        while (sql != null && !(sql instanceof SQLException)) {
            sql = sql.getCause();
        }
        if (sql != null) {
            return new Failure(ErrorCode.SQL_FAILED, where(e, name) + ": " + firstLine(sql.getMessage()) + " (SQLSTATE "
                    + ((SQLException) sql).getSQLState() + ")");
        }
        return new Failure(ErrorCode.SCRIPT_FAILED, where(e, name) + ": " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
    }

    /** {@code gate.groovy line 12}, from the deepest stack frame in the script. */
    static String where(Throwable e, String name) {
        String compiled = internal(name);
        for (StackTraceElement frame : e.getStackTrace()) {
            if ((compiled.equals(frame.getFileName()) || name.equals(frame.getFileName())) && frame.getLineNumber() > 0) {
                return name + " line " + frame.getLineNumber();
            }
        }
        return name;
    }

    /** "line 3" from a compiler message such as "...@ line 3, column 1.", or "" when it names none. */
    private static String compileLine(String msg) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(msg);
        return m.find() ? "line " + m.group(1) : "";
    }

    /** Groovy's "startup failed:" header says nothing: the first line after it does. */
    private static String firstMeaningfulLine(String msg) {
        return Secrets.mask(msg.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.endsWith("startup failed:"))
                .findFirst().orElse("the script does not compile"));
    }

    private static String firstLine(String s) {
        return s == null ? "" : Secrets.mask(s.lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim());
    }
}
