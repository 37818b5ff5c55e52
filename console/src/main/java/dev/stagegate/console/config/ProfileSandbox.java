package dev.stagegate.console.config;

import groovy.lang.GroovyShell;
import groovy.lang.Script;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.BinaryExpression;
import org.codehaus.groovy.ast.expr.ClosureExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.DeclarationExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.GStringExpression;
import org.codehaus.groovy.ast.expr.ListExpression;
import org.codehaus.groovy.ast.expr.MapEntryExpression;
import org.codehaus.groovy.ast.expr.MapExpression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.expr.PropertyExpression;
import org.codehaus.groovy.ast.expr.TupleExpression;
import org.codehaus.groovy.ast.expr.UnaryMinusExpression;
import org.codehaus.groovy.ast.expr.VariableExpression;
import org.codehaus.groovy.ast.stmt.BlockStatement;
import org.codehaus.groovy.ast.stmt.ExpressionStatement;
import org.codehaus.groovy.ast.stmt.ReturnStatement;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.customizers.SecureASTCustomizer;

import java.util.List;

/**
 * Compiles a profiles file as data: blocks ({@code name { ... }}), assignments of literals,
 * strings, numbers, lists and maps, and nothing else. No class can be named (so no
 * {@code System.exit}, {@code System.getenv}, {@code new File}), no method called but the blocks,
 * no import: a profile file that came with a checkout cannot run code, and an environment
 * variable is named with {@code passwordEnv} instead of read by the file.
 */
final class ProfileSandbox {

    private ProfileSandbox() {
    }

    static Script compile(String text, String name) {
        SecureASTCustomizer secure = new SecureASTCustomizer();
        secure.setMethodDefinitionAllowed(false);
        secure.setClosuresAllowed(true);
        secure.setAllowedImports(List.of());
        secure.setAllowedStarImports(List.of());
        secure.setAllowedStaticImports(List.of());
        secure.setAllowedStaticStarImports(List.of());
        secure.setIndirectImportCheckEnabled(false); // no ClassExpression is allowed, so no class can be named anyway
        secure.setAllowedStatements(List.of(BlockStatement.class, ExpressionStatement.class, ReturnStatement.class));
        secure.setAllowedExpressions(List.of(ConstantExpression.class, ClosureExpression.class, BinaryExpression.class,
                VariableExpression.class, MethodCallExpression.class, ArgumentListExpression.class, TupleExpression.class,
                PropertyExpression.class, ListExpression.class, MapExpression.class, MapEntryExpression.class,
                GStringExpression.class, DeclarationExpression.class, UnaryMinusExpression.class));
        secure.addExpressionCheckers(ProfileSandbox::allowed);
        CompilerConfiguration config = new CompilerConfiguration();
        config.addCompilationCustomizers(new dev.stagegate.console.gate.AnnotationGuard("a profiles file"), secure);
        return new GroovyShell(ProfileSandbox.class.getClassLoader(), config).parse(text, name);
    }

    /** Only block calls ({@code target { ... }}, implicit this, one closure) and plain property paths. */
    private static boolean allowed(Expression e) {
        if (e instanceof MethodCallExpression m) {
            return m.isImplicitThis() && m.getMethodAsString() != null && m.getArguments() instanceof ArgumentListExpression args
                    && args.getExpressions().size() == 1 && args.getExpression(0) instanceof ClosureExpression;
        }
        if (e instanceof PropertyExpression p) {
            return p.getObjectExpression() instanceof VariableExpression || p.getObjectExpression() instanceof PropertyExpression;
        }
        if (e instanceof BinaryExpression b) {
            String op = b.getOperation().getText();
            return op.equals("=") || op.equals("+");
        }
        return true;
    }
}
