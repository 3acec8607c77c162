package br.lncc.llm.bench.energy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The run file {@code environmental_data_<model>.json}: the seed's schema (model … query_history)
 * plus how energy was obtained and whether every query ran.
 */
public record EnergyReport(
        String model, String device, String mode, double totalEmissionsKg, double totalEnergyKwh, int totalQueries,
        double avgEmissionsKgPerQuery, @JsonProperty("total_time_s_codecarbon") double totalTimeSCodecarbon,
        @JsonProperty("avg_time_s_per_query") double avgTimeSPerQuery,
        String energyMethod, boolean energyMeasured, String country, @JsonProperty("grid_intensity_g_per_kwh") double gridIntensityGPerKwh,
        String cpuModel, boolean complete, List<QueryRecord> queryHistory) {

    static EnergyReport of(String model, List<QueryRecord> history, int plannedQueries, EnergyMeter meter, GridIntensity grid) {
        return of(model, history, plannedQueries, meter.description(), meter.measured(), grid.country(), grid.gramsPerKwh(),
                CpuTdpTable.cpuModel());
    }

    /**
     * The run file of a query history measured elsewhere (shards merged by {@code bench merge}):
     * totals summed in timestamp order, as one run sums them.
     */
    public static EnergyReport of(String model, List<QueryRecord> history, int plannedQueries, String energyMethod,
                                  boolean energyMeasured, String country, double gramsPerKwh, String cpuModel) {
        double energy = 0, emissions = 0, time = 0;
        for (QueryRecord q : history) {
            energy += q.energyKwh();
            emissions += q.emissions();
            time += q.durationS();
        }
        int n = history.size();
        return new EnergyReport(model, "cpu", "baseline", emissions, energy, n, n == 0 ? 0 : emissions / n, time,
                n == 0 ? 0 : time / n, energyMethod, energyMeasured, country, gramsPerKwh, cpuModel, n >= plannedQueries,
                List.copyOf(history));
    }
}
