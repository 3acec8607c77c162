package br.lncc.llm.bench.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnergyAnalysisTest {

    static EnergyReport run(String model, double[] durations) {
        List<QueryRecord> h = new ArrayList<>();
        for (int i = 0; i < durations.length; i++) {
            double kwh = durations[i] * 30 / 3.6e6;
            h.add(new QueryRecord(i + 1, "q" + i, "r", durations[i], 5, i + 1, kwh * 0.0983, kwh, 30, 600, ""));
        }
        return new EnergyReport(model, "cpu", "baseline", 0, 0, h.size(), 0, 0, 0, "estimated", false, "BR", 98.3, "cpu", true, h);
    }

    @Test
    void pairwiseMannWhitneyAnovaAndCorrelations() {
        // the SciPy docs' Mann-Whitney example as two models' latencies: U = 17, p = 0.1111…
        var a = run("a", new double[] {19, 22, 16, 29, 24});
        var b = run("b", new double[] {20, 11, 17, 12});
        var rows = EnergyAnalysis.tests(List.of(a, b));
        var mw = rows.get(0);
        assertEquals("Mann-Whitney U", mw.test());
        assertEquals("duration_s", mw.variables());
        assertEquals(17.0, mw.statistic(), 0);
        assertEquals(0.1111111111111111, mw.pvalue(), 1e-15);
        assertEquals("ANOVA F", rows.get(1).test());
        // energy is proportional to time here: Pearson r between them is 1
        var r = rows.stream().filter(x -> x.test().equals("Pearson r") && x.variables().equals("duration_s × energy_kwh")).findFirst().orElseThrow();
        assertEquals(1.0, r.statistic(), 1e-12);
        assertNull(r.error());
        assertTrue(EnergyAnalysis.csv(List.of(a, b)).lines().count() == 10);
    }
}
