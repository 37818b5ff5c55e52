package dev.stagegate.console.cli;

import dev.stagegate.core.result.Finding;
import dev.stagegate.core.result.Severity;
import dev.stagegate.verification.result.VerificationCode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** On a 500-table schema the same warning on every table is one group; failing findings are each listed. */
class FindingsPrinterTest {

    @Test
    void repeatedWarningsAreGroupedAndFailuresNever() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            findings.add(Finding.of(VerificationCode.RLS_NOT_FORCED, Severity.WARNING, "public.t" + i, "FORCE is not set"));
            findings.add(Finding.of(VerificationCode.FK_UNINDEXED, Severity.ERROR, "public.t" + i + ".fk", "no index"));
        }
        StringWriter w = new StringWriter();
        FindingsPrinter.print(new PrintWriter(w, true), findings);
        String out = w.toString();
        assertThat(out.split("RLS_NOT_FORCED", -1)).hasSize(5);
        assertThat(out).contains("... and 9 more of the same (all in the report): public.t3, public.t4, public.t5, public.t6, public.t7, ...");
        assertThat(out.split("FK_UNINDEXED", -1)).hasSize(13);
    }
}
