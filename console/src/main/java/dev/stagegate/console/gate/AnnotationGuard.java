package dev.stagegate.console.gate;

import org.codehaus.groovy.ast.AnnotatedNode;
import org.codehaus.groovy.ast.AnnotationNode;
import org.codehaus.groovy.ast.ClassCodeVisitorSupport;
import org.codehaus.groovy.ast.ClassNode;
import org.codehaus.groovy.classgen.GeneratorContext;
import org.codehaus.groovy.control.CompilePhase;
import org.codehaus.groovy.control.SourceUnit;
import org.codehaus.groovy.control.customizers.CompilationCustomizer;

/**
 * Refuses every annotation before Groovy's semantic analysis, when local AST transformations would
 * run: {@code @ASTTest(value = { System.exit(0) })} executes code while the file compiles, and
 * {@code @Grab} reaches the network. Neither a profiles file (data) nor a gate script needs one.
 */
public final class AnnotationGuard extends CompilationCustomizer {

    private final String what;

    /** @param what how errors name the file: "a profiles file", "a gate script" */
    public AnnotationGuard(String what) {
        super(CompilePhase.CONVERSION);
        this.what = what;
    }

    @Override
    public void call(SourceUnit source, GeneratorContext context, ClassNode classNode) {
        new ClassCodeVisitorSupport() {
            @Override
            protected SourceUnit getSourceUnit() {
                return source;
            }

            @Override
            public void visitAnnotations(AnnotatedNode node) {
                // the compiler's own (@Generated on the script class's methods) have no source line
                for (AnnotationNode a : node.getAnnotations().stream().filter(x -> x.getLineNumber() > 0).toList()) {
                    throw new SecurityException(what + " cannot use annotations (@" + a.getClassNode().getNameWithoutPackage()
                            + " at line " + a.getLineNumber() + "): they run code while the file compiles");
                }
            }
        }.visitClass(classNode);
        for (AnnotationNode a : classNode.getAnnotations().stream().filter(x -> x.getLineNumber() > 0).toList()) {
            throw new SecurityException(what + " cannot use annotations (@" + a.getClassNode().getNameWithoutPackage() + ")");
        }
    }
}
