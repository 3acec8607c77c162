package br.lncc.llm.bench.sentiment;

import br.lncc.llm.bench.energy.Csv;
import java.util.List;

/** The per-sample results as CSV (the same columns as the JSONL log). */
public final class SampleTable {
    private SampleTable() {}

    public static String csv(List<SampleResult> samples) {
        StringBuilder sb = new StringBuilder(
                "index,id,label,prediction_normal,prediction_repeated,correct_normal,correct_repeated,latency_normal_s,latency_repeated_s,tokens_normal,tokens_repeated,text\n");
        for (SampleResult s : samples) {
            sb.append(s.index()).append(',').append(Csv.field(s.id())).append(',').append(s.label()).append(',')
                    .append(Csv.field(s.predictionNormal())).append(',').append(Csv.field(s.predictionRepeated())).append(',')
                    .append(s.correctNormal()).append(',').append(s.correctRepeated()).append(',').append(s.latencyNormalS()).append(',')
                    .append(s.latencyRepeatedS()).append(',').append(s.tokensNormal()).append(',').append(s.tokensRepeated()).append(',')
                    .append(Csv.field(s.text())).append('\n');
        }
        return sb.toString();
    }
}
