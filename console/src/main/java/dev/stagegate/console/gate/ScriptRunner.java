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

    public Object evaluate(String source, String name) {
        return parse(source, name).run();
    }

    /** Runs a whole script; returns the process exit code after printing at most one error line. */
    public int runScript(String source, String name, PrintWriter err, boolean debug) {
        try {
            evaluate(source, name);
            return session.finish().decision().exitCode().code();
        } catch (GateStop e) {
            session.finish();
            err.println("gate stopped at " + where(e, name) + ": " + Secrets.mask(e.getMessage()));
            return ExitCode.NO_GO.code();
        } catch (Exception e) {
            // Groovy rethrows checked exceptions (a PSQLException) without declaring them.
            Failure f = describe(e, name);
            err.println("error " + f.code().id() + ": " + f.message());
            if (debug) {
                e.printStackTrace(err);
            }
            return f.code().exitCode().code();
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
        if (e instanceof CompilationFailedException) {
            return new Failure(ErrorCode.SCRIPT_INVALID, name + ": " + firstLine(e.getMessage()));
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

    private static String firstLine(String s) {
        return s == null ? "" : Secrets.mask(s.lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim());
    }
}
